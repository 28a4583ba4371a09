// npm start (and npm run dev): the whole platform from one command.
//
// With nothing configured it runs the embedded default: data under DATA_DIR
// (./.data), a generated SESSION_SECRET kept there, embedded PostgreSQL
// (PGlite behind a local socket), the local object store, ffmpeg from the
// system or the bundled packages. With DATABASE_URL / S3_* set it uses those
// and starts nothing embedded. Then: migrate, load demo data once, build the
// web app if its sources changed, start the media worker as a supervised
// child, serve HTTP, print the URL and the demo logins.
//
// Flags: --dev (Vite dev server in the same express server, no build)
//        --no-worker (the worker runs elsewhere, e.g. docker compose)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrateDatabase } from "../prisma/migrator.ts";
import { findDemoLogins, formatLogins, seedDemoData, type DemoLogin } from "../prisma/seed.ts";
import { disconnectDb, getDb } from "~/server/db/db.server.ts";
import { applyEnvDefaults, getEnv, type Env } from "~/server/platform/env.server.ts";
import { startHttpServer, type RunningHttpServer } from "~/server/platform/http.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import { flushViewCounts } from "~/server/gallery/view-counts.server.ts";
import { currentAllocator, startMemoryReports } from "~/server/platform/memory.server.ts";
import { getQueue, stopQueue } from "~/server/jobs/queue.server.ts";
import { getStore } from "~/server/storage/storage.server.ts";
import { claimProcessTempDir } from "~/server/platform/scratch-space.server.ts";
import { resolveMediaTools } from "../media-worker/media/toolchain.ts";
import { ensureRemixBuild } from "./lib/remix-build.ts";
import { SERVER_NODE_FLAGS } from "./lib/node-flags.ts";
import { loadOrCreateSessionSecret } from "./lib/session-secret.ts";
import { superviseWorker, type WorkerSupervisor } from "./lib/worker-supervisor.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const DEV = args.has("--dev");
const WITH_WORKER = !args.has("--no-worker");

const log = createLogger("start");

// scripts/start.sh (npm start) preloaded jemalloc for this process only: its children (the worker, with
// the allocator its supervisor picks; ffmpeg and the other tools) start without it, as before.
if (process.env.SANSHAI_APP_PRELOAD) {
  if (process.env.LD_PRELOAD === process.env.SANSHAI_APP_PRELOAD) delete process.env.LD_PRELOAD;
  delete process.env.SANSHAI_APP_PRELOAD;
}

/** Everything started so far, stopped in reverse on shutdown. */
const running: {
  embedded?: { stop(): Promise<void> };
  http?: RunningHttpServer;
  worker?: WorkerSupervisor;
} = {};

async function main(): Promise<void> {
  const given = getEnv();
  fs.mkdirSync(given.dataDir, { recursive: true, mode: 0o700 });
  const env = await prepareEnvironment(given);
  const databaseUrl = env.DATABASE_URL!;

  const { applied } = await migrateDatabase(databaseUrl);
  log.info(applied.length ? `database migrated (${applied.length} migrations applied)` : "database schema is up to date");
  // Independent steps, side by side (the build is another process; hashing and pg-boss's start overlap).
  const [logins] = await Promise.all([
    loadDemoData(given, env),
    getStore().ensureBucket(),
    DEV ? undefined : ensureRemixBuild(ROOT, (m) => log.info(m)).then(({ built }) => built || log.info("web app build is up to date")),
    // The app sends jobs; the worker (and its pg-boss maintenance) works them.
    getQueue({ supervise: false, name: "sanshai-app" }),
  ]);

  running.http = await startHttpServer({
    mode: DEV ? "development" : "production",
    host: env.HOST,
    port: env.PORT,
    trustProxy: env.TRUST_PROXY,
    root: ROOT,
    healthCheck: async () => void (await getDb().$queryRaw`SELECT 1`),
    extraOrigins: env.S3_ENDPOINT ? [new URL(env.S3_PUBLIC_ENDPOINT ?? env.S3_ENDPOINT).origin] : [],
    uploads: (await import("~/server/uploads/uploads.server.ts")).createUploadHandler(),
    log: createLogger("http"),
  });

  if (WITH_WORKER) {
    running.worker = superviseWorker({
      command: process.execPath,
      args: [...SERVER_NODE_FLAGS, "--import", "tsx", path.join(ROOT, "media-worker", "index.ts")],
      cwd: ROOT,
      env: process.env,
      // jemalloc (or two glibc arenas), set before the worker starts (README "Memory").
      allocator: env.WORKER_ALLOCATOR,
      log: createLogger("start"),
    });
  }
  const appAllocator = currentAllocator();
  log.info(`app process allocator: ${appAllocator}`);
  startMemoryReports(createLogger("app"), env.MEMORY_REPORT_SECONDS, () => ({ allocator: appAllocator }));
  printBanner(running.http.url, logins ?? (await findDemoLogins(getDb())));
}

/** Fills in what the embedded default provides; returns the environment every piece then runs with. */
async function prepareEnvironment(given: Env): Promise<Env> {
  const defaults: Record<string, string | undefined> = {};
  if (!given.SESSION_SECRET) {
    const { secret, created } = loadOrCreateSessionSecret(given.dataDir);
    defaults.SESSION_SECRET = secret;
    log.info(created ? "generated SESSION_SECRET (kept in DATA_DIR/session-secret)" : "using SESSION_SECRET from DATA_DIR");
  }
  if (!DEV && !process.env.NODE_ENV) {
    // Serving a production build: React and Remix in production mode. Cookies
    // stay usable over plain http (localhost, a school LAN) unless configured.
    defaults.NODE_ENV = "production";
    defaults.COOKIE_SECURE = "false";
    // Someone at a terminal reads these logs, not a log collector.
    defaults.LOG_FORMAT = "text";
  }

  // Upload buffers (and any library's temp files) under SCRATCH_DIR; a crashed run's leftovers go now.
  const temp = claimProcessTempDir(given.scratchDir, "app");
  if (temp.removed.length > 0) log.info("removed temporary files of an app process that had stopped", { dirs: temp.removed });

  // The same lookup the worker makes for itself; here to say it loudly where a person reads it.
  const tools = resolveMediaTools({ ffmpegPath: given.FFMPEG_PATH, ffprobePath: given.FFPROBE_PATH });
  if (tools.warning) loudWarning(tools.warning);
  else log.info(`ffmpeg: ${tools.ffmpegPath} (${tools.source})`);

  if (!given.DATABASE_URL) {
    const pgliteDir = path.join(given.dataDir, "pglite");
    // Imported only here: a deployment on PostgreSQL never loads PGlite (its WebAssembly is ~100 MB resident).
    const { startEmbeddedDatabase } = await import("~/server/db/embedded-db.server.ts");
    const embedded = await startEmbeddedDatabase({ dataDir: pgliteDir });
    running.embedded = embedded;
    defaults.DATABASE_URL = embedded.url;
    log.info(`embedded PostgreSQL (PGlite) on 127.0.0.1:${embedded.port}, data in ${pgliteDir}`);
  }
  if (!given.S3_ENDPOINT) log.info(`object store: local files in ${path.join(given.dataDir, "objects")}`);
  // Children (the media worker) inherit these through process.env.
  return applyEnvDefaults(defaults);
}

/**
 * Demo data: "auto" loads it unless the operator runs a real deployment
 * (their own database and NODE_ENV=production). Never loads twice.
 */
async function loadDemoData(given: Env, env: Env): Promise<DemoLogin[] | undefined> {
  const wanted =
    env.SEED_DEMO_DATA === "true" ||
    (env.SEED_DEMO_DATA === "auto" && (!given.DATABASE_URL || given.NODE_ENV !== "production"));
  if (!wanted) return undefined;
  const { seeded, logins } = await seedDemoData(getDb());
  log.info(seeded ? "demo data loaded" : "demo data already present (a county exists): not loading it again");
  return logins;
}

/** The URL and, when demo accounts exist with their demo password, one login per role. */
function printBanner(url: string, demoLogins: DemoLogin[]): void {
  const logins = formatLogins(demoLogins);
  const rule = "─".repeat(64);
  const lines = [rule, `  三晒一创 is running: ${url}`, ...(logins ? [logins] : []), "  Press Ctrl-C to stop.", rule];
  process.stdout.write(`\n${lines.join("\n")}\n\n`);
  // One stable line for scripts and tests (tests/setup/app-process.ts reads it).
  log.info(`ready url=${url}`);
}

function loudWarning(message: string): void {
  const bar = "!".repeat(72);
  process.stderr.write(`\n${bar}\n!! ${message}\n${bar}\n\n`);
}

// ---------------------------------------------------------------------------
// Shutdown: Ctrl-C / SIGTERM stop everything, newest first; a second Ctrl-C exits at once.
// ---------------------------------------------------------------------------

let shuttingDown: Promise<void> | undefined;

function shutdown(reason: string, exitCode = 0): Promise<void> {
  shuttingDown ??= (async () => {
    log.info(`stopping (${reason}) …`);
    const step = async (name: string, fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (err) {
        exitCode = 1;
        log.error(`stopping ${name} failed`, { error: err instanceof Error ? err.message : String(err) });
      }
    };
    if (running.http) await step("http server", () => running.http!.close());
    // After the last request, before the database goes: buffered gallery view counts.
    await step("view counts", () => flushViewCounts());
    if (running.worker) await step("media worker", () => running.worker!.stop());
    await step("queue", () => stopQueue({ timeoutMs: 5000 }));
    await step("database client", () => disconnectDb());
    if (running.embedded) await step("embedded database", () => running.embedded!.stop());
    log.info("stopped");
    process.exit(exitCode);
  })();
  return shuttingDown;
}

let firstSignalAt = 0;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // Ctrl-C under `npm start` arrives twice at once (from the terminal, and
    // forwarded by npm): only a second press a moment later means "now".
    if (shuttingDown) {
      if (Date.now() - firstSignalAt < 1500) return;
      log.warn("second Ctrl-C: exiting without waiting (the embedded database may need recovery at next start)");
      process.exit(1);
    }
    firstSignalAt = Date.now();
    void shutdown(signal);
  });
}

/**
 * `npm start` is npm → sh → this process → the worker. When the process above
 * us dies without passing a signal on (SIGKILL; an npm that exits on SIGTERM
 * before its child does), we are re-parented and would run on, holding the
 * port and the embedded database. The parent pid changes when that happens:
 * checked once a second, unref'd so it never keeps the process alive. (Node
 * has no portable "parent died" event; prctl(PR_SET_PDEATHSIG) is Linux-only
 * and not reachable from JavaScript.)
 */
function stopWhenOrphaned(): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    void shutdown("parent process exited");
  }, 1000);
  timer.unref();
}
stopWhenOrphaned();

main().catch((err: unknown) => {
  log.error("start failed", { error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  void shutdown("start failed", 1);
});
