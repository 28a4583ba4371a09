// Every media job works in a fresh private directory under the scratch root
// and removes it, whatever happens (PeerTube's transcoding runner does the
// same). The root is one configured directory (the worker passes SCRATCH_DIR,
// by default DATA_DIR/tmp), so what a crashed worker leaves is found and
// removed at the next start; the engine on its own (tests, benchmarks) uses
// the OS temp dir.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { processExists as isAlive } from "../../app/server/platform/scratch-space.server.ts";

const PREFIX = "sanshai-media-";

let scratchRoot: string | undefined;

/** Where scratch dirs (and the running-tools registry) live; created if missing (mode 0700). */
export function configureScratchRoot(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  scratchRoot = path.resolve(dir);
}

export function getScratchRoot(): string {
  return scratchRoot ?? os.tmpdir();
}

/**
 * A new empty directory (mode 0700, from mkdtemp) under the scratch root,
 * named `sanshai-media-<label>-p<pid>-XXXXXX`: the pid lets a restarted worker
 * find what a killed one (SIGKILL, OOM) could not clean up.
 */
export async function createScratchDir(label = "job"): Promise<string> {
  const safeLabel = label.replace(/[^a-z0-9-]/gi, "").slice(0, 40) || "job";
  return mkdtemp(path.join(getScratchRoot(), `${PREFIX}${safeLabel}-p${process.pid}-`));
}

/**
 * Removes scratch dirs left by worker processes that no longer exist (a
 * killed worker's `finally` never ran). Dirs of live processes, this one's
 * included, are left alone. Run at worker boot. Resolves with what it removed.
 */
export async function sweepStaleScratchDirs(): Promise<string[]> {
  const root = getScratchRoot();
  const removed: string[] = [];
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const pid = name.startsWith(PREFIX) ? /-p(\d+)-[^-]+$/.exec(name)?.[1] : undefined;
    if (!pid || isAlive(Number(pid))) continue;
    await removeScratchDir(path.join(root, name));
    removed.push(name);
  }
  return removed;
}

export { isAlive };

export async function removeScratchDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Runs `fn` with a fresh scratch directory and removes the directory in
 * `finally` (success, failure or timeout). Upload the outputs inside `fn`.
 */
export async function withScratchDir<T>(fn: (dir: string) => Promise<T>, label?: string): Promise<T> {
  const dir = await createScratchDir(label);
  try {
    return await fn(dir);
  } finally {
    await removeScratchDir(dir);
  }
}

/** A private sub-directory for one step's intermediates, removed by the caller in `finally`. */
export async function createWorkDir(scratchDir: string, label: string): Promise<string> {
  return mkdtemp(path.join(scratchDir, `.work-${label}-`));
}
