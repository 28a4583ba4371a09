// Resumable uploads (tus) end to end: a real HTTP server with the /uploads
// handler, tus-js-client as the browser would use it, this file's own
// database, and the object store the app would use (the local store, or a
// real S3 server when S3_ENDPOINT is set, in a bucket of this file's own).
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import { Upload } from "tus-js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/server/db/db.server.ts";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import { deleteAsset } from "~/server/media/assets.server.ts";
import { getQueue, stopQueue } from "~/server/jobs/queue.server.ts";
import { getStore, type ObjectStore } from "~/server/storage/storage.server.ts";
import { createUploadHandler } from "~/server/uploads/uploads.server.ts";
import { sweepAbandonedUploads } from "~/server/uploads/upload-store.server.ts";
import { createContest, createEntry, createOrgTree, createUser, linkGuardian, type OrgTree, type TestUser } from "../factories/index.ts";
import { signedInBrowser, type Browser } from "../factories/requests.ts";
import { addNotice } from "../setup/notices.ts";
import { waitFor } from "../setup/wait.ts";

const MiB = 1024 * 1024;
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;

// Test harness: point this file's store at its own directory or bucket before anything reads it.
if (process.env.S3_ENDPOINT) {
  process.env.S3_BUCKET = `uploads-${runId}`;
} else {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "uploads-test-"));
  addNotice("uploads: S3 NOT tested (S3_ENDPOINT unset); only the local store ran");
}
resetEnvForTests();

let store: ObjectStore;
let server: Server;
let endpoint: string;
let tree: OrgTree;
let student: TestUser;
let guardian: TestUser;
let browser: Browser;
let guardianBrowser: Browser;
let readingEntryId: string;
let photoEntryId: string;
let otherEntryId: string;

beforeAll(async () => {
  store = getStore();
  await store.ensureBucket();
  const app = express();
  app.use("/uploads", createUploadHandler());
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/uploads`;

  tree = await createOrgTree();
  student = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
  guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.classA.id });
  await linkGuardian({ guardianId: guardian.id, studentId: student.id });
  const otherStudent = await createUser({ role: "STUDENT", orgUnitId: tree.otherClass.id });
  const contest = await createContest({
    orgUnitId: tree.county.id,
    categories: [
      { kind: "READING", name: "读书", acceptedMediaKinds: ["IMAGE", "AUDIO"], maxFiles: 6, maxFileBytes: 20n * BigInt(MiB) },
      { kind: "PHOTO", name: "摄影", acceptedMediaKinds: ["IMAGE"], maxFiles: 3, maxFileBytes: 1n * BigInt(MiB) },
    ],
  });
  const reading = contest.categories.find((c) => c.kind === "READING")!;
  const photo = contest.categories.find((c) => c.kind === "PHOTO")!;
  readingEntryId = (await createEntry({ contestId: contest.id, categoryId: reading.id, studentId: student.id, classUnit: tree.classA, status: "DRAFT" })).id;
  photoEntryId = (await createEntry({ contestId: contest.id, categoryId: photo.id, studentId: student.id, classUnit: tree.classA, status: "DRAFT" })).id;
  otherEntryId = (await createEntry({ contestId: contest.id, categoryId: reading.id, studentId: otherStudent.id, classUnit: tree.otherClass })).id;
  browser = await signedInBrowser(student.id);
  guardianBrowser = await signedInBrowser(guardian.id);
});

afterAll(async () => {
  await stopQueue({ timeoutMs: 5000 });
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

function sha256(buf: Buffer): string {
  return createHash("sha256").update(buf).digest("hex");
}

async function readObject(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function tusHeaders(b: Browser, withCsrf = true): Record<string, string> {
  return { Cookie: b.cookie, ...(withCsrf ? { "X-CSRF-Token": b.csrf } : {}) };
}

type Started = { upload: Upload; done: Promise<void>; sent: () => number };

function startUpload(
  data: Buffer,
  options: { browser: Browser; entryId: string; kind?: string; uploadUrl?: string; abortAfterFirstChunk?: boolean },
): Started {
  let sent = 0;
  let upload!: Upload;
  const done = new Promise<void>((resolve, reject) => {
    upload = new Upload(data, {
      endpoint,
      uploadUrl: options.uploadUrl ?? null,
      chunkSize: 5 * MiB,
      retryDelays: [],
      uploadSize: data.length,
      metadata: { entryId: options.entryId, kind: options.kind ?? "image", filename: "我的作品.jpg", filetype: "image/jpeg" },
      headers: tusHeaders(options.browser),
      onChunkComplete: (chunkSize) => {
        sent += chunkSize;
        if (options.abortAfterFirstChunk) {
          void upload.abort().then(() => resolve());
        }
      },
      onSuccess: () => resolve(),
      onError: (error) => reject(error),
    });
    upload.start();
  });
  return { upload, done, sent: () => sent };
}

async function assetForUrl(url: string) {
  const key = Buffer.from(url.split("/").pop()!, "base64url").toString("utf8");
  return getDb().mediaAsset.findUniqueOrThrow({ where: { originalKey: key } });
}

/** A raw tus creation request (POST), for the refusals. */
async function createRaw(input: { browser: Browser; entryId: string; kind: string; size: number; csrf?: boolean; endpoint?: string }) {
  const meta = { entryId: input.entryId, kind: input.kind, filename: "x.bin" };
  const res = await fetch(input.endpoint ?? endpoint, {
    method: "POST",
    headers: {
      "Tus-Resumable": "1.0.0",
      "Upload-Length": String(input.size),
      "Upload-Metadata": Object.entries(meta)
        .map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`)
        .join(","),
      ...tusHeaders(input.browser, input.csrf ?? true),
    },
  });
  return { status: res.status, body: await res.text(), location: res.headers.get("Location") };
}

async function assetCount(entryId: string): Promise<number> {
  return getDb().mediaAsset.count({ where: { entryId } });
}

async function storedKeys(entryId: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list(`entries/${entryId}/`)) keys.push(o.key);
  return keys;
}

describe(`resumable uploads (${process.env.S3_ENDPOINT ? "s3" : "local"} store)`, () => {
  it("a 13 MiB upload in 5 MiB chunks arrives whole at the server-built key and the asset is UPLOADED", async () => {
    const data = randomBytes(13 * MiB);
    const started = startUpload(data, { browser, entryId: readingEntryId });
    await started.done;
    const url = started.upload.url!;
    const asset = await assetForUrl(url);
    expect(asset.originalKey).toBe(`entries/${readingEntryId}/originals/${asset.id}`);
    expect(asset.originalKey).not.toContain("作品");
    expect(asset.status).toBe("UPLOADED");
    expect(asset.kind).toBe("IMAGE");
    expect(asset.originalName).toBe("我的作品.jpg");
    expect(asset.declaredMime).toBe("image/jpeg");
    expect(Number(asset.byteSize)).toBe(data.length);
    expect(sha256(await readObject(asset.originalKey))).toBe(sha256(data));
    // Nothing but the original is left under the entry's keys.
    expect(await storedKeys(readingEntryId)).toEqual([asset.originalKey]);
    // The processing job was queued with the UPLOADED transition (no worker runs in this file).
    const jobs = await (await getQueue()).findJobsByKey("media-image", `asset:${asset.id}`);
    expect(jobs.map((j) => [j.state, j.data])).toEqual([["created", { job: "media.process-image", payload: { assetId: asset.id } }]]);
  });

  it("resumes after an abort: the second attempt sends only the remaining bytes", async () => {
    const data = randomBytes(13 * MiB);
    const first = startUpload(data, { browser: guardianBrowser, entryId: readingEntryId, abortAfterFirstChunk: true });
    await first.done;
    const url = first.upload.url!;
    expect(first.sent()).toBe(5 * MiB);
    expect((await assetForUrl(url)).status).toBe("UPLOADING");

    const second = startUpload(data, { browser: guardianBrowser, entryId: readingEntryId, uploadUrl: url });
    await second.done;
    expect(second.sent()).toBeLessThan(data.length);
    expect(second.sent()).toBe(data.length - 5 * MiB);
    const asset = await assetForUrl(url);
    expect(asset.status).toBe("UPLOADED");
    expect(sha256(await readObject(asset.originalKey))).toBe(sha256(data));
  });

  it("refuses a file over the category's maxFileBytes at creation: no asset row, nothing stored", async () => {
    const res = await createRaw({ browser, entryId: photoEntryId, kind: "image", size: 2 * MiB });
    expect(res.status).toBe(413);
    expect(res.location).toBeNull();
    expect(await assetCount(photoEntryId)).toBe(0);
    expect(await storedKeys(photoEntryId)).toEqual([]);
  });

  it("refuses an over-size declaration with tus's own cap, before any hook counts or writes anything, in the category's words", async () => {
    const app = express();
    app.use("/uploads", createUploadHandler({ rateLimit: { limit: 2, windowSeconds: 3600 } }));
    const limited = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(limited.address() as AddressInfo).port}/uploads`;
      for (let i = 0; i < 4; i++) {
        const res = await createRaw({ browser, entryId: photoEntryId, kind: "image", size: 2 * MiB, endpoint: url });
        expect(res.status).toBe(413);
        expect(JSON.parse(res.body)).toMatchObject({ code: "file_too_large", params: { maxMb: 1 } });
      }
      // Four refusals spent none of the two creations this user has: tus refused them before onUploadCreate.
      const ok = await createRaw({ browser, entryId: photoEntryId, kind: "image", size: 100, endpoint: url });
      expect(ok.status).toBe(201);
    } finally {
      await new Promise<void>((resolve) => limited.close(() => resolve()));
      await getDb().mediaAsset.deleteMany({ where: { entryId: photoEntryId } });
    }
  });

  it("refuses bytes beyond Upload-Length on PATCH", async () => {
    const created = await createRaw({ browser, entryId: photoEntryId, kind: "image", size: 100 });
    expect(created.status).toBe(201);
    const res = await fetch(new URL(created.location!, endpoint), {
      method: "PATCH",
      headers: { "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream", ...tusHeaders(browser) },
      body: randomBytes(200),
    });
    expect(res.status).toBe(413);
    const asset = await getDb().mediaAsset.findFirstOrThrow({ where: { entryId: photoEntryId } });
    expect(asset.status).toBe("UPLOADING");
    await expect(store.stat(asset.originalKey)).resolves.toBeNull();
  });

  it("refuses a kind the category does not accept, with a code the page can translate", async () => {
    const before = await assetCount(photoEntryId);
    const res = await createRaw({ browser, entryId: photoEntryId, kind: "video", size: 1000 });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body)).toMatchObject({ code: "kind_not_accepted" });
    expect(await assetCount(photoEntryId)).toBe(before);
  });

  it("refuses a new file on a submitted entry until it is back to draft", async () => {
    await getDb().entry.update({ where: { id: readingEntryId }, data: { status: "SUBMITTED" } });
    try {
      const before = await assetCount(readingEntryId);
      const res = await createRaw({ browser, entryId: readingEntryId, kind: "image", size: 1000 });
      expect(res.status).toBe(409);
      expect(JSON.parse(res.body)).toMatchObject({ code: "entry_submitted" });
      expect(await assetCount(readingEntryId)).toBe(before);
    } finally {
      await getDb().entry.update({ where: { id: readingEntryId }, data: { status: "DRAFT" } });
    }
  });

  it("answers 404 for another family's entry", async () => {
    const res = await createRaw({ browser, entryId: otherEntryId, kind: "image", size: 1000 });
    expect(res.status).toBe(404);
    expect(await assetCount(otherEntryId)).toBe(0);
  });

  it("answers 404 to a teacher of another class of the same school, for a new file and for one in progress", async () => {
    const neighbour = await signedInBrowser((await createUser({ role: "TEACHER", orgUnitId: tree.classB.id })).id);
    const created = await createRaw({ browser: neighbour, entryId: readingEntryId, kind: "image", size: 1000 });
    expect(created.status).toBe(404);
    const mine = await createRaw({ browser, entryId: readingEntryId, kind: "image", size: 1000 });
    expect(mine.status).toBe(201);
    const url = new URL(mine.location!, endpoint);
    const head = await fetch(url, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0", ...tusHeaders(neighbour) } });
    expect(head.status).toBe(404);
    const patch = await fetch(url, {
      method: "PATCH",
      headers: { "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream", ...tusHeaders(neighbour) },
      body: randomBytes(1000),
    });
    expect(patch.status).toBe(404);
    expect((await assetForUrl(url.toString())).status).toBe("UPLOADING");
    await getDb().mediaAsset.deleteMany({ where: { uploadId: { not: null }, entryId: readingEntryId, status: "UPLOADING" } });
  });

  it("answers 404 without a session", async () => {
    const res = await createRaw({ browser: { cookie: "", csrf: browser.csrf, sessionToken: null }, entryId: readingEntryId, kind: "image", size: 1000 });
    expect(res.status).toBe(404);
  });

  it("answers 403 without the X-CSRF-Token header", async () => {
    const before = await assetCount(readingEntryId);
    const res = await createRaw({ browser, entryId: readingEntryId, kind: "image", size: 1000, csrf: false });
    expect(res.status).toBe(403);
    expect(await assetCount(readingEntryId)).toBe(before);
  });

  it("sweeps abandoned UPLOADING assets and their partial data", async () => {
    const data = randomBytes(7 * MiB);
    const first = startUpload(data, { browser, entryId: readingEntryId, abortAfterFirstChunk: true });
    await first.done;
    const asset = await assetForUrl(first.upload.url!);
    await getDb().mediaAsset.update({ where: { id: asset.id }, data: { createdAt: new Date(Date.now() - 48 * 3600_000) } });
    const { deleted } = await sweepAbandonedUploads({ olderThanHours: 24 });
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await getDb().mediaAsset.findUnique({ where: { id: asset.id } })).toBeNull();
    const head = await fetch(first.upload.url!, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0", ...tusHeaders(browser) } });
    expect(head.status).toBe(404);
    // The partial data is gone too (tus file + .json locally; the multipart upload and .info on S3).
    if (store.config.kind === "local") {
      const file = path.join(store.config.resumableUploadDir!, asset.originalKey);
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.existsSync(`${file}.json`)).toBe(false);
    } else {
      await expect(store.stat(`${asset.originalKey}.info`)).resolves.toBeNull();
    }
    expect(await storedKeys(readingEntryId)).not.toContain(asset.originalKey);
  });

  it("removing a file while it is still uploading drops its partial data and refuses further bytes", async () => {
    const data = randomBytes(7 * MiB);
    const first = startUpload(data, { browser, entryId: readingEntryId, abortAfterFirstChunk: true });
    await first.done;
    const asset = await assetForUrl(first.upload.url!);
    expect(asset.status).toBe("UPLOADING");
    expect(await deleteAsset(asset.id, student.id, { store })).toBe(true);
    expect((await getDb().mediaAsset.findUniqueOrThrow({ where: { id: asset.id } })).status).toBe("DELETED");
    const head = await fetch(first.upload.url!, { method: "HEAD", headers: { "Tus-Resumable": "1.0.0", ...tusHeaders(browser) } });
    expect(head.status).toBe(404);
    if (store.config.kind === "local") {
      const file = path.join(store.config.resumableUploadDir!, asset.originalKey);
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.existsSync(`${file}.json`)).toBe(false);
    } else {
      await expect(store.stat(`${asset.originalKey}.info`)).resolves.toBeNull();
    }
    expect(await storedKeys(readingEntryId)).not.toContain(asset.originalKey);
  });

  it("lets the child's teacher upload, and rate-limits creations per user", async () => {
    const teacher = await createUser({ role: "TEACHER", orgUnitId: tree.classA.id });
    const teacherBrowser = await signedInBrowser(teacher.id);
    const app = express();
    app.use("/uploads", createUploadHandler({ rateLimit: { limit: 2, windowSeconds: 3600 } }));
    const limited = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const url = `http://127.0.0.1:${(limited.address() as AddressInfo).port}/uploads`;
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await createRaw({ browser: teacherBrowser, entryId: readingEntryId, kind: "audio", size: 1000, endpoint: url })).status);
      }
      expect(statuses).toEqual([201, 201, 429]);
    } finally {
      await new Promise<void>((resolve) => limited.close(() => resolve()));
    }
  });

  it("keeps one writer per upload across app replicas: a resume through B first ends the request hanging on A", async () => {
    const contest = await createContest({
      orgUnitId: tree.county.id,
      categories: [{ kind: "READING", name: "读书", acceptedMediaKinds: ["IMAGE"], maxFiles: 2, maxFileBytes: 20n * BigInt(MiB) }],
    });
    const entryId = (await createEntry({ contestId: contest.id, categoryId: contest.categories[0]!.id, studentId: student.id, classUnit: tree.classA, status: "DRAFT" })).id;
    // A second app replica: its own tus server and its own upload locker, the same database and store.
    const replicaApp = express();
    replicaApp.use("/uploads", createUploadHandler());
    const replica = await new Promise<Server>((resolve) => {
      const s = replicaApp.listen(0, "127.0.0.1", () => resolve(s));
    });
    let hangingBody: ReadableStreamDefaultController<Uint8Array> | undefined;
    try {
      const data = randomBytes(6 * MiB);
      const created = await createRaw({ browser, entryId, kind: "image", size: data.length });
      expect(created.status).toBe(201);
      const onA = new URL(created.location!, endpoint).href;
      const onB = new URL(created.location!, `http://127.0.0.1:${(replica.address() as AddressInfo).port}`).href;
      const headers = { "Tus-Resumable": "1.0.0", ...tusHeaders(browser) };
      // The phone's PATCH to A sends 1 MiB and then hangs (a mobile connection gone dead).
      let endedOnA = 0;
      const hanging = new ReadableStream<Uint8Array>({
        start: (c) => {
          hangingBody = c;
          c.enqueue(new Uint8Array(data.subarray(0, MiB)));
        },
      });
      const first = fetch(onA, {
        method: "PATCH",
        headers: { ...headers, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" },
        body: hanging,
        duplex: "half",
      } as RequestInit).then(
        (res) => {
          endedOnA = Date.now();
          return res.status;
        },
        () => {
          endedOnA = Date.now();
          return 0;
        },
      );
      // A's request holds the upload's lock (its bytes are arriving) before the phone comes back through B.
      const uploadId = (await assetForUrl(onA)).uploadId!;
      await waitFor(() => getDb().uploadLock.findUnique({ where: { id: uploadId } }), { message: "replica A's PATCH holds the upload lock" });
      // Back online, the phone resumes through B (a load balancer's choice): HEAD, then the rest.
      const head = await fetch(onB, { method: "HEAD", headers });
      const answeredOnB = Date.now();
      expect(head.status).toBe(200);
      expect(endedOnA, "A's request must end before B answers").toBeGreaterThan(0);
      expect(endedOnA).toBeLessThanOrEqual(answeredOnB);
      const offset = Number(head.headers.get("Upload-Offset"));
      expect(offset).toBeLessThanOrEqual(MiB);
      const rest = await fetch(onB, {
        method: "PATCH",
        headers: { ...headers, "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
        body: new Uint8Array(data.subarray(offset)),
      });
      expect(rest.status).toBe(204);
      await first;
      const asset = await assetForUrl(onA);
      expect(asset.status).toBe("UPLOADED");
      expect(sha256(await readObject(asset.originalKey))).toBe(sha256(data));
    } finally {
      // Should the test fail, the hanging body must not keep the servers open.
      try {
        hangingBody?.close();
      } catch {
        // already ended with its request
      }
      replica.closeAllConnections();
      await new Promise<void>((resolve) => replica.close(() => resolve()));
    }
  }, 60_000);

  it("refuses one file more than the category's maxFiles", async () => {
    const existing = await getDb().mediaAsset.count({ where: { entryId: photoEntryId, status: { not: "DELETED" } } });
    for (let i = existing; i < 3; i++) {
      expect((await createRaw({ browser, entryId: photoEntryId, kind: "image", size: 1000 })).status).toBe(201);
    }
    const res = await createRaw({ browser, entryId: photoEntryId, kind: "image", size: 1000 });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.body)).toMatchObject({ code: "too_many_files", params: { max: 3 } });
    expect(await assetCount(photoEntryId)).toBe(3);
  });

  it("a cancelled upload (tus DELETE) frees its slot and its data", async () => {
    const created = await createRaw({ browser, entryId: readingEntryId, kind: "image", size: 6 * MiB });
    expect(created.status).toBe(201);
    const url = new URL(created.location!, endpoint).href;
    const asset = await assetForUrl(url);
    const noCsrf = await fetch(url, { method: "DELETE", headers: { "Tus-Resumable": "1.0.0", ...tusHeaders(browser, false) } });
    expect(noCsrf.status).toBe(403);
    const res = await fetch(url, { method: "DELETE", headers: { "Tus-Resumable": "1.0.0", ...tusHeaders(browser) } });
    expect(res.status).toBe(204);
    await expect.poll(() => getDb().mediaAsset.findUnique({ where: { id: asset.id } })).toBeNull();
    if (store.config.kind === "local") expect(fs.existsSync(path.join(store.config.resumableUploadDir!, asset.originalKey))).toBe(false);
    else await expect(store.stat(`${asset.originalKey}.info`)).resolves.toBeNull();
  });
});
