// Running the command-line tools the media engine needs (ffprobe, heif-convert,
// heif-info): argv only (never a shell), a hard time limit that kills the
// process, bounded output capture. ffmpeg itself runs through ffmpeg.ts.
import { spawn } from "node:child_process";
import { MediaError } from "../../app/domain/media-failures.ts";

export type ToolPaths = {
  ffmpeg: string;
  ffprobe: string;
  heifConvert: string;
  heifInfo: string;
};

const toolPaths: ToolPaths = {
  ffmpeg: "ffmpeg",
  ffprobe: "ffprobe",
  heifConvert: "heif-convert",
  heifInfo: "heif-info",
};

/**
 * Set the binaries (the worker's boot passes FFMPEG_PATH / FFPROBE_PATH from
 * the parsed env). Unset entries keep their default: the name, found on PATH.
 */
export function configureMediaTools(paths: Partial<ToolPaths>): void {
  for (const [key, value] of Object.entries(paths) as [keyof ToolPaths, string | undefined][]) {
    if (value) toolPaths[key] = value;
  }
}

export function getToolPaths(): Readonly<ToolPaths> {
  return toolPaths;
}

export type ToolResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

const MAX_CAPTURE = 4 * 1024 * 1024;

/** Thrown when the binary itself is missing (spawn ENOENT), so callers can pick a specific code. */
export class ToolMissingError extends Error {
  constructor(readonly command: string) {
    super(`${command} is not installed`);
  }
}

export function runTool(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; cwd?: string; signal?: AbortSignal | undefined },
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(stoppedError(options.signal));
    const child = spawn(command, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let stopped = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    const onAbort = () => {
      stopped = true;
      child.kill("SIGKILL");
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < MAX_CAPTURE) stderr += chunk;
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      reject(error.code === "ENOENT" ? new ToolMissingError(command) : error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (stopped) {
        reject(stoppedError(options.signal));
        return;
      }
      if (timedOut) {
        reject(new MediaError("processing_timeout", { detail: `${command} ran over ${options.timeoutMs} ms` }));
        return;
      }
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * The job was called off while a tool ran (the worker is stopping, or the
 * queue gave up on the job): transient, so the job runs again later, and the
 * tool has been killed and has exited by the time this is thrown.
 */
export function stoppedError(signal: AbortSignal | undefined): MediaError {
  const reason = signal?.reason instanceof Error ? signal.reason.message : String(signal?.reason ?? "aborted");
  return new MediaError("internal", { detail: `stopped before finishing: ${reason}` });
}

/** Throws stoppedError when the job has been called off (between steps). */
export function throwIfStopped(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw stoppedError(signal);
}

/** The last few lines of a tool's stderr, for MediaError.detail (logs only). */
export function tail(text: string, lines = 6): string {
  return text.trim().split("\n").slice(-lines).join("\n").slice(0, 2000);
}
