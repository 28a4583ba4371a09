// Which handler works which job, and with how many at once. media-worker/
// index.ts and the tests register through this one function, so a test
// exercises exactly what the worker runs. Only lanes that have handlers get
// a worker: a job nobody here can handle stays queued for one that can.
import type { Db } from "~/server/db.server.ts";
import type { JobQueue } from "~/server/queue.server.ts";
import { createSystemPingHandler } from "./system-ping.ts";

export interface HandlerDeps {
  db: Db;
  concurrency?: { image?: number; video?: number; audio?: number };
}

/** Registers every handler on `queue`; resolves with the lanes now being worked. */
export async function registerHandlers(queue: JobQueue, deps: HandlerDeps): Promise<string[]> {
  await queue.work("system", { concurrency: 1 }, { "system.ping": createSystemPingHandler(deps) });
  // The media lanes ("media-image", "media-video", "media-audio") are registered
  // here with their handlers and deps.concurrency when media processing lands.
  return ["system"];
}
