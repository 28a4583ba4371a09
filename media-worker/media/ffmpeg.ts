// The only file that imports fluent-ffmpeg (archived upstream: swapping it for
// a plain spawn of `toFfmpegArgv(invocation)` touches nothing else) and the
// only place ffprobe runs. Arguments come from app/domain/transcode-profiles.ts.
//
// fluent-ffmpeg's own 'progress' event is deliberately not used: adding a
// listener makes it run its own ffprobe on the input *without* our protocol
// and format allow-lists. Progress comes from `-progress pipe:2` lines instead.
import ffmpeg from "fluent-ffmpeg";
import { MediaError, type MediaFailureCode } from "../../app/domain/media-failures.ts";
import {
  buildProbeArgs,
  demuxerAllowed,
  flattenFlags,
  parseProbe,
  parseProgressLine,
  progressPercent,
  type FfmpegInvocation,
  type MediaProbe,
} from "../../app/domain/transcode-profiles.ts";
import { getToolPaths, runTool, stoppedError, tail, ToolMissingError } from "./tools.ts";

type AvKind = "video" | "audio";

const CORRUPT: Record<AvKind, MediaFailureCode> = { video: "video_corrupt", audio: "audio_corrupt" };
const NOT_ALLOWED = /not on (the )?(format )?whitelist|Format not on whitelist|Protocol '.*' not on whitelist/i;

/**
 * ffprobe a local file (in the job's scratch dir) with the protocol and demuxer
 * allow-lists for `kind`. Refusals: media_format_not_allowed, video_/audio_corrupt.
 */
export async function probeFile(inputPath: string, kind: AvKind, options: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<MediaProbe> {
  const result = await runTool(getToolPaths().ffprobe, buildProbeArgs(inputPath, kind), options).catch((error: unknown) => {
    if (error instanceof ToolMissingError) throw new MediaError("internal", { detail: "ffprobe is not installed", cause: error });
    throw error;
  });
  if (result.code !== 0) {
    const code = NOT_ALLOWED.test(result.stderr) ? "media_format_not_allowed" : CORRUPT[kind];
    throw new MediaError(code, { detail: `ffprobe: ${tail(result.stderr)}` });
  }
  let probe: MediaProbe;
  try {
    probe = parseProbe(JSON.parse(result.stdout));
  } catch (error) {
    throw new MediaError(CORRUPT[kind], { detail: "ffprobe output unreadable", cause: error });
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
 * Runs one ffmpeg invocation. On timeout the process is SIGKILLed and the
 * promise rejects with processing_timeout once it has exited; on `signal`
 * likewise, with a transient "stopped" error.
 */
export function runFfmpeg(inv: FfmpegInvocation, options: RunFfmpegOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(stoppedError(options.signal));
    const errorLines: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    let stopped = false;
    let lastPercent = -1;
    const onAbort = () => {
      stopped = true;
      command.kill("SIGKILL");
    };
    const settle = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    };

    const command = ffmpeg({ stdoutLines: 50 }) // lines kept per stream (stdout and stderr) for fluent-ffmpeg's own error text
      .setFfmpegPath(getToolPaths().ffmpeg)
      .input(inv.input)
      .inputOptions(...argsOf([...flattenFlags(inv.globalOptions), ...flattenFlags(inv.inputOptions)]));
    for (const output of inv.outputs) command.output(output.target).outputOptions(...argsOf(flattenFlags(output.options)));

    command.on("start", () => {
      timer = setTimeout(() => {
        timedOut = true;
        command.kill("SIGKILL");
      }, options.timeoutMs);
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener("abort", onAbort, { once: true });
    });
    command.on("stderr", (line: string) => {
      const seconds = parseProgressLine(line);
      if (seconds === null) {
        if (!/^\w+=/.test(line.trim())) errorLines.push(line);
        return;
      }
      options.onTime?.(seconds);
      const percent = progressPercent(seconds, options.durationSec);
      if (percent !== undefined && percent > lastPercent) {
        lastPercent = percent;
        options.onProgress?.(percent);
      }
    });
    command.on("error", (error: Error) => {
      settle();
      if (stopped) {
        reject(stoppedError(options.signal));
      } else if (timedOut) {
        reject(new MediaError("processing_timeout", { detail: `ffmpeg ran over ${options.timeoutMs} ms` }));
      } else if (/ENOENT|Cannot find ffmpeg/i.test(error.message)) {
        reject(new MediaError("internal", { detail: "ffmpeg is not installed", cause: error }));
      } else {
        const detail = tail(errorLines.join("\n")) || error.message;
        const code = NOT_ALLOWED.test(detail) ? "media_format_not_allowed" : options.failureCode;
        reject(new MediaError(code, { detail: `ffmpeg: ${detail}`, cause: error }));
      }
    });
    command.on("end", () => {
      settle();
      // Aborted as it finished: the output is whole, but the job was called off all the same.
      if (options.signal?.aborted) reject(stoppedError(options.signal));
      else resolve();
    });
    command.run();
  });
}

/**
 * fluent-ffmpeg splits a lone "-opt value" string in two; passing options as
 * separate arguments (more than one) turns that off, so values are never split.
 */
function argsOf(args: string[]): string[] {
  if (args.length === 1 && args[0]!.includes(" ")) throw new Error(`ambiguous lone ffmpeg option: ${args[0]}`);
  return args;
}

/** fluent-ffmpeg scans `ffmpeg -formats` and `-encoders` once per process before its first run; do it now. */
export function warmUpFfmpeg(): Promise<void> {
  return new Promise((resolve, reject) => {
    const command = ffmpeg().setFfmpegPath(getToolPaths().ffmpeg);
    command.availableFormats((formatsError) => {
      if (formatsError) return reject(formatsError);
      command.availableEncoders((encodersError) => (encodersError ? reject(encodersError) : resolve()));
    });
  });
}
