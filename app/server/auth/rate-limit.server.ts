// Rate limits on PostgreSQL, shared by every app process, in two kinds of
// rows of one table (RateLimitBucket):
//
// - Fixed windows: one atomic INSERT … ON CONFLICT DO UPDATE … RETURNING per
//   attempt, so two processes (or two replicas) can never both see "the 10th
//   attempt". A claimed attempt can be handed back (refundRateLimit), so a
//   limit can count failures only.
// - Failure back-off (windowStart = the epoch, BACKOFF_ROW): a count of
//   failures and the time of the last one, for growing delays rather than a
//   lockout. The last failure is kept as expiresAt − memorySeconds, so that
//   the expiry clean-up below also forgets failures after a quiet period.
import type { Db, Tx } from "~/server/db/db.server.ts";
import { getDb } from "~/server/db/db.server.ts";

export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number; count: number; windowStart: Date };

/** Roughly one call in CLEANUP_EVERY deletes expired buckets. */
const CLEANUP_EVERY = 50;

export async function consumeRateLimit(
  input: { key: string; limit: number; windowSeconds: number },
  db: Db | Tx = getDb(),
): Promise<RateLimitResult> {
  const windowMs = input.windowSeconds * 1000;
  const now = Date.now();
  const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
  const expiresAt = new Date(windowStart.getTime() + windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "expiresAt")
    VALUES (${input.key}, ${windowStart}, 1, ${expiresAt})
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitBucket"."count" + 1
    RETURNING "count"`;
  const count = Number(rows[0]?.count ?? 1);
  if (Math.random() * CLEANUP_EVERY < 1) await deleteExpiredBuckets(db);
  const allowed = count <= input.limit;
  return { allowed, count, windowStart, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((expiresAt.getTime() - now) / 1000)) };
}

/** Hands back one attempt claimed by consumeRateLimit in the window that began at `windowStart`. */
export async function refundRateLimit(input: { key: string; windowStart: Date }, db: Db | Tx = getDb()): Promise<void> {
  await db.rateLimitBucket.updateMany({
    where: { key: input.key, windowStart: input.windowStart, count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}

export async function deleteExpiredBuckets(db: Db | Tx = getDb()): Promise<number> {
  const { count } = await db.rateLimitBucket.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}

// ---------------------------------------------------------------------------
// Failure back-off
// ---------------------------------------------------------------------------

const BACKOFF_ROW = new Date(0);
/** Attempts that lose a race for the same row re-read it; more than this many losses in a row is a flood. */
const MAX_CLAIM_TRIES = 5;

export type BackoffPolicy = {
  /** Failures allowed before the first delay. */
  freeFailures: number;
  /** The longest wait, however many failures. */
  maxDelaySeconds: number;
  /** Failures are forgotten this long after the last one. */
  memorySeconds: number;
};

/** How long the next attempt must wait after `failures` failures: nothing at first, then 2, 4, 8 … seconds up to the cap. */
export function backoffDelaySeconds(failures: number, policy: BackoffPolicy): number {
  if (failures < policy.freeFailures) return 0;
  return Math.min(2 ** (failures - policy.freeFailures + 1), policy.maxDelaySeconds);
}

export type BackoffClaim = { allowed: true; failures: number } | { allowed: false; retryAfterSeconds: number };

/**
 * Claims one attempt, counted as a failure until `clearBackoff` says it
 * succeeded: claiming before the check means parallel requests cannot all slip
 * in under the same count. Refused while the delay earned by earlier failures
 * runs; a refused attempt is not counted, so hammering does not extend it.
 * Each claim is a compare-and-set on the row as read.
 */
export async function claimBackoffAttempt(key: string, policy: BackoffPolicy, db: Db | Tx = getDb()): Promise<BackoffClaim> {
  for (let tries = 0; tries < MAX_CLAIM_TRIES; tries++) {
    const row = await db.rateLimitBucket.findUnique({ where: { key_windowStart: { key, windowStart: BACKOFF_ROW } } });
    const now = Date.now();
    const live = row && row.expiresAt.getTime() > now ? row : null;
    const failures = live?.count ?? 0;
    if (live) {
      const lastFailureAt = live.expiresAt.getTime() - policy.memorySeconds * 1000;
      const waitMs = lastFailureAt + backoffDelaySeconds(failures, policy) * 1000 - now;
      if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
    }
    const next = { count: failures + 1, expiresAt: new Date(now + policy.memorySeconds * 1000) };
    if (await compareAndSetBackoff(key, row, next, db)) return { allowed: true, failures: next.count };
  }
  return { allowed: false, retryAfterSeconds: 1 };
}

async function compareAndSetBackoff(
  key: string,
  seen: { count: number; expiresAt: Date } | null,
  next: { count: number; expiresAt: Date },
  db: Db | Tx,
): Promise<boolean> {
  if (!seen) {
    const inserted = await db.$executeRaw`
      INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "expiresAt")
      VALUES (${key}, ${BACKOFF_ROW}, ${next.count}, ${next.expiresAt})
      ON CONFLICT ("key", "windowStart") DO NOTHING`;
    return inserted === 1;
  }
  const { count } = await db.rateLimitBucket.updateMany({
    where: { key, windowStart: BACKOFF_ROW, count: seen.count, expiresAt: seen.expiresAt },
    data: next,
  });
  return count === 1;
}

/** Forgets every failure under `key` (after a success). */
export async function clearBackoff(key: string, db: Db | Tx = getDb()): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key, windowStart: BACKOFF_ROW } });
}
