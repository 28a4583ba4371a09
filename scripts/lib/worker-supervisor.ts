// Runs the media worker as a child process and restarts it with backoff when
// it dies, so one crashing job cannot take the web app down with it (and a
// crash loop does not spin the CPU).
import { spawn, type ChildProcess } from "node:child_process";
import { EXIT_MEMORY_CEILING } from "~/server/platform/memory.server.ts";

export interface WorkerSupervisorOptions {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: { info(m: string, d?: Record<string, unknown>): void; warn(m: string, d?: Record<string, unknown>): void };
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

  const start = () => {
    const startedAt = Date.now();
    // An IPC channel: the worker shuts itself down when it closes (the parent died without a signal).
    const proc = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child = proc;
    options.log.info("media worker started", { pid: proc.pid });
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
