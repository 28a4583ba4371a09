// Which handler works which job, and with how many at once. media-worker/
// index.ts and the tests register through this one function, so a test
// exercises exactly what the worker runs. Each media kind has its own lane
// and concurrency, so a long video never holds up a child's photo.
import type { Db } from "~/server/db.server.ts";
import type { JobQueue } from "~/server/queue.server.ts";
import type { ObjectStore } from "~/server/storage.server.ts";
import { createProcessMediaHandler, type ProcessMediaDeps } from "./process-media.ts";
import { createSweepStorageHandler } from "./sweep-storage.ts";
import { createSystemPingHandler } from "./system-ping.ts";

export interface HandlerDeps {
  db: Db;
  store: ObjectStore;
  concurrency: { image: number; video: number; audio: number };
  timeoutsMs: ProcessMediaDeps["timeoutsMs"];
}

/** Registers every handler on `queue`; resolves with the lanes now being worked. */
export async function registerHandlers(queue: JobQueue, deps: HandlerDeps): Promise<string[]> {
  const media: ProcessMediaDeps = { db: deps.db, store: deps.store, timeoutsMs: deps.timeoutsMs };
  await queue.work("system", { concurrency: 1 }, { "system.ping": createSystemPingHandler(deps) });
  await queue.work("media-image", { concurrency: deps.concurrency.image }, { "media.process-image": createProcessMediaHandler("media.process-image", media) });
  await queue.work("media-video", { concurrency: deps.concurrency.video }, { "media.process-video": createProcessMediaHandler("media.process-video", media) });
  await queue.work("media-audio", { concurrency: deps.concurrency.audio }, { "media.process-audio": createProcessMediaHandler("media.process-audio", media) });
  await queue.work("maintenance", { concurrency: 1 }, { "maintenance.sweep-storage": createSweepStorageHandler(deps) });
  return ["system", "media-image", "media-video", "media-audio", "maintenance"];
}
