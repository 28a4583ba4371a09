// Reading-aloud recordings (phone recorders' m4a / AMR / 3gp, browsers' WebM
// Opus, mp3, wav) → loudness-normalised AAC in .m4a, no metadata.
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { MediaError } from "../../app/domain/media-failures.ts";
import { AUDIO_PROFILE, buildAudioTranscode, type AudioProfile } from "../../app/domain/transcode-profiles.ts";
import { probeFile, runFfmpeg } from "./ffmpeg.ts";
import { throwIfStopped } from "./tools.ts";
import { assertDecodable, checkOutput, deadlineFrom, durationLimitParams, mediaOutput, progressReporter, remainingMs, sniffAv, type MediaOutput } from "./shared.ts";

export type ProcessAudioOptions = {
  /** The uploaded file, already downloaded into `scratchDir`. */
  inputPath: string;
  scratchDir: string;
  /** Where the output is written; default `${scratchDir}/out`. */
  outputDir?: string;
  maxDurationSeconds: number;
  timeoutMs: number;
  /** Whole percent, increasing, 0–100 (none while the length is unknown). */
  onProgress?: (percent: number) => void;
  profile?: AudioProfile;
  /** The job is called off (worker stopping, job expired): ffmpeg is killed and a transient error thrown. */
  signal?: AbortSignal | undefined;
};

export type AudioResult = {
  kind: "audio";
  durationMs: number;
  /** Decided by content (magic bytes), not by the file name. */
  sourceMime: string;
  source: { container: string; codec: string; channels: number; sampleRate: number | undefined };
  audio: MediaOutput & { durationMs: number; channels: number; sampleRate: number };
};

/**
 * Throws MediaError: the sniffing codes, wrong_kind, audio_no_audio_stream,
 * media_format_not_allowed, audio_too_long, audio_corrupt, processing_timeout,
 * internal. A video file is accepted: its sound track is kept.
 */
export async function processAudio(options: ProcessAudioOptions): Promise<AudioResult> {
  const deadline = deadlineFrom(options.timeoutMs);
  const type = await sniffAv(options.inputPath, "audio");
  const probe = await probeFile(options.inputPath, "audio", { timeoutMs: remainingMs(deadline), signal: options.signal });
  if (!probe.audio) throw new MediaError("audio_no_audio_stream", { detail: probe.video ? "picture only" : "no streams" });
  assertDecodable({ ...probe, video: undefined });
  if (probe.durationSec !== undefined && probe.durationSec > options.maxDurationSeconds) {
    throw new MediaError("audio_too_long", { detail: `${probe.durationSec.toFixed(1)} s`, params: durationLimitParams(options.maxDurationSeconds) });
  }
  const outputDir = options.outputDir ?? path.join(options.scratchDir, "out");
  const outputPath = path.join(outputDir, "audio.m4a");
  const report = progressReporter(options.onProgress);
  try {
    await mkdir(outputDir, { recursive: true });
    await runFfmpeg(
      buildAudioTranscode({ inputPath: options.inputPath, outputPath, probe, maxDurationSec: options.maxDurationSeconds, profile: options.profile ?? AUDIO_PROFILE }),
      { timeoutMs: remainingMs(deadline), durationSec: probe.durationSec, onProgress: (p) => report(p), failureCode: "audio_corrupt", signal: options.signal },
    );
    throwIfStopped(options.signal);
    // Browsers' MediaRecorder WebM has no length in its header: the output is where we learn it.
    const { probe: out, durationSec } = await checkOutput(outputPath, "audio", options.maxDurationSeconds, deadline);
    const outAudio = out.audio!;
    report(100);
    return {
      kind: "audio",
      durationMs: Math.round(durationSec * 1000),
      sourceMime: type.mime,
      source: { container: type.container, codec: probe.audio.codec, channels: probe.audio.channels, sampleRate: probe.audio.sampleRate },
      audio: {
        ...(await mediaOutput({ name: "audio", path: outputPath, mime: "audio/mp4" })),
        durationMs: Math.round(durationSec * 1000),
        channels: outAudio.channels,
        sampleRate: outAudio.sampleRate ?? 0,
      },
    };
  } catch (error) {
    await rm(outputPath, { force: true });
    throw error;
  }
}
