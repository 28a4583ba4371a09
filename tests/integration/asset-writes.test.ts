// The one write path for a file's status (app/server/media/assets.server.ts)
// against the transition table (app/domain/asset-status.ts): every write
// function, from every status, succeeds exactly when the table allows it (the
// table is the one guard: no status list of its own may hide a change to it);
// and a run that lost its claim (its worker was presumed dead, the job re-run)
// can no longer write anything.
import { afterAll, describe, expect, it } from "vitest";
import { ASSET_STATUSES, canTransition, type AssetStatus } from "~/domain/asset-status.ts";
import { getDb } from "~/server/db/db.server.ts";
import { stopQueue } from "~/server/jobs/queue.server.ts";
import {
  beginProcessing,
  completeProcessing,
  createProgressWriter,
  deleteAsset,
  failProcessing,
  markAssetUploaded,
  recordTimeout,
  releaseForRetry,
  reprocessAsset,
  retryAsset,
  type ProcessingClaim,
} from "~/server/media/assets.server.ts";
import { createStore } from "~/server/storage/storage.server.ts";
import { createContest, createEntry, createMediaAsset, createOrgTree, createUser } from "../factories/index.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

afterAll(() => stopQueue({ timeoutMs: 5000 }));

const store = createStore({ kind: "local", root: fs.mkdtempSync(path.join(os.tmpdir(), "asset-writes-")) });

async function entryWithFile(status: AssetStatus): Promise<{ assetId: string }> {
  const tree = await createOrgTree();
  const student = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
  const contest = await createContest({ orgUnitId: tree.county.id, categories: [{ kind: "PHOTO", name: "摄影", acceptedMediaKinds: ["IMAGE"], maxFiles: 5 }] });
  const entry = await createEntry({ contestId: contest.id, categoryId: contest.categories[0]!.id, studentId: student.id, classUnit: tree.classA, status: "DRAFT" });
  const { id } = await createMediaAsset({ entryId: entry.id, kind: "IMAGE", status });
  return { assetId: id };
}

const statusOf = async (id: string) => (await getDb().mediaAsset.findUniqueOrThrow({ where: { id } })).status;
const result = { detectedMime: "image/jpeg", width: 10, height: 10, renditions: [{ name: "thumb", ext: "webp", mime: "image/webp", bytes: 1 }] };

/** Each write, the status it moves to, and the statuses it is meant for besides what the table allows. */
const WRITES: { name: string; to: AssetStatus; meantFor: readonly AssetStatus[]; run: (id: string) => Promise<boolean> }[] = [
  { name: "markAssetUploaded", to: "UPLOADED", meantFor: ["UPLOADING"], run: (id) => markAssetUploaded(id, 1) },
  { name: "retryAsset", to: "UPLOADED", meantFor: ["FAILED"], run: async (id) => (await retryAsset(id, null)) === "queued" },
  { name: "reprocessAsset", to: "UPLOADED", meantFor: ["READY", "FAILED"], run: (id) => reprocessAsset(id, null) },
  { name: "beginProcessing", to: "PROCESSING", meantFor: ASSET_STATUSES, run: async (id) => (await beginProcessing(id)) !== null },
  { name: "deleteAsset", to: "DELETED", meantFor: ASSET_STATUSES, run: (id) => deleteAsset(id, null, { store }) },
];

describe("every write follows the transition table", () => {
  for (const write of WRITES) {
    for (const from of ASSET_STATUSES) {
      const allowed = write.meantFor.includes(from) && canTransition(from, write.to);
      it(`${write.name}: ${from} → ${write.to} ${allowed ? "happens" : "is refused"}`, async () => {
        const { assetId } = await entryWithFile(from);
        expect(await write.run(assetId)).toBe(allowed);
        expect(await statusOf(assetId)).toBe(allowed ? write.to : from);
      });
    }
  }

  it("finishes (READY, FAILED, back to UPLOADED) only from PROCESSING, which the table allows", async () => {
    for (const to of ["READY", "FAILED", "UPLOADED"] as const) expect(canTransition("PROCESSING", to)).toBe(true);
    const { assetId } = await entryWithFile("UPLOADED");
    const claim = (await beginProcessing(assetId))!;
    expect(await completeProcessing(claim, result)).toBe(true);
    expect(await statusOf(assetId)).toBe("READY");
  });
});

describe("a run that lost its claim", () => {
  it("writes nothing once a newer run has claimed the file: no progress, result, failure, hand-back or timeout", async () => {
    const { assetId } = await entryWithFile("UPLOADED");
    const stale = (await beginProcessing(assetId))!;
    // The first worker goes silent; the job runs again elsewhere and claims the file anew.
    const fresh = (await beginProcessing(assetId)) as ProcessingClaim;
    expect(fresh.attempt).toBe(stale.attempt + 1);

    const progress = createProgressWriter(stale);
    progress(50);
    await progress.flush();
    expect(await completeProcessing(stale, result)).toBe(false);
    expect(await failProcessing(stale, { code: "image_corrupt" })).toBe(false);
    expect(await releaseForRetry(stale, "stale")).toBe(false);
    expect(await recordTimeout(stale)).toBe(0);
    const untouched = await getDb().mediaAsset.findUniqueOrThrow({ where: { id: assetId }, include: { renditions: true } });
    expect(untouched).toMatchObject({ status: "PROCESSING", progress: 0, attempts: fresh.attempt, timeouts: 0, failureCode: null });
    expect(untouched.renditions).toEqual([]);

    expect(await completeProcessing(fresh, result)).toBe(true);
    expect(await completeProcessing(stale, result)).toBe(false);
    expect(await statusOf(assetId)).toBe("READY");
    expect(await getDb().auditLog.count({ where: { action: "media.ready", subjectId: assetId } })).toBe(1);
  });
});
