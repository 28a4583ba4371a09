import { existsSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { createWorkDir, sweepStaleScratchDirs, withScratchDir } from "./scratch.ts";

describe("withScratchDir", () => {
  it("gives a fresh private dir under the OS temp dir and removes it afterwards", async () => {
    let seen = "";
    const value = await withScratchDir(async (dir) => {
      seen = dir;
      expect(path.dirname(dir)).toBe(os.tmpdir());
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      await writeFile(path.join(dir, "upload"), "x");
      const work = await createWorkDir(dir, "image");
      expect(path.dirname(work)).toBe(dir);
      return 42;
    }, "image");
    expect(value).toBe(42);
    expect(existsSync(seen)).toBe(false);
  });

  it("removes it when the job throws", async () => {
    let seen = "";
    await expect(
      withScratchDir(async (dir) => {
        seen = dir;
        await writeFile(path.join(dir, "partial.mp4"), "x");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(existsSync(seen)).toBe(false);
  });

  it("keeps labels out of path tricks", async () => {
    await withScratchDir(async (dir) => {
      expect(path.dirname(dir)).toBe(os.tmpdir());
      expect(path.basename(dir)).toMatch(/^sanshai-media-etcpasswd-/);
    }, "../../etc/passwd");
  });

  it("sweeps dirs left by dead worker processes and keeps live ones", async () => {
    // A pid far above pid_max (at most 2^22 on Linux) belongs to no process.
    const dead = path.join(os.tmpdir(), "sanshai-media-video-x-p99999999-AbC123");
    mkdirSync(path.join(dead, "out"), { recursive: true });
    await withScratchDir(async (live) => {
      const removed = await sweepStaleScratchDirs();
      expect(removed).toContain(path.basename(dead));
      expect(existsSync(dead)).toBe(false);
      expect(existsSync(live)).toBe(true);
    }, "video");
  });
});
