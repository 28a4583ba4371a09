// Which handler works which job, and with how many at once. media-worker/
// index.ts and the tests register through this one function, so a test
// exercises exactly what the worker runs. Each media kind has its own lane
// and concurrency, so a long video never holds up a child's photo; a media
// lane is worked only while its self-test passes (../lanes.ts).
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Db } from "~/server/db/db.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import type { JobQueue } from "~/server/jobs/queue.server.ts";
import type { ObjectStore } from "~/server/storage/storage.server.ts";
import { LaneController, type LaneSpec } from "../lanes.ts";
import type { MediaLane, SelfTestResult } from "../media/index.ts";
import { createProcessMediaHandler, type ProcessMediaDeps } from "./process-media.ts";
import { createSweepStorageHandler } from "./sweep-storage.ts";
import { createSystemPingHandler } from "./system-ping.ts";

export interface HandlerDeps {
  db: Db;
  store: ObjectStore;
  concurrency: { image: number; video: number; audio: number };
  timeoutsMs: ProcessMediaDeps["timeoutsMs"];
  /** "<host>:<pid>:<random>" unless given: several registrations in one process (tests) stay apart. */
  workerId?: string;
  /** How often unavailable lanes are re-tested (default 60 s). */
  laneRecheckMs?: number;
  /** Looks the media tools up again before a re-test; returns their description (default: nothing changes). */
  refreshEngine?: () => Promise<string>;
  tools?: string;
  /** Replaces the engine self-test (tests of the lane logic only). */
  selfTest?: (lane: MediaLane) => Promise<SelfTestResult>;
}

export interface RegisteredWorker {
  lanes: LaneController;
  /** Lanes with handlers (media lanes are worked only while their self-test passes). */
  queues: string[];
}

/** Registers every handler on `queue`. Media lanes start once their self-tests have run. */
export async function registerHandlers(queue: JobQueue, deps: HandlerDeps): Promise<RegisteredWorker> {
  const workerId = deps.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  // The controller is created first so that the media handlers can ask it to confirm a verdict.
  const specs: LaneSpec[] = [];
  const lanes = new LaneController({
    queue,
    db: deps.db,
    workerId,
    lanes: specs,
    recheckMs: deps.laneRecheckMs ?? 60_000,
    refreshEngine: deps.refreshEngine ?? (async () => deps.tools ?? ""),
    tools: deps.tools ?? "",
    log: createLogger("lanes"),
    selfTest: deps.selfTest,
  });
  const media: ProcessMediaDeps = { db: deps.db, store: deps.store, timeoutsMs: deps.timeoutsMs, lanes };
  specs.push(
    { lane: "media-image", concurrency: deps.concurrency.image, handlers: { "media.process-image": createProcessMediaHandler("media.process-image", media) } },
    { lane: "media-video", concurrency: deps.concurrency.video, handlers: { "media.process-video": createProcessMediaHandler("media.process-video", media) } },
    { lane: "media-audio", concurrency: deps.concurrency.audio, handlers: { "media.process-audio": createProcessMediaHandler("media.process-audio", media) } },
  );
  await queue.work("system", { concurrency: 1 }, { "system.ping": createSystemPingHandler(deps) });
  await queue.work("maintenance", { concurrency: 1 }, { "maintenance.sweep-storage": createSweepStorageHandler(deps) });
  await lanes.start();
  return { lanes, queues: ["system", "maintenance", ...specs.map((s) => s.lane)] };
}
