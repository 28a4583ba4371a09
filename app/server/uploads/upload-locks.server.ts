// Locks for resumable uploads that hold across app replicas. tus takes a lock
// for every request on an upload (HEAD, PATCH, DELETE) so that two requests
// never write one upload at once: say a phone's PATCH hangs on a dead
// connection on replica A while the phone, back online, resumes through
// replica B. @tus/server's MemoryLocker only sees its own process.
//
// A lock is a lease row in "UploadLock" (no connection is held: a county's
// evening rush would otherwise pin one PostgreSQL connection per uploading
// phone). The holder renews the lease while its request runs and looks, at
// the same time, whether another request asked for the upload; if so it lets
// go (tus then ends its request), as MemoryLocker does within a process. A
// crashed holder's lease runs out. Within one process the holder is asked
// directly, so the common case (a reload on the same replica) is as quick as
// before. Times come from the database's clock, never a replica's. Leases of
// crashed holders are removed by the abandoned-upload sweep
// (upload-store.server.ts: deleteExpiredUploadLocks).
import { randomBytes } from "node:crypto";
import { ERRORS, type Lock, type Locker, type RequestRelease } from "@tus/server";
import { getDb, type Db } from "~/server/db/db.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";

const log = createLogger("upload-locks");

export interface UploadLockTimings {
  /** How long a holder's claim lasts without renewal (a crashed replica's uploads wait this long). */
  leaseMs: number;
  /** How often a holder renews and checks for release requests. */
  renewMs: number;
  /** How often a waiting request tries again. */
  retryMs: number;
  /** How long a request waits for the lock before tus answers with an error (the client retries). */
  acquireTimeoutMs: number;
}

export const DEFAULT_UPLOAD_LOCK_TIMINGS: UploadLockTimings = { leaseMs: 20_000, renewMs: 2_000, retryMs: 150, acquireTimeoutMs: 30_000 };

/** The database's "now" in the UTC wall time Prisma keeps in timestamp(3) columns. */
const NOW = `(now() AT TIME ZONE 'UTC')`;

export class DatabaseUploadLocker implements Locker {
  /** Locks held by this process: upload id → the holder's release callback. */
  readonly held = new Map<string, { holder: string; release: RequestRelease }>();
  private readonly instance = randomBytes(6).toString("hex");
  private counter = 0;

  constructor(readonly timings: UploadLockTimings = DEFAULT_UPLOAD_LOCK_TIMINGS) {}

  private get db(): Db {
    return getDb();
  }

  newLock(id: string): Lock {
    return new DatabaseUploadLock(id, this, `${this.instance}:${++this.counter}`);
  }

  /** Claims `id` for `holder` when it is free or its lease ran out. */
  async tryClaim(id: string, holder: string): Promise<boolean> {
    const rows = await this.db.$queryRawUnsafe<{ holder: string }[]>(
      `INSERT INTO "UploadLock" ("id", "holder", "expiresAt") VALUES ($1, $2, ${NOW} + $3::double precision * interval '1 millisecond')
       ON CONFLICT ("id") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt", "releaseRequestedAt" = NULL
         WHERE "UploadLock"."expiresAt" < ${NOW}
       RETURNING "holder"`,
      id,
      holder,
      this.timings.leaseMs,
    );
    return rows[0]?.holder === holder;
  }

  /** Asks the current holder, wherever it runs, to let go. */
  async requestRelease(id: string): Promise<void> {
    const local = this.held.get(id);
    if (local) await local.release();
    await this.db.$executeRawUnsafe(`UPDATE "UploadLock" SET "releaseRequestedAt" = ${NOW} WHERE "id" = $1 AND "releaseRequestedAt" IS NULL`, id);
  }

  /** Extends the lease; null when the claim is lost, else whether someone asked for the upload. */
  async renew(id: string, holder: string): Promise<{ releaseRequested: boolean } | null> {
    const rows = await this.db.$queryRawUnsafe<{ requested: boolean }[]>(
      `UPDATE "UploadLock" SET "expiresAt" = ${NOW} + $3::double precision * interval '1 millisecond'
       WHERE "id" = $1 AND "holder" = $2
       RETURNING "releaseRequestedAt" IS NOT NULL AS "requested"`,
      id,
      holder,
      this.timings.leaseMs,
    );
    return rows[0] ? { releaseRequested: rows[0].requested } : null;
  }

  async drop(id: string, holder: string): Promise<void> {
    await this.db.$executeRawUnsafe(`DELETE FROM "UploadLock" WHERE "id" = $1 AND "holder" = $2`, id, holder);
  }
}

class DatabaseUploadLock implements Lock {
  private renewTimer: NodeJS.Timeout | null = null;
  private releaseAsked = false;

  constructor(
    private readonly id: string,
    private readonly locker: DatabaseUploadLocker,
    private readonly holder: string,
  ) {}

  async lock(stopSignal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const { timings } = this.locker;
    const deadline = Date.now() + timings.acquireTimeoutMs;
    let asked = false;
    while (!(await this.locker.tryClaim(this.id, this.holder))) {
      if (stopSignal.aborted || Date.now() >= deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
      if (!asked) {
        await this.locker.requestRelease(this.id);
        asked = true;
      }
      await sleep(timings.retryMs, stopSignal);
    }
    this.locker.held.set(this.id, { holder: this.holder, release: () => this.letGo(requestRelease) });
    this.renewTimer = setInterval(() => void this.renew(requestRelease), timings.renewMs);
    this.renewTimer.unref();
  }

  async unlock(): Promise<void> {
    this.stopRenewing();
    if (this.locker.held.get(this.id)?.holder === this.holder) this.locker.held.delete(this.id);
    await this.locker.drop(this.id, this.holder);
  }

  private async renew(requestRelease: RequestRelease): Promise<void> {
    try {
      const state = await this.locker.renew(this.id, this.holder);
      // Lost (the lease ran out while this replica stalled) or wanted elsewhere: let go.
      if (!state || state.releaseRequested) await this.letGo(requestRelease);
    } catch (error) {
      log.warn("could not renew an upload lock", { id: this.id, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Asks tus to end this request (it then unlocks); once is enough. */
  private async letGo(requestRelease: RequestRelease): Promise<void> {
    if (this.releaseAsked) return;
    this.releaseAsked = true;
    this.stopRenewing();
    await requestRelease();
  }

  private stopRenewing(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
