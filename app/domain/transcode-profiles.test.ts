import { describe, expect, it } from "vitest";
import {
  buildAudioTranscode,
  buildPosterFrame,
  buildProbeArgs,
  buildVideoFilter,
  buildVideoTranscode,
  canDecode,
  CURRENT_FFMPEG,
  demuxerAllowed,
  DEMUXER_ALLOWLIST,
  fitRendition,
  fitVideoSize,
  localFileUrl,
  parseFfmpegCapabilities,
  parseProbe,
  parseProgressLine,
  planVideo,
  posterTimeSec,
  probeFlags,
  progressPercent,
  toFfmpegArgv,
  type FfmpegCapabilities,
  type FfmpegInvocation,
  type MediaProbe,
} from "./transcode-profiles.ts";

type Stream = Record<string, unknown>;
const probeOf = (streams: Stream[], format: Record<string, unknown> = {}): MediaProbe =>
  parseProbe({ format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2", duration: "12.5", ...format }, streams: streams.map((s, index) => ({ index, ...s })) });

const phoneVideo = (extra: Stream = {}) => ({ codec_type: "video", codec_name: "h264", width: 1920, height: 1080, avg_frame_rate: "30/1", pix_fmt: "yuv420p", ...extra });
const phoneAudio = (extra: Stream = {}) => ({ codec_type: "audio", codec_name: "aac", channels: 2, sample_rate: "48000", ...extra });

/** The value after `flag` in an argv (first occurrence). */
function valueOf(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

function allFlags(inv: FfmpegInvocation) {
  return [...inv.globalOptions, ...inv.inputOptions, ...inv.outputs.flatMap((o) => o.options)];
}

describe("every ffmpeg flag says why", () => {
  const invocations: [string, FfmpegInvocation][] = [
    ["video", buildVideoTranscode({ inputPath: "/s/in", outputPath: "/s/out.mp4", probe: probeOf([phoneVideo(), phoneAudio()]), maxDurationSec: 300 })],
    ["video, HDR, silent", buildVideoTranscode({ inputPath: "/s/in", outputPath: "/s/out.mp4", probe: probeOf([phoneVideo({ color_transfer: "arib-std-b67" })]), maxDurationSec: 300 })],
    ["audio", buildAudioTranscode({ inputPath: "/s/in", outputPath: "/s/out.m4a", probe: probeOf([phoneAudio()]), maxDurationSec: 600 })],
    ["poster", buildPosterFrame({ inputPath: "/s/out.mp4", outputPath: "/s/p.png", atSec: 1 })],
  ];
  it.each(invocations)("%s", (_label, inv) => {
    for (const flag of allFlags(inv)) {
      expect(flag.args.length).toBeGreaterThan(0);
      expect(flag.why.trim().length, flag.args.join(" ")).toBeGreaterThan(10);
    }
  });

  it("probe", () => {
    for (const flag of probeFlags("/s/in", "video")) expect(flag.why.length).toBeGreaterThan(10);
  });
});

describe("local files only", () => {
  it("prefixes file: so a name is never read as another protocol", () => {
    expect(localFileUrl("/tmp/x/concat:a|b")).toBe("file:/tmp/x/concat:a|b");
    expect(localFileUrl("/tmp/x/http:evil")).toBe("file:/tmp/x/http:evil");
    expect(() => localFileUrl("upload.mp4")).toThrow(/absolute/);
    expect(() => localFileUrl("http://127.0.0.1/x.mp4")).toThrow(/absolute/);
  });

  it("probes with protocol and demuxer allow-lists", () => {
    const args = buildProbeArgs("/s/in", "video");
    expect(valueOf(args, "-protocol_whitelist")).toBe("file");
    expect(valueOf(args, "-format_whitelist")).toBe("mov,mp4,m4a,3gp,3g2,mj2,matroska,webm");
    expect(args.at(-1)).toBe("file:/s/in");
    expect(valueOf(buildProbeArgs("/s/in", "audio"), "-format_whitelist")).toContain("amr");
  });

  it("transcodes with the same allow-lists on the input", () => {
    const argv = toFfmpegArgv(buildVideoTranscode({ inputPath: "/s/in", outputPath: "/s/o.mp4", probe: probeOf([phoneVideo()]), maxDurationSec: 60 }));
    const inputAt = argv.indexOf("-i");
    expect(argv[inputAt + 1]).toBe("file:/s/in");
    expect(argv.at(-1)).toBe("file:/s/o.mp4");
    expect(argv).toContain("-nostdin");
  });

  // Present AND before the input: a flag after -i applies to the output (or nothing), and indexOf's -1 is "before" too.
  it.each([
    ["video", toFfmpegArgv(buildVideoTranscode({ inputPath: "/s/in", outputPath: "/s/o.mp4", probe: probeOf([phoneVideo(), phoneAudio()]), maxDurationSec: 60 })), "video"],
    ["video, 2018 ffmpeg", toFfmpegArgv(buildVideoTranscode({ inputPath: "/s/in", outputPath: "/s/o.mp4", probe: probeOf([phoneVideo()]), maxDurationSec: 60, capabilities: { frameRateModeFlag: "-vsync", toneMapping: false } })), "video"],
    ["audio", toFfmpegArgv(buildAudioTranscode({ inputPath: "/s/in", outputPath: "/s/a.m4a", probe: probeOf([phoneAudio()]), maxDurationSec: 60 })), "audio"],
    ["poster", toFfmpegArgv(buildPosterFrame({ inputPath: "/s/v.mp4", outputPath: "/s/p.png", atSec: 1 })), "video"],
  ] as const)("reads the %s input through the protocol and demuxer allow-lists", (_name, argv, kind) => {
    const inputAt = argv.indexOf("-i");
    expect(inputAt).toBeGreaterThan(0);
    const inputOptions = argv.slice(0, inputAt);
    expect(valueOf(inputOptions, "-protocol_whitelist")).toBe("file");
    expect(valueOf(inputOptions, "-format_whitelist")).toBe(DEMUXER_ALLOWLIST[kind].join(","));
    expect(argv.slice(inputAt + 2).filter((a) => a === "-protocol_whitelist" || a === "-format_whitelist")).toEqual([]);
  });

  it("knows which demuxers are allowed", () => {
    expect(demuxerAllowed("mov,mp4,m4a,3gp,3g2,mj2", "video")).toBe(true);
    expect(demuxerAllowed("matroska,webm", "video")).toBe(true);
    expect(demuxerAllowed("hls", "video")).toBe(false);
    expect(demuxerAllowed("concat", "audio")).toBe(false);
    expect(demuxerAllowed("mp3", "video")).toBe(false);
    expect(demuxerAllowed("mp3", "audio")).toBe(true);
  });
});

describe("fitVideoSize: ≤720 on the short side, even, never upscaled", () => {
  it.each([
    [1920, 1080, 1280, 720],
    [1080, 1920, 720, 1280],
    [3840, 2160, 1280, 720],
    [7680, 4320, 1280, 720],
    [1280, 720, 1280, 720],
    [640, 360, 640, 360],
    [321, 241, 320, 240],
    [2560, 1080, 1706, 720],
    [4000, 1000, 1920, 480],
    [3, 3, 2, 2],
  ])("%i×%i → %i×%i", (w, h, ew, eh) => {
    expect(fitVideoSize(w, h)).toEqual({ width: ew, height: eh });
  });
});

describe("parseProbe", () => {
  it("reads the display matrix: -90 means shown turned 90° clockwise, sides swapped", () => {
    const probe = probeOf([phoneVideo({ side_data_list: [{ side_data_type: "Display Matrix", rotation: -90 }] }), phoneAudio()]);
    expect(probe.video).toMatchObject({ rotation: 90, width: 1920, height: 1080, displayWidth: 1080, displayHeight: 1920 });
    expect(planVideo(probe)).toMatchObject({ width: 720, height: 1280 });
  });

  it("reads the legacy rotate tag and half turns", () => {
    expect(probeOf([phoneVideo({ tags: { rotate: "270" } })]).video).toMatchObject({ rotation: 270, displayWidth: 1080 });
    expect(probeOf([phoneVideo({ side_data_list: [{ rotation: 180 }] })]).video).toMatchObject({ rotation: 180, displayWidth: 1920 });
  });

  it("makes non-square pixels square", () => {
    expect(probeOf([phoneVideo({ width: 720, height: 576, sample_aspect_ratio: "16:15" })]).video).toMatchObject({ displayWidth: 768, displayHeight: 576 });
  });

  it("ignores cover art: an MP3 with a picture is not a video", () => {
    const probe = probeOf([phoneAudio({ codec_name: "mp3" }), { codec_type: "video", codec_name: "mjpeg", width: 500, height: 500, disposition: { attached_pic: 1 } }], { format_name: "mp3" });
    expect(probe.video).toBeUndefined();
    expect(probe.audio).toMatchObject({ codec: "mp3", channels: 2, sampleRate: 48_000 });
  });

  it("has no duration when the container does not say (MediaRecorder WebM)", () => {
    expect(probeOf([phoneAudio({ codec_name: "opus" })], { format_name: "matroska,webm", duration: "N/A" }).durationSec).toBeUndefined();
    expect(probeOf([phoneAudio()]).durationSec).toBe(12.5);
  });

  it("reads NTSC frame rates and HDR transfers", () => {
    const v = probeOf([phoneVideo({ avg_frame_rate: "30000/1001", color_transfer: "arib-std-b67" })]).video!;
    expect(v.fps).toBeCloseTo(29.97, 2);
    expect(v.hdr).toBe(true);
  });

  it("rejects output that is not ffprobe's", () => {
    expect(() => parseProbe({ streams: [] })).toThrow();
  });
});

describe("planVideo and the filter chain", () => {
  it("caps 60 fps at 30 but leaves 30 fps and VFR alone", () => {
    expect(planVideo(probeOf([phoneVideo({ avg_frame_rate: "60/1" })])).capFps).toBe(true);
    expect(planVideo(probeOf([phoneVideo({ avg_frame_rate: "30/1" })])).capFps).toBe(false);
    expect(planVideo(probeOf([phoneVideo({ avg_frame_rate: "125/7" })])).capFps).toBe(false);
  });

  it("keeps mono mono, folds surround to stereo, brings 96 kHz down", () => {
    expect(planVideo(probeOf([phoneVideo(), phoneAudio({ channels: 1 })])).audio).toEqual({ channels: 1, bitrateKbps: 64, resampleTo: undefined });
    expect(planVideo(probeOf([phoneVideo(), phoneAudio({ channels: 6, sample_rate: "96000" })])).audio).toEqual({ channels: 2, bitrateKbps: 128, resampleTo: 48_000 });
    expect(planVideo(probeOf([phoneVideo()])).audio).toBeUndefined();
  });

  it("scales, squares pixels and ends in yuv420p; tone-maps HLG", () => {
    expect(buildVideoFilter(planVideo(probeOf([phoneVideo({ avg_frame_rate: "60/1" })])))).toBe("fps=30,scale=1280:720,setsar=1,format=yuv420p");
    const hdr = buildVideoFilter(planVideo(probeOf([phoneVideo({ color_transfer: "arib-std-b67" })])));
    expect(hdr).toMatch(/^scale=1280:720,setsar=1,zscale=tin=arib-std-b67:.*tonemap=tonemap=hable.*,format=yuv420p$/);
    expect(hdr).not.toContain(" ");
  });
});

describe("buildVideoTranscode", () => {
  const argvFor = (probe: MediaProbe, max = 300) => toFfmpegArgv(buildVideoTranscode({ inputPath: "/s/in", outputPath: "/s/o.mp4", probe, maxDurationSec: max }));

  it("H.264 veryfast CRF, faststart, no metadata, VFR kept, capped length", () => {
    const argv = argvFor(probeOf([phoneVideo(), phoneAudio()]), 300);
    expect(valueOf(argv, "-c:v")).toBe("libx264");
    expect(valueOf(argv, "-preset")).toBe("veryfast");
    expect(valueOf(argv, "-crf")).toBe("23");
    expect(valueOf(argv, "-movflags")).toBe("+faststart");
    expect(valueOf(argv, "-map_metadata")).toBe("-1");
    expect(valueOf(argv, "-map_chapters")).toBe("-1");
    expect(valueOf(argv, "-fps_mode")).toBe("vfr");
    expect(valueOf(argv, "-t")).toBe("301");
    expect(valueOf(argv, "-f")).toBe("mp4");
    expect(valueOf(argv, "-autorotate")).toBe("1");
    expect(valueOf(argv, "-c:a")).toBe("aac");
    expect(argv.filter((a) => a === "-map")).toHaveLength(2);
    expect(argv).toContain("0:a:0");
  });

  it("writes the poster frame from the same decode when asked", () => {
    const inv = buildVideoTranscode({ inputPath: "/s/in", outputPath: "/s/o.mp4", probe: probeOf([phoneVideo(), phoneAudio()]), maxDurationSec: 300, posterPath: "/s/p.png", posterAtSec: 1 });
    expect(inv.outputs.map((o) => o.target)).toEqual(["file:/s/o.mp4", "file:/s/p.png"]);
    const argv = toFfmpegArgv(inv);
    expect(valueOf(argv, "-filter_complex")).toBe("[0:v:0]scale=1280:720,setsar=1,format=yuv420p,split=2[video][poster];[poster]trim=start=1.000,trim=end_frame=1[frame]");
    expect(argv).not.toContain("-vf");
    const [video, poster] = inv.outputs.map((o) => o.options.flatMap((f) => f.args));
    expect(valueOf(video!, "-map")).toBe("[video]");
    expect(video).toContain("0:a:0");
    expect(valueOf(poster!, "-map")).toBe("[frame]");
    expect(valueOf(poster!, "-frames:v")).toBe("1");
    expect(valueOf(poster!, "-map_metadata")).toBe("-1");
  });

  it("no audio track in, none out", () => {
    const argv = argvFor(probeOf([phoneVideo()]));
    expect(argv).toContain("-an");
    expect(argv).not.toContain("0:a:0");
    expect(argv).not.toContain("-c:a");
  });

  it("tags tone-mapped output as BT.709", () => {
    const argv = argvFor(probeOf([phoneVideo({ color_transfer: "smpte2084" })]));
    expect(valueOf(argv, "-color_trc")).toBe("bt709");
  });

  it("needs a video stream", () => {
    expect(() => argvFor(probeOf([phoneAudio()]))).toThrow(/video stream/);
  });
});

describe("buildAudioTranscode", () => {
  it("loudnorm single pass, back to 48 kHz, mono kept, M4A", () => {
    const argv = toFfmpegArgv(buildAudioTranscode({ inputPath: "/s/in", outputPath: "/s/a.m4a", probe: probeOf([phoneAudio({ channels: 1, codec_name: "amr_nb", sample_rate: "8000" })]), maxDurationSec: 600 }));
    expect(valueOf(argv, "-af")).toBe("loudnorm=I=-16:TP=-1.5:LRA=11");
    expect(valueOf(argv, "-ar")).toBe("48000");
    expect(valueOf(argv, "-ac")).toBe("1");
    expect(valueOf(argv, "-b:a")).toBe("64k");
    expect(valueOf(argv, "-f")).toBe("ipod");
    expect(valueOf(argv, "-map")).toBe("0:a:0");
    expect(valueOf(argv, "-t")).toBe("601");
    expect(argv).toContain("-vn");
    expect(valueOf(argv, "-format_whitelist")).toContain("amr");
  });

  it("needs an audio stream", () => {
    expect(() => buildAudioTranscode({ inputPath: "/s/in", outputPath: "/s/a.m4a", probe: probeOf([phoneVideo()]), maxDurationSec: 600 })).toThrow(/audio stream/);
  });
});

describe("poster frame", () => {
  it("1 s in, or 10% in for very short clips", () => {
    expect(posterTimeSec(60)).toBe(1);
    expect(posterTimeSec(2)).toBe(1);
    expect(posterTimeSec(1.5)).toBe(0.15);
    expect(posterTimeSec(undefined)).toBe(0);
  });

  it("seeks on the input and takes one frame", () => {
    const argv = toFfmpegArgv(buildPosterFrame({ inputPath: "/s/v.mp4", outputPath: "/s/p.png", atSec: 1 }));
    expect(argv.indexOf("-ss")).toBeLessThan(argv.indexOf("-i"));
    expect(valueOf(argv, "-frames:v")).toBe("1");
  });
});

describe("progress", () => {
  it("reads out_time from -progress lines", () => {
    expect(parseProgressLine("out_time_us=1500000")).toBe(1.5);
    expect(parseProgressLine("out_time_ms=1500000")).toBe(1.5);
    expect(parseProgressLine("out_time_us=N/A")).toBeNull();
    expect(parseProgressLine("out_time=00:00:01.500000")).toBeNull();
    expect(parseProgressLine("frame=12")).toBeNull();
  });

  it("gives whole percents below 100, none without a duration", () => {
    expect(progressPercent(5, 10)).toBe(50);
    expect(progressPercent(10.2, 10)).toBe(99);
    expect(progressPercent(-1, 10)).toBe(0);
    expect(progressPercent(5, undefined)).toBeUndefined();
  });
});

describe("fitRendition", () => {
  it.each([
    [4032, 3024, 320, 320, 240],
    [4032, 3024, 2048, 2048, 1536],
    [3024, 4032, 1080, 1080, 1440],
    [200, 100, 1080, 200, 100],
    [300, 5000, 320, 77, 1280],
  ])("%i×%i at %i → %i×%i", (w, h, target, ew, eh) => {
    expect(fitRendition(w, h, target)).toEqual({ width: ew, height: eh });
  });
});

describe("what the resolved ffmpeg can do", () => {
  // Excerpts of `ffmpeg -hide_banner -h long / -filters / -decoders` as Debian's 5.1 and the bundled 2018 build print them.
  const debian = {
    helpLong: "-vsync              set video sync method globally; deprecated, use -fps_mode\n-fps_mode           set framerate mode for matching video streams; overrides vsync\n",
    filters: " ..C scale             V->V       Scale the input video size\n .S. tonemap           V->V       Conversion to/from different dynamic ranges.\n .SC zscale            V->V       Apply resizing, colorspace and bit depth conversion.\n",
    decoders: "Decoders:\n V..... = Video\n ------\n V..... libdav1d             dav1d AV1 decoder by VideoLAN (codec av1)\n VFS..D hevc                 HEVC (High Efficiency Video Coding)\n A....D amrnb                AMR-NB (codec amr_nb)\n A....D opus                 Opus\n",
  };
  const bundled2018 = {
    helpLong: "-vsync              video sync method\n-async              audio sync method\n",
    filters: " ..C scale             V->V       Scale the input video size\n ... tonemap           V->V       Conversion to/from different dynamic ranges.\n",
    decoders: "Decoders:\n V..... = Video\n ------\n VFS..D h264                 H.264\n A....D libopencore_amrnb    OpenCORE AMR-NB (codec amr_nb)\n",
  };

  it("reads the frame-rate flag, tone mapping and decoders off the tool's own output", () => {
    const current = parseFfmpegCapabilities(debian);
    expect(current).toMatchObject({ frameRateModeFlag: "-fps_mode", toneMapping: true });
    expect([...(current.decoders ?? [])].sort()).toEqual(["amrnb", "hevc", "libdav1d", "opus"]);
    const old = parseFfmpegCapabilities(bundled2018);
    expect(old).toMatchObject({ frameRateModeFlag: "-vsync", toneMapping: false });
  });

  it("knows a codec by any of its decoders' names, and assumes yes when nothing was probed", () => {
    const old = parseFfmpegCapabilities(bundled2018);
    expect(canDecode(old, "h264")).toBe(true);
    expect(canDecode(old, "amr_nb")).toBe(true); // through libopencore_amrnb
    expect(canDecode(old, "hevc")).toBe(false);
    expect(canDecode(parseFfmpegCapabilities(debian), "av1")).toBe(true); // through libdav1d
    expect(canDecode(CURRENT_FFMPEG, "anything")).toBe(true);
  });

  it("spells variable frame rate for the build that runs it", () => {
    const probe = probeOf([phoneVideo(), phoneAudio()]);
    const argvFor = (capabilities: FfmpegCapabilities) =>
      toFfmpegArgv(buildVideoTranscode({ inputPath: "/s/in", outputPath: "/s/o.mp4", probe, maxDurationSec: 60, capabilities }));
    expect(valueOf(argvFor(CURRENT_FFMPEG), "-fps_mode")).toBe("vfr");
    const old = argvFor(parseFfmpegCapabilities(bundled2018));
    expect(valueOf(old, "-vsync")).toBe("vfr");
    expect(old).not.toContain("-fps_mode");
  });

  it("tone-maps HDR only where zscale and tonemap exist, and then tags the output BT.709", () => {
    const hdr = probeOf([phoneVideo({ color_transfer: "arib-std-b67" })]);
    const argvFor = (capabilities: FfmpegCapabilities) =>
      toFfmpegArgv(buildVideoTranscode({ inputPath: "/s/in", outputPath: "/s/o.mp4", probe: hdr, maxDurationSec: 60, capabilities }));
    expect(valueOf(argvFor(CURRENT_FFMPEG), "-vf")).toContain("tonemap=tonemap=hable");
    expect(valueOf(argvFor(CURRENT_FFMPEG), "-color_trc")).toBe("bt709");
    const without = argvFor({ ...CURRENT_FFMPEG, toneMapping: false });
    expect(valueOf(without, "-vf")).not.toContain("tonemap");
    expect(without).not.toContain("-color_trc");
  });
});
