// The embedded object store: one file per object under `root`, for `npm start`
// on a machine with nothing else installed.
//
// Each file holds the body followed by a small trailer (JSON with content type,
// metadata and MD5, then its length and a magic marker). Keeping the metadata
// inside the same file means one rename publishes bytes and metadata together:
// a reader sees the old object or the new one, never a mix, and never half.
// Writes go to `root/~tmp` (same filesystem, so rename is atomic; "~" cannot
// appear in a key, so no key can reach it).
//
// Limitation: a filesystem cannot hold both "a" and "a/b" as S3 can. The key
// builders never produce that shape; put() reports it plainly if it happens.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { assertSafeKey, assertSafePrefix, InvalidStorageKeyError, isSafeKey } from "~/domain/storage-keys.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import {
  assertValidRange,
  DEFAULT_CONTENT_TYPE,
  InvalidRangeError,
  ObjectNotFoundError,
  ObjectSizeMismatchError,
  parsePutOptions,
  parseSignedUrlOptions,
  writeStreamToFile,
  type ByteRange,
  type ListedObject,
  type ObjectStat,
  type ObjectStore,
  type PutOptions,
  type LocalStoreConfig,
  type SignedUrlOptions,
} from "./object-store.server.ts";
import { createSignedFileToken } from "./signed-url.server.ts";

const log = createLogger("local-store");

const TMP_DIR = "~tmp";
const STALE_TMP_MS = 24 * 3600 * 1000;
const MAGIC = Buffer.from("SSOBJv1\n", "latin1");
const FOOTER_BYTES = 4 + MAGIC.length;

// Not ObjectMetadataSchema: put() has already validated what it wrote, and a
// trailer is read back on every stat and get.
const TrailerSchema = z.object({
  size: z.number().int().nonnegative(),
  etag: z.string(),
  contentType: z.string(),
  metadata: z.record(z.string(), z.string()),
});
type Trailer = z.infer<typeof TrailerSchema>;

function encodeTrailer(trailer: Trailer): Buffer {
  const json = Buffer.from(JSON.stringify(trailer), "utf8");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([json, length, MAGIC]);
}

/** Reads the trailer of an object file; null when the file is not one of ours (or is torn). */
async function readTrailer(handle: fsp.FileHandle): Promise<{ trailer: Trailer; mtime: Date } | null> {
  const { size: fileSize, mtime } = await handle.stat();
  if (fileSize < FOOTER_BYTES) return null;
  const footer = Buffer.alloc(FOOTER_BYTES);
  await handle.read(footer, 0, FOOTER_BYTES, fileSize - FOOTER_BYTES);
  if (!footer.subarray(4).equals(MAGIC)) return null;
  const jsonLength = footer.readUInt32BE(0);
  if (jsonLength > fileSize - FOOTER_BYTES) return null;
  const json = Buffer.alloc(jsonLength);
  await handle.read(json, 0, jsonLength, fileSize - FOOTER_BYTES - jsonLength);
  const parsed = TrailerSchema.safeParse(JSON.parse(json.toString("utf8")));
  if (!parsed.success || parsed.data.size !== fileSize - FOOTER_BYTES - jsonLength) return null;
  return { trailer: parsed.data, mtime };
}

/** Passes bytes through, hashing and counting them, and appends the trailer at the end. */
function trailerWriter(options: PutOptions): { transform: Transform; received: () => number; etag: () => string } {
  const md5 = createHash("md5");
  let size = 0;
  let etag = "";
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      etag = md5.digest("hex");
      const contentType = options.contentType ?? DEFAULT_CONTENT_TYPE;
      callback(null, encodeTrailer({ size, etag, contentType, metadata: options.metadata ?? {} }));
    },
  });
  return { transform, received: () => size, etag: () => etag };
}

function isErrno(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && codes.includes((error as NodeJS.ErrnoException).code ?? "");
}

export class LocalStore implements ObjectStore {
  readonly kind = "local" as const;
  readonly config: LocalStoreConfig;
  private readonly root: string;
  private realRootPromise: Promise<string> | undefined;

  constructor(config: LocalStoreConfig) {
    this.root = path.resolve(config.root);
    this.config = { ...config, root: this.root };
  }

  async ensureBucket(): Promise<void> {
    await this.realRoot();
    await this.sweepStaleTemps();
  }

  async put(key: string, body: Readable | Buffer, options?: PutOptions): Promise<{ etag: string }> {
    const target = this.lexicalPath(key);
    const parsed = parsePutOptions(options);
    const tmp = path.join(await this.realRoot(), TMP_DIR, randomUUID());
    try {
      const { transform, received, etag } = trailerWriter(parsed);
      const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
      // flush: fsync before close, so a crash right after put() cannot leave an empty file behind the rename.
      await pipeline(source, transform, fs.createWriteStream(tmp, { flags: "wx", flush: true }));
      if (parsed.size !== undefined && received() !== parsed.size) {
        throw new ObjectSizeMismatchError(key, parsed.size, received());
      }
      await this.moveIntoPlace(key, tmp, target);
      return { etag: etag() };
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  async putFile(key: string, filePath: string, options?: Omit<PutOptions, "size">): Promise<{ etag: string }> {
    const { size } = await fsp.stat(filePath);
    // The size check catches a file still being written by someone else.
    return this.put(key, fs.createReadStream(filePath), { ...options, size });
  }

  async stat(key: string): Promise<ObjectStat | null> {
    const handle = await this.openObject(key);
    if (!handle) return null;
    try {
      const found = await readTrailer(handle);
      if (!found) return null;
      const { trailer, mtime } = found;
      return {
        size: trailer.size,
        contentType: trailer.contentType,
        etag: trailer.etag,
        lastModified: mtime,
        metadata: trailer.metadata,
      };
    } finally {
      await handle.close();
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertValidRange(key, range);
    const handle = await this.openObject(key);
    if (!handle) throw new ObjectNotFoundError(key);
    try {
      const found = await readTrailer(handle);
      if (!found) throw new ObjectNotFoundError(key);
      const size = found.trailer.size;
      const start = range?.start ?? 0;
      // As S3: a range starting past the end is refused, an end past the end is clamped.
      if (range && start >= size && !(start === 0 && range.end === undefined)) throw new InvalidRangeError(key, range);
      if (size === 0) {
        await handle.close();
        return Readable.from([]);
      }
      const end = Math.min(range?.end ?? size - 1, size - 1);
      // The open handle keeps reading the same file even if a put() replaces it meanwhile.
      return handle.createReadStream({ start, end, autoClose: true });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async getToFile(key: string, filePath: string): Promise<void> {
    await writeStreamToFile(await this.get(key), filePath);
  }

  async delete(key: string): Promise<void> {
    const target = this.lexicalPath(key);
    const parent = await this.realPathInside(key, path.dirname(target));
    if (!parent) return;
    try {
      await fsp.unlink(path.join(parent, path.basename(target)));
    } catch (error) {
      // Missing (or a "directory" key with objects below it): there is no object to delete, as in S3.
      if (isErrno(error, "ENOENT", "EISDIR", "EPERM")) return;
      throw error;
    }
    await this.pruneEmptyDirs(parent);
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (const key of keys) assertSafeKey(key);
    for (const key of keys) await this.delete(key);
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    assertSafePrefix(prefix);
    const dir = await this.realPathInside(prefix || ".", path.join(this.root, prefix));
    if (!dir) return;
    yield* this.walk(dir, prefix);
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    const target = this.lexicalPath(toKey);
    const source = await this.realPathInside(fromKey, this.lexicalPath(fromKey));
    if (!source || !(await this.stat(fromKey))) throw new ObjectNotFoundError(fromKey);
    const tmp = path.join(await this.realRoot(), TMP_DIR, randomUUID());
    try {
      // The file carries its own trailer, so a byte copy copies content type and metadata too.
      await fsp.copyFile(source, tmp, fs.constants.COPYFILE_FICLONE);
      await this.moveIntoPlace(toKey, tmp, target);
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  async signedDownloadUrl(key: string, options: SignedUrlOptions): Promise<string> {
    assertSafeKey(key);
    const { expiresInSeconds, filename, contentType, disposition } = parseSignedUrlOptions(options);
    const expiresAt = Math.floor(Date.now() / 1000) + expiresInSeconds;
    const token = createSignedFileToken({ key, expiresAt, filename, contentType, disposition });
    return `${this.config.publicBaseUrl ?? ""}/files/${token}`;
  }

  // ---- paths ----------------------------------------------------------------

  private realRoot(): Promise<string> {
    this.realRootPromise ??= (async () => {
      await fsp.mkdir(path.join(this.root, TMP_DIR), { recursive: true });
      return fsp.realpath(this.root);
    })();
    return this.realRootPromise;
  }

  /** The key's path, refused unless it stays under root (assertSafeKey already rules out "..", this is the belt). */
  private lexicalPath(key: string): string {
    assertSafeKey(key);
    const target = path.resolve(this.root, key);
    if (!target.startsWith(this.root + path.sep)) throw new InvalidStorageKeyError(key, "outside the store root");
    return target;
  }

  /**
   * Resolves symlinks in `p` and refuses (InvalidStorageKeyError) when the
   * result lies outside the real root: a symlink planted inside the store must
   * not turn a key into a read of /etc or a write into the app's code.
   * Returns null when `p` does not exist.
   */
  private async realPathInside(key: string, p: string): Promise<string | null> {
    const realRoot = await this.realRoot();
    let real: string;
    try {
      real = await fsp.realpath(p);
    } catch (error) {
      if (isErrno(error, "ENOENT", "ENOTDIR")) return null;
      throw error;
    }
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
      throw new InvalidStorageKeyError(key, "resolves outside the store root");
    }
    return real;
  }

  private async openObject(key: string): Promise<fsp.FileHandle | null> {
    const real = await this.realPathInside(key, this.lexicalPath(key));
    if (!real) return null;
    try {
      return await fsp.open(real, "r");
    } catch (error) {
      if (isErrno(error, "ENOENT", "EISDIR")) return null;
      throw error;
    }
  }

  private async moveIntoPlace(key: string, tmp: string, target: string): Promise<void> {
    // A concurrent delete() may prune the freshly made parent before the rename: try again.
    for (let attempt = 1; ; attempt++) {
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const parent = await this.realPathInside(key, path.dirname(target));
      try {
        await fsp.rename(tmp, path.join(parent ?? path.dirname(target), path.basename(target)));
        return;
      } catch (error) {
        if (isErrno(error, "ENOENT") && attempt < 3) continue;
        if (isErrno(error, "EISDIR", "ENOTDIR", "ENOTEMPTY", "EEXIST")) {
          throw new InvalidStorageKeyError(key, "the local store cannot hold both a key and keys below it");
        }
        throw error;
      }
    }
  }

  private async pruneEmptyDirs(from: string): Promise<void> {
    const realRoot = await this.realRoot();
    for (let dir = from; dir.startsWith(realRoot + path.sep); dir = path.dirname(dir)) {
      try {
        await fsp.rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
    }
  }

  private async *walk(dir: string, keyPrefix: string): AsyncGenerator<ListedObject> {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isErrno(error, "ENOENT", "ENOTDIR")) return;
      throw error;
    }
    // Sorting "name/" for directories yields S3's order (plain byte order of whole keys).
    const sorted = entries
      .filter((e) => (e.isFile() || e.isDirectory()) && isSafeKey(e.name))
      .map((e) => ({ entry: e, sortName: e.isDirectory() ? `${e.name}/` : e.name }))
      .sort((a, b) => (a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0));
    for (const { entry } of sorted) {
      const key = `${keyPrefix}${entry.name}`;
      if (entry.isDirectory()) yield* this.walk(path.join(dir, entry.name), `${key}/`);
      else {
        const listed = await this.listedObject(path.join(dir, entry.name), key);
        if (listed) yield listed;
      }
    }
  }

  private async listedObject(file: string, key: string): Promise<ListedObject | null> {
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, "r");
    } catch (error) {
      if (isErrno(error, "ENOENT")) return null; // deleted while listing
      throw error;
    }
    try {
      const found = await readTrailer(handle);
      if (!found) {
        log.warn("skipping a file that is not a stored object", { key });
        return null;
      }
      return { key, size: found.trailer.size, lastModified: found.mtime };
    } finally {
      await handle.close();
    }
  }

  /** Temp files of writes interrupted by a crash; nothing else writes under ~tmp. */
  private async sweepStaleTemps(): Promise<void> {
    const dir = path.join(await this.realRoot(), TMP_DIR);
    for (const name of await fsp.readdir(dir)) {
      const file = path.join(dir, name);
      const stat = await fsp.stat(file).catch(() => null);
      if (stat && Date.now() - stat.mtimeMs > STALE_TMP_MS) await fsp.rm(file, { force: true });
    }
  }
}
