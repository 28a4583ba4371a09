// Media assets for tests of the pipeline: an original put into the store and
// handed to the real write path (markAssetUploaded queues the real job), as
// the tus endpoint does when the last byte arrives (tested on its own in
// uploads.test.ts).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { statSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { AssetStatus, MediaKind } from "~/generated/prisma/client.ts";
import { buildOriginalKey, buildRenditionKey } from "~/domain/storage-keys.ts";
import { markAssetUploaded } from "~/server/media/assets.server.ts";
import { getDb, type Db } from "~/server/db/db.server.ts";
import { createStore, type ObjectStore } from "~/server/storage/storage.server.ts";
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

/** A file to be served as one rendition of an asset. */
export type RenditionFile = { name: string; file: string; mime: string; width: number; height: number };
/** An object to put into a store once it exists (the browser tests' app makes its store when it starts). */
export type StoredObject = { key: string; file: string; mime: string };

/**
 * A READY asset as the worker leaves it: the row and its rendition rows, keys
 * built by the app's own key builders. Returns the objects to put into the
 * store (the original's only when `originalFile` is given).
 */
export async function createReadyAsset(
  input: { entryId: string; kind: MediaKind; originalName: string; originalFile?: string; durationMs?: number; width?: number; height?: number; renditions: readonly RenditionFile[] },
  db: Db = getDb(),
): Promise<{ id: string; objects: StoredObject[] }> {
  const id = newAssetId();
  const originalKey = buildOriginalKey({ entryId: input.entryId, assetId: id });
  await db.mediaAsset.create({
    data: {
      id,
      entryId: input.entryId,
      kind: input.kind,
      status: "READY",
      originalKey,
      originalName: input.originalName,
      byteSize: 123_456n,
      durationMs: input.durationMs ?? null,
      width: input.width ?? null,
      height: input.height ?? null,
      readyAt: new Date(),
    },
  });
  const objects: StoredObject[] = input.originalFile ? [{ key: originalKey, file: input.originalFile, mime: "application/octet-stream" }] : [];
  for (const r of input.renditions) {
    const [name, ext] = r.name.split(".") as [string, string];
    const key = buildRenditionKey({ entryId: input.entryId, assetId: id, name, ext });
    await db.rendition.create({ data: { assetId: id, name: r.name, key, mime: r.mime, width: r.width, height: r.height, byteSize: BigInt(statSync(r.file).size) } });
    objects.push({ key, file: r.file, mime: r.mime });
  }
  return { id, objects };
}

/** Puts files into the store of an app started by startApp (the local directory under its DATA_DIR). */
export async function putIntoAppStore(dataDir: string, objects: readonly StoredObject[]): Promise<void> {
  const store = createStore({ kind: "local", root: path.join(dataDir, "objects"), resumableUploadDir: path.join(dataDir, "uploads") });
  await store.ensureBucket();
  for (const o of objects) await store.putFile(o.key, o.file, { contentType: o.mime });
}

/** A short H.264/AAC clip with the moov atom first, as the worker's video rendition is. */
export function writeTestClip(ffmpeg: string, out: string, options: { size: string; seconds: number }): void {
  execFileSync(
    ffmpeg,
    ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i", `testsrc=size=${options.size}:rate=25`, "-f", "lavfi", "-i", "sine=frequency=440",
      "-t", String(options.seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", out],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
}
