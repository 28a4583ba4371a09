// One configured place for temporary bytes (SCRATCH_DIR, default DATA_DIR/tmp):
// upload buffers of the app, media jobs' scratch dirs, anything a library
// writes through os.tmpdir(). Each process claims `<label>-p<pid>` under it
// and points its own TMPDIR there, so @tus/s3-store's part buffers (written to
// os.tmpdir(), with no option to move them) land where they can be found; at
// start, what processes of the same label that no longer exist left behind is
// removed (a crash mid-upload must not keep a piece of a child's video).
//
// This writes process.env.TMPDIR: the one exception to "only env.server.ts
// touches process.env", because os.tmpdir() reads it on every call.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type ClaimedTempDir = { dir: string; removed: string[] };

export function claimProcessTempDir(scratchDir: string, label: "app" | "worker"): ClaimedTempDir {
  fs.mkdirSync(scratchDir, { recursive: true, mode: 0o700 });
  const removed = removeDeadProcessDirs(scratchDir, label);
  const dir = path.join(scratchDir, `${label}-${os.hostname()}-p${process.pid}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env.TMPDIR = dir;
  return { dir, removed };
}

/** Dirs of `label` processes on this host that are gone. Other hosts' dirs (a shared volume) are theirs to clean. */
function removeDeadProcessDirs(scratchDir: string, label: string): string[] {
  const pattern = new RegExp(`^${label}-${escapeRegExp(os.hostname())}-p(\\d+)$`);
  const removed: string[] = [];
  for (const name of fs.readdirSync(scratchDir)) {
    const pid = pattern.exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || processExists(Number(pid))) continue;
    fs.rmSync(path.join(scratchDir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** Whether a process with this pid exists on this machine (EPERM: it does, but belongs to someone else). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
