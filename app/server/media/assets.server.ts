// The one write path for a media file's status (MediaAsset.status). Every
// change is a compare-and-set against the transition table in
// app/domain/asset-status.ts, so two processes (an app replica finishing an
// upload, two workers holding the same job after a crash) can never both win.
//
// Fencing: beginProcessing bumps `attempts` and hands the new value to the
// job as its claim. Progress, completion and failure write only while the row
// still carries that claim, so a job that lost its claim (its worker was
// presumed dead and the job re-run) cannot overwrite the newer run's result.
//
// Enqueueing: the processing job is sent through the same transaction as the
// UPLOADED transition (pg-boss via Prisma), so the status and the job commit
// or roll back together: no UPLOADED file without a job, no job for a file
// that is not UPLOADED.
import type { MediaKind } from "~/generated/prisma/client.ts";
import { clampPercent, shouldWriteProgress, statusesBefore, type AssetStatus } from "~/domain/asset-status.ts";
import type { JobName } from "~/domain/jobs.ts";
import type { MediaFailureCode, MediaFailureParams } from "~/domain/media-failures.ts";
import { buildRenditionKey } from "~/domain/storage-keys.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb, Prisma, type Db, type Tx } from "~/server/db/db.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import { getQueue } from "~/server/jobs/queue.server.ts";
import { getStore, type ObjectStore } from "~/server/storage/storage.server.ts";
import { removeResumableUpload } from "~/server/uploads/upload-store.server.ts";

const log = createLogger("assets");

export const MEDIA_JOB_FOR_KIND = {
  IMAGE: "media.process-image",
  VIDEO: "media.process-video",
  AUDIO: "media.process-audio",
} as const satisfies Record<MediaKind, JobName>;

/** The queue's singletonKey for an asset's jobs (to find them, not to dedupe: the status CAS does that). */
export function assetJobKey(assetId: string): string {
  return `asset:${assetId}`;
}

const inStatuses = (to: AssetStatus) => ({ in: statusesBefore(to) });

/**
 * Moves the asset to UPLOADED and queues its processing job, in one
 * transaction. `from` limits which statuses qualify (UPLOADING after an
 * upload, FAILED for a retry, READY to rebuild renditions). Resolves false
 * when the asset was not in one of them (already done by someone else).
 */
async function queueProcessing(
  db: Db,
  assetId: string,
  from: readonly AssetStatus[],
  data: Prisma.MediaAssetUpdateManyMutationInput,
): Promise<boolean> {
  // Start pg-boss (first use installs its schema) before the transaction opens: that work must
  // not run inside the transaction's time limit, and on PGlite it would wait for this very transaction.
  const queue = await getQueue();
  return db.$transaction(async (tx: Tx) => {
    const allowed = from.filter((s) => statusesBefore("UPLOADED").includes(s));
    const { count } = await tx.mediaAsset.updateMany({ where: { id: assetId, status: { in: allowed } }, data: { ...data, status: "UPLOADED" } });
    if (count === 0) return false;
    const asset = await tx.mediaAsset.findUniqueOrThrow({ where: { id: assetId }, select: { kind: true } });
    await queue.sendInTransaction(tx, MEDIA_JOB_FOR_KIND[asset.kind], { assetId }, { singletonKey: assetJobKey(assetId) });
    return true;
  });
}

/** UPLOADING → UPLOADED once the last byte is stored, and the processing job queued. */
export async function markAssetUploaded(assetId: string, byteSize: number, db: Db = getDb()): Promise<boolean> {
  const done = await queueProcessing(db, assetId, ["UPLOADING"], { byteSize: BigInt(byteSize), uploadId: null, progress: 0 });
  if (!done) log.warn("upload finished for an asset no longer UPLOADING", { assetId });
  return done;
}

export type RetryResult = "queued" | "not_failed";

/** FAILED → UPLOADED and a fresh job (the organiser's "retry"). Audited. */
export async function retryAsset(assetId: string, actorId: string | null, db: Db = getDb()): Promise<RetryResult> {
  const done = await queueProcessing(db, assetId, ["FAILED"], {
    failureCode: null,
    failureParams: Prisma.DbNull,
    failureDetail: null,
    progress: 0,
  });
  if (done) await audit({ actorId, action: "media.retry", subjectType: "media_asset", subjectId: assetId }, db);
  return done ? "queued" : "not_failed";
}

/**
 * READY or FAILED → UPLOADED and a fresh job: rebuild the renditions (a new
 * transcode profile, a rendition lost from the store). Audited. The old
 * renditions stay visible in the rows until the new run replaces them.
 */
export async function reprocessAsset(assetId: string, actorId: string | null, db: Db = getDb()): Promise<boolean> {
  const done = await queueProcessing(db, assetId, ["READY", "FAILED"], { failureCode: null, failureParams: Prisma.DbNull, failureDetail: null, progress: 0 });
  if (done) await audit({ actorId, action: "media.reprocess", subjectType: "media_asset", subjectId: assetId }, db);
  return done;
}

// ---------------------------------------------------------------------------
// The worker's side
// ---------------------------------------------------------------------------

export interface ProcessingClaim {
  assetId: string;
  entryId: string;
  kind: MediaKind;
  originalKey: string;
  /** The fencing token: `attempts` as this run set it. */
  attempt: number;
  limits: { maxDurationSeconds: number | null; maxFileBytes: number };
}

/**
 * UPLOADED (or PROCESSING, when a killed worker's job runs again) →
 * PROCESSING, attempts + 1. Null when there is nothing to do: the asset is
 * gone, deleted, already READY or FAILED (a stale duplicate job).
 */
export async function beginProcessing(assetId: string, db: Db = getDb()): Promise<ProcessingClaim | null> {
  // The transition table is the one guard: whatever may become PROCESSING (a fresh upload, a killed worker's run).
  const from = statusesBefore("PROCESSING");
  const rows = await db.$queryRaw<{ attempts: number }[]>`
    UPDATE "MediaAsset"
       SET "status" = 'PROCESSING'::"AssetStatus", "attempts" = "attempts" + 1, "progress" = 0,
           -- Prisma keeps UTC wall time in timestamp(3); now() would follow the server's TimeZone (Asia/Shanghai in a county).
           "updatedAt" = (now() AT TIME ZONE 'UTC')
     WHERE "id" = ${assetId}
       AND "status"::text IN (${Prisma.join(from)})
 RETURNING "attempts"`;
  const attempt = rows[0]?.attempts;
  if (attempt === undefined) return null;
  const asset = await db.mediaAsset.findUniqueOrThrow({
    where: { id: assetId },
    select: { entryId: true, kind: true, originalKey: true, entry: { select: { category: { select: { maxDurationSeconds: true, maxFileBytes: true } } } } },
  });
  return {
    assetId,
    entryId: asset.entryId,
    kind: asset.kind,
    originalKey: asset.originalKey,
    attempt,
    limits: {
      maxDurationSeconds: asset.entry.category.maxDurationSeconds,
      maxFileBytes: Number(asset.entry.category.maxFileBytes),
    },
  };
}

const claimed = (claim: ProcessingClaim) => ({ id: claim.assetId, status: "PROCESSING" as const, attempts: claim.attempt });

/**
 * A progress callback for the engine: writes at most every PROGRESS_STEP
 * percent, one write at a time, never backwards, only while the claim holds.
 * `flush()` waits for the last write.
 */
export function createProgressWriter(claim: ProcessingClaim, db: Db = getDb()): ((percent: number) => void) & { flush(): Promise<void> } {
  let lastWritten = 0;
  let chain = Promise.resolve();
  const write = (percent: number) => {
    if (!shouldWriteProgress(lastWritten, percent)) return;
    const p = clampPercent(percent);
    lastWritten = p;
    chain = chain
      .then(() => db.mediaAsset.updateMany({ where: { ...claimed(claim), progress: { lt: p } }, data: { progress: p } }))
      .then(
        () => undefined,
        (error: unknown) => log.warn("could not record progress", { assetId: claim.assetId, error: String(error) }),
      );
  };
  return Object.assign(write, { flush: () => chain });
}

export interface RenditionInput {
  /** "thumb", "display", "large", "poster-thumb", "video", "audio" … */
  name: string;
  /** "webp", "jpg", "mp4", "m4a". */
  ext: string;
  mime: string;
  width?: number | null;
  height?: number | null;
  bytes: number;
  durationMs?: number | null;
}

/** Where a rendition is stored: deterministic, so a re-run overwrites rather than adds. */
export function renditionKey(claim: Pick<ProcessingClaim, "entryId" | "assetId">, r: Pick<RenditionInput, "name" | "ext">): string {
  return buildRenditionKey({ entryId: claim.entryId, assetId: claim.assetId, name: r.name, ext: r.ext });
}

/** The Rendition row's name: one row per file ("thumb.webp", "video.mp4"). */
export function renditionName(r: Pick<RenditionInput, "name" | "ext">): string {
  return `${r.name}.${r.ext}`;
}

export interface ProcessingResult {
  detectedMime: string;
  width?: number | null;
  height?: number | null;
  durationMs?: number | null;
  renditions: readonly RenditionInput[];
}

/**
 * PROCESSING → READY with the renditions, in one transaction. Rows are
 * upserted by (asset, name) and rows of an earlier run that this run did not
 * make are removed, so re-running a job leaves exactly one set. False when
 * the claim was lost (the objects are then the newer run's to overwrite).
 */
export async function completeProcessing(claim: ProcessingClaim, result: ProcessingResult, db: Db = getDb()): Promise<boolean> {
  return db.$transaction(async (tx: Tx) => {
    const { count } = await tx.mediaAsset.updateMany({
      where: claimed(claim),
      data: {
        status: "READY",
        progress: 100,
        readyAt: new Date(),
        detectedMime: result.detectedMime,
        width: result.width ?? null,
        height: result.height ?? null,
        durationMs: result.durationMs ?? null,
        failureCode: null,
        failureParams: Prisma.DbNull,
        failureDetail: null,
      },
    });
    if (count === 0) return false;
    // One row per completion: how a test (or an operator) sees that a file became ready exactly once per run.
    await audit({ action: "media.ready", subjectType: "media_asset", subjectId: claim.assetId, data: { attempt: claim.attempt } }, tx);
    const names = result.renditions.map(renditionName);
    await tx.rendition.deleteMany({ where: { assetId: claim.assetId, name: { notIn: names } } });
    for (const r of result.renditions) {
      const data = {
        key: renditionKey(claim, r),
        mime: r.mime,
        width: r.width ?? null,
        height: r.height ?? null,
        byteSize: BigInt(r.bytes),
        durationMs: r.durationMs ?? null,
      };
      await tx.rendition.upsert({
        where: { assetId_name: { assetId: claim.assetId, name: renditionName(r) } },
        create: { assetId: claim.assetId, name: renditionName(r), ...data },
        update: data,
      });
    }
    return true;
  });
}

export interface FailureInput {
  code: MediaFailureCode;
  params?: MediaFailureParams;
  /** For staff and logs only (tool output); never shown to families. */
  detail?: string;
}

/** PROCESSING → FAILED with the reason. False when the claim was lost. */
export async function failProcessing(claim: ProcessingClaim, failure: FailureInput, db: Db = getDb()): Promise<boolean> {
  const { count } = await db.mediaAsset.updateMany({
    where: claimed(claim),
    data: {
      status: "FAILED",
      progress: 0,
      failureCode: failure.code,
      failureParams: failure.params ? { ...failure.params } : Prisma.DbNull,
      failureDetail: failure.detail?.slice(0, 2000) ?? null,
    },
  });
  return count > 0;
}

/**
 * PROCESSING → UPLOADED after a transient error with attempts left: the
 * queue's retry will claim it again. The reason is kept for staff.
 */
export async function releaseForRetry(claim: ProcessingClaim, detail: string, db: Db = getDb()): Promise<boolean> {
  const { count } = await db.mediaAsset.updateMany({
    where: claimed(claim),
    data: { status: "UPLOADED", progress: 0, failureDetail: detail.slice(0, 2000) },
  });
  return count > 0;
}

/**
 * Counts a run that hit the lane's time limit (only while the claim holds);
 * resolves with the file's count so far (0 when the claim was lost).
 */
export async function recordTimeout(claim: ProcessingClaim, db: Db = getDb()): Promise<number> {
  const rows = await db.$queryRaw<{ timeouts: number }[]>`
    UPDATE "MediaAsset" SET "timeouts" = "timeouts" + 1
     WHERE "id" = ${claim.assetId} AND "status" = 'PROCESSING'::"AssetStatus" AND "attempts" = ${claim.attempt}
 RETURNING "timeouts"`;
  return rows[0]?.timeouts ?? 0;
}

// ---------------------------------------------------------------------------
// Removal
// ---------------------------------------------------------------------------

/**
 * Any status → DELETED: the row stays (audit, counts) without renditions, and
 * the original and rendition objects are removed. An object that cannot be
 * removed now is left to the storage sweep. False when already deleted.
 */
export async function deleteAsset(
  assetId: string,
  actorId: string | null,
  options: { db?: Db; store?: ObjectStore } = {},
): Promise<boolean> {
  const db = options.db ?? getDb();
  const store = options.store ?? getStore();
  let uploadId: string | null = null;
  const removed = await db.$transaction(async (tx: Tx) => {
    const asset = await tx.mediaAsset.findUnique({
      where: { id: assetId },
      select: { status: true, originalKey: true, uploadId: true, renditions: { select: { key: true } } },
    });
    if (!asset) return null;
    uploadId = asset.status === "UPLOADING" ? asset.uploadId : null;
    const { count } = await tx.mediaAsset.updateMany({
      where: { id: assetId, status: inStatuses("DELETED") },
      data: { status: "DELETED", uploadId: null, progress: 0 },
    });
    if (count === 0) return null;
    await tx.rendition.deleteMany({ where: { assetId } });
    await audit({ actorId, action: "media.delete", subjectType: "media_asset", subjectId: assetId }, tx);
    return [asset.originalKey, ...asset.renditions.map((r) => r.key)];
  });
  if (!removed) return false;
  if (uploadId) {
    // Still arriving: drop the partial bytes too.
    await removeResumableUpload(uploadId, store).catch((error: unknown) => log.warn("could not remove a deleted file's partial upload", { assetId, error: String(error) }));
  }
  await store.deleteMany(removed).catch((error: unknown) => log.warn("could not remove a deleted file's objects; the sweep will", { assetId, error: String(error) }));
  return true;
}
