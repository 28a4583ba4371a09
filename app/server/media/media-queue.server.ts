// The staff page that watches media processing (/organiser/media): how many
// files of each kind are in each status, what the job lanes hold, how long
// the oldest waiting file has waited (a stuck-worker signal), and the failed
// files with the reason in plain words, so that someone can retry them.
//
// Who sees what (deny by default; every query goes through `scopeWhere`):
// - ORGANISER and ADMIN: every file under their units (the county), the
//   pg-boss lane counts, the tool output behind a failure, and "retry all".
// - SCHOOL_COORDINATOR: only the files of their own school(s) and per-file
//   retry. Lane counts are deployment-wide and tool output is operators'
//   business, so neither is shown at school level.
//
// Status changes go only through retryAsset (app/server/media/assets.server.ts),
// the one write path for MediaAsset.status.
import type { Prisma } from "~/generated/prisma/client.ts";
import { isMediaFailureCode, isPermanentFailure, MEDIA_FAILURE_CODES, type MediaFailureCode } from "~/domain/media-failures.ts";
import { MEDIA_QUEUE_NAMES, type QueueName } from "~/domain/jobs.ts";
import { COUNTED_STATUSES, FAILED_PAGE_SIZE, MEDIA_QUEUE_KINDS, type CountedStatus, type MediaQueueKind } from "~/domain/media-queue.ts";
import { formatMediaFailure } from "~/i18n/media-failure.ts";
import { getLaneAvailability } from "./media-lanes.server.ts";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/t.ts";
import { retryAsset } from "./assets.server.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getRoleScopes, type RoleScope } from "~/server/auth/auth.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import { getQueue } from "~/server/jobs/queue.server.ts";
import type { FailedFile, KindSummary, LaneCounts, MediaQueueOverview } from "~/view-models/media-queue.ts";

const log = createLogger("media-queue");

/** Roles that may open the page at all (the route's requireRole). */
export const MEDIA_QUEUE_ROLES = ["ADMIN", "ORGANISER", "SCHOOL_COORDINATOR"] as const;
const COUNTY_ROLES = ["ADMIN", "ORGANISER"] as const;

/** The lanes whose counts the page shows: the three media lanes and maintenance (storage sweep). */
export const SHOWN_LANES = ["media-image", "media-video", "media-audio", "maintenance"] as const satisfies readonly QueueName[];

/** "Retry all" queues at most this many files per click, so one tap cannot flood the video lane. */
export const BULK_RETRY_LIMIT = 100;
/**
 * A waiting file whose row has not changed for this long is flagged. A
 * processing video touches its row every 5 % of progress (well under a
 * minute on the slowest machine measured), and a queued one waits only for
 * the files ahead of it, so half an hour without a change means a worker is
 * missing or wedged far more often than a busy lane.
 */
export const STUCK_AFTER_SECONDS = 30 * 60;
/** Tool output is up to 2000 characters when stored; the page shows the start of it. */
export const DETAIL_SHOWN_CHARS = 600;

/** Codes where retrying the same bytes gives the same answer. */
const PERMANENT_CODES = (Object.keys(MEDIA_FAILURE_CODES) as MediaFailureCode[]).filter(isPermanentFailure);

/**
 * Whether retrying can help: the machine failed, not the file. Unknown codes
 * (from a newer worker) and a missing code read as "internal", as the catalog
 * does (failureMessageKey).
 */
function isRetryableCode(code: string | null): boolean {
  return !(isMediaFailureCode(code) && isPermanentFailure(code));
}

// ---------------------------------------------------------------------------
// Scope
// ---------------------------------------------------------------------------

type Access = { level: "county" | "school"; scopes: RoleScope[] };

/**
 * The units whose files the user may see, from the database (not the
 * session's copy of the roles). Coordinators count only on school units, so a
 * mis-assigned coordinator role on a county does not widen what they see.
 * Null: nothing to show (the route answers 404).
 */
async function getAccess(userId: string): Promise<Access | null> {
  const county = await getRoleScopes(userId, COUNTY_ROLES);
  if (county.length > 0) return { level: "county", scopes: county };
  const school = (await getRoleScopes(userId, ["SCHOOL_COORDINATOR"])).filter((s) => s.unit.kind === "SCHOOL");
  return school.length > 0 ? { level: "school", scopes: school } : null;
}

/**
 * Files whose entry's class lies under one of the scope units. The class path
 * is the deepest one ("/county/township/school/class/"), so it starts with
 * the path of every unit above it, whatever the scope's kind.
 */
function scopeWhere(access: Access): Prisma.MediaAssetWhereInput {
  return { entry: { OR: access.scopes.map((s) => ({ class: { path: { startsWith: s.unit.path } } })) } };
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

async function summariseKinds(where: Prisma.MediaAssetWhereInput, now: number): Promise<KindSummary[]> {
  const db = getDb();
  const [groups, failures] = await Promise.all([
    db.mediaAsset.groupBy({
      by: ["kind", "status"],
      where: { AND: [where, { status: { in: [...COUNTED_STATUSES] } }] },
      _count: { _all: true },
      _min: { updatedAt: true },
    }),
    db.mediaAsset.groupBy({ by: ["kind", "failureCode"], where: { AND: [where, { status: "FAILED" }] }, _count: { _all: true } }),
  ]);
  return MEDIA_QUEUE_KINDS.map((kind) => {
    const mine = groups.filter((g) => g.kind === kind);
    const counts = Object.fromEntries(
      COUNTED_STATUSES.map((s) => [s, mine.find((g) => g.status === s)?._count._all ?? 0]),
    ) as Record<CountedStatus, number>;
    const waitingSince = mine
      .filter((g) => g.status === "UPLOADED" || g.status === "PROCESSING")
      .map((g) => g._min.updatedAt?.getTime())
      .filter((t): t is number => t !== undefined);
    const oldest = waitingSince.length > 0 ? Math.max(0, Math.floor((now - Math.min(...waitingSince)) / 1000)) : null;
    const retryableFailed = failures
      .filter((f) => f.kind === kind && isRetryableCode(f.failureCode))
      .reduce((n, f) => n + f._count._all, 0);
    const total = COUNTED_STATUSES.reduce((n, s) => n + counts[s], 0);
    return { kind, counts, total, retryableFailed, oldestWaitingSeconds: oldest, stuck: oldest !== null && oldest >= STUCK_AFTER_SECONDS };
  });
}

async function readLanes(): Promise<LaneCounts[] | null> {
  try {
    const stats = await (await getQueue()).stats();
    return SHOWN_LANES.map((lane) => stats.find((s) => s.queue === lane) ?? { queue: lane, queued: 0, active: 0, deferred: 0, failed: 0, total: 0 });
  } catch (error) {
    // The file counts come from our own tables; a queue hiccup must not take the page down with it.
    log.warn("could not read queue stats", { error: String(error) });
    return null;
  }
}

const failedSelect = {
  id: true,
  kind: true,
  originalName: true,
  byteSize: true,
  failureCode: true,
  failureParams: true,
  failureDetail: true,
  attempts: true,
  updatedAt: true,
  entry: {
    select: {
      title: true,
      school: { select: { name: true, shortName: true } },
      class: { select: { name: true } },
      // Staff pages show children's full names (see the class roster); this page is staff-only.
      student: { select: { displayName: true } },
      category: { select: { name: true } },
      contest: { select: { title: true } },
    },
  },
} satisfies Prisma.MediaAssetSelect;

type FailedRow = Prisma.MediaAssetGetPayload<{ select: typeof failedSelect }>;

function toFailedFile(row: FailedRow, locale: Locale, showDetail: boolean): FailedFile {
  const code = row.failureCode;
  const detail = showDetail ? row.failureDetail : null;
  return {
    id: row.id,
    kind: row.kind,
    schoolName: row.entry.school.shortName ?? row.entry.school.name,
    className: row.entry.class.name,
    studentName: row.entry.student.displayName,
    contestTitle: row.entry.contest.title,
    categoryName: row.entry.category.name,
    entryTitle: row.entry.title,
    originalName: row.originalName,
    byteSize: row.byteSize === null ? null : Number(row.byteSize),
    failureCode: code,
    message: formatMediaFailure(locale, code, row.failureParams),
    permanent: !isRetryableCode(code),
    attempts: row.attempts,
    // The FAILED transition is the row's last write (retry and delete move it out of FAILED).
    failedAt: row.updatedAt,
    detail: detail ? detail.slice(0, DETAIL_SHOWN_CHARS) : null,
    detailTruncated: detail !== null && detail.length > DETAIL_SHOWN_CHARS,
  };
}

/**
 * Everything the page shows, or null when the user has no unit to look at.
 * `page` past the last page shows the last one (after retries empty the end
 * of the list, the link the organiser is on must still work).
 */
export async function getMediaQueueOverview(input: {
  userId: string;
  kind?: MediaQueueKind | null;
  page?: number;
  locale?: Locale;
}): Promise<MediaQueueOverview | null> {
  const access = await getAccess(input.userId);
  if (!access) return null;
  const where = scopeWhere(access);
  const county = access.level === "county";
  const kind = input.kind ?? null;
  const [kinds, lanes, availability] = await Promise.all([
    summariseKinds(where, Date.now()),
    county ? readLanes() : Promise.resolve(null),
    getLaneAvailability(getDb(), MEDIA_QUEUE_NAMES),
  ]);
  const total = kinds.filter((k) => kind === null || k.kind === kind).reduce((n, k) => n + k.counts.FAILED, 0);
  const pageCount = Math.max(1, Math.ceil(total / FAILED_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(input.page ?? 1)), pageCount);
  const rows = await getDb().mediaAsset.findMany({
    where: { AND: [where, { status: "FAILED" }, kind ? { kind } : {}] },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * FAILED_PAGE_SIZE,
    take: FAILED_PAGE_SIZE,
    select: failedSelect,
  });
  const locale = input.locale ?? DEFAULT_LOCALE;
  return {
    level: access.level,
    scopeNames: access.scopes.map((s) => s.unit.shortName ?? s.unit.name),
    kinds,
    lanes,
    lanesUnavailable: county && lanes === null,
    failed: { kind, total, page, pageCount, pageSize: FAILED_PAGE_SIZE, files: rows.map((r) => toFailedFile(r, locale, county)) },
    bulkRetryLimit: BULK_RETRY_LIMIT,
    // Tool output and paths are for county staff; a school coordinator reads the plain reason only.
    availability: county ? availability : availability.map((a) => ({ ...a, problems: a.problems.map((p) => ({ ...p, detail: null, tools: "" })) })),
  };
}

// ---------------------------------------------------------------------------
// Retrying
// ---------------------------------------------------------------------------

export type RetryFailedResult = { result: "queued"; originalName: string | null } | { result: "not_failed" } | { result: "not_found" };

/**
 * Retries one failed file the user may see. "not_found" for a file that does
 * not exist or is outside their units (the route answers 404: nobody learns
 * which); "not_failed" when it is no longer FAILED (retried by someone else,
 * deleted by the family), and nothing changes.
 */
export async function retryFailedAsset(input: { userId: string; assetId: string }): Promise<RetryFailedResult> {
  const access = await getAccess(input.userId);
  if (!access) return { result: "not_found" };
  const asset = await getDb().mediaAsset.findFirst({
    where: { AND: [scopeWhere(access), { id: input.assetId }] },
    select: { id: true, originalName: true },
  });
  if (!asset) return { result: "not_found" };
  const outcome = await retryAsset(asset.id, input.userId);
  return outcome === "queued" ? { result: "queued", originalName: asset.originalName } : { result: "not_failed" };
}

export type BulkRetryResult = { result: "not_allowed" } | { result: "done"; queued: number; remaining: number };

/**
 * County staff: retries failed files of one kind whose failure was the
 * machine's, not the file's (a permanent failure would only fail again and
 * use up the lane). Oldest first, at most BULK_RETRY_LIMIT per call; each
 * retry is audited by retryAsset, and the batch once more with its size.
 */
export async function retryTransientFailures(input: { userId: string; kind: MediaQueueKind }): Promise<BulkRetryResult> {
  const access = await getAccess(input.userId);
  if (!access || access.level !== "county") return { result: "not_allowed" };
  const where: Prisma.MediaAssetWhereInput = {
    AND: [
      scopeWhere(access),
      { status: "FAILED", kind: input.kind },
      // NOT IN skips NULL in SQL; a failure without a code is not the file's fault either.
      { OR: [{ failureCode: null }, { failureCode: { notIn: PERMANENT_CODES } }] },
    ],
  };
  const db = getDb();
  const candidates = await db.mediaAsset.findMany({ where, orderBy: [{ updatedAt: "asc" }, { id: "asc" }], take: BULK_RETRY_LIMIT, select: { id: true } });
  let queued = 0;
  // One at a time: each retry is its own transaction with its job, and PGlite serialises transactions anyway.
  for (const { id } of candidates) if ((await retryAsset(id, input.userId)) === "queued") queued++;
  const remaining = await db.mediaAsset.count({ where });
  await audit({
    actorId: input.userId,
    action: "media.retry_bulk",
    subjectType: "media_asset",
    data: { kind: input.kind, queued, remaining, limit: BULK_RETRY_LIMIT, units: access.scopes.map((s) => s.unit.id) },
  });
  return { result: "done", queued, remaining };
}
