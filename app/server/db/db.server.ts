// The one file that creates Prisma clients, and the only one that loads the
// generated client as a value (others import its types, and values such as
// Prisma.DbNull from here). Every process (app, worker, scripts, tests) talks
// to PostgreSQL or embedded PGlite through a DATABASE_URL; the embedded case
// differs only in who started the server.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client.ts";
import { getEnv, requireDatabaseUrl } from "~/server/platform/env.server.ts";

/** Prisma's namespace (Prisma.DbNull, Prisma.JsonNull, its input types). */
export { Prisma } from "~/generated/prisma/client.ts";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// One client per process, on globalThis: the app process holds two copies of this module (scripts/start.ts
// and its imports through tsx, and the Remix server build with its own bundled copy), and each made its own
// client, with its own pool of DATABASE_POOL_MAX connections and its own query compiler (README "Memory").
const SHARED = Symbol.for("sanshai.db.client");
type Holder = { [SHARED]?: PrismaClient };
const holder = globalThis as Holder;

export function createDb(url: string, poolMax = getEnv().DATABASE_POOL_MAX): PrismaClient {
  // JIT off for the app's sessions: its queries are short (pages of 25, one entry), but a LIMIT over a
  // filtered index scan carries a large estimated cost, so PostgreSQL's default compiled every gallery
  // page's query with LLVM first: ~1.1 s of JIT for ~2 ms of work (bench:gallery, 100,000 entries).
  // The embedded database ignores the option (no JIT in PGlite).
  const adapter = new PrismaPg({ connectionString: url, max: poolMax, options: "-c jit=off" });
  return new PrismaClient({ adapter });
}

/** The process-wide client, created on first use from DATABASE_URL. */
export function getDb(): PrismaClient {
  holder[SHARED] ??= createDb(requireDatabaseUrl());
  return holder[SHARED];
}

export async function disconnectDb(): Promise<void> {
  const c = holder[SHARED];
  delete holder[SHARED];
  await c?.$disconnect();
}

/** Prisma's codes for "the database is not there" (not "the query was wrong"). */
const UNAVAILABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "57P01", "57P02", "57P03", "53300", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"]);
const UNAVAILABLE_WORDS = /Can't reach database server|Connection terminated|connection is closed|Server has closed the connection|the database system is (starting up|shutting down)|terminating connection due to administrator command|DatabaseNotReachable|timed out fetching a new connection/i;

/**
 * Whether an error means the database is away (restarting, unreachable,
 * overloaded) rather than a bug or bad input: such a request deserves a 503
 * and "try again shortly", not a stack trace.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && UNAVAILABLE_WORDS.test(message)) return true;
  }
  return false;
}
