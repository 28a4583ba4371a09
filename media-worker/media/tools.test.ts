import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { MediaError } from "../../app/domain/media-failures.ts";
import { configureScratchRoot } from "./scratch.ts";
import { reapOrphanedTools, runTool, ToolMissingError } from "./tools.ts";

/** Live, non-zombie processes whose command line holds `marker`. */
function running(marker: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${name}/cmdline`, "utf8");
      const state = fs.readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1]?.[0];
      if (cmdline.includes(marker) && state !== "Z") pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** A sleep length no other process on the machine has on its command line: the processes' marker. */
function uniqueSleep(): string {
  return `${300 + (process.pid % 97)}.${String(Date.now()).slice(-6)}${Math.floor(Math.random() * 1000)}`;
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

describe.runIf(process.platform === "linux")("runTool", () => {
  it("kills the tool's whole process group at its time limit, children included", async () => {
    const marker = uniqueSleep();
    const error = await runTool("sh", ["-c", `sleep ${marker} & sleep ${marker}; wait`], { timeoutMs: 300 }).catch((e: unknown) => e);
    expect((error as MediaError).code).toBe("processing_timeout");
    await until(() => running(marker).length === 0);
  });

  it("calls a missing binary missing, not a failed run", async () => {
    await expect(runTool("/nonexistent/ffmpeg", ["-version"], { timeoutMs: 5000 })).rejects.toBeInstanceOf(ToolMissingError);
  });

  it("hands every stderr line to the caller as it comes", async () => {
    const lines: string[] = [];
    const result = await runTool("sh", ["-c", "printf 'a=1\\nb=2\\npartial' >&2"], { timeoutMs: 5000, onStderrLine: (l) => lines.push(l) });
    expect(result.code).toBe(0);
    expect(lines).toEqual(["a=1", "b=2", "partial"]);
  });
});

describe.runIf(process.platform === "linux")("reapOrphanedTools", () => {
  it("kills what a dead worker left running, and only that", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "reap-test-"));
    configureScratchRoot(root);
    cleanups.push(() => {
      configureScratchRoot(os.tmpdir());
      fs.rmSync(root, { recursive: true, force: true });
    });
    const marker = uniqueSleep();
    const orphan = spawn("sleep", [marker], { detached: true, stdio: "ignore" });
    const bystander = spawn("sleep", [marker], { detached: true, stdio: "ignore" });
    cleanups.push(() => {
      for (const p of [orphan, bystander]) if (p.pid) try { process.kill(-p.pid, "SIGKILL"); } catch { /* gone */ }
    });
    await until(() => running(marker).length === 2);
    const startTime = (pid: number) => fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[19];
    // A worker pid above Linux's pid_max belongs to nobody: that worker is dead.
    const registry = path.join(root, "sanshai-tools-p99999999");
    fs.mkdirSync(registry);
    fs.writeFileSync(path.join(registry, String(orphan.pid)), `${startTime(orphan.pid!)}\nffmpeg\n`);
    // Same pid file but another start time: the pid was reused by someone else's process; leave it be.
    fs.writeFileSync(path.join(registry, String(bystander.pid)), `1\nffmpeg\n`);

    expect(reapOrphanedTools()).toEqual([orphan.pid]);
    await until(() => running(marker).length === 1);
    expect(running(marker)).toEqual([bystander.pid]);
    expect(fs.existsSync(registry)).toBe(false);
  });
});
