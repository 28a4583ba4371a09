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

const log = createLogger("worker");
const HEARTBEAT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;

async function main(): Promise<void> {
  const env = getEnv();
  const db = getDb();
  await db.$queryRaw`SELECT 1`;
  await getStore().ensureBucket();
  const queue = await getQueue({ supervise: true, name: "sanshai-worker" });
  const lanes = await registerHandlers(queue, {
    db,
    concurrency: { image: env.WORKER_CONCURRENCY_IMAGE, video: env.WORKER_CONCURRENCY_VIDEO, audio: env.WORKER_CONCURRENCY_AUDIO },
  });
  log.info("media worker ready", { pid: process.pid, lanes, ffmpeg: env.FFMPEG_PATH ?? null });

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
