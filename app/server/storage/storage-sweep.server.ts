// Objects under entries/ that no database row owns any more: a deleted
// file's renditions that could not be removed at the time, outputs of a job
// whose asset was deleted mid-run, a tus sidecar left by a crash. Listed from
// the store, checked against the rows in batches, and removed only once
// older than `olderThanHours` (so a job uploading right now, whose rows are
// not committed yet, is never swept from under it).
import type { AssetStatus } from "~/domain/asset-status.ts";
import { ENTRY_OBJECTS_PREFIX, parseStorageKey, type ParsedStorageKey } from "~/domain/storage-keys.ts";
import { getDb, type Db } from "~/server/db/db.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import { getStore, type ListedObject, type ObjectStore } from "./storage.server.ts";

const log = createLogger("storage-sweep");

const BATCH = 500;
/** Statuses whose job may be writing rendition objects before their rows exist. */
const IN_FLIGHT: AssetStatus[] = ["UPLOADED", "PROCESSING"];

export interface OrphanSweepResult {
  scanned: number;
  deleted: number;
}

export interface OrphanSweepOptions {
  olderThanHours: number;
  db?: Db;
  store?: ObjectStore;
  /** The sweep's clock (objects' ages are measured from it); tests move it instead of waiting. */
  now?: Date;
}

export async function sweepOrphanedObjects(options: OrphanSweepOptions): Promise<OrphanSweepResult> {
  const db = options.db ?? getDb();
  const store = options.store ?? getStore();
  const cutoff = (options.now ?? new Date()).getTime() - options.olderThanHours * 3600_000;
  let scanned = 0;
  let deleted = 0;
  let batch: ListedObject[] = [];
  const flush = async () => {
    const orphans = await findOrphans(db, batch);
    if (orphans.length > 0) {
      await store.deleteMany(orphans);
      log.info("removed objects no row owns", { count: orphans.length, sample: orphans.slice(0, 3) });
    }
    deleted += orphans.length;
    batch = [];
  };
  for await (const object of store.list(ENTRY_OBJECTS_PREFIX)) {
    scanned++;
    if (object.lastModified.getTime() > cutoff) continue;
    batch.push(object);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  return { scanned, deleted };
}

/** The keys of `objects` that nothing owns. Keys that fit no known layout are left alone (and logged). */
async function findOrphans(db: Db, objects: readonly ListedObject[]): Promise<string[]> {
  const assetIds = new Set<string>();
  const parsed: { key: string; assetId: string; kind: ParsedStorageKey["kind"] }[] = [];
  for (const { key } of objects) {
    const layout = parseStorageKey(key);
    if (!layout) {
      log.warn("object under entries/ with an unknown layout; left alone", { key });
      continue;
    }
    assetIds.add(layout.assetId);
    parsed.push({ key, assetId: layout.assetId, kind: layout.kind });
  }
  if (parsed.length === 0) return [];
  const [assets, renditions] = await Promise.all([
    db.mediaAsset.findMany({ where: { id: { in: [...assetIds] } }, select: { id: true, status: true, originalKey: true } }),
    db.rendition.findMany({ where: { key: { in: parsed.filter((p) => p.kind === "rendition").map((p) => p.key) } }, select: { key: true } }),
  ]);
  const assetById = new Map(assets.map((a) => [a.id, a]));
  const ownedRenditions = new Set(renditions.map((r) => r.key));
  return parsed
    .filter(({ key, assetId, kind }) => {
      const asset = assetById.get(assetId);
      if (!asset || asset.status === "DELETED") return true;
      if (kind === "original") return asset.originalKey !== key;
      // A tus sidecar belongs to an upload still in progress, and to nothing afterwards.
      if (kind === "upload-sidecar") return asset.status !== "UPLOADING";
      return !ownedRenditions.has(key) && !IN_FLIGHT.includes(asset.status);
    })
    .map((p) => p.key);
}
