// The S3 implementation of ObjectStore, and the only file that imports the
// minio client. S3 API calls only (nothing MinIO-specific), so MinIO, Ceph,
// Aliyun OSS, Tencent COS or OpenStack Swift's s3api can sit behind it; the
// conformance suite runs it against Swift.
//
// Uploads of streams do their own multipart (initiate / uploadPart / complete
// / abort) instead of minio's putObject(stream), because in minio 8.0.7 that
// path (a) crashes the process with an unhandled 'error' when the source
// stream fails, e.g. a phone dropping off mid-upload
// (https://github.com/minio/minio-js/issues/1479, /issues/1023), (b) with an
// unknown size picks a ~528 MiB part and holds it in memory, and (c) "resumes"
// any incomplete upload of the same key it finds, so two writers of one key
// would share parts. Here: one part in memory, abort on any failure.
import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import type { Readable } from "node:stream";
import * as Minio from "minio";
import { assertSafeKey, assertSafePrefix, isSafeKey } from "~/domain/storage-keys.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import {
  assertValidRange,
  buildContentDisposition,
  DEFAULT_CONTENT_TYPE,
  InvalidRangeError,
  ObjectMetadataSchema,
  ObjectNotFoundError,
  ObjectSizeMismatchError,
  parsePutOptions,
  parseSignedUrlOptions,
  writeStreamToFile,
  type ByteRange,
  type ListedObject,
  type ObjectMetadata,
  type ObjectStat,
  type ObjectStore,
  type PutOptions,
  type S3StoreConfig,
  type SignedUrlOptions,
} from "./object-store.server.ts";

const log = createLogger("s3-store");

const MiB = 1024 * 1024;
const DEFAULT_PART_SIZE = 8 * MiB;
const MAX_PARTS = 10_000;

function createClient(endpoint: string, config: S3StoreConfig): Minio.Client {
  const url = new URL(endpoint);
  const useSSL = url.protocol === "https:";
  return new Minio.Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: config.accessKey,
    secretKey: config.secretKey,
    // Given, so the client never asks the server for the bucket's location:
    // presigning stays a local computation.
    region: config.region,
    pathStyle: config.pathStyle,
  });
}

function s3Code(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { code?: string }).code : undefined;
}

function isNotFound(error: unknown): boolean {
  return ["NoSuchKey", "NotFound"].includes(s3Code(error) ?? "");
}

/** Metadata goes out as explicit x-amz-meta-* headers (not left to minio's guessing). */
function objectHeaders(options: PutOptions): Record<string, string> {
  const headers: Record<string, string> = { "Content-Type": options.contentType ?? DEFAULT_CONTENT_TYPE };
  for (const [name, value] of Object.entries(options.metadata ?? {})) headers[`X-Amz-Meta-${name}`] = value;
  return headers;
}

/** minio folds user metadata (prefix stripped) together with content-type & co.; keep only names ours could be. */
function userMetadata(metaData: Record<string, unknown>): ObjectMetadata {
  const ours = Object.entries(metaData).filter(
    ([name, value]) => typeof value === "string" && ObjectMetadataSchema.safeParse({ [name]: value }).success,
  );
  return Object.fromEntries(ours) as ObjectMetadata;
}

/** Splits a stream into parts of exactly `partSize` bytes; the last (possibly empty) part is shorter. */
async function* readParts(source: AsyncIterable<Buffer | string> | Iterable<Buffer>, partSize: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const raw of source) {
    let chunk = typeof raw === "string" ? Buffer.from(raw) : raw;
    while (pendingBytes + chunk.length >= partSize) {
      const take = partSize - pendingBytes;
      pending.push(chunk.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      chunk = chunk.subarray(take);
    }
    if (chunk.length > 0) {
      pending.push(chunk);
      pendingBytes += chunk.length;
    }
  }
  yield Buffer.concat(pending);
}

export class S3Store implements ObjectStore {
  readonly kind = "s3" as const;
  readonly config: S3StoreConfig;
  private readonly client: Minio.Client;
  private readonly presignClient: Minio.Client;
  private readonly bucket: string;

  constructor(config: S3StoreConfig) {
    this.config = config;
    this.bucket = config.bucket;
    this.client = createClient(config.endpoint, config);
    this.presignClient = config.publicEndpoint ? createClient(config.publicEndpoint, config) : this.client;
  }

  async ensureBucket(): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket, this.config.region);
    } catch (error) {
      // Another replica created it between our check and our create.
      if (s3Code(error) !== "BucketAlreadyOwnedByYou") throw error;
    }
  }

  async put(key: string, body: Readable | Buffer, options?: PutOptions): Promise<{ etag: string }> {
    assertSafeKey(key);
    const parsed = parsePutOptions(options);
    const headers = objectHeaders(parsed);
    const partSize = this.partSizeFor(parsed.size);
    const parts = readParts(Buffer.isBuffer(body) ? [body] : body, partSize);
    const first = await parts.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    if (firstPart.length < partSize) return this.putSingle(key, firstPart, headers, parsed.size);
    return this.putMultipart(key, headers, { firstPart, rest: parts, expectedSize: parsed.size });
  }

  async putFile(key: string, filePath: string, options?: Omit<PutOptions, "size">): Promise<{ etag: string }> {
    const { size } = await fsp.stat(filePath);
    // The size check catches a file still being written by someone else.
    return this.put(key, fs.createReadStream(filePath), { ...options, size });
  }

  async stat(key: string): Promise<ObjectStat | null> {
    assertSafeKey(key);
    try {
      const stat = await this.client.statObject(this.bucket, key);
      const metaData = stat.metaData as Record<string, unknown>;
      return {
        size: stat.size,
        contentType: typeof metaData["content-type"] === "string" ? metaData["content-type"] : DEFAULT_CONTENT_TYPE,
        etag: stat.etag,
        lastModified: stat.lastModified,
        metadata: userMetadata(metaData),
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    assertSafeKey(key);
    assertValidRange(key, range);
    try {
      if (!range || (range.start === 0 && range.end === undefined)) return await this.client.getObject(this.bucket, key);
      // minio takes (offset, length); length 0 means "to the end".
      const length = range.end === undefined ? 0 : range.end - range.start + 1;
      return await this.client.getPartialObject(this.bucket, key, range.start, length);
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(key);
      if (range && s3Code(error) === "InvalidRange") throw new InvalidRangeError(key, range);
      throw error;
    }
  }

  async getToFile(key: string, filePath: string): Promise<void> {
    // Not minio's fGetObject: it resumes from stale "<file>.<etag>.part.minio"
    // files and leaves them beside the target when a download fails.
    await writeStreamToFile(await this.get(key), filePath);
  }

  async delete(key: string): Promise<void> {
    assertSafeKey(key);
    try {
      await this.client.removeObject(this.bucket, key);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (const key of keys) assertSafeKey(key);
    if (keys.length === 0) return;
    // Multi-object delete, batched by 1000 inside minio.
    const results = await this.client.removeObjects(this.bucket, [...keys]);
    const failures = results.filter((r) => r?.Error && !isNotFound({ code: r.Error.Code }));
    if (failures.length > 0) throw new Error(`deleteMany: ${failures.length} objects not deleted: ${JSON.stringify(failures.slice(0, 3))}`);
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    assertSafePrefix(prefix);
    for await (const item of this.client.listObjectsV2(this.bucket, prefix, true)) {
      const object = item as Minio.BucketItem;
      if (!object.name) continue;
      // Only keys this app could have made (a shared bucket may hold others); the local store lists the same way.
      if (!isSafeKey(object.name)) continue;
      yield { key: object.name, size: object.size, lastModified: object.lastModified };
    }
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    assertSafeKey(fromKey);
    assertSafeKey(toKey);
    // Server-side CopyObject keeps content type and metadata (MetadataDirective COPY).
    // It is a single request, capped at 5 GiB by S3: far above the app's upload limits.
    try {
      await this.client.copyObject(
        new Minio.CopySourceOptions({ Bucket: this.bucket, Object: fromKey }),
        new Minio.CopyDestinationOptions({ Bucket: this.bucket, Object: toKey }),
      );
    } catch (error) {
      if (isNotFound(error)) throw new ObjectNotFoundError(fromKey);
      throw error;
    }
  }

  async signedDownloadUrl(key: string, options: SignedUrlOptions): Promise<string> {
    assertSafeKey(key);
    const { expiresInSeconds, filename, contentType, disposition } = parseSignedUrlOptions(options);
    const responseHeaders: Record<string, string> = {};
    if (filename || disposition) {
      const wanted = disposition ?? (filename ? "attachment" : "inline");
      responseHeaders["response-content-disposition"] = buildContentDisposition(wanted, filename);
    }
    if (contentType) responseHeaders["response-content-type"] = contentType;
    return this.presignClient.presignedGetObject(this.bucket, key, expiresInSeconds, responseHeaders);
  }

  /** For tests that make a bucket per run: S3 refuses to remove a bucket that still holds objects. */
  async removeEmptyBucket(): Promise<void> {
    await this.client.removeBucket(this.bucket);
  }

  // ---- uploads --------------------------------------------------------------

  /** S3 allows 10,000 parts: grow the part when a known size needs it. */
  private partSizeFor(size: number | undefined): number {
    const base = Math.max(5 * MiB, this.config.partSizeBytes ?? DEFAULT_PART_SIZE);
    if (size === undefined || size <= base * MAX_PARTS) return base;
    return Math.ceil(size / MAX_PARTS / MiB) * MiB;
  }

  private async putSingle(
    key: string,
    body: Buffer,
    headers: Record<string, string>,
    expectedSize: number | undefined,
  ): Promise<{ etag: string }> {
    if (expectedSize !== undefined && body.length !== expectedSize) {
      throw new ObjectSizeMismatchError(key, expectedSize, body.length);
    }
    const { etag } = await this.client.putObject(this.bucket, key, body, body.length, headers);
    return { etag };
  }

  private async putMultipart(
    key: string,
    headers: Record<string, string>,
    input: { firstPart: Buffer; rest: AsyncGenerator<Buffer>; expectedSize: number | undefined },
  ): Promise<{ etag: string }> {
    const uploadId = await this.client.initiateNewMultipartUpload(this.bucket, key, headers);
    try {
      const etags = await this.uploadParts(key, uploadId, input);
      const { etag } = await this.client.completeMultipartUpload(this.bucket, key, uploadId, etags);
      return { etag };
    } catch (error) {
      await input.rest.return(undefined); // stop reading (and close) the source
      // Without this the parts stay billed and invisible until a lifecycle rule (which Swift lacks) reaps them.
      await this.client.abortMultipartUpload(this.bucket, key, uploadId).catch((abortError: unknown) => {
        log.warn("could not abort a failed multipart upload", { key, uploadId, error: String(abortError) });
      });
      throw error;
    }
  }

  private async uploadParts(
    key: string,
    uploadId: string,
    input: { firstPart: Buffer; rest: AsyncGenerator<Buffer>; expectedSize: number | undefined },
  ): Promise<{ part: number; etag: string }[]> {
    const etags: { part: number; etag: string }[] = [];
    let received = 0;
    let part: Buffer | undefined = input.firstPart;
    while (part) {
      if (part.length > 0) {
        received += part.length;
        if (input.expectedSize !== undefined && received > input.expectedSize) {
          throw new ObjectSizeMismatchError(key, input.expectedSize, received);
        }
        if (etags.length === MAX_PARTS) throw new Error(`${key}: more than ${MAX_PARTS} parts; raise partSizeBytes`);
        etags.push(await this.uploadPart(key, uploadId, etags.length + 1, part));
      }
      const next = await input.rest.next();
      part = next.done ? undefined : next.value;
    }
    if (input.expectedSize !== undefined && received !== input.expectedSize) {
      throw new ObjectSizeMismatchError(key, input.expectedSize, received);
    }
    return etags;
  }

  private async uploadPart(key: string, uploadId: string, partNumber: number, body: Buffer): Promise<{ part: number; etag: string }> {
    const { etag } = await this.client.uploadPart(
      {
        bucketName: this.bucket,
        objectName: key,
        uploadID: uploadId,
        partNumber,
        // Content-MD5 lets the server reject a part damaged in transit (over https minio signs UNSIGNED-PAYLOAD).
        headers: { "Content-Length": body.length, "Content-MD5": createHash("md5").update(body).digest("base64") },
      },
      body,
    );
    return { part: partNumber, etag };
  }
}
