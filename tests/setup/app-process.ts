// Starts the real `npm start` (scripts/start.sh, which execs scripts/start.ts) as a child process for
// end-to-end tests: PORT=0, its own DATA_DIR, and only the configuration the
// test passes (DATABASE_URL and S3_* from the test runner's environment are
// removed unless given, so "no configuration" really means none).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { waitFor } from "./wait.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const STRIPPED = /^(DATABASE_URL|S3_[A-Z_]+|SESSION_SECRET|PORT|DATA_DIR|NODE_ENV|SEED_DEMO_DATA|VITEST.*|TEST)$/;

export interface StartAppOptions {
  /** Extra environment for the app (e.g. DATABASE_URL, S3_*). */
  env?: Record<string, string>;
  /** Use this data directory (kept after stop, e.g. for a second start); default: a fresh temporary one, removed on stop. */
  dataDir?: string;
  /** Arguments for scripts/start.ts, e.g. ["--no-worker"]. */
  args?: string[];
  /** How long to wait for the app to be ready (first start may build the web app). */
  timeoutMs?: number;
}

export interface RunningApp {
  baseUrl: string;
  dataDir: string;
  /** Everything the app printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL to the app and everything it started (a power cut, the OOM killer); the data dir is kept. */
  kill(): Promise<void>;
}

export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "sanshai-app-"));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !STRIPPED.test(key)) env[key] = value;
  }
  Object.assign(env, { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir }, options.env);

  // Exactly what `npm start` runs (scripts/start.sh: its V8 flags, jemalloc for the app where installed),
  // on this runner's node; `exec` there keeps the child's pid the app's.
  env.PATH = `${path.dirname(process.execPath)}${path.delimiter}${env.PATH ?? ""}`;
  // detached: its own process group, so stop() reaches the worker and the build too.
  const child = spawn("sh", [path.join(ROOT, "scripts/start.sh"), ...(options.args ?? [])], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child.pid!, "SIGTERM");
      const killer = setTimeout(() => signalGroup(child.pid!, "SIGKILL"), 60_000);
      await exited;
      clearTimeout(killer);
      // The group's other members (the worker) may outlive the parent by a moment.
      signalGroup(child.pid!, "SIGKILL");
    }
    if (ownDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child.pid!, "SIGKILL");
      await exited;
    }
  };

  try {
    const baseUrl = await waitForReady(() => output, exited, options.timeoutMs ?? 280_000);
    await waitForHealthy(baseUrl);
    return { baseUrl, dataDir, output: () => output, stop, kill };
  } catch (err) {
    await stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- app output ---\n${output}`);
  }
}

async function waitForReady(output: () => string, exited: Promise<number | null>, timeoutMs: number): Promise<string> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  return waitFor(
    () => {
      const match = /ready url=(http:\/\/[^\s"]+)/.exec(output());
      if (match) return match[1]!;
      if (exitCode !== undefined) throw new Error(`the app exited (code ${exitCode}) before it was ready`);
      return null;
    },
    { timeoutMs, message: "the app printed its ready line" },
  );
}

async function waitForHealthy(baseUrl: string): Promise<void> {
  await waitFor(
    // Not listening yet is an ordinary "not yet".
    () => fetch(`${baseUrl}/healthz`).then((res) => res.ok, () => false),
    { intervalMs: 200, message: `${baseUrl}/healthz answered 200` },
  );
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
