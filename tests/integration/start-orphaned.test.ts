// `npm start` is npm → sh → node scripts/start.ts → media worker. When the
// process above scripts/start.ts goes away without passing a signal on (SIGKILL,
// or an npm that exits on SIGTERM before its child), the app, the worker and the
// embedded database must stop too instead of running on as orphans, holding the
// port and the data directory. Here the parent is a shell we control that runs
// start.ts in the background and does not forward anything, on an empty DATA_DIR.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { processesInGroup } from "../setup/processes.ts";
import { waitFor, type WaitOptions } from "../setup/wait.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// As tests/setup/app-process.ts: nothing of the test runner's configuration leaks into the app.
const STRIPPED = /^(DATABASE_URL|TEST_ADMIN_DATABASE_URL|S3_[A-Z_]+|SESSION_SECRET|PORT|DATA_DIR|NODE_ENV|SEED_DEMO_DATA|VITEST.*|TEST)$/;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sanshai-orphan-"));
let parent: ChildProcess | undefined;

afterEach(() => {
  // Whatever is left of the process group this test started (only on failure).
  if (parent?.pid) signalGroup(parent.pid, "SIGKILL");
  parent = undefined;
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start's process stops when its parent goes away", () => {
  for (const signal of ["SIGTERM", "SIGKILL"] as const) {
    it(`stops the app, the worker and the embedded database when the parent gets ${signal}`, { timeout: 400_000 }, async () => {
      const started = await startUnderShell();
      parent = started.parent;
      const group = started.parent.pid!;
      expect(processesInGroup(group).length).toBeGreaterThanOrEqual(3); // shell, start.ts, worker

      process.kill(group, signal); // the shell only, not its group: nothing is forwarded

      await waitFor(() => refusesConnections(started.port), withOutput(`port ${started.port} refuses connections`, started.output));
      await waitFor(() => processesInGroup(group).length === 0, withOutput("no process of the tree remains", started.output));
      expect(started.output()).toContain("stopping (parent process exited)");
      expect(started.output()).toMatch(/\bstopped\b/);
    });
  }
});

async function startUnderShell(): Promise<{ parent: ChildProcess; port: number; output: () => string }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !STRIPPED.test(key)) env[key] = value;
  }
  Object.assign(env, { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir });
  // `"$@" &` then `wait`: start.ts is the shell's child, and a signal to the shell is not passed on.
  const shell = spawn("/bin/sh", ["-c", '"$@" & wait', "sh", process.execPath, "--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    detached: true, // its own process group: how this test finds (and, on failure, ends) the whole tree
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  shell.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  shell.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const read = () => output;
  let port = 0;
  await waitFor(
    () => {
      const match = /ready url=http:\/\/[^\s:]+:(\d+)/.exec(output);
      if (match) port = Number(match[1]);
      return port > 0 && /media worker started/.test(output);
    },
    { ...withOutput("the app is ready and its worker started", read), timeoutMs: 330_000 },
  );
  return { parent: shell, port, output: read };
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

/** Wait options whose timeout message carries the processes' output so far. */
function withOutput(what: string, output: () => string): WaitOptions {
  return { timeoutMs: 60_000, message: () => `${what}\n--- output ---\n${output()}` };
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // already gone
  }
}
