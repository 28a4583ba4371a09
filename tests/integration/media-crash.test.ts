// The worker alone is killed (SIGKILL: no JavaScript runs, as when the OOM
// killer picks it) in the middle of a video transcode: its ffmpeg, in a
// process group of its own, must die with it (the kernel's death signal), not
// run on as an orphan beside the retry. Then the worker is started again: the
// job is retried once its heartbeat goes silent, the file becomes READY
// exactly once, with one set of renditions, and the dead worker's scratch dir
// is cleaned up by the new one.
// The real `npm run worker` process (media-worker/index.ts), this file's
// database, and the store the app would use (local, or S3 when configured).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/server/db/db.server.ts";
import { requireDatabaseUrl, resetEnvForTests } from "~/server/platform/env.server.ts";
import { getQueue, stopQueue } from "~/server/jobs/queue.server.ts";
import { getStore } from "~/server/storage/storage.server.ts";
import { createContest, createEntry, createOrgTree, createUser } from "../factories/index.ts";
import { uploadAsset, waitForAssetStatus } from "../factories/media.ts";
import { ffmpegPath, setUpMachineMediaTools } from "../setup/media-tools.ts";
import { waitFor } from "../setup/wait.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "crash-test-"));
// The workers' SCRATCH_DIR: their scratch dirs land here, and nowhere else.
const WORKER_TMP = path.join(WORK, "tmp");
fs.mkdirSync(WORKER_TMP);
if (process.env.S3_ENDPOINT) process.env.S3_BUCKET = `crash-${runId}`;
else process.env.DATA_DIR = path.join(WORK, "data");
resetEnvForTests();

const workers: ChildProcess[] = [];
let logs = "";

function startWorker(): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: requireDatabaseUrl(),
    // Its scratch root (media jobs' dirs): SCRATCH_DIR, not TMPDIR, since the worker claims a temp dir under it.
    SCRATCH_DIR: WORKER_TMP,
    // Detect the killed worker quickly: heartbeat every 5 s, silent after 10 s, checked every second.
    JOB_HEARTBEAT_SECONDS: "10",
    JOB_SUPERVISE_INTERVAL_SECONDS: "1",
    LOG_FORMAT: "text",
    NODE_ENV: "test",
  };
  // detached: its own process group, so that afterAll can clean up; the test itself kills the worker's pid only.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "media-worker/index.ts")], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (c: Buffer) => (logs += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (logs += c.toString()));
  workers.push(child);
  return child;
}

/** Signals the worker process (`group`: its whole process group, for clean-up) and waits for it to exit. */
async function kill(child: ChildProcess, signal: NodeJS.Signals, options: { group?: boolean } = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(options.group ? -child.pid! : child.pid!, signal);
  } catch {
    /* already gone */
  }
  await exited;
}

/** Live processes (other than this one) whose command line names `text`: the worker's ffmpeg and ffprobe. */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    if (Number(pid) === process.pid) continue;
    let cmdline = "";
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
    } catch {
      continue; // exited meanwhile
    }
    const state = (() => {
      try {
        return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0];
      } catch {
        return undefined;
      }
    })();
    if (cmdline.includes(text) && state !== "Z") found.push(`${pid}: ${cmdline.slice(0, 160)}`);
  }
  return found;
}

let entryId: string;
let videoPath: string;

beforeAll(async () => {
  await setUpMachineMediaTools();
  await getStore().ensureBucket();
  // Long enough (24 s of 720p) that the kill lands mid-transcode on any machine.
  videoPath = path.join(WORK, "long.mp4");
  execFileSync(ffmpegPath(), [
    "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=24", "-f", "lavfi", "-i", "sine=frequency=440:duration=24",
    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", videoPath,
  ]);
  const tree = await createOrgTree();
  const student = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
  const contest = await createContest({
    orgUnitId: tree.county.id,
    categories: [{ kind: "VIDEO", name: "小视频", acceptedMediaKinds: ["VIDEO"], maxFiles: 3, maxDurationSeconds: 300, maxFileBytes: 200n * 1024n * 1024n }],
  });
  entryId = (await createEntry({ contestId: contest.id, categoryId: contest.categories[0]!.id, studentId: student.id, classUnit: tree.classA, status: "DRAFT" })).id;
}, 120_000);

afterAll(async () => {
  for (const w of workers) await kill(w, "SIGKILL", { group: true });
  await stopQueue({ timeoutMs: 5000 });
  fs.rmSync(WORK, { recursive: true, force: true });
});

const scratchDirs = () => fs.readdirSync(WORKER_TMP).filter((n) => n.startsWith("sanshai-media-"));

it("finishes a video exactly once after its worker is killed mid-transcode", async () => {
  const first = startWorker();
  const { id } = await uploadAsset({ entryId, kind: "VIDEO", filePath: videoPath, store: getStore() });

  // Mid-transcode: progress is being reported and is not yet done.
  await expect
    .poll(async () => (await getDb().mediaAsset.findUniqueOrThrow({ where: { id } })).progress, { timeout: 120_000, interval: 100 })
    .toBeGreaterThanOrEqual(10);
  const during = await getDb().mediaAsset.findUniqueOrThrow({ where: { id } });
  expect(during).toMatchObject({ status: "PROCESSING", attempts: 1 });
  expect(during.progress).toBeLessThan(100);
  expect(scratchDirs()).toHaveLength(1);

  expect(processesMentioning(WORKER_TMP).some((p) => p.includes("ffmpeg")), "ffmpeg runs in the scratch dir").toBe(true);
  await kill(first, "SIGKILL");
  // Its ffmpeg dies with it (not left transcoding beside the retry): nothing runs in its scratch dir any more.
  await waitFor(() => processesMentioning(WORKER_TMP).length === 0, { timeoutMs: 5_000, intervalMs: 50, message: () => `the killed worker's ffmpeg is gone: ${processesMentioning(WORKER_TMP).join("; ")}` });
  // So nobody finishes the file while no worker runs; the dead worker's scratch dir is still there.
  expect((await getDb().mediaAsset.findUniqueOrThrow({ where: { id } })).status).toBe("PROCESSING");
  expect(scratchDirs()).toHaveLength(1);

  startWorker();
  const asset = await waitForAssetStatus(id, ["READY", "FAILED"], { timeoutMs: 240_000 });
  expect(asset.status, logs).toBe("READY");
  expect(asset.attempts).toBe(2);
  expect(asset.renditions.map((r) => r.name)).toEqual(["poster-display.jpg", "poster-display.webp", "poster-thumb.jpg", "poster-thumb.webp", "video.mp4"]);
  // Ready exactly once: one completion recorded, one job that completed on its retry.
  expect(await getDb().auditLog.count({ where: { action: "media.ready", subjectId: id } })).toBe(1);
  const jobs = await (await getQueue()).findJobsByKey("media-video", `asset:${id}`);
  expect(jobs.map((j) => [j.state, j.retryCount])).toEqual([["completed", 1]]);
  // One set of objects, and the killed worker's scratch dir was removed by the new one.
  const keys: string[] = [];
  for await (const o of getStore().list(`entries/${entryId}/renditions/${id}/`)) keys.push(o.key);
  expect(keys.map((k) => path.basename(k)).sort()).toEqual(["poster-display.jpg", "poster-display.webp", "poster-thumb.jpg", "poster-thumb.webp", "video.mp4"]);
  await expect.poll(() => scratchDirs(), { timeout: 10_000 }).toEqual([]);
}, 420_000);
