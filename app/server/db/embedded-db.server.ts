// The embedded PostgreSQL of `npm start` and of tests without DATABASE_URL:
// PGlite (PostgreSQL compiled to WebAssembly, in this process) served over a
// local TCP socket, so that everything else (Prisma's adapter-pg, pg-boss, the
// media worker in another process) connects with an ordinary DATABASE_URL and
// needs no "embedded" code path of its own.
//
// PGlite is one backend session: pglite-wire.server.ts gives it to one
// connection at a time, for a whole query, batch or transaction, and the others
// wait. Correct, but one-at-a-time; a real PostgreSQL is for anything beyond
// one school.
import { PGlite } from "@electric-sql/pglite";
import { createLogger } from "~/server/platform/log.server.ts";
import { startWireServer, type SessionTurns } from "./pglite-wire.server.ts";

export interface EmbeddedDatabaseOptions {
  /** Directory holding the data; undefined keeps everything in memory. */
  dataDir?: string;
  /** TCP port; 0 (the default) asks the OS for a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1: never expose it). */
  host?: string;
  /** A data directory dump (from dumpDataDir) to start from; only for a new, empty dataDir. */
  loadDataDir?: Blob;
  /** Connections served at once (pg pools of the app, pg-boss and the worker add up). */
  maxConnections?: number;
}

export interface EmbeddedDatabase {
  /** Works for pg, Prisma's adapter-pg and pg-boss. */
  url: string;
  port: number;
  /** A tarball of the data directory, for loadDataDir (test template databases). */
  dumpDataDir(): Promise<Blob>;
  /** Whether a connection has the one session now and how many wait for it (see pglite-wire.server.ts). */
  sessionTurns(): SessionTurns;
  stop(): Promise<void>;
}

const DEFAULT_MAX_CONNECTIONS = 100;
/**
 * PGlite's buffer pool lives in its WebAssembly memory, which grows and never
 * shrinks: PostgreSQL's default 128 MB of shared buffers would end up resident
 * in the app once the data had been read through. 32 MB holds a county's hot
 * rows; the rest comes from the OS's file cache (README "Memory").
 */
export const EMBEDDED_SHARED_BUFFERS = "32MB";
const log = createLogger("embedded-db");

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const host = options.host ?? "127.0.0.1";
  const db = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`],
  });
  let server;
  try {
    server = await startWireServer({
      db,
      host,
      port: options.port ?? 0,
      maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      onError: (error) => log.error("a connection was closed after the embedded database failed on its message", { error }),
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  const { port } = server;
  return {
    url: connectionUrl(host, port),
    port,
    dumpDataDir: () => db.dumpDataDir("none"),
    sessionTurns: () => server.turns(),
    stop: onlyOnce(async () => {
      // Waits for the connections' rollbacks of half-finished transactions.
      await server.stop();
      await db.close();
    }),
  };
}

// PGlite accepts any user and password. sslmode=disable because the socket
// server answers "no" to SSL, and some clients (pg-boss, psql) ask first.
function connectionUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const hostPart = reachable.includes(":") ? `[${reachable}]` : reachable;
  return `postgres://postgres:postgres@${hostPart}:${port}/postgres?sslmode=disable`;
}

function onlyOnce(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
