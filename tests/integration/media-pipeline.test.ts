// Every media kind through the real pipeline: an original in the object
// store, the UPLOADED transition that queues the job (assets.server.ts), the
// real pg-boss lanes and handlers (registerHandlers, as the worker runs them),
// sharp/ffmpeg, renditions back in the store, READY or FAILED on the row.
// Runs against this file's database (PostgreSQL in CI, PGlite otherwise) and
// against both object stores: the local one (the embedded default) and the
// real S3 server when S3_ENDPOINT is set (Swift in CI).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerHandlers } from "../../media-worker/handlers/index.ts";
import { buildRenditionKey } from "~/domain/storage-keys.ts";
import { deleteAsset, reprocessAsset, retryAsset } from "~/server/media/assets.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { requireDatabaseUrl, resetEnvForTests } from "~/server/platform/env.server.ts";
import { createJobQueue, stopQueue, type JobQueue } from "~/server/jobs/queue.server.ts";
import { createStore, storeConfigFromEnv, type ObjectStore } from "~/server/storage/storage.server.ts";
import { sweepOrphanedObjects } from "~/server/storage/storage-sweep.server.ts";
import { createContest, createEntry, createOrgTree, createUser } from "../factories/index.ts";
import { uploadAsset, waitForAssetStatus } from "../factories/media.ts";
import { ensureFixtures, fixturePath, type FixtureName } from "../fixtures/generate.ts";
import { ffprobeJson, setUpMachineMediaTools } from "../setup/media-tools.ts";
import { addNotice } from "../setup/notices.ts";

const runId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
// Every scratch dir this file's jobs make lands here, so "nothing left behind" is checkable.
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-tmp-"));
process.env.TMPDIR = TMP;
if (process.env.S3_ENDPOINT) process.env.S3_BUCKET = `pipeline-${runId}`;
else addNotice("media pipeline: S3 NOT tested (S3_ENDPOINT unset); only the local store ran");
resetEnvForTests();

const stores: [string, () => ObjectStore][] = [
  ["local store", () => createStore({ kind: "local", root: fs.mkdtempSync(path.join(TMP, "objects-")) })],
  ...(process.env.S3_ENDPOINT ? [["S3 server", () => createStore(storeConfigFromEnv())] as [string, () => ObjectStore]] : []),
];

const MAX_SECONDS = 300;
let ids: { photo: string; video: string; reading: string };

beforeAll(async () => {
  await ensureFixtures();
  await setUpMachineMediaTools();
  const tree = await createOrgTree();
  const student = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
  const contest = await createContest({
    orgUnitId: tree.county.id,
    categories: [
      { kind: "PHOTO", name: "摄影", acceptedMediaKinds: ["IMAGE"], maxFiles: 50 },
      { kind: "VIDEO", name: "小视频", acceptedMediaKinds: ["VIDEO"], maxFiles: 50, maxDurationSeconds: MAX_SECONDS },
      { kind: "READING", name: "读书", acceptedMediaKinds: ["IMAGE", "AUDIO"], maxFiles: 50, maxDurationSeconds: MAX_SECONDS },
    ],
  });
  const entry = async (kind: string) =>
    (await createEntry({ contestId: contest.id, categoryId: contest.categories.find((c) => c.kind === kind)!.id, studentId: student.id, classUnit: tree.classA, status: "DRAFT" })).id;
  ids = { photo: await entry("PHOTO"), video: await entry("VIDEO"), reading: await entry("READING") };
}, 180_000);

afterAll(async () => {
  await stopQueue({ timeoutMs: 5000 });
  // No job left anything in its scratch dir (the stores' own roots live here too).
  const left = fs.readdirSync(TMP).filter((name) => name.startsWith("sanshai-media-"));
  expect(left).toEqual([]);
  fs.rmSync(TMP, { recursive: true, force: true });
});

const ffprobe = ffprobeJson;

describe.each(stores)("media pipeline with the %s", (_name, makeStore) => {
  let store: ObjectStore;
  let queue: JobQueue;
  let failNextDownloadOf: string | undefined;
  const db = () => getDb();

  beforeAll(async () => {
    const real = makeStore();
    await real.ensureBucket();
    // The store as the worker sees it; one download can be made to fail like a network drop.
    store = Object.assign(Object.create(real) as ObjectStore, {
      getToFile: async (key: string, filePath: string) => {
        if (key === failNextDownloadOf) {
          failNextDownloadOf = undefined;
          throw new Error("connect ECONNRESET (simulated store outage)");
        }
        return real.getToFile(key, filePath);
      },
    });
    queue = await createJobQueue({ url: requireDatabaseUrl(), supervise: false, name: "pipeline-test" });
    await registerHandlers(queue, {
      db: db(),
      store,
      concurrency: { image: 2, video: 1, audio: 1 },
      timeoutsMs: { IMAGE: 60_000, VIDEO: 120_000, AUDIO: 60_000 },
    });
  }, 60_000);

  afterAll(async () => {
    await queue?.stop({ timeoutMs: 10_000 });
  });

  const upload = (entryId: string, kind: "IMAGE" | "VIDEO" | "AUDIO", fixture: FixtureName) =>
    uploadAsset({ entryId, kind, filePath: fixturePath(fixture), store });

  async function download(key: string, name: string): Promise<string> {
    const file = path.join(fs.mkdtempSync(path.join(TMP, "check-")), name);
    await store.getToFile(key, file);
    return file;
  }

  async function objectsUnder(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const o of store.list(prefix)) keys.push(o.key);
    return keys;
  }

  it("turns an EXIF-rotated phone photo with GPS into upright, metadata-free WebP and JPEG renditions", async () => {
    const { id } = await upload(ids.photo, "IMAGE", "photoExif6Gps");
    const asset = await waitForAssetStatus(id, ["READY", "FAILED"]);
    expect(asset).toMatchObject({ status: "READY", detectedMime: "image/jpeg", width: 480, height: 640, progress: 100, attempts: 1, failureCode: null });
    expect(asset.renditions.map((r) => r.name)).toEqual(["display.jpg", "display.webp", "large.jpg", "large.webp", "thumb.jpg", "thumb.webp"]);
    for (const r of asset.renditions) {
      expect(r.key).toBe(buildRenditionKey({ entryId: ids.photo, assetId: id, name: r.name.split(".")[0]!, ext: r.name.split(".")[1]! }));
      const file = await download(r.key, r.name);
      const meta = await sharp(file).metadata();
      expect([meta.width, meta.height]).toEqual([r.width, r.height]);
      expect(meta.width!).toBeLessThan(meta.height!); // upright portrait
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(fs.readFileSync(file).includes("iPhone")).toBe(false);
      expect(Number(r.byteSize)).toBe(fs.statSync(file).size);
    }
    expect(asset.renditions.find((r) => r.name === "thumb.webp")).toMatchObject({ width: 320, height: 427, mime: "image/webp" });
  });

  it("makes a portrait phone video an H.264/AAC MP4 ≤720 wide with a poster, reporting progress", async () => {
    const { id } = await upload(ids.video, "VIDEO", "portraitRot90");
    const asset = await waitForAssetStatus(id, ["READY", "FAILED"], { timeoutMs: 120_000 });
    expect(asset).toMatchObject({ status: "READY", width: 720, height: 1280, progress: 100 });
    expect(asset.durationMs).toBeGreaterThan(900);
    expect(asset.renditions.map((r) => r.name)).toEqual(["poster-display.jpg", "poster-display.webp", "poster-thumb.jpg", "poster-thumb.webp", "video.mp4"]);
    const video = asset.renditions.find((r) => r.name === "video.mp4")!;
    expect(video).toMatchObject({ mime: "video/mp4", width: 720, height: 1280 });
    const file = await download(video.key, "video.mp4");
    const probed = ffprobe(file);
    const v = probed.streams.find((s) => s.codec_type === "video")!;
    expect([v.codec_name, v.width, v.height]).toEqual(["h264", 720, 1280]);
    expect(probed.streams.find((s) => s.codec_type === "audio")?.codec_name).toBe("aac");
    const tags = { ...probed.format.tags, ...Object.assign({}, ...probed.streams.map((s) => s.tags ?? {})) } as Record<string, string>;
    for (const key of Object.keys(tags)) expect(key).not.toMatch(/location|creation_time|com\.apple|make|model|rotate/i);
    for (const s of probed.streams) expect(s.side_data_list ?? []).toEqual([]);
    const bytes = fs.readFileSync(file);
    expect(bytes.indexOf("moov")).toBeLessThan(bytes.indexOf("mdat")); // +faststart
    const poster = asset.renditions.find((r) => r.name === "poster-display.jpg")!;
    expect(poster.width!).toBeLessThan(poster.height!);
  }, 150_000);

  it("accepts an iPhone HEVC .mov and a video without sound", async () => {
    const [hevc, silent] = await Promise.all([upload(ids.video, "VIDEO", "hevcMov"), upload(ids.video, "VIDEO", "noAudio")]);
    for (const { id } of [hevc, silent]) {
      const asset = await waitForAssetStatus(id, ["READY", "FAILED"], { timeoutMs: 120_000 });
      expect(asset.status, asset.failureDetail ?? "").toBe("READY");
      const probed = ffprobe(await download(asset.renditions.find((r) => r.name === "video.mp4")!.key, "v.mp4"));
      expect(probed.streams.find((s) => s.codec_type === "video")?.codec_name).toBe("h264");
    }
  }, 250_000);

  it("normalises a reading-aloud recording into AAC .m4a", async () => {
    const { id } = await upload(ids.reading, "AUDIO", "recordingM4a");
    const asset = await waitForAssetStatus(id, ["READY", "FAILED"]);
    expect(asset.status).toBe("READY");
    expect(asset.renditions.map((r) => r.name)).toEqual(["audio.m4a"]);
    const probed = ffprobe(await download(asset.renditions[0]!.key, "audio.m4a"));
    expect(probed.streams.map((s) => s.codec_name)).toEqual(["aac"]);
  });

  it.each([
    ["VIDEO", "zipAsMp4", "archive_not_allowed", undefined],
    ["VIDEO", "hlsAsMp4", "playlist_not_allowed", undefined],
    ["VIDEO", "ffconcatAsMp4", "concat_list_not_allowed", undefined],
    ["VIDEO", "empty", "empty_file", undefined],
    ["VIDEO", "tooLong", "video_too_long", { maxMinutes: 5, maxSeconds: MAX_SECONDS }],
    ["IMAGE", "pixelBomb", "image_too_large_pixels", undefined],
    ["IMAGE", "htmlAsJpeg", "html_not_allowed", undefined],
    ["IMAGE", "svgScript", "svg_not_allowed", undefined],
    ["IMAGE", "truncatedJpeg", "image_corrupt", undefined],
  ] as const)("refuses a %s upload of %s with %s, once, and keeps working", async (kind, fixture, code, params) => {
    const entryId = kind === "VIDEO" ? ids.video : ids.photo;
    const { id } = await upload(entryId, kind, fixture as FixtureName);
    const asset = await waitForAssetStatus(id, ["READY", "FAILED"], { timeoutMs: 90_000 });
    expect(asset).toMatchObject({ status: "FAILED", failureCode: code, attempts: 1, progress: 0 });
    if (params) expect(asset.failureParams).toEqual(params);
    expect(asset.renditions).toEqual([]);
    expect(await objectsUnder(`entries/${entryId}/renditions/${id}/`)).toEqual([]);
    // Permanent: failed for good on the first attempt, never retried.
    const jobs = await queue.findJobsByKey(kind === "VIDEO" ? "media-video" : "media-image", `asset:${id}`);
    expect(jobs.map((j) => [j.state, j.retryCount])).toEqual([["failed", 0]]);
  }, 100_000);

  it("retries a transient failure (the store dropped the connection) and then succeeds", async () => {
    const { id: assetId, originalKey } = await upload(ids.photo, "IMAGE", "photoWebp");
    await waitForAssetStatus(assetId, ["READY"]);
    // Process it again; that run's download fails like a dropped connection, the queue's retry succeeds.
    failNextDownloadOf = originalKey;
    expect(await reprocessAsset(assetId, null)).toBe(true);
    const asset = await waitForAssetStatus(assetId, ["READY", "FAILED"], { timeoutMs: 60_000 });
    expect(failNextDownloadOf).toBeUndefined(); // the simulated outage really happened
    expect(asset).toMatchObject({ status: "READY", attempts: 3 }); // first run, failed run, retry
    const jobs = await queue.findJobsByKey("media-image", `asset:${assetId}`);
    expect(jobs.map((j) => [j.state, j.retryCount])).toEqual([
      ["completed", 0],
      ["completed", 1],
    ]);
  }, 90_000);

  it("re-running a job yields the same objects and no duplicate rows", async () => {
    const { id } = await upload(ids.photo, "IMAGE", "scanCmyk");
    const first = await waitForAssetStatus(id, ["READY", "FAILED"]);
    expect(first.status).toBe("READY");
    const objectsBefore = await objectsUnder(`entries/${ids.photo}/renditions/${id}/`);
    expect(objectsBefore).toHaveLength(6);

    expect(await reprocessAsset(id, null)).toBe(true);
    const second = await waitForAssetStatus(id, ["READY", "FAILED"]);
    expect(second.attempts).toBe(2);
    expect(second.renditions.map((r) => [r.id, r.name, r.key])).toEqual(first.renditions.map((r) => [r.id, r.name, r.key]));
    expect(await objectsUnder(`entries/${ids.photo}/renditions/${id}/`)).toEqual(objectsBefore);
    expect(await db().rendition.count({ where: { assetId: id } })).toBe(6);

    // A stale duplicate job for a READY file does nothing.
    const dup = await queue.send("media.process-image", { assetId: id });
    await expect.poll(async () => (await queue.getJob("media-image", dup!))?.state, { timeout: 30_000 }).toBe("completed");
    expect((await queue.getJob("media-image", dup!))?.output).toEqual({ skipped: true });
    const third = await db().mediaAsset.findUniqueOrThrow({ where: { id } });
    expect(third.attempts).toBe(2);
    expect(await db().auditLog.count({ where: { action: "media.ready", subjectId: id } })).toBe(2);
  }, 90_000);

  it("retry of a failed file is refused unless it failed; a deleted file loses its objects", async () => {
    const { id } = await upload(ids.photo, "IMAGE", "photoExif6Gps");
    await waitForAssetStatus(id, ["READY"]);
    expect(await retryAsset(id, null)).toBe("not_failed");
    const keys = await objectsUnder(`entries/${ids.photo}/renditions/${id}/`);
    expect(keys).toHaveLength(6);
    expect(await deleteAsset(id, null, { store })).toBe(true);
    expect(await deleteAsset(id, null, { store })).toBe(false);
    expect(await objectsUnder(`entries/${ids.photo}/renditions/${id}/`)).toEqual([]);
    expect(await store.stat(`entries/${ids.photo}/originals/${id}`)).toBeNull();
    const row = await db().mediaAsset.findUniqueOrThrow({ where: { id }, include: { renditions: true } });
    expect(row.status).toBe("DELETED");
    expect(row.renditions).toEqual([]);
  });

  it("sweeps objects no row owns and keeps every owned one", async () => {
    const { id: ready } = await upload(ids.photo, "IMAGE", "photoWebp");
    await waitForAssetStatus(ready, ["READY"]);
    const owned = [`entries/${ids.photo}/originals/${ready}`, ...(await objectsUnder(`entries/${ids.photo}/renditions/${ready}/`))];
    const orphans = [
      `entries/${ids.photo}/renditions/${ready}/stale-old.webp`, // a rendition no row names
      `entries/${ids.photo}/renditions/nosuchasset/thumb.webp`, // an asset that does not exist
      `entries/${ids.photo}/originals/nosuchasset`,
      `entries/${ids.photo}/originals/nosuchasset.info`,
    ];
    for (const key of orphans) await store.put(key, Buffer.from("orphan"));
    // Objects' ages are the subject: the sweep's clock is moved two hours on instead of waiting for them to age.
    const later = new Date(Date.now() + 2 * 3600_000);
    const result = await sweepOrphanedObjects({ olderThanHours: 1, now: later, db: db(), store });
    expect(result.deleted).toBeGreaterThanOrEqual(orphans.length);
    for (const key of orphans) expect(await store.stat(key), key).toBeNull();
    for (const key of owned) expect(await store.stat(key), key).not.toBeNull();
    // An orphan younger than the cutoff is left for a later sweep (a job may be writing it right now).
    const young = `entries/${ids.photo}/renditions/youngasset/thumb.webp`;
    await store.put(young, Buffer.from("young"));
    expect((await sweepOrphanedObjects({ olderThanHours: 1, db: db(), store })).deleted).toBe(0);
    expect(await store.stat(young)).not.toBeNull();
  });
});
