// Where ffmpeg and ffprobe run. Arguments come from
// app/domain/transcode-profiles.ts, built for the capabilities of the binary
// this worker resolved (configureFfmpegCapabilities at boot); the processes
// are started by tools.ts (own process group, killed with the worker).
//
// fluent-ffmpeg used to wrap this; it is archived upstream and cannot start a
// tool in its own process group or with a death signal, which is what keeps a
// crashed worker from leaving transcodes running. Progress comes from
// `-progress pipe:2` lines.
//
// A failed run is classified here: output that says the machine failed (disk
// full, unknown option, out of memory, killed from outside) is `internal`
// (retried, never the family's fault); anything else is the file's, marked
// with `tool` so the worker confirms it against a known-good sample first.
import { MediaError, isSystemFailureOutput, isSystemSignal, type MediaFailureCode } from "../../app/domain/media-failures.ts";
import {
  buildProbeArgs,
  CURRENT_FFMPEG,
  demuxerAllowed,
  parseProbe,
  parseProgressLine,
  progressPercent,
  toFfmpegArgv,
  type FfmpegCapabilities,
  type FfmpegInvocation,
  type MediaProbe,
} from "../../app/domain/transcode-profiles.ts";
import { getToolPaths, runTool, tail, ToolMissingError, type ToolResult } from "./tools.ts";

type AvKind = "video" | "audio";

const CORRUPT: Record<AvKind, MediaFailureCode> = { video: "video_corrupt", audio: "audio_corrupt" };
// "Not detecting m3u8/hls with non standard extension": ffmpeg ≥ 6.1 refuses a playlist renamed .mp4 itself.
const NOT_ALLOWED = /not on (the )?(format )?whitelist|Format not on whitelist|Protocol '.*' not on whitelist|Not detecting m3u8\/hls with non standard extension/i;

let capabilities: FfmpegCapabilities = CURRENT_FFMPEG;

/** What the resolved ffmpeg can do (probed by the worker at boot); the default is a current ffmpeg. */
export function configureFfmpegCapabilities(value: FfmpegCapabilities): void {
  capabilities = value;
}

export function getFfmpegCapabilities(): FfmpegCapabilities {
  return capabilities;
}

/**
 * ffprobe a local file (in the job's scratch dir) with the protocol and demuxer
 * allow-lists for `kind`. Refusals: media_format_not_allowed, video_/audio_corrupt.
 */
export async function probeFile(inputPath: string, kind: AvKind, options: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<MediaProbe> {
  const result = await runTool(getToolPaths().ffprobe, buildProbeArgs(inputPath, kind), options).catch(missingTool("ffprobe"));
  if (result.code !== 0) throw failedRun("ffprobe", result, CORRUPT[kind]);
  let probe: MediaProbe;
  try {
    probe = parseProbe(JSON.parse(result.stdout));
  } catch (error) {
    throw new MediaError(CORRUPT[kind], { detail: "ffprobe output unreadable", cause: error, tool: "ffprobe" });
  }
  if (!demuxerAllowed(probe.formatName, kind)) {
    throw new MediaError("media_format_not_allowed", { detail: `demuxer ${probe.formatName}` });
  }
  return probe;
}

export type RunFfmpegOptions = {
  timeoutMs: number;
  /** For percentages; undefined when the container does not say. */
  durationSec?: number | undefined;
  /** Whole percent 0–99 while running, only when it changes. */
  onProgress?: ((percent: number) => void) | undefined;
  /** Encoded seconds so far (reported even when the duration is unknown). */
  onTime?: ((seconds: number) => void) | undefined;
  /** The code for "ffmpeg could not read this": video_corrupt or audio_corrupt. */
  failureCode: MediaFailureCode;
  /** The job is called off (worker stopping, job expired): ffmpeg is killed, the run rejects as transient. */
  signal?: AbortSignal | undefined;
};

/**
 * Runs one ffmpeg invocation. On timeout the process group is SIGKILLed and
 * the promise rejects with processing_timeout once it has exited; on `signal`
 * likewise, with a transient "stopped" error.
 */
export async function runFfmpeg(inv: FfmpegInvocation, options: RunFfmpegOptions): Promise<void> {
  let lastPercent = -1;
  const onStderrLine = (line: string) => {
    const seconds = parseProgressLine(line);
    if (seconds === null) return;
    options.onTime?.(seconds);
    const percent = progressPercent(seconds, options.durationSec);
    if (percent !== undefined && percent > lastPercent) {
      lastPercent = percent;
      options.onProgress?.(percent);
    }
  };
  const result = await runTool(getToolPaths().ffmpeg, toFfmpegArgv(inv), {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onStderrLine,
  }).catch(missingTool("ffmpeg"));
  if (result.code !== 0) throw failedRun("ffmpeg", result, options.failureCode);
}

/** Why a tool run failed, as the machine's fault (internal) or, pending confirmation, the file's. */
function failedRun(tool: "ffmpeg" | "ffprobe", result: ToolResult, fileCode: MediaFailureCode): MediaError {
  // -progress key=value lines are not errors; keep what ffmpeg said besides them.
  const said = tail(result.stderr.split("\n").filter((line) => !/^\w+=/.test(line.trim())).join("\n")) || `exit ${result.code ?? result.signal}`;
  const detail = `${tool}: ${said}`;
  if (isSystemSignal(result.signal)) return new MediaError("internal", { detail: `${tool} was killed by ${result.signal}` });
  if (isSystemFailureOutput(said)) return new MediaError("internal", { detail });
  if (NOT_ALLOWED.test(said)) return new MediaError("media_format_not_allowed", { detail });
  return new MediaError(fileCode, { detail, tool });
}

function missingTool(tool: "ffmpeg" | "ffprobe") {
  return (error: unknown): never => {
    if (error instanceof ToolMissingError) throw new MediaError("internal", { detail: `${tool} is not installed`, cause: error });
    throw error;
  };
}
