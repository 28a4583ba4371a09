// Runs the media worker as a child process and restarts it with backoff when
// it dies, so one crashing job cannot take the web app down with it (and a
// crash loop does not spin the CPU).
import { spawn, type ChildProcess } from "node:child_process";
import { allocatorEnv, EXIT_MEMORY_CEILING, type AllocatorChoice } from "~/server/platform/memory.server.ts";

export interface WorkerSupervisorOptions {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: { info(m: string, d?: Record<string, unknown>): void; warn(m: string, d?: Record<string, unknown>): void };
  /**
   * The worker's malloc (README "Memory"): "auto" (default) preloads jemalloc when the system has
   * it, else limits glibc to two arenas; it must be in the environment before the process starts.
   */
  allocator?: AllocatorChoice;
  /** Receives the worker's stdout and stderr (default: the worker writes to this process's own). */
  output?: (text: string) => void;
  /** How long the worker gets to finish running jobs on stop before it is killed. */
  stopTimeoutMs?: number;
}

export interface WorkerSupervisor {
  stop(): Promise<void>;
}

const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A worker that ran this long was healthy: the next crash starts the backoff over. */
const HEALTHY_AFTER_MS = 60_000;

export function superviseWorker(options: WorkerSupervisorOptions): WorkerSupervisor {
  let child: ChildProcess | undefined;
  let stopping = false;
  let backoff = MIN_BACKOFF_MS;
  let restartTimer: NodeJS.Timeout | undefined;
  const allocator = allocatorEnv(options.allocator ?? "auto", options.env);
  if (allocator.note) options.log.warn(allocator.note);
  const env = { ...options.env, ...allocator.env };

  const start = () => {
    const startedAt = Date.now();
    // An IPC channel: the worker shuts itself down when it closes (the parent died without a signal).
    const proc = spawn(options.command, options.args, {
      cwd: options.cwd,
      env,
      stdio: ["ignore", options.output ? "pipe" : "inherit", options.output ? "pipe" : "inherit", "ipc"],
    });
    proc.stdout?.on("data", (chunk: Buffer) => options.output!(chunk.toString()));
    proc.stderr?.on("data", (chunk: Buffer) => options.output!(chunk.toString()));
    child = proc;
    options.log.info("media worker started", { pid: proc.pid, allocator: allocator.allocator });
    proc.once("error", (err) => options.log.warn("media worker could not start", { error: err.message }));
    proc.once("exit", (code, signal) => {
      child = undefined;
      if (stopping) return;
      if (code === EXIT_MEMORY_CEILING) {
        // The guard behind the allocator fix: it finished its jobs and stopped claiming; a fresh one takes over now.
        options.log.warn("media worker stopped at its memory ceiling after finishing its jobs; starting a fresh one");
        restartTimer = setTimeout(start, 0);
        return;
      }
      if (Date.now() - startedAt > HEALTHY_AFTER_MS) backoff = MIN_BACKOFF_MS;
      options.log.warn(`media worker exited (${signal ?? `code ${code}`}); restarting in ${backoff / 1000} s`);
      restartTimer = setTimeout(start, backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    });
  };
  start();

  return {
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      proc.kill("SIGTERM");
      const timeout = options.stopTimeoutMs ?? 40_000;
      const timer = setTimeout(() => {
        options.log.warn("media worker did not stop in time; killing it");
        proc.kill("SIGKILL");
      }, timeout);
      await exited;
      clearTimeout(timer);
    },
  };
}
