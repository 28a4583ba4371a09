// The embedded PostgreSQL of `npm start` and of tests without DATABASE_URL:
// PGlite (PostgreSQL compiled to WebAssembly, in this process) served over a
// local TCP socket, so that everything else (Prisma's adapter-pg, pg-boss, the
// media worker in another process) connects with an ordinary DATABASE_URL and
// needs no "embedded" code path of its own.
//
// PGlite is one backend session: pglite-socket queues the connections' messages
// onto it, and while one connection is inside a transaction the others wait.
// Correct, but one-at-a-time; a real PostgreSQL is for anything beyond one school.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

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
  stop(): Promise<void>;
}

const DEFAULT_MAX_CONNECTIONS = 100;

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const host = options.host ?? "127.0.0.1";
  const db = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  const server = new PGLiteSocketServer({
    db,
    host,
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
  });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const port = listeningPort(server);
  return {
    url: connectionUrl(host, port),
    port,
    dumpDataDir: () => db.dumpDataDir("none"),
    stop: onlyOnce(async () => {
      await server.stop();
      // Let the socket handlers' rollbacks of half-finished transactions run first.
      await db.runExclusive(async () => {});
      await db.close();
    }),
  };
}

// The server only tells "host:port" (the port the OS picked when asked for 0).
function listeningPort(server: PGLiteSocketServer): number {
  const port = Number(server.getServerConn().split(":").at(-1));
  if (!Number.isInteger(port) || port <= 0) throw new Error(`embedded database: no port in ${server.getServerConn()}`);
  return port;
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
