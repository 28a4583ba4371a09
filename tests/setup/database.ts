// One database per test file (or per test that needs another one), cloned
// from a migrated template that tests/setup/global-setup.ts prepares once:
//
// - PostgreSQL (DATABASE_URL set when vitest starts): CREATE DATABASE … TEMPLATE,
//   a file copy on the server, milliseconds;
// - embedded PGlite (no DATABASE_URL): a new in-memory PGlite started from the
//   template's data directory dump, served on a free local port (~1 s).
//
// Either way the caller gets an ordinary connection URL, so the app, pg-boss
// or a spawned app process connect to it like to any PostgreSQL.
//
// Environment seen by test files (set by tests/setup/per-file-db.ts):
//   DATABASE_URL             this file's own database
//   TEST_ADMIN_DATABASE_URL  the server URL vitest was started with (PostgreSQL
//                            only; unset on PGlite), for tests that need to
//                            create or inspect databases themselves.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { startEmbeddedDatabase } from "~/server/db/embedded-db.server.ts";

export type TestDatabaseTemplate =
  | { kind: "postgres"; adminUrl: string; templateName: string }
  | { kind: "pglite"; dumpPath: string };

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseTemplate: TestDatabaseTemplate;
  }
}

export interface TestDatabase {
  url: string;
  /** Drops the database (PostgreSQL) or stops the embedded server. Safe to call twice. */
  drop(): Promise<void>;
}

export async function createTestDatabase(template = inject("testDatabaseTemplate")): Promise<TestDatabase> {
  if (!template) throw new Error("no test database template: is tests/setup/global-setup.ts this project's globalSetup?");
  return template.kind === "postgres" ? clonePostgresTemplate(template) : startFromPgliteDump(template.dumpPath);
}

/** A fresh database with nothing in it, not even migrations (for migration tests). */
export async function createEmptyTestDatabase(template = inject("testDatabaseTemplate")): Promise<TestDatabase> {
  if (template.kind === "pglite") {
    const embedded = await startEmbeddedDatabase();
    return { url: embedded.url, drop: embedded.stop };
  }
  return createPostgresDatabase(template.adminUrl, "");
}

async function clonePostgresTemplate(template: { adminUrl: string; templateName: string }): Promise<TestDatabase> {
  return createPostgresDatabase(template.adminUrl, `TEMPLATE "${template.templateName}"`);
}

async function createPostgresDatabase(adminUrl: string, clause: string): Promise<TestDatabase> {
  // pid + random: unique across parallel workers and concurrent runs on one server.
  const name = `test_${process.pid}_${randomBytes(6).toString("hex")}`;
  await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}" ${clause}`));
  let dropped = false;
  return {
    url: databaseUrl(adminUrl, name),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      // FORCE: a pool someone forgot to end must not leave the database behind.
      await withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

async function startFromPgliteDump(dumpPath: string): Promise<TestDatabase> {
  const dump = await fs.openAsBlob(dumpPath);
  const embedded = await startEmbeddedDatabase({ loadDataDir: dump });
  return { url: embedded.url, drop: embedded.stop };
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdminClient<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
