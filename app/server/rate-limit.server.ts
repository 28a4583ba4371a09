// Fixed-window rate limits on PostgreSQL, shared by every app process: one
// atomic INSERT … ON CONFLICT DO UPDATE … RETURNING per attempt, so two
// processes (or two replicas) can never both see "the 10th attempt".
import type { Db, Tx } from "./db.server.ts";
import { getDb } from "./db.server.ts";

export type RateLimitResult = { allowed: boolean; retryAfterSeconds: number; count: number };

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
  return { allowed, count, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((expiresAt.getTime() - now) / 1000)) };
}

export async function deleteExpiredBuckets(db: Db | Tx = getDb()): Promise<number> {
  const { count } = await db.rateLimitBucket.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return count;
}
