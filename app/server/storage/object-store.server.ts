// The storage contract: the ObjectStore interface both implementations
// (s3-store.server.ts, local-store.server.ts) fulfil, their configuration, the
// errors they throw and the checks and helpers they share. Its own module, so
// that the stores import it and the factory (storage.server.ts) imports the
// stores, and nothing imports back: no cycle.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { z } from "zod";

export { InvalidStorageKeyError } from "~/domain/storage-keys.ts";

export interface S3StoreConfig {
  kind: "s3";
  /** e.g. http://127.0.0.1:9000 (as the app and worker reach it). */
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  /** Path-style addressing (MinIO, Swift, Ceph); virtual-host style when false. */
  pathStyle: boolean;
  /** Where browsers reach the same server, when it differs (docker network vs the internet); signs download URLs. */
  publicEndpoint?: string;
  /** Multipart part size; memory per upload in flight is one part. Default 8 MiB (S3 minimum is 5 MiB). */
  partSizeBytes?: number;
}

export interface LocalStoreConfig {
  kind: "local";
  /** Absolute directory holding the objects. */
  root: string;
  /** Directory for @tus/file-store's in-progress uploads (kept outside `root`). */
  resumableUploadDir?: string;
  /** Put in front of `/files/<token>` in signed URLs; default "" (a same-origin path). */
  publicBaseUrl?: string;
}

export type StoreConfig = LocalStoreConfig | S3StoreConfig;

export interface PutOptions {
  /** Decided by the server from content (magic bytes), never from the browser. */
  contentType?: string;
  /** When given, the write fails (and leaves nothing behind) unless exactly this many bytes arrive. */
  size?: number;
  metadata?: ObjectMetadata;
}

export interface ObjectStat {
  size: number;
  contentType: string;
  etag: string;
  lastModified: Date;
  metadata: ObjectMetadata;
}

/** Inclusive byte range, as in HTTP. `end` past the last byte is clamped, as S3 does. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
}

export interface SignedUrlOptions {
  expiresInSeconds: number;
  /** Name offered to the browser's save dialog (may contain Chinese). */
  filename?: string;
  /** Overrides the stored content type for this download. */
  contentType?: string;
  disposition?: "inline" | "attachment";
}

export interface ObjectStore {
  readonly kind: "local" | "s3";
  /** What a resumable-upload datastore (@tus/s3-store, @tus/file-store) needs to share this storage. */
  readonly config: StoreConfig;
  /** Creates the bucket (S3) or root directory (local) when missing; safe to call from every replica at once. */
  ensureBucket(): Promise<void>;
  put(key: string, body: Readable | Buffer, options?: PutOptions): Promise<{ etag: string }>;
  putFile(key: string, filePath: string, options?: Omit<PutOptions, "size">): Promise<{ etag: string }>;
  stat(key: string): Promise<ObjectStat | null>;
  /** Rejects with ObjectNotFoundError, or InvalidRangeError when `range.start` is past the end. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Downloads to `filePath` (written beside it, then renamed: never a half file at that path). */
  getToFile(key: string, filePath: string): Promise<void>;
  /** Deleting a missing object is not an error. */
  delete(key: string): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
  /** Every object under `prefix` ("" or ending in "/"), in key order. */
  list(prefix: string): AsyncIterable<ListedObject>;
  /** Copies bytes, content type and metadata. Rejects with ObjectNotFoundError. */
  copy(fromKey: string, toKey: string): Promise<void>;
  signedDownloadUrl(key: string, options: SignedUrlOptions): Promise<string>;
}

export class ObjectNotFoundError extends Error {
  override name = "ObjectNotFoundError";
  constructor(readonly key: string) {
    super(`Object not found: ${key}`);
  }
}

export class InvalidRangeError extends Error {
  override name = "InvalidRangeError";
  constructor(
    readonly key: string,
    readonly range: ByteRange,
  ) {
    super(`Range ${range.start}-${range.end ?? ""} cannot be satisfied for ${key}`);
  }
}

export class ObjectSizeMismatchError extends Error {
  override name = "ObjectSizeMismatchError";
  constructor(
    readonly key: string,
    readonly expected: number,
    readonly received: number,
  ) {
    super(`Object ${key}: expected ${expected} bytes, received ${received}; nothing was stored`);
  }
}

export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

// S3 returns user metadata as x-amz-meta-* headers, and the minio client folds
// them into one map with content-type and friends: these names would collide.
const RESERVED_METADATA_KEYS = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "content-disposition",
  "content-language",
  "cache-control",
  "expires",
  "etag",
  "last-modified",
  "if-match",
  "if-none-match",
]);

/**
 * User metadata travels as HTTP headers: lower-case names, printable ASCII
 * values without edge spaces (proxies trim them, so they would not round-trip),
 * and S3 caps the whole set at 2 KB.
 */
export const ObjectMetadataSchema = z
  .record(
    z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/, "metadata names are lower-case letters, digits and -")
      .refine((k) => !RESERVED_METADATA_KEYS.has(k) && !k.startsWith("x-amz-"), "reserved metadata name"),
    z.string().regex(/^[\x21-\x7e](?:[\x20-\x7e]{0,1022}[\x21-\x7e])?$/, "metadata values are non-empty printable ASCII"),
  )
  .refine((m) => Object.entries(m).reduce((n, [k, v]) => n + k.length + v.length, 0) <= 2048, "metadata over 2 KB");

export type ObjectMetadata = Record<string, string>;

const ContentTypeSchema = z
  .string()
  .max(200)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(?:;[\x20-\x7e]*)?$/i, "not a media type");

const PutOptionsSchema = z.object({
  contentType: ContentTypeSchema.optional(),
  size: z.number().int().nonnegative().optional(),
  metadata: ObjectMetadataSchema.optional(),
});

/** Validates put options at the boundary both stores share. */
export function parsePutOptions(options: PutOptions | undefined): PutOptions {
  return PutOptionsSchema.parse(options ?? {});
}

export function assertValidRange(key: string, range: ByteRange | undefined): void {
  if (!range) return;
  const ok =
    Number.isSafeInteger(range.start) &&
    range.start >= 0 &&
    (range.end === undefined || (Number.isSafeInteger(range.end) && range.end >= range.start));
  if (!ok) throw new InvalidRangeError(key, range);
}

const SignedUrlOptionsSchema = z.object({
  // SigV4 presigned URLs cannot outlive 7 days; the same cap keeps local tokens comparable.
  expiresInSeconds: z.number().int().min(1).max(7 * 24 * 3600),
  filename: z.string().min(1).max(255).optional(),
  contentType: ContentTypeSchema.optional(),
  disposition: z.enum(["inline", "attachment"]).optional(),
});

export function parseSignedUrlOptions(options: SignedUrlOptions): SignedUrlOptions {
  return SignedUrlOptionsSchema.parse(options);
}

/**
 * RFC 6266 Content-Disposition: an ASCII `filename` for old browsers and a
 * UTF-8 `filename*` for Chinese names. Path separators, quotes and control
 * characters are replaced so a name can neither break the header nor pick a
 * directory.
 */
export function buildContentDisposition(disposition: "inline" | "attachment", filename?: string): string {
  if (!filename) return disposition;
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const cleaned = filename.replace(/[\u0000-\u001f\u007f/\\]/g, "_").trim() || "download";
  const ascii = cleaned.replace(/[^\x20-\x7e]|["%;]/g, "_");
  const encoded = encodeURIComponent(cleaned).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Streams `source` to `filePath` through a temporary file beside it, renamed
 * into place at the end: a reader (ffmpeg in the worker's scratch dir) never
 * sees half a file, and a failed download leaves nothing behind.
 */
export async function writeStreamToFile(source: Readable, filePath: string): Promise<void> {
  await fsp.mkdir(path.dirname(filePath), { recursive: true });
  const partial = `${filePath}.${randomUUID()}.part`;
  try {
    await pipeline(source, fs.createWriteStream(partial, { flags: "wx" }));
    await fsp.rename(partial, filePath);
  } catch (error) {
    await fsp.rm(partial, { force: true });
    throw error;
  }
}
