// Every media job works in a fresh private directory under the OS temp dir and
// removes it, whatever happens (PeerTube's transcoding runner does the same).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const PREFIX = "sanshai-media-";

/** A new empty directory (mode 0700, from mkdtemp) under os.tmpdir(). */
export async function createScratchDir(label = "job"): Promise<string> {
  const safeLabel = label.replace(/[^a-z0-9-]/gi, "").slice(0, 32) || "job";
  return mkdtemp(path.join(os.tmpdir(), `${PREFIX}${safeLabel}-`));
}

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
