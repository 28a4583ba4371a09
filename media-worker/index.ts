// The media worker: a separate process (npm start runs it as a child; docker
// compose runs replicas of it). Boots the shared server modules, finds the
// media tools and tests each lane on a known-good sample, registers the job
// handlers and works jobs until told to stop. Never imports routes,
// components, React or Remix.
//
// At boot, what a previous worker that died left behind goes first: tools it
// left running (killed), scratch dirs (removed).
//
// Shutdown (SIGTERM, SIGINT, or the parent's IPC channel closing): stop
// fetching, give running jobs WORKER_SHUTDOWN_TIMEOUT to finish (pg-boss then
// fails the rest so they are retried elsewhere), close the pool, exit.
import { disconnectDb, getDb } from "~/server/db/db.server.ts";
import { getEnv } from "~/server/platform/env.server.ts";
import { createLogger, errorFields } from "~/server/platform/log.server.ts";
import { currentAllocator, EXIT_MEMORY_CEILING, memoryFigures, startMemoryReports } from "~/server/platform/memory.server.ts";
import { getQueue, stopQueue } from "~/server/jobs/queue.server.ts";
import { claimProcessTempDir } from "~/server/platform/scratch-space.server.ts";
import { getStore } from "~/server/storage/storage.server.ts";
import { registerHandlers } from "./handlers/index.ts";
import { SWEEP_INTERVAL_SECONDS, SWEEP_SINGLETON_KEY } from "./handlers/sweep-storage.ts";
import { configureScratchRoot, describeEngine, imageMemorySettings, reapOrphanedTools, setUpMediaEngine, sweepStaleScratchDirs, type EngineSetup } from "./media/index.ts";

const log = createLogger("worker");
const HEARTBEAT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 30_000;
const MEMORY_CHECK_MS = 5_000;

async function main(): Promise<void> {
  const env = getEnv();
  const temp = claimProcessTempDir(env.scratchDir, "worker");
  configureScratchRoot(env.scratchDir);
  cleanUpAfterDeadWorkers([...temp.removed, ...(await sweepStaleScratchDirs())]);
  const db = getDb();
  await db.$queryRaw`SELECT 1`;
  const store = getStore();
  await store.ensureBucket();
  const setUp = () => setUpMediaEngine({ ffmpegPath: env.FFMPEG_PATH, ffprobePath: env.FFPROBE_PATH });
  const engine = await setUp();
  logEngine(engine);
  const queue = await getQueue({ supervise: true, name: "sanshai-worker" });
  const { lanes } = await registerHandlers(queue, {
    db,
    store,
    concurrency: { image: env.WORKER_CONCURRENCY_IMAGE, video: env.WORKER_CONCURRENCY_VIDEO, audio: env.WORKER_CONCURRENCY_AUDIO },
    timeoutsMs: {
      IMAGE: env.WORKER_IMAGE_TIMEOUT_SECONDS * 1000,
      VIDEO: env.WORKER_VIDEO_TIMEOUT_SECONDS * 1000,
      AUDIO: env.WORKER_AUDIO_TIMEOUT_SECONDS * 1000,
    },
    laneRecheckMs: env.LANE_RECHECK_SECONDS * 1000,
    tools: describeEngine(engine),
    refreshEngine: async () => describeEngine(await setUp()),
  });
  const allocator = currentAllocator();
  if (allocator === "glibc") log.warn("running on glibc malloc with its default arenas: resident memory creeps under libvips (start the worker through npm start, or set LD_PRELOAD to libjemalloc.so.2 or MALLOC_ARENA_MAX=2)");
  log.info("media worker ready", { pid: process.pid, allocator, sharp: imageMemorySettings(), memoryCeilingMb: env.WORKER_MEMORY_CEILING_MB, lanes: lanes.snapshot().map((l) => `${l.lane}:${l.working ? "working" : l.problem?.code}`), scratch: env.scratchDir });

  // The storage sweep: every replica asks each interval; the singleton window lets one job through.
  const scheduleSweep = () =>
    queue
      .send("maintenance.sweep-storage", {}, { singletonKey: SWEEP_SINGLETON_KEY, singletonSeconds: SWEEP_INTERVAL_SECONDS })
      .catch((err: unknown) => log.warn("could not schedule the storage sweep", errorFields(err)));
  void scheduleSweep();
  const sweepTimer = setInterval(() => void scheduleSweep(), (SWEEP_INTERVAL_SECONDS * 1000) / 4);
  sweepTimer.unref();

  const startedAt = Date.now();
  const heartbeat = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    log.info("alive", { uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), rssMb: mb(rss), heapMb: mb(heapUsed) });
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const stopReports = startMemoryReports(log, env.MEMORY_REPORT_SECONDS, () => ({ allocator }));

  let stopping: Promise<void> | undefined;
  // The guard behind the allocator fix: past the ceiling, finish the running jobs, claim no more, and
  // exit for the supervisor (npm start, docker's restart policy) to start a fresh worker.
  const ceilingBytes = env.WORKER_MEMORY_CEILING_MB * 1024 * 1024;
  const memoryCheck = setInterval(() => {
    if (ceilingBytes === 0 || stopping || process.memoryUsage.rss() < ceilingBytes) return;
    clearInterval(memoryCheck);
    log.warn("memory ceiling reached: finishing running jobs, then restarting", { ...memoryFigures(), ceilingMb: env.WORKER_MEMORY_CEILING_MB });
    process.exitCode = EXIT_MEMORY_CEILING;
    void shutdown("memory ceiling", () => lanes.drain());
  }, MEMORY_CHECK_MS);
  memoryCheck.unref();

  const shutdown = (reason: string, drain?: () => Promise<void>) => {
    stopping ??= (async () => {
      log.info("stopping: no new jobs, waiting for running ones", { reason });
      clearInterval(heartbeat);
      clearInterval(sweepTimer);
      clearInterval(memoryCheck);
      stopReports();
      // Without a time limit: the jobs finish and are recorded before the process goes.
      if (drain) await drain();
      await lanes.stop();
      await stopQueue({ timeoutMs: SHUTDOWN_TIMEOUT_MS });
      await disconnectDb();
      log.info("media worker stopped");
    })()
      .catch((err: unknown) => {
        log.error("unclean shutdown", errorFields(err));
        process.exitCode = 1;
      })
      // process.exit runs the tools' exit hook: anything still running is killed with its process group.
      .finally(() => process.exit());
    return stopping;
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // Started by scripts/start.ts with an IPC channel: if the parent dies without a signal, stop too.
  if (process.connected) process.on("disconnect", () => void shutdown("parent process went away"));
}

/** Kills tools a dead worker left running and reports its scratch dirs (already removed). */
function cleanUpAfterDeadWorkers(removedDirs: string[]): void {
  const killed = reapOrphanedTools();
  if (killed.length > 0) log.warn("killed media tools left running by a worker that died", { pids: killed });
  if (removedDirs.length > 0) log.info("removed scratch dirs of dead workers", { count: removedDirs.length });
}

function logEngine(engine: EngineSetup): void {
  const summary = { tools: describeEngine(engine), ffmpeg: engine.tools.ffmpegPath ?? null, ffprobe: engine.tools.ffprobePath ?? null };
  if ("problem" in engine.ffmpeg) log.error("ffmpeg does not run: video and audio lanes stay idle until it does", { ...summary, problem: engine.ffmpeg.problem });
  else log.info("media tools", summary);
  if (engine.tools.warning) log.warn(engine.tools.warning);
  if (!engine.toolsDieWithWorker) log.warn("setpriv --pdeathsig is not available: tools of a worker killed outright are only stopped at the next worker's start");
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

main().catch((err: unknown) => {
  log.error("media worker failed to start", errorFields(err));
  process.exit(1);
});
