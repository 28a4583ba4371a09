// The resumable upload endpoint (tus 1.0) at /uploads, mounted by
// platform/http.server.ts before Remix and before any body parsing.
//
// - The upload id IS the object key of the original
//   (entries/{entryId}/originals/{assetId}), built here from ids the database
//   made; the browser's file name never reaches a key. In URLs it travels
//   base64url-encoded (one path segment).
// - Every request: signed-in user who may act for the entry's child (the child,
//   a linked guardian, or a teacher of the child's class), else 404; CSRF token
//   in X-CSRF-Token on POST/PATCH/DELETE, else 403. GET (download) is refused:
//   originals are read only through short-lived signed URLs.
// - Creation: metadata and category limits checked (domain/upload-rules.ts),
//   size known up front; the MediaAsset row (UPLOADING) is made in the same
//   transaction that counted the entry's files, under a row lock on the entry.
// - Bytes past Upload-Length or the category's maxFileBytes are refused by
//   @tus/server's stream limiter (maxSize below).
// - Finish: the bytes become an ordinary object at the key
//   (upload-store.server.ts, which also owns the datastores, removal and the
//   abandoned-upload sweep); then the asset goes UPLOADING → UPLOADED and its
//   processing job is queued (media/assets.server.ts).
import { randomBytes } from "node:crypto";
import { EVENTS, Server, type ServerOptions } from "@tus/server";
import type { DataStore, Upload } from "@tus/utils";
import type { RequestHandler } from "express";
import { isSubmissionOpen } from "~/domain/contest.ts";
import { buildOriginalKey, parseStorageKey } from "~/domain/storage-keys.ts";
import { checkUploadAllowed, parseUploadMetadata, toMediaKind, type UploadRefusalCode } from "~/domain/upload-rules.ts";
import { mayActForStudent } from "~/server/auth/acting-for.server.ts";
import { markAssetUploaded } from "~/server/media/assets.server.ts";
import { getUser } from "~/server/auth/auth.server.ts";
import { CSRF_HEADER, verifyCsrfToken } from "~/server/auth/csrf.server.ts";
import { getDb, isDatabaseUnavailable, type Tx } from "~/server/db/db.server.ts";
import { getEnv } from "~/server/platform/env.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import { errorFields } from "~/server/platform/log.server.ts";
import { consumeRateLimit } from "~/server/auth/rate-limit.server.ts";
import { getStore, type ObjectStore } from "~/server/storage/storage.server.ts";
import { DatabaseUploadLocker } from "./upload-locks.server.ts";
import { createTusDatastore, storeFinishedUpload } from "./upload-store.server.ts";

const log = createLogger("uploads");

export const UPLOADS_PATH = "/uploads";
/** The window of UPLOAD_RATE_LIMIT (upload creations per user; every process shares the counter). */
export const UPLOAD_RATE_WINDOW_SECONDS = 3600;

/** A tus error: status and a JSON body with a stable code the browser maps to a zh-CN message. */
type TusError = { status_code: number; body: string };

export type UploadErrorCode =
  | UploadRefusalCode
  | "not_found"
  | "forbidden"
  | "invalid_metadata"
  | "entry_locked"
  | "entry_submitted"
  | "submission_closed"
  | "rate_limited";

function tusError(status: number, code: UploadErrorCode, params: Record<string, string | number> = {}): TusError {
  return { status_code: status, body: JSON.stringify({ code, params }) };
}

const notFound = () => tusError(404, "not_found");

/** tus refused a declared size over maxSize: answer as the category check would ("最多 {maxMb} MB"). */
async function tooLargeAnswer(req: Request): Promise<TusError> {
  // The same Request the maxSize hook authorised: its category's limit is known already.
  const maxBytes = (await perRequest.get(req)?.catch(() => null))?.maxFileBytes;
  return tusError(413, "file_too_large", maxBytes ? { maxBytes, maxMb: Math.floor(maxBytes / (1024 * 1024)) } : {});
}

/** The entry and asset an upload id (the original's key) names; null for any other key. */
function parseKey(key: string | null | undefined): { entryId: string; assetId: string } | null {
  const parsed = key ? parseStorageKey(key) : null;
  return parsed?.kind === "original" ? { entryId: parsed.entryId, assetId: parsed.assetId } : null;
}

function encodeId(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

function decodeId(segment: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(segment)) return undefined;
  const key = Buffer.from(segment, "base64url").toString("utf8");
  return parseKey(key) ? key : undefined;
}

/** A fresh asset id: lower-case, like the database's cuids, so it is safe in keys. */
function newAssetId(): string {
  return `u${randomBytes(12).toString("hex")}`;
}

// ---------------------------------------------------------------------------
// Authorisation (shared by maxSize and onIncomingRequest; once per request)
// ---------------------------------------------------------------------------

type EntryContext = {
  userId: string;
  entryId: string;
  assetId: string;
  maxFileBytes: number;
};

const perRequest = new WeakMap<object, Promise<EntryContext>>();

function authorize(req: Request, key: string): Promise<EntryContext> {
  let pending = perRequest.get(req);
  if (!pending) {
    pending = loadContext(req, key);
    perRequest.set(req, pending);
  }
  return pending;
}

async function loadContext(req: Request, key: string): Promise<EntryContext> {
  const parsed = parseKey(key);
  if (!parsed) throw notFound();
  const user = await getUser(req);
  if (!user) throw notFound();
  if (req.method === "POST" || req.method === "PATCH" || req.method === "DELETE") {
    try {
      verifyCsrfToken(req, req.headers.get(CSRF_HEADER));
    } catch {
      throw tusError(403, "forbidden");
    }
  }
  const db = getDb();
  const entry = await db.entry.findUnique({
    where: { id: parsed.entryId },
    select: {
      studentId: true,
      classId: true,
      category: { select: { maxFileBytes: true } },
      student: { select: { studentProfile: { select: { classId: true } } } },
    },
  });
  if (!entry) throw notFound();
  if (!(await mayActForStudent(user.id, { studentId: entry.studentId, classIds: [entry.classId, entry.student.studentProfile?.classId] }, db))) {
    throw notFound();
  }
  // Past creation, the upload must still belong to an UPLOADING asset (not finished, swept or deleted).
  if (req.method !== "POST") {
    const asset = await db.mediaAsset.findFirst({ where: { uploadId: key, status: "UPLOADING" }, select: { id: true } });
    if (!asset) throw notFound();
  }
  return { userId: user.id, ...parsed, maxFileBytes: Number(entry.category.maxFileBytes) };
}

// ---------------------------------------------------------------------------
// The handler
// ---------------------------------------------------------------------------

export interface UploadHandlerOptions {
  store?: ObjectStore;
  rateLimit?: { limit: number; windowSeconds: number };
  /** Upload locks shared by every replica (upload-locks.server.ts); tests pass shorter timings. */
  locker?: DatabaseUploadLocker;
}

export function createUploadTusServer(options: UploadHandlerOptions = {}): Server {
  const store = options.store ?? getStore();
  const datastore = createTusDatastore(store);
  const rateLimit = options.rateLimit ?? { limit: getEnv().UPLOAD_RATE_LIMIT, windowSeconds: UPLOAD_RATE_WINDOW_SECONDS };

  const serverOptions: ServerOptions & { datastore: DataStore } = {
    path: UPLOADS_PATH,
    datastore,
    // One writer per upload across all app replicas, not just this process (MemoryLocker's reach).
    locker: options.locker ?? new DatabaseUploadLocker(),
    relativeLocation: true,
    // Uploads may not be deleted once finished: the asset row owns the object from then on.
    disableTerminationForFinishedUploads: true,
    generateUrl: (_req, { path: base, id }) => `${base}/${encodeId(id)}`,
    getFileIdFromRequest: (_req, lastPath) => (lastPath ? decodeId(lastPath) : undefined),
    namingFunction: (_req, metadata) => {
      const parsed = parseUploadMetadata(metadata);
      if (!parsed) throw tusError(400, "invalid_metadata");
      return buildOriginalKey({ entryId: parsed.entryId, assetId: newAssetId() });
    },
    // POST (Upload-Length) and every PATCH: bytes past this are refused by the stream limiter.
    maxSize: async (req, id) => {
      if (!id) return 0; // OPTIONS: no per-category figure to advertise.
      return (await authorize(req as unknown as Request, id)).maxFileBytes;
    },
    onIncomingRequest: async (req, id) => {
      await authorize(req as unknown as Request, id);
    },
    onUploadCreate: async (req, upload) => {
      const ctx = await authorize(req as unknown as Request, upload.id);
      const limited = await consumeRateLimit({ key: `upload:user:${ctx.userId}`, ...rateLimit });
      if (!limited.allowed) throw tusError(429, "rate_limited", { retryAfterSeconds: limited.retryAfterSeconds });
      await createAssetForUpload(ctx, upload);
      return {};
    },
    onUploadFinish: async (_req, upload) => {
      await finishUpload(store, upload);
      return {};
    },
    onResponseError: async (req, err) => {
      if ("status_code" in err && typeof err.status_code === "number") {
        if (typeof err.body === "string" && err.body.startsWith("{")) return { status_code: err.status_code, body: err.body };
        // tus's own cap (maxSize above) answered before any hook ran: the same words as the category check.
        if (err.status_code === 413 && /maximum size exceeded/i.test(String(err.body))) return tooLargeAnswer(req as unknown as Request);
        return undefined;
      }
      // The database away (restarting): 503, which tus-js-client retries by itself; the bytes already sent are kept.
      if (isDatabaseUnavailable(err)) {
        log.warn("upload request while the database is not reachable", errorFields(err));
        return { status_code: 503, body: JSON.stringify({ code: "server_error", params: {} }) };
      }
      log.error("upload failed", errorFields(err));
      return { status_code: 500, body: JSON.stringify({ code: "server_error", params: {} }) };
    },
  };
  const server = new Server(serverOptions);
  // A client that cancels (tus DELETE) gives up the file slot: its asset row goes with the data.
  server.on(EVENTS.POST_TERMINATE, (_req: unknown, _res: unknown, id: string) => {
    getDb()
      .mediaAsset.deleteMany({ where: { uploadId: id, status: "UPLOADING" } })
      .catch((error: unknown) => log.warn("could not delete a cancelled upload's asset", { error: String(error) }));
  });
  return server;
}

/** The express handler for /uploads (pass it as `uploads` to startHttpServer). */
export function createUploadHandler(options: UploadHandlerOptions = {}): RequestHandler {
  const server = createUploadTusServer(options);
  return (req, res, next) => {
    // Downloads of originals go through signed URLs only.
    if (req.method === "GET") {
      res.status(404).type("text/plain; charset=utf-8").send("Not Found");
      return;
    }
    // Mounted under /uploads, express strips the prefix; tus wants the full path.
    req.url = req.originalUrl;
    server.handle(req, res).catch(next);
  };
}

async function createAssetForUpload(ctx: EntryContext, upload: Upload): Promise<void> {
  const metadata = parseUploadMetadata(upload.metadata);
  if (!metadata || metadata.entryId !== ctx.entryId) throw tusError(400, "invalid_metadata");
  const declaredSize = upload.sizeIsDeferred ? null : (upload.size ?? null);
  const now = new Date();
  await getDb().$transaction(async (tx: Tx) => {
    // One creation at a time per entry, so two tabs cannot both take the last file slot.
    await tx.$queryRaw`SELECT "id" FROM "Entry" WHERE "id" = ${ctx.entryId} FOR UPDATE`;
    const entry = await tx.entry.findUnique({
      where: { id: ctx.entryId },
      select: {
        status: true,
        contest: { select: { status: true, submissionOpensAt: true, submissionClosesAt: true } },
        category: { select: { acceptedMediaKinds: true, maxFiles: true, maxFileBytes: true } },
      },
    });
    if (!entry) throw notFound();
    // Files change only on a draft: a submitted entry is what the judges see, so the family takes
    // it back to draft first (and submits again), the same rule as removing a file.
    if (entry.status === "SUBMITTED") throw tusError(409, "entry_submitted");
    if (entry.status !== "DRAFT") throw tusError(409, "entry_locked");
    if (!isSubmissionOpen(entry.contest, now)) throw tusError(409, "submission_closed");
    const existingAssetCount = await tx.mediaAsset.count({ where: { entryId: ctx.entryId, status: { not: "DELETED" } } });
    const check = checkUploadAllowed({ category: entry.category, existingAssetCount, declaredSize, kind: metadata.kind });
    if (!check.ok) throw tusError(check.code === "file_too_large" ? 413 : check.code === "size_unknown" ? 400 : 422, check.code, check.params);
    await tx.mediaAsset.create({
      data: {
        id: ctx.assetId,
        entryId: ctx.entryId,
        kind: toMediaKind(metadata.kind),
        status: "UPLOADING",
        originalKey: upload.id,
        uploadId: upload.id,
        originalName: metadata.filename ?? null,
        declaredMime: metadata.filetype ?? null,
        byteSize: BigInt(declaredSize ?? 0),
        sortOrder: existingAssetCount,
      },
    });
  });
}

async function finishUpload(store: ObjectStore, upload: Upload): Promise<void> {
  const parsed = parseKey(upload.id);
  if (!parsed) throw notFound();
  await storeFinishedUpload(store, upload.id);
  // UPLOADING → UPLOADED and the processing job queued, in one transaction.
  await markAssetUploaded(parsed.assetId, upload.size ?? upload.offset);
}

