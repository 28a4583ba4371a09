// The one place that reads process.env. Parsed lazily (first call), once per
// process, so that test setup can point DATABASE_URL at a per-file database
// before anything touches it.
import path from "node:path";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().default("0.0.0.0"),
    /** 0 asks the OS for a free port (tests); the real one is printed. */
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Express "trust proxy": "false", "true", a hop count, or addresses/subnets ("loopback", "10.0.0.0/8"). */
    TRUST_PROXY: z.string().default("loopback"),
    /** Load demo data at start: "auto" loads it unless NODE_ENV=production. Never loads twice. */
    SEED_DEMO_DATA: z.enum(["auto", "true", "false"]).default("auto"),
    /** Where the embedded database, object store and secrets live. */
    DATA_DIR: z.string().default(".data"),
    /** PostgreSQL connection string. Absent means "embedded PGlite" (scripts/start.ts fills it in). */
    DATABASE_URL: z.string().url().optional(),
    /** Pool size per process. */
    DATABASE_POOL_MAX: int(10),
    /** S3-compatible object storage. Absent S3_ENDPOINT means the embedded local store. */
    S3_ENDPOINT: z.string().url().optional(),
    /** The S3 endpoint as browsers reach it, when it differs from S3_ENDPOINT (docker-compose: http://localhost:9000). Signed download URLs use it. */
    S3_PUBLIC_ENDPOINT: z.string().url().optional(),
    S3_REGION: z.string().default("us-east-1"),
    S3_ACCESS_KEY: z.string().optional(),
    S3_SECRET_KEY: z.string().optional(),
    S3_BUCKET: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "S3_BUCKET must be a valid bucket name")
      .default("sanshai"),
    /** Path-style addressing (MinIO, Swift, most self-hosted stores). */
    S3_PATH_STYLE: bool.default(true),
    /** Signs session cookies, CSRF tokens and local-store download URLs. */
    SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
    /** Cookies get the Secure flag (set false only for plain-http local use). */
    COOKIE_SECURE: bool.optional(),
    /** Base URL the public reaches the app on (links in QR posters, signed local URLs). */
    PUBLIC_URL: z.string().url().optional(),
    /** Seconds the public gallery's pages are kept for anonymous visitors (0 = not at all; app/server/gallery/page-cache.server.ts). */
    PUBLIC_PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** "json" lines for a log collector, "text" for a terminal; default json in production. */
    LOG_FORMAT: z.enum(["json", "text"]).optional(),
    /** Worker concurrency per queue. */
    WORKER_CONCURRENCY_IMAGE: int(2),
    WORKER_CONCURRENCY_VIDEO: int(1),
    WORKER_CONCURRENCY_AUDIO: int(1),
    /** Time limit per media job, seconds (the tools are killed when it runs out). */
    WORKER_IMAGE_TIMEOUT_SECONDS: int(120),
    WORKER_VIDEO_TIMEOUT_SECONDS: int(30 * 60),
    WORKER_AUDIO_TIMEOUT_SECONDS: int(10 * 60),
    /**
     * A running media job whose worker has sent no heartbeat for this long is
     * presumed dead (killed, machine gone) and retried elsewhere (pg-boss
     * heartbeatSeconds, at least 10).
     */
    JOB_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).default(30),
    /** How often workers look for expired or silent jobs (pg-boss superviseIntervalSeconds). */
    JOB_SUPERVISE_INTERVAL_SECONDS: int(30),
    /**
     * Media lanes' retry timing after a system failure (the store or database away, a full disk):
     * first delay and cap of the exponential backoff, seconds. Defaults in app/domain/jobs.ts keep a
     * file retrying for about 17 hours; tests shrink them.
     */
    JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().positive().optional(),
    JOB_RETRY_DELAY_MAX_SECONDS: z.coerce.number().int().positive().optional(),
    /** How often a worker re-tests a media lane it could not work (missing or broken tools, full disk), seconds. */
    LANE_RECHECK_SECONDS: int(60),
    /** Scratch space for media jobs and upload buffers; what a crashed process leaves is removed at start. Default DATA_DIR/tmp. */
    SCRATCH_DIR: z.string().optional(),
    /** Absolute paths to ffmpeg / ffprobe; empty means "system, else bundled". */
    FFMPEG_PATH: z.string().optional(),
    FFPROBE_PATH: z.string().optional(),
    /** Login attempts allowed per window per username and per client address. */
    LOGIN_RATE_LIMIT: int(10),
    LOGIN_RATE_WINDOW_SECONDS: int(15 * 60),
    /** Upload creations allowed per user per hour (a family's phone; the soak benchmark raises it). */
    UPLOAD_RATE_LIMIT: int(60),
    /**
     * The media worker's guard: above this resident size (MB) it finishes its running jobs,
     * stops claiming, and exits for its supervisor to start a fresh one. 0 turns it off.
     */
    WORKER_MEMORY_CEILING_MB: z.coerce.number().int().min(0).default(1024),
    /**
     * The worker's allocator, set by its supervisor (scripts/start.ts) before it starts:
     * "auto" = jemalloc when the system has libjemalloc, else glibc with MALLOC_ARENA_MAX=2;
     * "glibc" = glibc's defaults (for measuring only: it fragments under libvips' threads).
     */
    WORKER_ALLOCATOR: z.enum(["auto", "jemalloc", "arenas", "glibc"]).default("auto"),
    /** Seconds between "memory" log lines (rss, heap, external, arrayBuffers) from the app and worker; 0 = none. */
    MEMORY_REPORT_SECONDS: z.coerce.number().int().min(0).default(0),
  })
  .superRefine((env, ctx) => {
    if (env.S3_ENDPOINT && (!env.S3_ACCESS_KEY || !env.S3_SECRET_KEY)) {
      ctx.addIssue({ code: "custom", message: "S3_ENDPOINT needs S3_ACCESS_KEY and S3_SECRET_KEY" });
    }
    if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
      ctx.addIssue({ code: "custom", message: "SESSION_SECRET is required in production" });
    }
  });

export type Env = z.infer<typeof EnvSchema> & { dataDir: string; scratchDir: string };

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "env"}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  cached = { ...parsed.data, dataDir, scratchDir: path.resolve(parsed.data.SCRATCH_DIR ?? path.join(dataDir, "tmp")) };
  return cached;
}

/**
 * scripts/start.ts fills in what the embedded default provides (DATABASE_URL of
 * the embedded database, a generated SESSION_SECRET, FFMPEG_PATH …) for this
 * process and the children it spawns, then re-reads. Values already set win.
 */
export function applyEnvDefaults(values: Record<string, string | undefined>): Env {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && !process.env[key]) process.env[key] = value;
  }
  cached = undefined;
  return getEnv();
}

/** Tests change process.env between files; this forgets the parsed copy. */
export function resetEnvForTests(): void {
  cached = undefined;
}

export function requireDatabaseUrl(): string {
  const url = getEnv().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  return url;
}

export function getSessionSecret(): string {
  const secret = getEnv().SESSION_SECRET;
  if (!secret) throw new Error("SESSION_SECRET is not set (npm start generates one under DATA_DIR)");
  return secret;
}
