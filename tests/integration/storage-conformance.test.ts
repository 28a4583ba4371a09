// One behaviour, two implementations: every test below runs against the local
// store and, when S3_ENDPOINT is set, against a real S3 server (Swift's s3api
// in CI). Each run gets its own bucket (S3) or directory (local), so files
// running in parallel never see each other's objects.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import {
  createStore,
  InvalidRangeError,
  InvalidStorageKeyError,
  ObjectNotFoundError,
  ObjectSizeMismatchError,
  type ObjectStore,
  type StoreConfig,
} from "~/server/storage/storage.server.ts";
import { S3Store } from "~/server/storage/s3-store.server.ts";
import { createSignedFileToken, serveSignedFile } from "~/server/storage/signed-url.server.ts";
import { addNotice } from "../setup/notices.ts";
import { mustRunEverything } from "../setup/requirements.ts";
import { waitFor } from "../setup/wait.ts";

// Test harness, not app code: it may read process.env directly.
if (!process.env.SESSION_SECRET) {
  process.env.SESSION_SECRET = randomBytes(32).toString("hex");
  resetEnvForTests();
}

const MiB = 1024 * 1024;
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
const scratchRoot = fs.mkdtempSync(path.join(os.tmpdir(), "storage-conformance-"));

function s3ConfigFromEnv(): StoreConfig | null {
  const { S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY, S3_SECRET_KEY } = process.env;
  if (!S3_ENDPOINT) return null;
  return {
    kind: "s3",
    endpoint: S3_ENDPOINT,
    region: S3_REGION || "us-east-1",
    accessKey: S3_ACCESS_KEY ?? "",
    secretKey: S3_SECRET_KEY ?? "",
    bucket: `conformance-${runId}`,
    pathStyle: process.env.S3_PATH_STYLE !== "false",
  };
}

const s3Config = s3ConfigFromEnv();
const localConfig: StoreConfig = { kind: "local", root: path.join(scratchRoot, "objects") };
const cases: { name: string; config: StoreConfig }[] = [{ name: "local", config: localConfig }];
if (s3Config) cases.push({ name: "s3", config: s3Config });

if (!s3Config) {
  addNotice("storage conformance: S3 NOT tested (S3_ENDPOINT unset); only the local store ran");
  describe("storage conformance (s3)", () => {
    it.runIf(mustRunEverything())("must run against a real S3 server in CI", () => {
      throw new Error("CI=true but S3_ENDPOINT is not set: start ../shared/tools/swift-s3/start.sh");
    });
  });
}

afterAll(async () => {
  await fsp.rm(scratchRoot, { recursive: true, force: true });
});

// ---- helpers ----------------------------------------------------------------

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A stream of unknown length, in small chunks, like an HTTP request body. */
function chunked(body: Buffer, chunkSize = 64 * 1024): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < body.length; i += chunkSize) yield body.subarray(i, i + chunkSize);
    })(),
  );
}

/** Yields `head`, then waits for `release()` before yielding `tail` (to look at the store mid-write). */
/** A body that stops after `head` until released; `headTaken` resolves once the reader has taken the head and asks for more. */
function pausedSource(head: Buffer, tail: Buffer): { stream: Readable; release: () => void; headTaken: Promise<void> } {
  let release!: () => void;
  let taken!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const headTaken = new Promise<void>((resolve) => (taken = resolve));
  const stream = Readable.from(
    (async function* () {
      yield head;
      taken();
      await gate;
      yield tail;
    })(),
  );
  return { stream, release, headTaken };
}

/** Fails after `bytes`, like a phone that loses signal mid-upload. */
function failingSource(bytes: number): Readable {
  return Readable.from(
    (async function* () {
      for (let sent = 0; sent < bytes; sent += MiB) yield randomBytes(MiB);
      throw new Error("connection reset by peer");
    })(),
  );
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Byte equality without vitest's element-by-element diffing (seconds for a few hundred KB). */
function expectSameBytes(actual: Buffer, expected: Buffer): void {
  expect(actual.length).toBe(expected.length);
  expect(actual.equals(expected), "bytes differ").toBe(true);
}

async function listKeys(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const item of store.list(prefix)) keys.push(item.key);
  return keys;
}

// ---- the suite ----------------------------------------------------------------

describe.each(cases)("storage conformance ($name)", ({ name, config }) => {
  let store: ObjectStore;

  beforeAll(async () => {
    store = createStore(config);
    await store.ensureBucket();
    await store.ensureBucket(); // every replica calls it at boot: must be idempotent
  });

  afterAll(async () => {
    if (!store) return;
    const keys: string[] = [];
    for await (const item of store.list("")) keys.push(item.key);
    await store.deleteMany(keys);
    if (store instanceof S3Store) await store.removeEmptyBucket();
    if (config.kind === "local") {
      // PeerTube's habit: nothing may be left in the temp area after the suite.
      expect(await fsp.readdir(path.join(config.root, "~tmp"))).toEqual([]);
    }
  });

  it("exposes its kind and the config a resumable-upload store needs", () => {
    expect(store.kind).toBe(name);
    expect(store.config.kind).toBe(name);
    if (store.config.kind === "s3") expect(store.config).toMatchObject({ bucket: expect.any(String), endpoint: expect.any(String) });
    else expect(path.isAbsolute(store.config.root)).toBe(true);
  });

  it("puts a stream of unknown size and reads it back", async () => {
    const body = randomBytes(300 * 1024 + 7);
    const { etag } = await store.put("put/unknown-size", chunked(body), { contentType: "image/jpeg" });
    expect(etag).toBeTruthy();
    expectSameBytes(await readAll(await store.get("put/unknown-size")), body);
    expect((await store.stat("put/unknown-size"))?.size).toBe(body.length);
  });

  it("puts a stream with its size, and refuses a body of another size, storing nothing", async () => {
    const body = randomBytes(1000);
    await store.put("put/sized", chunked(body, 100), { size: body.length });
    expect((await store.stat("put/sized"))?.size).toBe(1000);
    await expect(store.put("put/short", chunked(body, 100), { size: 1001 })).rejects.toThrow(ObjectSizeMismatchError);
    await expect(store.put("put/long", Buffer.alloc(10), { size: 9 })).rejects.toThrow(ObjectSizeMismatchError);
    expect(await store.stat("put/short")).toBeNull();
    expect(await store.stat("put/long")).toBeNull();
  });

  it("puts a Buffer and an empty body", async () => {
    await store.put("put/buffer", Buffer.from("你好"), { contentType: "text/plain; charset=utf-8" });
    expect((await readAll(await store.get("put/buffer"))).toString("utf8")).toBe("你好");
    await store.put("put/empty", chunked(Buffer.alloc(0)));
    expect(await store.stat("put/empty")).toMatchObject({ size: 0, contentType: "application/octet-stream" });
    expect((await readAll(await store.get("put/empty"))).length).toBe(0);
  });

  it("streams a 12 MiB+ body of unknown size (multipart on S3) intact", async () => {
    const body = randomBytes(12 * MiB + 12345);
    const { etag } = await store.put("put/big", chunked(body));
    const stat = await store.stat("put/big");
    expect(stat?.size).toBe(body.length);
    // An S3 multipart ETag is "<md5 of part md5s>-<part count>": proves the parts path ran.
    if (name === "s3") expect(etag).toMatch(/-2$/);
    expect(sha256(await readAll(await store.get("put/big")))).toBe(sha256(body));
  });

  it("rejects (and stores nothing) when the source fails mid-upload, without crashing the process", async () => {
    await expect(store.put("put/failing", failingSource(10 * MiB))).rejects.toThrow("connection reset by peer");
    await expect(store.put("put/failing-small", failingSource(1 * MiB))).rejects.toThrow("connection reset by peer");
    expect(await store.stat("put/failing")).toBeNull();
    expect(await store.stat("put/failing-small")).toBeNull();
  });

  it("never shows a half-written object, and an overwrite is all-or-nothing", async () => {
    await store.put("atomic/x", Buffer.from("old version"));
    const { stream, release, headTaken } = pausedSource(Buffer.alloc(1000, 1), Buffer.alloc(1000, 2));
    const writing = store.put("atomic/x", stream);
    await headTaken; // the write is under way, half its bytes in the store's hands
    expect((await readAll(await store.get("atomic/x"))).toString()).toBe("old version");
    const { stream: fresh, release: releaseFresh, headTaken: freshHeadTaken } = pausedSource(Buffer.alloc(10), Buffer.alloc(10));
    const writingFresh = store.put("atomic/fresh", fresh);
    await freshHeadTaken;
    expect(await store.stat("atomic/fresh")).toBeNull();
    release();
    releaseFresh();
    await Promise.all([writing, writingFresh]);
    expectSameBytes(await readAll(await store.get("atomic/x")), Buffer.concat([Buffer.alloc(1000, 1), Buffer.alloc(1000, 2)]));
  });

  it("concurrent writers of one key leave exactly one of their objects", async () => {
    const bodies = [1, 2, 3, 4, 5].map((n) => Buffer.alloc(64 * 1024, n));
    await Promise.all(bodies.map((b) => store.put("race/same", chunked(b, 4096))));
    const got = await readAll(await store.get("race/same"));
    expect(bodies.some((b) => b.equals(got))).toBe(true);
  });

  it("stats an object (size, type, etag, time, metadata) and returns null when missing", async () => {
    const before = Date.now();
    const body = Buffer.from("stat me");
    await store.put("stat/x", body, { contentType: "image/png", metadata: { "original-name-hash": "abc123", version: "2" } });
    const stat = await store.stat("stat/x");
    expect(stat).toMatchObject({ size: 7, contentType: "image/png", metadata: { "original-name-hash": "abc123", version: "2" } });
    expect(stat?.etag).toBe(createHash("md5").update(body).digest("hex"));
    expect(stat!.lastModified.getTime()).toBeGreaterThan(before - 5000);
    expect(await store.stat("stat/missing")).toBeNull();
  });

  it("refuses metadata that would not survive HTTP headers", async () => {
    await expect(store.put("meta/bad", Buffer.from("x"), { metadata: { Upper: "x" } })).rejects.toThrow();
    await expect(store.put("meta/bad", Buffer.from("x"), { metadata: { name: "张三" } })).rejects.toThrow();
    await expect(store.put("meta/bad", Buffer.from("x"), { metadata: { "content-type": "text/html" } })).rejects.toThrow();
    await expect(store.put("meta/bad", Buffer.from("x"), { contentType: "not a type" })).rejects.toThrow();
    expect(await store.stat("meta/bad")).toBeNull();
  });

  describe("ranged reads", () => {
    const body = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    beforeAll(async () => {
      await store.put("range/x", body);
    });

    it.each([
      ["first bytes", { start: 0, end: 9 }, body.subarray(0, 10)],
      ["middle", { start: 100, end: 199 }, body.subarray(100, 200)],
      ["open-ended", { start: 990 }, body.subarray(990)],
      ["end past the end (clamped)", { start: 995, end: 5000 }, body.subarray(995)],
      ["one byte", { start: 999, end: 999 }, body.subarray(999)],
    ])("%s", async (_label, range, expected) => {
      expectSameBytes(await readAll(await store.get("range/x", range)), expected);
    });

    it("refuses a range starting past the end, and nonsense ranges", async () => {
      await expect(store.get("range/x", { start: 1000 })).rejects.toThrow(InvalidRangeError);
      await expect(store.get("range/x", { start: 5, end: 4 })).rejects.toThrow(InvalidRangeError);
      await expect(store.get("range/x", { start: -1 })).rejects.toThrow(InvalidRangeError);
    });
  });

  it("get of a missing key rejects with ObjectNotFoundError", async () => {
    await expect(store.get("missing/x")).rejects.toThrow(ObjectNotFoundError);
    await expect(store.get("missing/x", { start: 0, end: 1 })).rejects.toThrow(ObjectNotFoundError);
  });

  it("delete is idempotent", async () => {
    await store.put("del/x", Buffer.from("x"));
    await store.delete("del/x");
    await store.delete("del/x");
    await store.delete("del/never-existed");
    expect(await store.stat("del/x")).toBeNull();
  });

  it("deleteMany removes the given keys (missing ones are fine) and nothing else", async () => {
    await Promise.all(["dm/a", "dm/b", "dm/c", "dm/keep"].map((k) => store.put(k, Buffer.from(k))));
    await store.deleteMany(["dm/a", "dm/b", "dm/c", "dm/missing"]);
    await store.deleteMany([]);
    expect(await listKeys(store, "dm/")).toEqual(["dm/keep"]);
  });

  it("lists a folder prefix in key order, never its neighbours; a bare prefix is refused", async () => {
    const keys = ["ls/a/1", "ls/a/2", "ls/a/sub/4", "ls/a-b/5", "ls/ab/3", "ls/a.c"];
    await Promise.all(keys.map((k, i) => store.put(k, Buffer.alloc(i + 1))));
    expect(await listKeys(store, "ls/a/")).toEqual(["ls/a/1", "ls/a/2", "ls/a/sub/4"]);
    expect(await listKeys(store, "ls/")).toEqual([...keys].sort());
    expect(await listKeys(store, "ls/nothing-here/")).toEqual([]);
    const listed = [];
    for await (const item of store.list("ls/a/sub/")) listed.push(item);
    expect(listed).toEqual([{ key: "ls/a/sub/4", size: 3, lastModified: expect.any(Date) }]);
    // "ls/a" as an S3 string prefix would also match "ls/ab/3": the API refuses it instead.
    await expect(listKeys(store, "ls/a")).rejects.toThrow(InvalidStorageKeyError);
  });

  it("copies bytes, content type and metadata; copying a missing key rejects", async () => {
    await store.put("cp/src", Buffer.from("copy me"), { contentType: "audio/mpeg", metadata: { kind: "recording" } });
    await store.copy("cp/src", "cp/dst/deeper");
    expect((await readAll(await store.get("cp/dst/deeper"))).toString()).toBe("copy me");
    expect(await store.stat("cp/dst/deeper")).toMatchObject({ contentType: "audio/mpeg", metadata: { kind: "recording" } });
    await expect(store.copy("cp/missing", "cp/x")).rejects.toThrow(ObjectNotFoundError);
  });

  it("putFile and getToFile round-trip through a scratch dir, leaving only the target", async () => {
    const dir = await fsp.mkdtemp(path.join(scratchRoot, `scratch-${name}-`));
    const body = randomBytes(6 * MiB + 3);
    await fsp.writeFile(path.join(dir, "in.bin"), body);
    await store.putFile("pf/x", path.join(dir, "in.bin"), { contentType: "video/mp4", metadata: { a: "b" } });
    expect(await store.stat("pf/x")).toMatchObject({ size: body.length, contentType: "video/mp4", metadata: { a: "b" } });
    await store.getToFile("pf/x", path.join(dir, "out", "out.bin"));
    expect(sha256(await fsp.readFile(path.join(dir, "out", "out.bin")))).toBe(sha256(body));
    await expect(store.getToFile("pf/missing", path.join(dir, "out", "missing.bin"))).rejects.toThrow(ObjectNotFoundError);
    expect(await fsp.readdir(path.join(dir, "out"))).toEqual(["out.bin"]);
  });

  it("refuses invalid keys in every operation", async () => {
    for (const key of ["../escape", "/abs", "a//b", "Upper", "a/", "a/./b", "空格", ""]) {
      await expect(store.put(key, Buffer.from("x"))).rejects.toThrow(InvalidStorageKeyError);
      await expect(store.stat(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(store.get(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(store.delete(key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(store.copy("cp/src", key)).rejects.toThrow(InvalidStorageKeyError);
      await expect(store.signedDownloadUrl(key, { expiresInSeconds: 60 })).rejects.toThrow(InvalidStorageKeyError);
    }
    await expect(store.deleteMany(["ok/key", "../bad"])).rejects.toThrow(InvalidStorageKeyError);
  });

  if (name === "s3") {
    it("signed URL: fetch returns the bytes and the download name; a 1 s URL is refused once expired", async () => {
      const body = randomBytes(2048);
      await store.put("sig/x", body, { contentType: "image/webp" });
      const url = await store.signedDownloadUrl("sig/x", { expiresInSeconds: 60, filename: "小明的画.webp" });
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expectSameBytes(Buffer.from(await response.arrayBuffer()), body);
      expect(response.headers.get("content-disposition")).toContain("filename*=UTF-8''%E5%B0%8F%E6%98%8E");
      const ranged = await fetch(url, { headers: { Range: "bytes=10-19" } });
      expect(ranged.status).toBe(206);
      expectSameBytes(Buffer.from(await ranged.arrayBuffer()), body.subarray(10, 20));

      const shortLived = await store.signedDownloadUrl("sig/x", { expiresInSeconds: 1 });
      const refused = await waitFor(
        async () => {
          const r = await fetch(shortLived);
          await r.arrayBuffer();
          return r.status === 200 ? null : r.status;
        },
        { timeoutMs: 15_000, intervalMs: 250, message: "the 1 s URL is refused" },
      );
      expect(refused).toBe(403);
    });
  }

  if (name === "local") localOnlyTests(() => store, config);
});

function localOnlyTests(getStore: () => ObjectStore, config: StoreConfig) {
  if (config.kind !== "local") return;
  const body = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 256));

  async function tokenOf(url: string): Promise<string> {
    const match = url.match(/^\/files\/([^/?#]+)$/);
    if (!match?.[1]) throw new Error(`unexpected local URL ${url}`);
    return match[1];
  }

  const request = (headers: Record<string, string> = {}, method = "GET") =>
    new Request("http://localhost/files/t", { method, headers });

  describe("local signed URLs (serveSignedFile)", () => {
    beforeAll(async () => {
      await getStore().put("lsig/x", body, { contentType: "image/jpeg" });
      await getStore().put("lsig/page", Buffer.from("<script>alert(1)</script>"), { contentType: "text/html" });
    });

    it("serves the object with type, length, ranges advertised, private caching and nosniff", async () => {
      const url = await getStore().signedDownloadUrl("lsig/x", { expiresInSeconds: 300 });
      const response = await serveSignedFile(request(), await tokenOf(url), { store: getStore() });
      expect(response.status).toBe(200);
      expect(Object.fromEntries(response.headers)).toMatchObject({
        "content-type": "image/jpeg",
        "content-length": "5000",
        "accept-ranges": "bytes",
        "x-content-type-options": "nosniff",
      });
      expect(response.headers.get("cache-control")).toMatch(/^private, max-age=(29\d|300)$/);
      expect(response.headers.get("content-disposition")).toBeNull();
      expectSameBytes(Buffer.from(await response.arrayBuffer()), body);
    });

    it.each([
      ["bytes=0-99", 0, 99],
      ["bytes=1000-1999", 1000, 1999],
      ["bytes=4990-", 4990, 4999],
      ["bytes=-10", 4990, 4999],
      ["bytes=4990-999999", 4990, 4999],
    ])("answers Range %s with 206 and exactly those bytes", async (range, start, end) => {
      const url = await getStore().signedDownloadUrl("lsig/x", { expiresInSeconds: 60 });
      const response = await serveSignedFile(request({ Range: range }), await tokenOf(url), { store: getStore() });
      expect(response.status).toBe(206);
      expect(response.headers.get("content-range")).toBe(`bytes ${start}-${end}/5000`);
      expect(response.headers.get("content-length")).toBe(String(end - start + 1));
      expectSameBytes(Buffer.from(await response.arrayBuffer()), body.subarray(start, end + 1));
    });

    it("answers 416 for an unsatisfiable range, and the whole object for multiple ranges", async () => {
      const token = await tokenOf(await getStore().signedDownloadUrl("lsig/x", { expiresInSeconds: 60 }));
      const unsatisfiable = await serveSignedFile(request({ Range: "bytes=5000-" }), token, { store: getStore() });
      expect(unsatisfiable.status).toBe(416);
      expect(unsatisfiable.headers.get("content-range")).toBe("bytes */5000");
      const multiple = await serveSignedFile(request({ Range: "bytes=0-1,5-6" }), token, { store: getStore() });
      expect(multiple.status).toBe(200);
      expect((await multiple.arrayBuffer()).byteLength).toBe(5000);
    });

    it("ignores Range when If-Range names another version", async () => {
      const token = await tokenOf(await getStore().signedDownloadUrl("lsig/x", { expiresInSeconds: 60 }));
      const response = await serveSignedFile(request({ Range: "bytes=0-9", "If-Range": '"stale"' }), token, { store: getStore() });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    });

    it("HEAD gives the headers without a body", async () => {
      const token = await tokenOf(await getStore().signedDownloadUrl("lsig/x", { expiresInSeconds: 60 }));
      const response = await serveSignedFile(request({}, "HEAD"), token, { store: getStore() });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-length")).toBe("5000");
      expect(response.body).toBeNull();
    });

    it("offers the download name (Chinese included) and the requested type", async () => {
      const url = await getStore().signedDownloadUrl("lsig/x", {
        expiresInSeconds: 60,
        filename: "小明/的画\".jpg",
        contentType: "image/png",
      });
      const response = await serveSignedFile(request(), await tokenOf(url), { store: getStore() });
      expect(response.headers.get("content-type")).toBe("image/png");
      expect(response.headers.get("content-disposition")).toBe(
        `attachment; filename="______.jpg"; filename*=UTF-8''${encodeURIComponent("小明_的画\".jpg")}`,
      );
      await response.arrayBuffer();
    });

    it("never renders a non-media upload inline on the app's origin", async () => {
      const url = await getStore().signedDownloadUrl("lsig/page", { expiresInSeconds: 60, disposition: "inline" });
      const response = await serveSignedFile(request(), await tokenOf(url), { store: getStore() });
      expect(response.headers.get("content-disposition")).toBe("attachment");
      await response.arrayBuffer();
    });

    it("answers the same 404 for expired, tampered, foreign-secret and dangling tokens", async () => {
      const store = getStore();
      // A minute of validity, and "expired" is shown by asking two minutes later: the test
      // never depends on how fast this machine runs it.
      const url = await store.signedDownloadUrl("lsig/x", { expiresInSeconds: 60 });
      const token = await tokenOf(url);
      const [payload, signature] = token.split(".") as [string, string];
      const forged = Buffer.from(JSON.stringify({ k: "lsig/page", e: 9_999_999_999 })).toString("base64url");
      const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "BB" : "AA");
      const foreign = createSignedFileToken({ key: "lsig/x", expiresAt: 9_999_999_999 }, { secret: "x".repeat(40) });
      const dangling = await tokenOf(await store.signedDownloadUrl("lsig/gone", { expiresInSeconds: 60 }));
      const cases: [string, number | undefined][] = [
        [token, Date.now() + 120_000], // expired
        [`${forged}.${signature}`, undefined], // claims swapped
        [`${payload}.${flipped}`, undefined], // signature altered
        [`${payload}.${signature}.x`, undefined],
        [payload, undefined],
        ["", undefined],
        [foreign, undefined],
        [dangling, undefined],
      ];
      const answers = await Promise.all(
        cases.map(async ([t, now]) => {
          const r = await serveSignedFile(request(), t, { store, now });
          return { status: r.status, text: await r.text(), cache: r.headers.get("cache-control") };
        }),
      );
      for (const answer of answers) expect(answer).toEqual({ status: 404, text: "Not found", cache: "no-store" });
      // And the genuine token still works before it expires.
      expect((await serveSignedFile(request(), token, { store })).status).toBe(200);
    });
  });

  describe("local root confinement", () => {
    const outside = path.join(path.dirname(config.root), "outside");

    beforeAll(async () => {
      const store = getStore();
      await fsp.mkdir(outside, { recursive: true });
      await store.put("confine/victim", Buffer.from("secret"));
      // A genuine object file, copied outside, so only the path check can stop a read.
      await fsp.copyFile(path.join(config.root, "confine/victim"), path.join(outside, "victim"));
      await fsp.symlink(outside, path.join(config.root, "evil-dir"));
      await fsp.symlink(path.join(outside, "victim"), path.join(config.root, "evil-file"));
    });

    it("refuses keys whose path leads out of the root through a symlink", async () => {
      const store = getStore();
      await expect(store.get("evil-dir/victim")).rejects.toThrow(InvalidStorageKeyError);
      await expect(store.stat("evil-file")).rejects.toThrow(InvalidStorageKeyError);
      await expect(store.put("evil-dir/planted", Buffer.from("x"))).rejects.toThrow(InvalidStorageKeyError);
      await expect(store.delete("evil-dir/victim")).rejects.toThrow(InvalidStorageKeyError);
      await expect(store.copy("evil-file", "confine/stolen")).rejects.toThrow(InvalidStorageKeyError);
      await expect(listKeys(store, "evil-dir/")).rejects.toThrow(InvalidStorageKeyError);
      expect(await fsp.readdir(outside)).toEqual(["victim"]);
      expect(await store.stat("confine/stolen")).toBeNull();
    });

    it("does not list symlinks or files that are not objects", async () => {
      await fsp.writeFile(path.join(config.root, "confine", "stray.txt"), "not an object");
      expect(await listKeys(getStore(), "")).not.toContain("evil-file");
      expect(await listKeys(getStore(), "confine/")).toEqual(["confine/victim"]);
      expect(await getStore().stat("confine/stray.txt")).toBeNull();
      await fsp.rm(path.join(config.root, "confine", "stray.txt"));
      await fsp.rm(path.join(config.root, "evil-dir"));
      await fsp.rm(path.join(config.root, "evil-file"));
    });
  });
}
