// Small helpers shared by the video and audio pipelines.
import { stat } from "node:fs/promises";
import path from "node:path";
import { MediaError, type MediaFailureParams } from "../../app/domain/media-failures.ts";
import type { DetectedType } from "../../app/domain/media-kinds.ts";
import { canDecode, type MediaProbe } from "../../app/domain/transcode-profiles.ts";
import { detectFileType } from "./detect.ts";
import { getFfmpegCapabilities, probeFile } from "./ffmpeg.ts";

/** A file the engine wrote, ready to upload. */
export type MediaOutput = {
  name: string;
  /** e.g. "video.mp4": use it as the last part of the storage key. */
  fileName: string;
  path: string;
  mime: string;
  bytes: number;
};

export async function mediaOutput(o: { name: string; path: string; mime: string }): Promise<MediaOutput> {
  const { size } = await stat(o.path);
  return { name: o.name, fileName: path.basename(o.path), path: o.path, mime: o.mime, bytes: size };
}

export function deadlineFrom(timeoutMs: number): number {
  if (!(timeoutMs > 0)) throw new Error("timeoutMs must be positive");
  return Date.now() + timeoutMs;
}

/** Time left before the deadline; processing_timeout once it has passed. */
export function remainingMs(deadline: number): number {
  const ms = deadline - Date.now();
  if (ms <= 0) throw new MediaError("processing_timeout", { detail: "time limit reached between steps" });
  return ms;
}

/** Params for *_too_long messages ("超过{maxMinutes}分钟"). */
export function durationLimitParams(maxSeconds: number): MediaFailureParams {
  return { maxSeconds, maxMinutes: Math.round((maxSeconds / 60) * 10) / 10 };
}

/** Passes on only increasing whole percents. */
export function progressReporter(onProgress: ((percent: number) => void) | undefined): (percent: number) => void {
  let last = -1;
  return (percent) => {
    if (!onProgress || percent <= last) return;
    last = percent;
    onProgress(percent);
  };
}

/**
 * Sniffs an upload meant for the video or audio pipeline: refusals keep their
 * sniffing code, a picture is wrong_kind, a sound file sent as a video has no
 * picture. (A video sent as audio is fine: its sound is kept.)
 */
export async function sniffAv(inputPath: string, expected: "video" | "audio"): Promise<DetectedType> {
  const type = await detectFileType(inputPath);
  if (!type.ok) throw new MediaError(type.code, { detail: type.detail });
  if (type.kind === "image") {
    throw new MediaError("wrong_kind", { detail: `${type.mime} is a picture`, params: { expected, actual: "image" } });
  }
  if (expected === "video" && type.kind === "audio") throw new MediaError("video_no_video_stream", { detail: `${type.mime} is a sound file` });
  return type;
}

/**
 * Probes what ffmpeg wrote: it must have the stream we asked for, and its real
 * length must be within the limit (the input's header may have understated it;
 * the output cannot lie).
 */
export async function checkOutput(
  outputPath: string,
  kind: "video" | "audio",
  maxDurationSeconds: number,
  deadline: number,
): Promise<{ probe: MediaProbe; durationSec: number }> {
  const probe = await probeFile(outputPath, kind, { timeoutMs: remainingMs(deadline) });
  if (!probe[kind]) throw new MediaError(kind === "video" ? "video_corrupt" : "audio_corrupt", { detail: `no ${kind} stream in the output` });
  const durationSec = probe.durationSec ?? 0;
  if (durationSec > maxDurationSeconds + 0.5) {
    throw new MediaError(kind === "video" ? "video_too_long" : "audio_too_long", {
      detail: `${durationSec.toFixed(1)} s after decoding`,
      params: durationLimitParams(maxDurationSeconds),
    });
  }
  return { probe, durationSec };
}

/**
 * This machine's ffmpeg must have decoders for the tracks: a build without
 * HEVC is the server's shortcoming, not the family's (internal: the file waits
 * and is retried, and the organiser sees why).
 */
export function assertDecodable(probe: MediaProbe): void {
  const capabilities = getFfmpegCapabilities();
  for (const codec of [probe.video?.codec, probe.audio?.codec]) {
    if (codec && codec !== "unknown" && !canDecode(capabilities, codec)) {
      throw new MediaError("internal", { detail: `this server's ffmpeg has no decoder for ${codec}` });
    }
  }
}

