// maintenance.sweep-storage: tus uploads abandoned mid-way (their rows and
// partial bytes) and objects under entries/ that no row owns. Sent by the
// worker on a timer with a singleton window, so several replicas sweep once
// per window between them.
import type { Db } from "~/server/db/db.server.ts";
import type { JobHandler } from "~/server/jobs/queue.server.ts";
import type { ObjectStore } from "~/server/storage/storage.server.ts";
import { sweepOrphanedObjects } from "~/server/storage/storage-sweep.server.ts";
import { sweepAbandonedUploads } from "~/server/uploads/upload-store.server.ts";

export const SWEEP_INTERVAL_SECONDS = 60 * 60;
export const SWEEP_SINGLETON_KEY = "sweep-storage";

export function createSweepStorageHandler(deps: { db: Db; store: ObjectStore }): JobHandler<"maintenance.sweep-storage"> {
  return async (payload, ctx) => {
    const abandoned = await sweepAbandonedUploads({ olderThanHours: payload.abandonedAfterHours, store: deps.store });
    const orphans = await sweepOrphanedObjects({ olderThanHours: payload.orphanAfterHours, db: deps.db, store: deps.store });
    ctx.log.info("storage swept", { abandonedUploads: abandoned.deleted, objectsScanned: orphans.scanned, orphansDeleted: orphans.deleted });
    return { abandonedUploads: abandoned.deleted, objectsScanned: orphans.scanned, orphansDeleted: orphans.deleted };
  };
}
