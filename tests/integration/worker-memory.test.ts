// Issue 13's fix, held in place (README "Memory"): the media worker that
// `npm start` supervises runs on jemalloc (or, without it, glibc limited to two
// malloc arenas), with libvips' cache off; and the guard behind that, a memory
// ceiling, makes a worker finish its running jobs, claim no more and exit for a
// fresh one, without losing or repeating a job.
//
// The real worker (media-worker/index.ts) under the real supervisor
// (scripts/lib/worker-supervisor.ts), this file's database, and the store the
// app would use. The ceiling is set at 1 MB, so every worker hits it within
// seconds of starting: each photo is then worked by whichever worker claimed
// it, exactly once, across several restarts. No wall-clock thresholds.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/server/db/db.server.ts";
import { getQueue, stopQueue } from "~/server/jobs/queue.server.ts";
import { assetJobKey } from "~/server/media/assets.server.ts";
import { requireDatabaseUrl, resetEnvForTests } from "~/server/platform/env.server.ts";
import { allocatorEnv, JEMALLOC_CANDIDATES } from "~/server/platform/memory.server.ts";
import { getStore } from "~/server/storage/storage.server.ts";
import { superviseWorker, type WorkerSupervisor } from "../../scripts/lib/worker-supervisor.ts";
import { createContest, createEntry, createOrgTree, createUser } from "../factories/index.ts";
import { uploadAsset, waitForAssetStatus } from "../factories/media.ts";
import { fixturePath } from "../fixtures/generate.ts";
import { setUpMachineMediaTools } from "../setup/media-tools.ts";
import { waitFor } from "../setup/wait.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "worker-memory-test-"));
const WORKER_TMP = path.join(WORK, "tmp");
fs.mkdirSync(WORKER_TMP);
if (process.env.S3_ENDPOINT) process.env.S3_BUCKET = `memory-${runId}`;
else process.env.DATA_DIR = path.join(WORK, "data");
resetEnvForTests();

describe("the worker's allocator environment", () => {
  const none = () => false;
  const jemallocAt = (p: string) => p === "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

  it("preloads jemalloc when the system has it, else limits glibc to two arenas", () => {
    expect(allocatorEnv("auto", {}, jemallocAt)).toEqual({ allocator: "jemalloc", env: { LD_PRELOAD: "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2" } });
    expect(allocatorEnv("auto", {}, none)).toMatchObject({ allocator: "glibc-2-arenas", env: { MALLOC_ARENA_MAX: "2" } });
    expect(allocatorEnv("auto", {}, none).note).toMatch(/libjemalloc2/);
  });

  it("keeps a preload already there (the Docker image's) and adds to another", () => {
    expect(allocatorEnv("auto", { LD_PRELOAD: "/usr/local/lib/libjemalloc.so.2" }, none)).toEqual({ allocator: "jemalloc", env: {} });
    expect(allocatorEnv("auto", { LD_PRELOAD: "/opt/other.so" }, jemallocAt).env.LD_PRELOAD).toBe("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2:/opt/other.so");
  });

  it("gives glibc's defaults only when asked (for measuring the difference)", () => {
    expect(allocatorEnv("glibc", {}, jemallocAt)).toEqual({ allocator: "glibc", env: {} });
    expect(allocatorEnv("arenas", {}, jemallocAt)).toMatchObject({ allocator: "glibc-2-arenas", env: { MALLOC_ARENA_MAX: "2" } });
  });
});

let supervisor: WorkerSupervisor | undefined;
let logs = "";
let entryId: string;

beforeAll(async () => {
  await setUpMachineMediaTools();
  await getStore().ensureBucket();
  const tree = await createOrgTree();
  const student = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
  const contest = await createContest({
    orgUnitId: tree.county.id,
    categories: [{ kind: "PHOTO", name: "摄影", acceptedMediaKinds: ["IMAGE"], maxFiles: 9, maxFileBytes: 30n * 1024n * 1024n }],
  });
  entryId = (await createEntry({ contestId: contest.id, categoryId: contest.categories[0]!.id, studentId: student.id, classUnit: tree.classA, status: "DRAFT" })).id;
}, 120_000);

afterAll(async () => {
  await supervisor?.stop();
  await stopQueue({ timeoutMs: 5000 });
  fs.rmSync(WORK, { recursive: true, force: true });
});

it("runs the supervised worker on jemalloc (or two arenas) with libvips' cache off, and restarts it at its memory ceiling without losing or repeating a job", { timeout: 300_000 }, async () => {
  const photos = ["photoExif6Gps", "scanCmyk", "photoExif6Gps", "scanCmyk", "photoExif6Gps", "scanCmyk"] as const;
  const assets = [];
  for (const name of photos) assets.push(await uploadAsset({ entryId, kind: "IMAGE", filePath: fixturePath(name), store: getStore() }));

  const supervisorLog: string[] = [];
  supervisor = superviseWorker({
    command: process.execPath,
    args: ["--import", "tsx", path.join(ROOT, "media-worker/index.ts")],
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: requireDatabaseUrl(),
      SCRATCH_DIR: WORKER_TMP,
      LOG_FORMAT: "text",
      NODE_ENV: "test",
      // Every worker is over this at once: it finishes what it claimed, then hands over.
      WORKER_MEMORY_CEILING_MB: "1",
      WORKER_CONCURRENCY_IMAGE: "1",
    },
    allocator: "auto",
    output: (text) => (logs += text),
    log: { info: (m) => supervisorLog.push(m), warn: (m) => supervisorLog.push(m) },
  });

  for (const { id } of assets) await waitForAssetStatus(id, ["READY"], { timeoutMs: 240_000 });

  // The allocator and libvips' settings, as the worker reports them about itself.
  const ready = [...logs.matchAll(/\[worker\] media worker ready (\{[^\n]*\})/g)].map((m) => JSON.parse(m[1]!) as { allocator: string; sharp: Record<string, number> });
  expect(ready.length, logs).toBeGreaterThan(0);
  const hasJemalloc = JEMALLOC_CANDIDATES.some((p) => fs.existsSync(p));
  for (const r of ready) {
    expect(r.allocator).toBe(hasJemalloc ? "jemalloc" : "glibc-2-arenas");
    expect(r.sharp).toMatchObject({ cacheMemoryMaxMb: 0, cacheItemsMax: 0, cacheFilesMax: 0 });
    expect(r.sharp.threadsPerPipeline).toBeLessThanOrEqual(2);
  }

  // The guard fired and the supervisor started a fresh worker at once (no crash backoff).
  await waitFor(() => supervisorLog.some((m) => /stopped at its memory ceiling/.test(m)), { timeoutMs: 60_000, message: () => `a worker stopped at its ceiling:\n${supervisorLog.join("\n")}` });
  expect(logs).toMatch(/memory ceiling reached: finishing running jobs/);
  expect(supervisorLog.filter((m) => /exited \(/.test(m)), "no worker crashed").toEqual([]);

  // Nothing lost, nothing repeated: one attempt per photo, one completed job each.
  const queue = await getQueue({ supervise: false, name: "worker-memory-test" });
  for (const { id } of assets) {
    const row = await getDb().mediaAsset.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "READY", attempts: 1 });
    const jobs = await queue.findJobsByKey("media-image", assetJobKey(id));
    expect(jobs.map((j) => [j.state, j.retryCount])).toEqual([["completed", 0]]);
  }
});
