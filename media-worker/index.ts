// The media worker: a separate process (npm start runs it as a child; docker
// compose runs replicas of it). Boots the shared server modules, registers
// the job handlers and works jobs until told to stop. Never imports routes,
// components, React or Remix.
//
// Shutdown (SIGTERM, SIGINT, or the parent's IPC channel closing): stop
// fetching, give running jobs WORKER_SHUTDOWN_TIMEOUT to finish (pg-boss then
// fails the rest so they are retried elsewhere), close the pool, exit.
import { disconnectDb, getDb } from "~/server/db.server.ts";
import { getEnv } from "~/server/env.server.ts";
import { createLogger } from "~/server/log.server.ts";
import { getQueue, stopQueue } from "~/server/queue.server.ts";
import { getStore } from "~/server/storage.server.ts";
import { registerHandlers } from "./handlers/index.ts";
import { SWEEP_INTERVAL_SECONDS, SWEEP_SINGLETON_KEY } from "./handlers/sweep-storage.ts";
import { checkMediaTools, configureMediaTools, sweepStaleScratchDirs } from "./media/index.ts";

const log = createLogger("worker");
const HEARTBEAT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;

async function main(): Promise<void> {
  const env = getEnv();
  const db = getDb();
  await db.$queryRaw`SELECT 1`;
  const store = getStore();
  await store.ensureBucket();
  configureMediaTools({ ffmpeg: env.FFMPEG_PATH, ffprobe: env.FFPROBE_PATH });
  // A worker killed mid-job (SIGKILL, out of memory) leaves its scratch dir; its job is retried, the dir goes now.
  const staleScratch = await sweepStaleScratchDirs();
  if (staleScratch.length > 0) log.info("removed scratch dirs of dead workers", { count: staleScratch.length });
  const tools = await checkMediaTools();
  if (!tools.ffmpeg || !tools.ffprobe) log.error("ffmpeg/ffprobe not found: video and audio jobs will fail and be retried", { ...tools });
  if (!tools.heifConvert) log.warn("heif-convert not found: iPhone HEIC photos will be refused (heic_unsupported)");
  const queue = await getQueue({ supervise: true, name: "sanshai-worker" });
  const lanes = await registerHandlers(queue, {
    db,
    store,
    concurrency: { image: env.WORKER_CONCURRENCY_IMAGE, video: env.WORKER_CONCURRENCY_VIDEO, audio: env.WORKER_CONCURRENCY_AUDIO },
    timeoutsMs: {
      IMAGE: env.WORKER_IMAGE_TIMEOUT_SECONDS * 1000,
      VIDEO: env.WORKER_VIDEO_TIMEOUT_SECONDS * 1000,
      AUDIO: env.WORKER_AUDIO_TIMEOUT_SECONDS * 1000,
    },
  });
  log.info("media worker ready", { pid: process.pid, lanes, ffmpeg: tools.ffmpeg, heifConvert: tools.heifConvert });

  // The storage sweep: every replica asks each interval; the singleton window lets one job through.
  const scheduleSweep = () =>
    queue
      .send("maintenance.sweep-storage", {}, { singletonKey: SWEEP_SINGLETON_KEY, singletonSeconds: SWEEP_INTERVAL_SECONDS })
      .catch((err: unknown) => log.warn("could not schedule the storage sweep", { error: err instanceof Error ? err.message : String(err) }));
  void scheduleSweep();
  const sweepTimer = setInterval(() => void scheduleSweep(), (SWEEP_INTERVAL_SECONDS * 1000) / 4);
  sweepTimer.unref();

  const startedAt = Date.now();
  const heartbeat = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    log.info("alive", { uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), rssMb: mb(rss), heapMb: mb(heapUsed) });
  }, HEARTBEAT_MS);
  heartbeat.unref();

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) => {
    stopping ??= (async () => {
      log.info("stopping: no new jobs, waiting for running ones", { reason });
      clearInterval(heartbeat);
      clearInterval(sweepTimer);
      await stopQueue({ timeoutMs: SHUTDOWN_TIMEOUT_MS });
      await disconnectDb();
      log.info("media worker stopped");
    })()
      .catch((err: unknown) => {
        log.error("unclean shutdown", { error: err instanceof Error ? err.message : String(err) });
        process.exitCode = 1;
      })
      .finally(() => process.exit());
    return stopping;
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // Started by scripts/start.ts with an IPC channel: if the parent dies without a signal, stop too.
  if (process.connected) process.on("disconnect", () => void shutdown("parent process went away"));
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

main().catch((err: unknown) => {
  log.error("media worker failed to start", { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
