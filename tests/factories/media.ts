// Media assets for tests of the pipeline: an original put into the store and
// handed to the real write path (markAssetUploaded queues the real job), as
// the tus endpoint does when the last byte arrives (tested on its own in
// uploads.test.ts).
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import { expect } from "vitest";
import type { AssetStatus, MediaKind } from "~/generated/prisma/client.ts";
import { buildOriginalKey } from "~/domain/storage-keys.ts";
import { markAssetUploaded } from "~/server/media/assets.server.ts";
import { getDb, type Db } from "~/server/db/db.server.ts";
import type { ObjectStore } from "~/server/storage/storage.server.ts";
import { waitFor } from "../setup/wait.ts";

export function newAssetId(): string {
  return `t${randomBytes(10).toString("hex")}`;
}

/** An UPLOADING row whose bytes are in the store, then UPLOADED + its job queued. */
export async function uploadAsset(
  input: { entryId: string; kind: MediaKind; filePath: string; store: ObjectStore; originalName?: string },
  db: Db = getDb(),
): Promise<{ id: string; originalKey: string }> {
  const id = newAssetId();
  const originalKey = buildOriginalKey({ entryId: input.entryId, assetId: id });
  const size = statSync(input.filePath).size;
  await db.mediaAsset.create({
    data: { id, entryId: input.entryId, kind: input.kind, status: "UPLOADING", originalKey, originalName: input.originalName ?? "手机里的文件", byteSize: BigInt(size) },
  });
  await input.store.putFile(originalKey, input.filePath);
  expect(await markAssetUploaded(id, size, db)).toBe(true);
  return { id, originalKey };
}

/** Waits until the row's status is one of `statuses`; resolves with the row and its renditions. */
export async function waitForAssetStatus(assetId: string, statuses: AssetStatus[], options: { timeoutMs?: number; db?: Db } = {}) {
  const db = options.db ?? getDb();
  let status: AssetStatus | undefined;
  await waitFor(
    async () => {
      status = (await db.mediaAsset.findUnique({ where: { id: assetId }, select: { status: true } }))?.status;
      return status !== undefined && statuses.includes(status);
    },
    { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 200, message: () => `asset ${assetId} is ${statuses.join(" or ")} (it is ${status ?? "gone"})` },
  );
  return db.mediaAsset.findUniqueOrThrow({ where: { id: assetId }, include: { renditions: { orderBy: { name: "asc" } } } });
}
