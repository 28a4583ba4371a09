// The storage sweep as the worker runs it: the maintenance job's handler with
// the payload the schedule sends (defaults: 24 h for abandoned uploads, 6 h
// for unowned objects). Fresh bytes must survive it, whatever no row owns
// yet (an upload finishing, a job's renditions about to be committed); only
// old orphans go. A handler that swept with an age of 0 would remove a
// child's upload in flight.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createSweepStorageHandler } from "../../media-worker/handlers/sweep-storage.ts";
import { parseJobPayload } from "~/domain/jobs.ts";
import { buildOriginalKey, buildRenditionKey } from "~/domain/storage-keys.ts";
import { getDb } from "~/server/db/db.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import type { JobContext } from "~/server/jobs/queue.server.ts";
import { createStore } from "~/server/storage/storage.server.ts";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "sweep-handler-"));
const store = createStore({ kind: "local", root, resumableUploadDir: path.join(root, "uploads") });

/** The file behind a key in the local store, aged by `hours`. */
function age(key: string, hours: number): void {
  const file = fs.readdirSync(root, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && path.join(e.parentPath, e.name).endsWith(key));
  if (!file) throw new Error(`no file for ${key}`);
  const when = new Date(Date.now() - hours * 3600_000);
  fs.utimesSync(path.join(file.parentPath, file.name), when, when);
}

async function exists(key: string): Promise<boolean> {
  return (await store.stat(key)) !== null;
}

describe("the storage sweep job", () => {
  it("keeps young unowned objects, removes old ones, with the schedule's own payload", async () => {
    await store.ensureBucket();
    const handler = createSweepStorageHandler({ db: getDb(), store });
    const ctx = { jobId: "test", job: "maintenance.sweep-storage", queue: "maintenance", attempt: 0, retryLimit: 2, signal: new AbortController().signal, log: createLogger("test") } as JobContext<"maintenance.sweep-storage">;
    const run = () => handler(parseJobPayload("maintenance.sweep-storage", {}), ctx);

    const young = buildOriginalKey({ entryId: "centryyoung0000000001", assetId: "tyoung00000000000001" });
    const old = buildRenditionKey({ entryId: "centryold000000000001", assetId: "told0000000000000001", name: "thumb", ext: "webp" });
    const fiveHours = buildOriginalKey({ entryId: "centryfive00000000001", assetId: "tfive000000000000001" });
    for (const key of [young, old, fiveHours]) await store.put(key, Buffer.from("bytes"));
    age(old, 7);
    age(fiveHours, 5);

    await run();
    expect(await exists(young)).toBe(true);
    expect(await exists(fiveHours)).toBe(true);
    expect(await exists(old)).toBe(false);
  });
});
