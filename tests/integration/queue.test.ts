// Jobs through the real queue and the real handler registration (the same
// registerHandlers the media worker runs), on two databases: this file's own
// database (PostgreSQL when DATABASE_URL is set, as in CI; PGlite otherwise)
// and, always, an embedded PGlite started here, because `npm start` runs
// pg-boss on PGlite and CI must exercise that path too.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerHandlers } from "../../media-worker/handlers/index.ts";
import { migrateDatabase } from "../../prisma/migrator.ts";
import { JobPayloadError, type QueueName } from "~/domain/jobs.ts";
import { createDb, type Db } from "~/server/db/db.server.ts";
import { startEmbeddedDatabase } from "~/server/db/embedded-db.server.ts";
import { requireDatabaseUrl } from "~/server/platform/env.server.ts";
import { createStore } from "~/server/storage/storage.server.ts";
import { createJobQueue, type JobQueue, type JobSnapshot, type JobState } from "~/server/jobs/queue.server.ts";
import { waitFor } from "../setup/wait.ts";

interface Target {
  url: string;
  stop(): Promise<void>;
}

const targets: [string, () => Promise<Target>][] = [
  ["this file's database", async () => ({ url: requireDatabaseUrl(), stop: async () => {} })],
  [
    "embedded PGlite",
    async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sanshai-queue-pglite-"));
      const embedded = await startEmbeddedDatabase({ dataDir });
      await migrateDatabase(embedded.url);
      return {
        url: embedded.url,
        stop: async () => {
          await embedded.stop();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(targets)("job round trip on %s", (_name, startTarget) => {
  let target: Target;
  let db: Db;
  let queue: JobQueue;

  beforeAll(async () => {
    target = await startTarget();
    db = createDb(target.url, 4);
    queue = await createJobQueue({ url: target.url, supervise: false, name: "queue-test" });
    const store = createStore({ kind: "local", root: fs.mkdtempSync(path.join(os.tmpdir(), "sanshai-queue-store-")) });
    await registerHandlers(queue, {
      db,
      store,
      concurrency: { image: 1, video: 1, audio: 1 },
      timeoutsMs: { IMAGE: 60_000, VIDEO: 60_000, AUDIO: 60_000 },
    });
  });

  afterAll(async () => {
    await queue?.stop({ timeoutMs: 5000 });
    await db?.$disconnect();
    await target?.stop();
  });

  const pings = (jobId: string) =>
    db.auditLog.findMany({ where: { action: "system.ping", subjectId: jobId }, orderBy: { createdAt: "asc" } });

  it("works a job and records its result", async () => {
    const nonce = randomUUID();
    const id = await queue.send("system.ping", { nonce });
    const job = await waitForState(queue, "system", id!, ["completed"]);
    expect(job.output).toEqual({ pong: nonce, attempt: 0 });
    const rows = await pings(id!);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.data).toMatchObject({ nonce, attempt: 0 });
  });

  it("fails a permanent error once, without retrying", async () => {
    const id = await queue.send("system.ping", { nonce: randomUUID(), failMode: "permanent" });
    const job = await waitForState(queue, "system", id!, ["failed"]);
    expect(job.retryCount).toBe(0);
    expect(job.output).toMatchObject({ error: "ping_permanent", permanent: true });
    expect(await pings(id!)).toHaveLength(1);
  });

  it("retries a transient error", async () => {
    const id = await queue.send("system.ping", { nonce: randomUUID(), failMode: "transient-once" });
    const job = await waitForState(queue, "system", id!, ["completed"]);
    expect(job.retryCount).toBe(1);
    expect(job.output).toMatchObject({ attempt: 1 });
    expect((await pings(id!)).map((r) => (r.data as { attempt: number }).attempt)).toEqual([0, 1]);
  });

  it("rejects an invalid payload at send and queues nothing", async () => {
    await expect(queue.send("system.ping", { nonce: "" })).rejects.toThrow(JobPayloadError);
    await expect(
      // A caller outside TypeScript's reach (or a stale one) passing the wrong shape.
      queue.send("system.ping", { nonce: 42 } as unknown as { nonce: string }),
    ).rejects.toThrow(/nonce/);
  });

  it("queues a job with a transaction: gone on rollback, worked after commit", async () => {
    let rolledBackId: string | null = null;
    await expect(
      db.$transaction(async (tx) => {
        rolledBackId = await queue.sendInTransaction(tx, "system.ping", { nonce: randomUUID() });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(rolledBackId).toEqual(expect.any(String));
    expect(await queue.getJob("system", rolledBackId!)).toBeNull();

    const nonce = randomUUID();
    const id = await db.$transaction((tx) => queue.sendInTransaction(tx, "system.ping", { nonce }));
    const job = await waitForState(queue, "system", id!, ["completed"]);
    expect(job.output).toEqual({ pong: nonce, attempt: 0 });
  });
});

/** Waits until the job reaches one of `states`; a different end state fails at once. */
async function waitForState(queue: JobQueue, name: QueueName, id: string, states: JobState[], timeoutMs = 30_000): Promise<JobSnapshot> {
  let last: JobSnapshot | null = null;
  return waitFor(
    async () => {
      last = await queue.getJob(name, id);
      if (last && states.includes(last.state)) return last;
      if (last && ["completed", "failed", "cancelled"].includes(last.state)) throw new Error(`job ${id} ended ${last.state}, not ${states.join("/")}: ${JSON.stringify(last)}`);
      return null;
    },
    { timeoutMs, message: () => `job ${id} reached ${states.join("/")} (last seen: ${JSON.stringify(last)})` },
  );
}
