// Upload locks across app replicas (app/server/uploads/upload-locks.server.ts): two
// lockers on one database stand for two replicas. Real PostgreSQL or PGlite.
import { ERRORS } from "@tus/server";
import { describe, expect, it } from "vitest";
import { getDb } from "~/server/db/db.server.ts";
import { DatabaseUploadLocker, type UploadLockTimings } from "~/server/uploads/upload-locks.server.ts";
import { deleteExpiredUploadLocks } from "~/server/uploads/upload-store.server.ts";

const FAST: UploadLockTimings = { leaseMs: 2_000, renewMs: 100, retryMs: 25, acquireTimeoutMs: 5_000 };
let n = 0;
const uploadId = () => `entries/e${Date.now().toString(36)}/originals/a${++n}`;
const never = new AbortController().signal;

async function lockRow(id: string) {
  return getDb().uploadLock.findUnique({ where: { id } });
}

describe("upload locks", () => {
  it("makes a request on another replica wait until the holder lets go when asked", async () => {
    const [replicaA, replicaB] = [new DatabaseUploadLocker(FAST), new DatabaseUploadLocker(FAST)];
    const id = uploadId();
    const events: string[] = [];
    const held = replicaA.newLock(id);
    await held.lock(never, async () => {
      events.push("A asked to let go");
      await held.unlock();
      events.push("A unlocked");
    });
    const waiting = replicaB.newLock(id);
    await waiting.lock(never, () => {});
    events.push("B locked");
    expect(events).toEqual(["A asked to let go", "A unlocked", "B locked"]);
    expect((await lockRow(id))?.releaseRequestedAt).toBeNull();
    await waiting.unlock();
    expect(await lockRow(id)).toBeNull();
  });

  it("asks a holder in the same process directly", async () => {
    const locker = new DatabaseUploadLocker({ ...FAST, renewMs: 60_000 }); // no renewal tick could be what answers
    const id = uploadId();
    const first = locker.newLock(id);
    let asked = 0;
    await first.lock(never, async () => {
      asked++;
      await first.unlock();
    });
    const second = locker.newLock(id);
    await second.lock(never, () => {});
    expect(asked).toBe(1);
    await second.unlock();
  });

  it("gives up with tus's lock timeout when the holder does not let go", async () => {
    const holderSide = new DatabaseUploadLocker(FAST);
    const id = uploadId();
    const stubborn = holderSide.newLock(id);
    let asked = 0;
    await stubborn.lock(never, () => {
      asked++;
    });
    const other = new DatabaseUploadLocker({ ...FAST, acquireTimeoutMs: 400 });
    await expect(other.newLock(id).lock(never, () => {})).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    expect(asked).toBe(1);
    // Still the holder's (asked to let go, it stops renewing; the lease then runs out).
    expect((await lockRow(id))?.expiresAt.getTime()).toBeGreaterThan(Date.now());
    await stubborn.unlock();
  });

  it("stops waiting when the request is cancelled", async () => {
    const id = uploadId();
    const holder = new DatabaseUploadLocker(FAST).newLock(id);
    await holder.lock(never, () => {});
    const stop = new AbortController();
    const waiting = new DatabaseUploadLocker(FAST).newLock(id).lock(stop.signal, () => {});
    setTimeout(() => stop.abort(), 100);
    await expect(waiting).rejects.toBe(ERRORS.ERR_LOCK_TIMEOUT);
    await holder.unlock();
  });

  it("lets another replica take over an upload whose holder crashed, once the lease runs out", async () => {
    const id = uploadId();
    // A replica that died mid-request: its row stays, nobody renews it.
    await getDb().$executeRawUnsafe(
      `INSERT INTO "UploadLock" ("id", "holder", "expiresAt") VALUES ($1, 'crashed:1', (now() AT TIME ZONE 'UTC') + interval '300 milliseconds')`,
      id,
    );
    const started = Date.now();
    const lock = new DatabaseUploadLocker(FAST).newLock(id);
    await lock.lock(never, () => {});
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await lockRow(id))?.holder).not.toBe("crashed:1");
    await lock.unlock();
  });

  it("a holder whose lease was taken over (it stalled) lets go of its request", async () => {
    const id = uploadId();
    const lock = new DatabaseUploadLocker(FAST).newLock(id);
    let asked = false;
    await lock.lock(never, () => {
      asked = true;
    });
    await getDb().uploadLock.update({ where: { id }, data: { holder: "someone-else:1" } });
    await expect.poll(() => asked, { timeout: 2_000 }).toBe(true);
    // Its unlock does not remove the new holder's claim.
    await lock.unlock();
    expect((await lockRow(id))?.holder).toBe("someone-else:1");
    await getDb().uploadLock.delete({ where: { id } });
  });

  it("sweeps leases that ran out long ago and keeps live ones", async () => {
    const [old, live] = [uploadId(), uploadId()];
    await getDb().$executeRawUnsafe(
      `INSERT INTO "UploadLock" ("id", "holder", "expiresAt") VALUES ($1, 'gone:1', (now() AT TIME ZONE 'UTC') - interval '2 hours'), ($2, 'here:1', (now() AT TIME ZONE 'UTC') + interval '1 minute')`,
      old,
      live,
    );
    expect(await deleteExpiredUploadLocks(3600_000)).toBeGreaterThanOrEqual(1);
    expect(await lockRow(old)).toBeNull();
    expect(await lockRow(live)).not.toBeNull();
    await getDb().uploadLock.delete({ where: { id: live } });
  });
});
