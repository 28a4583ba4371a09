// vitest globalSetup (integration and browser projects): prepares, once per
// run, the migrated template every test database is cloned from (see
// tests/setup/database.ts), and hands it to the test workers via provide().
//
// Templates are named after a hash of the migrations, so they are built once
// and reused by later runs until a migration is added or edited.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase } from "~/server/db/embedded-db.server.ts";
import { migrateDatabase, migrationsFingerprint } from "../../prisma/migrator.ts";
import { databaseUrl, withAdminClient, type TestDatabaseTemplate } from "./database.ts";
import { clearNotices } from "./notices.ts";

const PGLITE_TEMPLATE_DIR = path.resolve(".tmp/test-db");
// Any constant: serialises template creation between projects and concurrent runs.
const TEMPLATE_LOCK_KEY = 0x74706c74; // "tplt"

const preparing = new Map<string, Promise<TestDatabaseTemplate>>();

export default async function setup(project: TestProject): Promise<void> {
  clearNoticesOncePerRun();
  const adminUrl = process.env.DATABASE_URL;
  const key = adminUrl ?? "pglite";
  // Both projects run this setup in the same process; prepare the template once.
  if (!preparing.has(key)) preparing.set(key, adminUrl ? preparePostgresTemplate(adminUrl) : preparePgliteTemplate());
  project.provide("testDatabaseTemplate", await preparing.get(key)!);
}

// Notices are written by test files; clearing them again when the second
// project's setup runs could erase what the first project's files reported.
function clearNoticesOncePerRun(): void {
  const flag = Symbol.for("sanshai.test-notices-cleared");
  const state = globalThis as Record<symbol, unknown>;
  if (state[flag]) return;
  state[flag] = true;
  clearNotices();
}

async function preparePostgresTemplate(adminUrl: string): Promise<TestDatabaseTemplate> {
  const templateName = `test_template_${migrationsFingerprint().slice(0, 16)}`;
  await withAdminClient(adminUrl, async (admin) => {
    await admin.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY]);
    try {
      await dropStaleTemplates(admin, templateName);
      const found = await admin.query<{ datistemplate: boolean }>(
        "SELECT datistemplate FROM pg_database WHERE datname = $1",
        [templateName],
      );
      if (found.rows[0]?.datistemplate) return; // built by an earlier run
      // Present but not marked: a run died while migrating it. Start over.
      await admin.query(`DROP DATABASE IF EXISTS "${templateName}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${templateName}"`);
      await migrateDatabase(databaseUrl(adminUrl, templateName));
      // Marked last, so "is a template" means "fully migrated".
      await admin.query(`ALTER DATABASE "${templateName}" IS_TEMPLATE true`);
    } finally {
      await admin.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY]);
    }
  });
  return { kind: "postgres", adminUrl, templateName };
}

// Templates of older migration sets (other branches, earlier runs). One still
// being copied from cannot be dropped; that is fine, the next run retries.
async function dropStaleTemplates(admin: pg.Client, keep: string): Promise<void> {
  const stale = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'test\\_template\\_%' AND datname <> $1",
    [keep],
  );
  for (const { datname } of stale.rows) {
    try {
      await admin.query(`ALTER DATABASE "${datname}" IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE "${datname}"`);
    } catch {
      // in use by a concurrent run
    }
  }
}

async function preparePgliteTemplate(): Promise<TestDatabaseTemplate> {
  const dumpPath = path.join(PGLITE_TEMPLATE_DIR, `template-${pgliteTemplateKey()}.tar`);
  if (fs.existsSync(dumpPath)) return { kind: "pglite", dumpPath };

  const embedded = await startEmbeddedDatabase();
  try {
    await migrateDatabase(embedded.url);
    const dump = Buffer.from(await (await embedded.dumpDataDir()).arrayBuffer());
    fs.mkdirSync(PGLITE_TEMPLATE_DIR, { recursive: true });
    for (const old of fs.readdirSync(PGLITE_TEMPLATE_DIR)) fs.rmSync(path.join(PGLITE_TEMPLATE_DIR, old), { force: true });
    // Written under a temporary name and renamed, so that a run killed halfway
    // never leaves a truncated template for the next run to trust.
    const partial = `${dumpPath}.${process.pid}.partial`;
    fs.writeFileSync(partial, dump);
    fs.renameSync(partial, dumpPath);
  } finally {
    await embedded.stop();
  }
  return { kind: "pglite", dumpPath };
}

// A data directory dump is only readable by the PGlite build that wrote it.
function pgliteTemplateKey(): string {
  return createHash("sha256").update(`${pgliteVersion()}\0${migrationsFingerprint()}`).digest("hex").slice(0, 16);
}

// The package does not export its package.json: walk up from its entry point.
function pgliteVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
}
