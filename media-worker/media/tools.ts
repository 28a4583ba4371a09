// Running the command-line tools the media engine needs (ffmpeg, ffprobe,
// heif-convert, heif-info): argv only (never a shell), a hard time limit, a
// bounded output capture, and never an orphan:
//
// - every tool runs in its own process group (`detached`), and the whole group
//   is SIGKILLed on timeout, on the job's abort signal and when this process
//   exits;
// - on Linux it is started through util-linux's `setpriv --pdeathsig KILL`, so
//   the kernel kills it the moment the worker dies, even by SIGKILL or the OOM
//   killer (no JavaScript runs then);
// - where setpriv is missing, each running tool is registered as a small file
//   under the scratch root (pid and start time), and the next worker to boot
//   kills what a dead worker left running (reapOrphanedTools).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { MediaError } from "../../app/domain/media-failures.ts";
import { getScratchRoot, isAlive } from "./scratch.ts";

export type ToolPaths = {
  ffmpeg: string;
  ffprobe: string;
  /** Debian's libheif-examples; optional ("": HEIC is decoded in WebAssembly instead). */
  heifConvert: string;
  heifInfo: string;
};

/** Until configured: ffmpeg and ffprobe by name on PATH; no HEIF tools (HEIC is decoded in WebAssembly). */
const toolPaths: ToolPaths = {
  ffmpeg: "ffmpeg",
  ffprobe: "ffprobe",
  heifConvert: "",
  heifInfo: "",
};

/**
 * Set the binaries (the worker's boot and the tests pass what
 * resolveMediaTools found). Undefined entries keep their current value; an
 * empty string turns a HEIF tool off.
 */
export function configureMediaTools(paths: Partial<ToolPaths>): void {
  for (const [key, value] of Object.entries(paths) as [keyof ToolPaths, string | undefined][]) {
    if (value !== undefined) toolPaths[key] = value;
  }
}

export function getToolPaths(): Readonly<ToolPaths> {
  return toolPaths;
}

export type ToolResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

const MAX_CAPTURE = 4 * 1024 * 1024;

/** Thrown when the binary itself is missing or not executable (spawn ENOENT / EACCES). */
export class ToolMissingError extends Error {
  constructor(readonly command: string) {
    super(`${command} is not installed (or not executable)`);
    this.name = "ToolMissingError";
  }
}

export type RunToolOptions = {
  timeoutMs: number;
  cwd?: string;
  signal?: AbortSignal | undefined;
  /** Each complete stderr line as it arrives (ffmpeg's -progress lines). */
  onStderrLine?: (line: string) => void;
};

export function runTool(command: string, args: readonly string[], options: RunToolOptions): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(stoppedError(options.signal));
    const wrapped = withDeathSignal(command, args);
    const child = spawn(wrapped.command, wrapped.args, {
      cwd: options.cwd,
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: killing the group also takes anything the tool started.
      detached: true,
      windowsHide: true,
    });
    const registration = child.pid ? registerRunning(child.pid, command) : undefined;
    let stdout = "";
    let stderr = "";
    let partialLine = "";
    let timedOut = false;
    let stopped = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    const onAbort = () => {
      stopped = true;
      killGroup(child.pid);
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.length < MAX_CAPTURE) stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      if (stderr.length < MAX_CAPTURE) stderr += chunk;
      if (!options.onStderrLine) return;
      const lines = (partialLine + chunk).split(/\r?\n/);
      partialLine = lines.pop() ?? "";
      for (const line of lines) options.onStderrLine(line);
    });
    const cleanUp = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      registration?.release();
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      cleanUp();
      reject(error.code === "ENOENT" || error.code === "EACCES" ? new ToolMissingError(command) : error);
    });
    child.on("close", (code, signal) => {
      cleanUp();
      if (partialLine && options.onStderrLine) options.onStderrLine(partialLine);
      if (stopped) return reject(stoppedError(options.signal));
      if (timedOut) return reject(new MediaError("processing_timeout", { detail: `${path.basename(command)} ran over ${options.timeoutMs} ms` }));
      // setpriv reports a tool it could not start with 127 (missing) or 126 (not executable).
      if (wrapped.wrapped && (code === 126 || code === 127) && /setpriv: failed to execute/.test(stderr)) {
        return reject(new ToolMissingError(command));
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

// ---------------------------------------------------------------------------
// Process groups, death signal, registry

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

let deathSignalWrapper: string | null | undefined;

/**
 * `setpriv --pdeathsig KILL -- tool …` when util-linux's setpriv works here
 * (checked once per process). The death signal survives setpriv's exec of the
 * tool (it is cleared only for set-uid programs), and it fires when the thread
 * that spawned the tool dies: libuv spawns from the main thread, so that is
 * when the worker dies.
 */
function withDeathSignal(command: string, args: readonly string[]): { command: string; args: string[]; wrapped: boolean } {
  deathSignalWrapper ??= findDeathSignalWrapper();
  if (!deathSignalWrapper) return { command, args: [...args], wrapped: false };
  return { command: deathSignalWrapper, args: ["--pdeathsig", "KILL", "--", command, ...args], wrapped: true };
}

function findDeathSignalWrapper(): string | null {
  if (process.platform !== "linux") return null;
  for (const candidate of ["/usr/bin/setpriv", "/bin/setpriv"]) {
    const probe = spawnSync(candidate, ["--pdeathsig", "KILL", "--", "true"], { stdio: "ignore", timeout: 5000 });
    if (probe.status === 0) return candidate;
  }
  return null;
}

/** Whether tools die with the worker by the kernel's hand (for the boot log). */
export function toolsDieWithWorker(): boolean {
  deathSignalWrapper ??= findDeathSignalWrapper();
  return deathSignalWrapper !== null;
}

const REGISTRY_PREFIX = "sanshai-tools-p";

function registryDir(): string {
  return path.join(getScratchRoot(), `${REGISTRY_PREFIX}${process.pid}`);
}

const running = new Set<number>();
let exitHookInstalled = false;

/**
 * Notes a running tool: in memory (killed when this process exits normally)
 * and as a file `<pid>` holding its start time (for the next worker, should
 * this one die without running any JavaScript).
 */
function registerRunning(pid: number, command: string): { release(): void } {
  running.add(pid);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const p of running) killGroup(p);
      fs.rmSync(registryDir(), { recursive: true, force: true });
    });
  }
  const file = path.join(registryDir(), String(pid));
  try {
    fs.mkdirSync(registryDir(), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${processStartTime(pid) ?? ""}\n${path.basename(command)}\n`);
  } catch {
    // The registry is the fallback behind the death signal; a full disk must not stop the job here.
  }
  return {
    release() {
      running.delete(pid);
      fs.rmSync(file, { force: true });
    },
  };
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks): tells a reused pid from the one we started. */
function processStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/**
 * Kills tools still running for worker processes that no longer exist, and
 * removes their registries. Run at worker boot. Resolves with the pids killed.
 */
export function reapOrphanedTools(): number[] {
  const root = getScratchRoot();
  const killed: number[] = [];
  for (const name of safeReaddir(root)) {
    const owner = name.startsWith(REGISTRY_PREFIX) ? Number(name.slice(REGISTRY_PREFIX.length)) : NaN;
    if (!Number.isInteger(owner) || owner === process.pid || isAlive(owner)) continue;
    const dir = path.join(root, name);
    for (const entry of safeReaddir(dir)) {
      const pid = Number(entry);
      const recorded = safeRead(path.join(dir, entry)).split("\n")[0];
      if (Number.isInteger(pid) && recorded && processStartTime(pid) === recorded) {
        killGroup(pid);
        killed.push(pid);
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return killed;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
