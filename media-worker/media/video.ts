// Phone video → H.264/AAC MP4 (≤720 on the short side, upright, no metadata)
// plus a poster frame and its WebP/JPEG renditions.
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { MediaError } from "../../app/domain/media-failures.ts";
import {
  buildPosterFrame,
  buildVideoTranscode,
  POSTER_RENDITIONS,
  posterTimeSec,
  VIDEO_PROFILE,
  type MediaProbe,
  type VideoProfile,
} from "../../app/domain/transcode-profiles.ts";
import { getFfmpegCapabilities, probeFile, runFfmpeg } from "./ffmpeg.ts";
import { throwIfStopped } from "./tools.ts";
import { renderImageRenditions, type ImageRendition } from "./image.ts";
import { createWorkDir } from "./scratch.ts";
import { assertDecodable, checkOutput, deadlineFrom, durationLimitParams, mediaOutput, progressReporter, remainingMs, sniffAv, type MediaOutput } from "./shared.ts";

export type ProcessVideoOptions = {
  /** The uploaded file, already downloaded into `scratchDir`. */
  inputPath: string;
  scratchDir: string;
  /** Where outputs are written; default `${scratchDir}/out`. */
  outputDir?: string;
  maxDurationSeconds: number;
  /** For the whole job (probe, transcode, poster); ffmpeg is killed when it runs out. */
  timeoutMs: number;
  /** Whole percent, increasing, 0–100 (100 once every output is written). */
  onProgress?: (percent: number) => void;
  profile?: VideoProfile;
  /** The job is called off (worker stopping, job expired): ffmpeg is killed and a transient error thrown. */
  signal?: AbortSignal | undefined;
};

export type VideoResult = {
  kind: "video";
  durationMs: number;
  /** Output size (upright). */
  width: number;
  height: number;
  hasAudio: boolean;
  /** Decided by content (magic bytes), not by the file name. */
  sourceMime: string;
  source: { container: string; codec: string; width: number; height: number; rotation: number; hdr: boolean; fps: number | undefined };
  video: MediaOutput & { width: number; height: number; durationMs: number };
  /** poster-thumb / poster-display, WebP and JPEG. */
  poster: ImageRendition[];
};

/**
 * Throws MediaError: the sniffing codes, wrong_kind, video_no_video_stream,
 * media_format_not_allowed, video_too_long, video_resolution_too_high,
 * video_corrupt, processing_timeout, internal.
 */
export async function processVideo(options: ProcessVideoOptions): Promise<VideoResult> {
  const deadline = deadlineFrom(options.timeoutMs);
  const profile = options.profile ?? VIDEO_PROFILE;
  const type = await sniffAv(options.inputPath, "video");
  const probe = await probeFile(options.inputPath, "video", { timeoutMs: remainingMs(deadline), signal: options.signal });
  const video = assertPlayableVideo(probe, options.maxDurationSeconds, profile);
  assertDecodable(probe);
  const outputDir = options.outputDir ?? path.join(options.scratchDir, "out");
  const outputPath = path.join(outputDir, "video.mp4");
  const workDir = await createWorkDir(options.scratchDir, "video");
  const written: string[] = [];
  const report = progressReporter(options.onProgress);
  try {
    await mkdir(outputDir, { recursive: true });
    written.push(outputPath);
    const framePath = path.join(workDir, "poster.png");
    const transcode = buildVideoTranscode({
      inputPath: options.inputPath,
      outputPath,
      probe,
      maxDurationSec: options.maxDurationSeconds,
      posterPath: framePath,
      posterAtSec: posterTimeSec(probe.durationSec),
      profile,
      capabilities: getFfmpegCapabilities(),
    });
    await runFfmpeg(transcode, {
      timeoutMs: remainingMs(deadline),
      durationSec: probe.durationSec,
      onProgress: (p) => report(Math.floor(p * 0.95)),
      failureCode: "video_corrupt",
      signal: options.signal,
    });
    throwIfStopped(options.signal);
    const { probe: out, durationSec } = await checkOutput(outputPath, "video", options.maxDurationSeconds, deadline);
    const outVideo = out.video!;
    const poster = await makePoster({ videoPath: outputPath, framePath, outputDir, deadline, written });
    report(100);
    return {
      kind: "video",
      durationMs: Math.round(durationSec * 1000),
      width: outVideo.width,
      height: outVideo.height,
      hasAudio: out.audio !== undefined,
      sourceMime: type.mime,
      source: { container: type.container, codec: video.codec, width: video.displayWidth, height: video.displayHeight, rotation: video.rotation, hdr: video.hdr, fps: video.fps },
      video: {
        ...(await mediaOutput({ name: "video", path: outputPath, mime: "video/mp4" })),
        width: outVideo.width,
        height: outVideo.height,
        durationMs: Math.round(durationSec * 1000),
      },
      poster,
    };
  } catch (error) {
    await Promise.all(written.map((p) => rm(p, { force: true })));
    throw error;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function assertPlayableVideo(probe: MediaProbe, maxDurationSeconds: number, profile: VideoProfile) {
  const video = probe.video;
  if (!video) throw new MediaError("video_no_video_stream", { detail: `streams: ${probe.audio ? "audio only" : "none"}` });
  if (probe.durationSec !== undefined && probe.durationSec > maxDurationSeconds) {
    throw new MediaError("video_too_long", { detail: `${probe.durationSec.toFixed(1)} s`, params: durationLimitParams(maxDurationSeconds) });
  }
  if (!video.width || !video.height) throw new MediaError("video_corrupt", { detail: "picture track without a size" });
  if (video.width * video.height > profile.maxFramePixels) {
    throw new MediaError("video_resolution_too_high", { detail: `${video.width}×${video.height}`, params: { width: video.width, height: video.height } });
  }
  return video;
}

async function makePoster(o: {
  videoPath: string;
  framePath: string;
  outputDir: string;
  deadline: number;
  written: string[];
}): Promise<ImageRendition[]> {
  const { framePath } = o;
  // The transcode wrote the frame from its own decode; when the clip ended before
  // the poster time (no duration in the header, or a lying one) take the first frame.
  if (!(await exists(framePath))) {
    await runFfmpeg(buildPosterFrame({ inputPath: o.videoPath, outputPath: framePath, atSec: 0 }), {
      timeoutMs: remainingMs(o.deadline),
      failureCode: "video_corrupt",
    });
  }
  if (!(await exists(framePath))) throw new MediaError("video_corrupt", { detail: "no frame for the poster" });
  const rendered = await renderImageRenditions({
    source: { path: framePath, container: "png" },
    autoOrient: false,
    limits: { maxInputPixels: VIDEO_PROFILE.maxFramePixels, timeoutMs: remainingMs(o.deadline) },
    deadline: o.deadline,
    outputDir: o.outputDir,
    specs: POSTER_RENDITIONS,
    namePrefix: "poster-",
    written: o.written,
  }).catch((error: unknown) => {
    // A poster that cannot be made means the video we just wrote is unreadable.
    if (error instanceof MediaError && error.code.startsWith("image_")) {
      throw new MediaError("video_corrupt", { detail: `poster: ${error.detail ?? error.code}`, cause: error });
    }
    throw error;
  });
  return rendered.renditions;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.size > 0,
    () => false,
  );
}
