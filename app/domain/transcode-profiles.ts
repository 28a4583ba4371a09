// Rendition sizes and the ffmpeg / ffprobe arguments, as pure functions of
// what ffprobe said. Every flag carries a one-line "why" (Immich style): the
// arguments are the policy, so they are reviewed and unit-tested here, and the
// worker's ffmpeg module only runs them.
import { z } from "zod";
import type { MediaKind } from "./media-kinds.ts";

/** One ffmpeg option with its reason. */
export type Flag = { readonly args: readonly string[]; readonly why: string };

export type FfmpegOutput = { readonly options: readonly Flag[]; readonly target: string };

/** A full ffmpeg run: global and input options, one local input, one or more local outputs. */
export type FfmpegInvocation = {
  readonly globalOptions: readonly Flag[];
  readonly inputOptions: readonly Flag[];
  readonly input: string;
  readonly outputs: readonly FfmpegOutput[];
};

export function flattenFlags(flags: readonly Flag[]): string[] {
  return flags.flatMap((f) => f.args);
}

/** The argv for a plain `ffmpeg` spawn (the same the engine runs, media-worker/media/ffmpeg.ts). */
export function toFfmpegArgv(inv: FfmpegInvocation): string[] {
  return [
    ...flattenFlags(inv.globalOptions),
    ...flattenFlags(inv.inputOptions),
    "-i",
    inv.input,
    ...inv.outputs.flatMap((o) => [...flattenFlags(o.options), o.target]),
  ];
}

/**
 * A local path as an ffmpeg URL. The explicit `file:` protocol means a name
 * can never be read as another protocol ("concat:a|b", "http:..."), whatever
 * it contains.
 */
export function localFileUrl(absolutePath: string): string {
  if (!absolutePath.startsWith("/")) throw new Error(`ffmpeg paths must be absolute: ${absolutePath}`);
  return `file:${absolutePath}`;
}

// ---------------------------------------------------------------------------
// What the ffmpeg on this machine can do

/**
 * Probed once per worker (media-worker/media/toolchain.ts) from the binary it
 * resolved: Debian's (5.1 here), another distribution's, or the 2018 build that
 * `npm install` brings when the system has none. The arguments below adapt to
 * it, so the outputs are the same whichever ffmpeg runs them.
 */
export type FfmpegCapabilities = {
  /** `-fps_mode` (ffmpeg ≥ 5.1) or its older spelling `-vsync` (the bundled 2018 build knows only that). */
  frameRateModeFlag: "-fps_mode" | "-vsync";
  /** zscale and tonemap filters (libzimg): HDR → SDR. Without them HDR clips are converted untouched (washed out). */
  toneMapping: boolean;
  /** Decoders by ffmpeg's codec name ("hevc", "vp9", "amrnb" …); undefined when not probed (tests, benchmarks). */
  decoders?: ReadonlySet<string>;
};

/** What a current ffmpeg (5.1 or later, with libzimg) offers: the default for tests and benchmarks. */
export const CURRENT_FFMPEG: FfmpegCapabilities = { frameRateModeFlag: "-fps_mode", toneMapping: true };

/** The capabilities read off `ffmpeg -hide_banner -h long`, `-filters` and `-decoders` output. */
export function parseFfmpegCapabilities(output: { helpLong: string; filters: string; decoders: string }): FfmpegCapabilities {
  const hasFilter = (name: string) => new RegExp(`^\\s*\\S+\\s+${name}\\s`, "m").test(output.filters);
  const decoders = new Set<string>();
  for (const line of output.decoders.split("\n")) {
    // " VFS..D hevc                 HEVC (High Efficiency Video Coding)"
    const match = /^\s*[VAS][A-Z.]{5}\s+(\S+)\s/.exec(line);
    if (match?.[1] && match[1] !== "=") decoders.add(match[1]);
  }
  return {
    frameRateModeFlag: /^-fps_mode\b/m.test(output.helpLong) ? "-fps_mode" : "-vsync",
    toneMapping: hasFilter("zscale") && hasFilter("tonemap"),
    decoders,
  };
}

/**
 * ffprobe's codec names that ffmpeg decodes under another name (libdav1d for
 * av1, libopus beside opus …): any one decoder present is enough.
 */
const DECODER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  av1: ["av1", "libdav1d", "libaom-av1"],
  opus: ["opus", "libopus"],
  vp8: ["vp8", "libvpx"],
  vp9: ["vp9", "libvpx-vp9"],
  amr_nb: ["amrnb", "libopencore_amrnb"],
  amr_wb: ["amrwb", "libopencore_amrwb"],
};

/** Whether this ffmpeg can decode a stream ffprobe named `codec`; true when the list was not probed. */
export function canDecode(capabilities: FfmpegCapabilities, codec: string): boolean {
  if (!capabilities.decoders) return true;
  return (DECODER_ALIASES[codec] ?? [codec]).some((name) => capabilities.decoders!.has(name));
}

// ---------------------------------------------------------------------------
// Images

export const IMAGE_RENDITIONS = [
  { name: "thumb", width: 320 },
  { name: "display", width: 1080 },
  { name: "large", width: 2048 },
] as const;
export type ImageRenditionName = (typeof IMAGE_RENDITIONS)[number]["name"];

/** Poster frames of videos: no "large" (the video itself is at most 720 on its short side). */
export const POSTER_RENDITIONS = IMAGE_RENDITIONS.filter((r) => r.name !== "large");

export const IMAGE_OUTPUT_FORMATS = {
  webp: { mime: "image/webp", extension: "webp", quality: 80, effort: 4 },
  jpeg: { mime: "image/jpeg", extension: "jpg", quality: 82 },
} as const;
export type ImageOutputFormat = keyof typeof IMAGE_OUTPUT_FORMATS;

/**
 * A rendition is at most `width` wide and at most 4 × `width` tall: a phone
 * screenshot of a long essay stays readable, a 1 × 40000 strip stays small.
 * Never upscaled.
 */
export const RENDITION_MAX_ASPECT = 4;

export const DEFAULT_IMAGE_LIMITS = {
  /** ~50 MP: a 48-MP phone sensor fits, a decompression bomb does not. */
  maxInputPixels: 50_000_000,
  timeoutMs: 60_000,
} as const;

/** Size of a rendition of a `width`×`height` (upright) image for a target width. */
export function fitRendition(width: number, height: number, targetWidth: number): { width: number; height: number } {
  const scale = Math.min(1, targetWidth / width, (targetWidth * RENDITION_MAX_ASPECT) / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

// ---------------------------------------------------------------------------
// Probing

/**
 * Demuxers ffmpeg may use, per kind. Anything else (hls, concat, image2,
 * tty, lavfi, the ~300 others) is refused by ffprobe/ffmpeg themselves, so a
 * playlist renamed .mp4 cannot make them read other files.
 */
export const DEMUXER_ALLOWLIST: Record<"video" | "audio", readonly string[]> = {
  video: ["mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm"],
  audio: ["mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm", "mp3", "aac", "wav", "amr", "ogg", "flac"],
};

/** Protocols ffmpeg may open for the input: the local file only (no http, no pipe, no concat:). */
export const INPUT_PROTOCOL_ALLOWLIST = ["file"] as const;

export function buildProbeArgs(inputPath: string, kind: "video" | "audio"): string[] {
  return flattenFlags(probeFlags(inputPath, kind));
}

export function probeFlags(inputPath: string, kind: "video" | "audio"): Flag[] {
  return [
    { args: ["-hide_banner", "-v", "error"], why: "errors only: stdout is the JSON we parse" },
    { args: ["-protocol_whitelist", INPUT_PROTOCOL_ALLOWLIST.join(",")], why: "local file only: no network, no pipes" },
    { args: ["-format_whitelist", DEMUXER_ALLOWLIST[kind].join(",")], why: "refuse playlists/concat lists before they open anything" },
    { args: ["-show_format", "-show_streams"], why: "container duration and every stream's codec, size, rotation" },
    { args: ["-print_format", "json"], why: "machine-readable, parsed by ProbeJsonSchema" },
    { args: [localFileUrl(inputPath)], why: "the downloaded copy in the job's scratch dir, never a URL" },
  ];
}

const numeric = z.union([z.number(), z.string()]).optional().transform((v) => {
  if (v === undefined || v === "N/A" || v === "") return undefined;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
});

const ProbeStreamSchema = z.object({
  index: z.number(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  pix_fmt: z.string().optional(),
  sample_aspect_ratio: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  color_transfer: z.string().optional(),
  color_primaries: z.string().optional(),
  color_space: z.string().optional(),
  channels: z.number().optional(),
  sample_rate: numeric,
  duration: numeric,
  disposition: z.object({ attached_pic: z.number().optional() }).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  side_data_list: z.array(z.object({ side_data_type: z.string().optional(), rotation: z.number().optional() })).optional(),
});

/** ffprobe's JSON is a trust boundary too: parsed, never indexed blindly. */
export const ProbeJsonSchema = z.object({
  format: z.object({
    format_name: z.string(),
    duration: numeric,
    tags: z.record(z.string(), z.string()).optional(),
  }),
  streams: z.array(ProbeStreamSchema).default([]),
});
export type ProbeJson = z.infer<typeof ProbeJsonSchema>;

export type VideoStreamInfo = {
  codec: string;
  /** Coded size. */
  width: number;
  height: number;
  /** Rotation from the display matrix (degrees, clockwise as displayed: 0/90/180/270). */
  rotation: number;
  /** Size as shown: rotated and with non-square pixels made square. */
  displayWidth: number;
  displayHeight: number;
  fps: number | undefined;
  pixFmt: string | undefined;
  colorTransfer: string | undefined;
  hdr: boolean;
};
export type AudioStreamInfo = { codec: string; channels: number; sampleRate: number | undefined };

export type MediaProbe = {
  formatName: string;
  /** undefined when the container does not say (MediaRecorder WebM, piped files). */
  durationSec: number | undefined;
  video: VideoStreamInfo | undefined;
  audio: AudioStreamInfo | undefined;
};

const HDR_TRANSFERS = new Set(["smpte2084", "arib-std-b67"]);

function parseRatio(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const [num, den] = value.split(/[/:]/).map(Number);
  if (!num || !den || !Number.isFinite(num / den)) return undefined;
  return num / den;
}

/** Display rotation (clockwise) from side data (ffmpeg ≥ 5) or the legacy `rotate` tag. */
export function streamRotation(stream: z.infer<typeof ProbeStreamSchema>): number {
  const matrix = stream.side_data_list?.find((s) => s.rotation !== undefined)?.rotation;
  // The display matrix reports counter-clockwise degrees (-90 = shown turned 90° clockwise).
  const degrees = matrix !== undefined ? -matrix : Number(stream.tags?.rotate ?? 0);
  const normalised = ((Math.round(degrees / 90) * 90) % 360 + 360) % 360;
  return Number.isFinite(normalised) ? normalised : 0;
}

export function parseProbe(json: unknown): MediaProbe {
  const parsed = ProbeJsonSchema.parse(json);
  const videoStream = parsed.streams.find((s) => s.codec_type === "video" && s.disposition?.attached_pic !== 1);
  const audioStream = parsed.streams.find((s) => s.codec_type === "audio");
  const durations = [parsed.format.duration, videoStream?.duration, audioStream?.duration].filter(
    (d): d is number => d !== undefined && d > 0,
  );
  return {
    formatName: parsed.format.format_name,
    durationSec: durations.length > 0 ? Math.max(...durations) : undefined,
    video: videoStream ? videoInfo(videoStream) : undefined,
    audio: audioStream
      ? { codec: audioStream.codec_name ?? "unknown", channels: audioStream.channels ?? 0, sampleRate: audioStream.sample_rate }
      : undefined,
  };
}

function videoInfo(s: z.infer<typeof ProbeStreamSchema>): VideoStreamInfo {
  const width = s.width ?? 0;
  const height = s.height ?? 0;
  const rotation = streamRotation(s);
  const sar = parseRatio(s.sample_aspect_ratio) ?? 1;
  const squareWidth = Math.round(width * (sar > 0 ? sar : 1));
  const quarterTurn = rotation === 90 || rotation === 270;
  return {
    codec: s.codec_name ?? "unknown",
    width,
    height,
    rotation,
    displayWidth: quarterTurn ? height : squareWidth,
    displayHeight: quarterTurn ? squareWidth : height,
    fps: parseRatio(s.avg_frame_rate) ?? parseRatio(s.r_frame_rate),
    pixFmt: s.pix_fmt,
    colorTransfer: s.color_transfer,
    hdr: HDR_TRANSFERS.has(s.color_transfer ?? ""),
  };
}

// ---------------------------------------------------------------------------
// Video

export const VIDEO_PROFILE = {
  /** Short side of the output: 720p is sharp on a phone and light on rural 4G. */
  maxShortSide: 720,
  /** Long side cap for ultra-wide or panoramic clips. */
  maxLongSide: 1920,
  /** Frame rate cap: 60/120/240 fps phone clips are halved or more. */
  maxFps: 30,
  crf: 23,
  preset: "veryfast",
  maxrateKbps: 2500,
  bufsizeKbps: 5000,
  gopFrames: 60,
  audioKbps: { mono: 64, stereo: 128 },
  maxAudioSampleRate: 48_000,
  /** Larger frames are refused before decoding (8K phones still pass). */
  maxFramePixels: 7680 * 4320,
} as const;
export type VideoProfile = typeof VIDEO_PROFILE;

/** Largest even size within the short/long side caps, never upscaled. */
export function fitVideoSize(
  width: number,
  height: number,
  profile: Pick<VideoProfile, "maxShortSide" | "maxLongSide"> = VIDEO_PROFILE,
): { width: number; height: number } {
  const shortSide = Math.min(width, height);
  const longSide = Math.max(width, height);
  const scale = Math.min(1, profile.maxShortSide / shortSide, profile.maxLongSide / longSide);
  const even = (x: number) => Math.max(2, Math.floor(x / 2) * 2);
  return { width: even(width * scale), height: even(height * scale) };
}

export type VideoPlan = {
  width: number;
  height: number;
  capFps: boolean;
  toneMap: string | undefined;
  audio: { channels: 1 | 2; bitrateKbps: number; resampleTo: number | undefined } | undefined;
};

export function planVideo(probe: MediaProbe, profile: VideoProfile = VIDEO_PROFILE): VideoPlan {
  const video = probe.video;
  if (!video) throw new Error("planVideo needs a video stream");
  const size = fitVideoSize(video.displayWidth, video.displayHeight, profile);
  return {
    ...size,
    capFps: video.fps !== undefined && video.fps > profile.maxFps + 0.5,
    toneMap: video.hdr ? video.colorTransfer : undefined,
    audio: probe.audio ? planAudioStream(probe.audio, profile) : undefined,
  };
}

function planAudioStream(audio: AudioStreamInfo, profile: Pick<VideoProfile, "audioKbps" | "maxAudioSampleRate">) {
  const channels: 1 | 2 = audio.channels === 1 ? 1 : 2;
  return {
    channels,
    bitrateKbps: channels === 1 ? profile.audioKbps.mono : profile.audioKbps.stereo,
    resampleTo: audio.sampleRate !== undefined && audio.sampleRate > profile.maxAudioSampleRate ? profile.maxAudioSampleRate : undefined,
  };
}

/** The video filter chain: frame-rate cap, scale, HDR → SDR (where the build can), 8-bit 4:2:0. */
export function buildVideoFilter(plan: VideoPlan, profile: VideoProfile = VIDEO_PROFILE, capabilities: FfmpegCapabilities = CURRENT_FFMPEG): string {
  const filters: string[] = [];
  if (plan.capFps) filters.push(`fps=${profile.maxFps}`);
  filters.push(`scale=${plan.width}:${plan.height}`, "setsar=1");
  if (plan.toneMap && capabilities.toneMapping) {
    // iPhones record HLG (arib-std-b67) by default; without tone mapping it plays grey and washed out.
    filters.push(
      `zscale=tin=${plan.toneMap}:pin=bt2020:min=bt2020nc:t=linear:npl=100`,
      "format=gbrpf32le",
      "zscale=p=bt709",
      "tonemap=tonemap=hable:desat=0",
      "zscale=t=bt709:m=bt709:r=tv",
    );
  }
  filters.push("format=yuv420p");
  return filters.join(",");
}

/** Options every ffmpeg run shares: quiet, machine-readable progress, never interactive. */
export function commonGlobalFlags(): Flag[] {
  return [
    { args: ["-hide_banner", "-nostdin"], why: "never read the worker's stdin (ffmpeg would wait on 'q')" },
    { args: ["-y"], why: "a retried job overwrites its own output" },
    { args: ["-loglevel", "error"], why: "stderr carries only errors (kept for the log) and progress" },
    { args: ["-nostats", "-progress", "pipe:2"], why: "key=value progress lines (out_time_us) instead of \\r stats" },
  ];
}

export function inputSafetyFlags(kind: "video" | "audio"): Flag[] {
  return [
    { args: ["-protocol_whitelist", INPUT_PROTOCOL_ALLOWLIST.join(",")], why: "local file only: no network, no pipes" },
    { args: ["-format_whitelist", DEMUXER_ALLOWLIST[kind].join(",")], why: "same demuxer allow-list as the probe" },
  ];
}

export type VideoTranscodeOptions = {
  inputPath: string;
  outputPath: string;
  probe: MediaProbe;
  maxDurationSec: number;
  /** Also write one PNG frame here from the same decode (the poster), at `posterAtSec`. */
  posterPath?: string;
  posterAtSec?: number;
  profile?: VideoProfile;
  capabilities?: FfmpegCapabilities;
};

/**
 * The transcode, and optionally the poster frame from the same decode: the
 * filtered picture is split in two and one branch keeps a single frame. A
 * separate ffmpeg run for the poster would cost a process start and a second
 * decode (~0.3 s per video here).
 */
export function buildVideoTranscode(o: VideoTranscodeOptions): FfmpegInvocation {
  const profile = o.profile ?? VIDEO_PROFILE;
  const capabilities = o.capabilities ?? CURRENT_FFMPEG;
  const plan = planVideo(o.probe, profile);
  const toneMapped = plan.toneMap !== undefined && capabilities.toneMapping;
  const filter = buildVideoFilter(plan, profile, capabilities);
  const graph: Flag = o.posterPath
    ? {
        args: ["-filter_complex", `[0:v:0]${filter},split=2[video][poster];[poster]trim=start=${(o.posterAtSec ?? 0).toFixed(3)},trim=end_frame=1[frame]`],
        why: "one decode feeds the video (fps cap, ≤720 short side, even sides, HDR→SDR, yuv420p) and a single poster frame",
      }
    : { args: ["-vf", filter], why: "fps cap, ≤720 short side with even sides, square pixels, HDR→SDR, yuv420p" };
  const video: FfmpegOutput = {
    options: [
      ...(o.posterPath ? [{ args: ["-map", "[video]"], why: "the filtered first picture track" }] : []),
      ...(o.posterPath ? [] : [{ args: ["-map", "0:v:0"], why: "the first picture track only (not depth maps, cover art or a second angle)" }, graph]),
      plan.audio
        ? { args: ["-map", "0:a:0"], why: "the first sound track only" }
        : { args: ["-an"], why: "no sound in, no sound out (no invented silent track)" },
      { args: ["-sn", "-dn"], why: "no subtitles or data tracks (iPhones keep location in a metadata track)" },
      { args: ["-map_metadata", "-1"], why: "drop container and stream tags: GPS, creation time, device" },
      { args: ["-map_chapters", "-1"], why: "no chapter titles copied from the upload" },
      { args: ["-t", String(o.maxDurationSec + 1)], why: "a container may lie about its length: never encode past the limit" },
      {
        args: [capabilities.frameRateModeFlag, "vfr"],
        why: "keep phones' variable frame timing (no duplicated frames, audio stays in sync); -vsync is the pre-5.1 spelling",
      },
      { args: ["-c:v", "libx264"], why: "H.264 plays in every browser, WeChat's included" },
      { args: ["-preset", profile.preset], why: "3–4× faster than medium for ~10% more bits" },
      { args: ["-crf", String(profile.crf)], why: "constant quality; 23 is x264's visually-good default" },
      { args: ["-maxrate", `${profile.maxrateKbps}k`, "-bufsize", `${profile.bufsizeKbps}k`], why: "cap bitrate so noisy night clips still stream on mobile" },
      { args: ["-profile:v", "high", "-level:v", "4.0"], why: "decodable by any phone from the last decade" },
      { args: ["-g", String(profile.gopFrames)], why: "a keyframe every ~2 s so seeking in the browser is quick" },
      ...(toneMapped
        ? [{ args: ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"], why: "tag the tone-mapped output as SDR" }]
        : []),
      ...(plan.audio ? audioOutputFlags(plan.audio) : []),
      { args: ["-movflags", "+faststart"], why: "index at the front: playback starts before the download ends" },
      { args: ["-f", "mp4"], why: "the container is chosen here, not guessed from the file name" },
    ],
    target: localFileUrl(o.outputPath),
  };
  const poster: FfmpegOutput[] = o.posterPath
    ? [{ options: [{ args: ["-map", "[frame]"], why: "the poster branch of the same decode" }, ...posterOutputFlags()], target: localFileUrl(o.posterPath) }]
    : [];
  return {
    globalOptions: [...commonGlobalFlags(), ...(o.posterPath ? [graph] : [])],
    inputOptions: [
      ...inputSafetyFlags("video"),
      { args: ["-autorotate", "1"], why: "apply the display matrix (phones film portrait as rotated landscape); explicit, not a default" },
    ],
    input: localFileUrl(o.inputPath),
    outputs: [video, ...poster],
  };
}

function posterOutputFlags(): Flag[] {
  return [
    { args: ["-frames:v", "1"], why: "exactly one picture" },
    { args: ["-an", "-sn", "-dn"], why: "picture only" },
    { args: ["-map_metadata", "-1"], why: "nothing but pixels" },
    { args: ["-c:v", "png", "-f", "image2", "-update", "1"], why: "lossless intermediate; sharp makes the WebP/JPEG renditions" },
  ];
}

function audioOutputFlags(audio: NonNullable<VideoPlan["audio"]>): Flag[] {
  return [
    { args: ["-c:a", "aac"], why: "AAC-LC: the audio codec every MP4 player has" },
    { args: ["-b:a", `${audio.bitrateKbps}k`], why: "plenty for voices and music at this size" },
    { args: ["-ac", String(audio.channels)], why: "mono stays mono; surround is folded to stereo" },
    ...(audio.resampleTo ? [{ args: ["-ar", String(audio.resampleTo)], why: "96 kHz+ studio rates buy nothing here" }] : []),
  ];
}

/** When to grab the poster: 1 s in (past the shaky start), or 10% in for clips under 2 s. */
export function posterTimeSec(durationSec: number | undefined): number {
  if (durationSec === undefined || durationSec <= 0) return 0;
  return durationSec >= 2 ? 1 : Math.round(durationSec * 0.1 * 1000) / 1000;
}

/** A poster frame from a finished video (fallback when the in-transcode branch yielded none). */
export function buildPosterFrame(o: { inputPath: string; outputPath: string; atSec: number }): FfmpegInvocation {
  return {
    globalOptions: commonGlobalFlags(),
    inputOptions: [
      ...inputSafetyFlags("video"),
      { args: ["-ss", o.atSec.toFixed(3)], why: "seek on input: jumps to the nearest keyframe before, then decodes forward" },
    ],
    input: localFileUrl(o.inputPath),
    outputs: [{ options: [{ args: ["-map", "0:v:0"], why: "the picture track" }, ...posterOutputFlags()], target: localFileUrl(o.outputPath) }],
  };
}

// ---------------------------------------------------------------------------
// Audio

export const AUDIO_PROFILE = {
  /** EBU R128-ish speech target: -16 LUFS is what phones and podcasts play at. */
  loudnorm: "I=-16:TP=-1.5:LRA=11",
  sampleRate: 48_000,
  kbps: { mono: 64, stereo: 128 },
} as const;
export type AudioProfile = typeof AUDIO_PROFILE;

export type AudioTranscodeOptions = {
  inputPath: string;
  outputPath: string;
  probe: MediaProbe;
  maxDurationSec: number;
  profile?: AudioProfile;
};

export function buildAudioTranscode(o: AudioTranscodeOptions): FfmpegInvocation {
  const profile = o.profile ?? AUDIO_PROFILE;
  if (!o.probe.audio) throw new Error("buildAudioTranscode needs an audio stream");
  const channels = o.probe.audio.channels === 1 ? 1 : 2;
  const options: Flag[] = [
    { args: ["-map", "0:a:0"], why: "the first sound track (a recording made as a video keeps only its sound)" },
    { args: ["-vn", "-sn", "-dn"], why: "no cover art, subtitles or data tracks" },
    { args: ["-map_metadata", "-1"], why: "drop tags: device, location, creation time" },
    { args: ["-map_chapters", "-1"], why: "no chapter titles copied from the upload" },
    { args: ["-t", String(o.maxDurationSec + 1)], why: "a container may lie about its length: never encode past the limit" },
    {
      args: ["-af", `loudnorm=${profile.loudnorm}`],
      why: "single-pass (dynamic) loudness normalisation: quiet phone recordings become audible; two-pass would decode twice",
    },
    { args: ["-ar", String(profile.sampleRate)], why: "loudnorm upsamples to 192 kHz internally; bring it back" },
    { args: ["-ac", String(channels)], why: "mono stays mono (most voice recordings); more is folded to stereo" },
    { args: ["-c:a", "aac"], why: "AAC in .m4a plays everywhere, WeChat's browser included" },
    { args: ["-b:a", `${channels === 1 ? profile.kbps.mono : profile.kbps.stereo}k`], why: "transparent for voice" },
    { args: ["-movflags", "+faststart"], why: "index at the front: playback starts at once" },
    { args: ["-f", "ipod"], why: "MP4 audio with the M4A brand (.m4a)" },
  ];
  return {
    globalOptions: commonGlobalFlags(),
    inputOptions: inputSafetyFlags("audio"),
    input: localFileUrl(o.inputPath),
    outputs: [{ options, target: localFileUrl(o.outputPath) }],
  };
}

// ---------------------------------------------------------------------------
// Progress

/** out_time from a `-progress` line ("out_time_us=1234567"), in seconds; null for other lines. */
export function parseProgressLine(line: string): number | null {
  const match = /^out_time_(?:us|ms)=(\d+)\s*$/.exec(line.trim());
  if (!match) return null;
  // ffmpeg 5.1 prints microseconds under both names (out_time_ms is a historical misnomer).
  return Number(match[1]) / 1_000_000;
}

/** Whole percent 0–99 while running (100 is reported once the file is complete). */
export function progressPercent(outTimeSec: number, durationSec: number | undefined): number | undefined {
  if (durationSec === undefined || durationSec <= 0) return undefined;
  return Math.max(0, Math.min(99, Math.floor((outTimeSec / durationSec) * 100)));
}

export function demuxerAllowed(formatName: string, kind: Extract<MediaKind, "video" | "audio">): boolean {
  return formatName.split(",").some((name) => DEMUXER_ALLOWLIST[kind].includes(name));
}
