// Where resumable (tus) uploads live while they arrive, and how they go away:
// the datastore for the configured object store (@tus/s3-store's multipart
// upload straight to the final key on S3, @tus/file-store's directory for the
// embedded store), moving a finished upload into the object store, removing
// a partial one, and the sweep of uploads abandoned half-way.
//
// Shared by the tus HTTP handler (uploads.server.ts), the file removal
// (media/assets.server.ts) and the media worker's storage sweep, so it
// imports no HTTP server, no session or auth, and nothing of Remix.
import fsp from "node:fs/promises";
import path from "node:path";
import { FileStore } from "@tus/file-store";
import { S3Store as TusS3Store } from "@tus/s3-store";
import type { DataStore } from "@tus/utils";
import { getDb, type Db } from "~/server/db/db.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import { getStore, type ObjectStore } from "~/server/storage/storage.server.ts";

const log = createLogger("upload-store");

/** tus PATCH body size the browser sends, and the S3 multipart part size (S3's minimum is 5 MiB). */
export const TUS_PART_SIZE = 5 * 1024 * 1024;

/**
 * @tus/s3-store's remove() ends with a multi-object DeleteObjects, which needs
 * a Content-MD5 header that the SDK (checksums WHEN_REQUIRED) does not send:
 * Swift refuses it. Abort the multipart upload, then delete one key at a time.
 */
class PortableTusS3Store extends TusS3Store {
  override async remove(id: string): Promise<void> {
    try {
      const { "upload-id": uploadId } = await this.getMetadata(id);
      if (uploadId) await this.client.abortMultipartUpload({ Bucket: this.bucket, Key: id, UploadId: uploadId });
    } catch (error) {
      log.warn("tus remove: no multipart upload to abort", { id, error: String(error) });
    }
    for (const Key of [id, this.infoKey(id), this.partKey(id, true)]) {
      await this.client.deleteObject({ Bucket: this.bucket, Key });
    }
    await this.clearCache(id);
  }
}

export function createTusDatastore(store: ObjectStore = getStore()): DataStore {
  const config = store.config;
  if (config.kind === "s3") {
    const endpoint = new URL(config.endpoint);
    return new PortableTusS3Store({
      partSize: TUS_PART_SIZE,
      // Expiration tags (S3 object tagging) are not offered by every S3-compatible store (Swift);
      // abandoned uploads are swept by sweepAbandonedUploads instead.
      useTags: false,
      s3ClientConfig: {
        bucket: config.bucket,
        region: config.region || "us-east-1",
        endpoint: endpoint.origin,
        forcePathStyle: config.pathStyle,
        credentials: { accessKeyId: config.accessKey, secretAccessKey: config.secretKey },
        // The SDK's default streaming checksums (aws-chunked) are refused by Swift and others.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      },
    });
  }
  if (!config.resumableUploadDir) throw new Error("local store: resumableUploadDir is not configured");
  return new FileStore({ directory: config.resumableUploadDir });
}

/**
 * Makes a finished upload an ordinary object at `key`. On S3 the multipart
 * upload already completed there and only its `.info` sidecar goes; the
 * local FileStore's file is moved into the object store.
 */
export async function storeFinishedUpload(store: ObjectStore, key: string): Promise<void> {
  const config = store.config;
  if (config.kind === "local") {
    const filePath = path.join(config.resumableUploadDir!, key);
    await store.putFile(key, filePath);
    await Promise.all([fsp.rm(filePath, { force: true }), fsp.rm(`${filePath}.json`, { force: true })]);
    return;
  }
  await store.delete(`${key}.info`).catch((error: unknown) => log.warn("could not delete tus info object", { key, error: String(error) }));
}

/** Drops an unfinished resumable upload's partial data (tus file, or S3 multipart upload and sidecars). */
export async function removeResumableUpload(uploadId: string, store: ObjectStore = getStore()): Promise<void> {
  await createTusDatastore(store).remove(uploadId);
}

/**
 * Deletes UPLOADING assets created more than `olderThanHours` ago and their
 * partial data (tus file or multipart upload, plus the object should one
 * exist), then the upload-lock leases crashed replicas left. Safe to run from
 * several processes: the row is removed only while still UPLOADING.
 */
export async function sweepAbandonedUploads(options: { olderThanHours: number; store?: ObjectStore }): Promise<{ deleted: number }> {
  const store = options.store ?? getStore();
  const datastore = createTusDatastore(store);
  const cutoff = new Date(Date.now() - options.olderThanHours * 3600_000);
  const db = getDb();
  const stale = await db.mediaAsset.findMany({
    where: { status: "UPLOADING", createdAt: { lt: cutoff } },
    select: { id: true, originalKey: true, uploadId: true },
    take: 500,
  });
  let deleted = 0;
  for (const asset of stale) {
    const { count } = await db.mediaAsset.deleteMany({ where: { id: asset.id, status: "UPLOADING" } });
    if (count === 0) continue;
    deleted++;
    const id = asset.uploadId ?? asset.originalKey;
    const warn = (what: string) => (error: unknown) => log.warn(`sweep: could not remove ${what}`, { assetId: asset.id, error: String(error) });
    await datastore.remove(id).catch(warn("tus upload"));
    await store.delete(asset.originalKey).catch(warn("object"));
  }
  await deleteExpiredUploadLocks(3600_000, db);
  return { deleted };
}

/**
 * Upload-lock leases (uploads/upload-locks.server.ts) whose holder crashed and
 * that ran out long ago; a clean unlock removes its own row. Here rather than
 * beside the locker because the locker speaks @tus/server's Locker protocol,
 * which the worker's sweep has no business loading.
 */
export async function deleteExpiredUploadLocks(olderThanMs: number, db: Db = getDb()): Promise<number> {
  return db.$executeRawUnsafe(
    `DELETE FROM "UploadLock" WHERE "expiresAt" < (now() AT TIME ZONE 'UTC') - $1::double precision * interval '1 millisecond'`,
    olderThanMs,
  );
}
