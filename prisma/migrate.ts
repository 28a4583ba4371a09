// The migration CLI, working offline (see prisma/migrator.ts):
//
//   npm run db:migrate                      apply pending migrations to DATABASE_URL
//   npm run db:migration:create <name>      write the next migration from schema.prisma
//   node --import tsx prisma/migrate.ts resolve <name> applied|rolled-back
//                                           after fixing a failed migration by hand
//
// `create` diffs the schema as of the last migration (the copy kept next to
// each migration.sql as schema.prisma) against today's prisma/schema.prisma,
// so it needs no database. Review the SQL before committing it: renames come
// out as drop + add, like in `prisma migrate dev`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { requireDatabaseUrl } from "~/server/platform/env.server.ts";
import {
  diffSchemas,
  listMigrationNames,
  migrateDatabase,
  resolveMigration,
  MIGRATION_LOCK_CONTENT,
  MIGRATION_LOCK_FILE,
  MIGRATIONS_DIR,
  SCHEMA_PATH,
} from "./migrator.ts";

/** Kept beside each migration.sql: the schema that migration brings a database to. */
export const SNAPSHOT_FILE = "schema.prisma";

export interface CreateMigrationOptions {
  name: string;
  migrationsDir?: string;
  schemaPath?: string;
  now?: Date;
}

export type CreateMigrationResult = { status: "no changes" } | { status: "created"; directory: string; sql: string };

export async function createMigration(options: CreateMigrationOptions): Promise<CreateMigrationResult> {
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  const name = checkMigrationName(options.name);
  const schema = fs.readFileSync(options.schemaPath ?? SCHEMA_PATH, "utf8");
  const names = listMigrationNames(migrationsDir);
  const sql = withoutCreatePublicSchema(await diffSchemas(readLastSnapshot(migrationsDir, names), schema));
  if (sql === "") return { status: "no changes" };

  const directory = path.join(migrationsDir, `${nextTimestamp(names, options.now ?? new Date())}_${name}`);
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(path.join(directory, "migration.sql"), sql);
  fs.writeFileSync(path.join(directory, SNAPSHOT_FILE), schema);
  const lockPath = path.join(migrationsDir, MIGRATION_LOCK_FILE);
  if (!fs.existsSync(lockPath)) fs.writeFileSync(lockPath, MIGRATION_LOCK_CONTENT);
  return { status: "created", directory, sql };
}

/** The schema as of the newest migration, or "empty" before the first one. */
export function readLastSnapshot(migrationsDir = MIGRATIONS_DIR, names = listMigrationNames(migrationsDir)): string {
  const last = names.at(-1);
  if (!last) return "empty";
  const snapshot = path.join(migrationsDir, last, SNAPSHOT_FILE);
  if (!fs.existsSync(snapshot)) {
    throw new Error(
      `${path.relative(process.cwd(), snapshot)} is missing: every migration keeps the schema it leads to. ` +
        "Restore it from version control (or copy schema.prisma as of that migration).",
    );
  }
  return fs.readFileSync(snapshot, "utf8");
}

// A diff from "empty" begins with CREATE SCHEMA IF NOT EXISTS "public". Every
// PostgreSQL database already has it, and the statement needs CREATE on the
// database even when the schema exists, which managed PostgreSQL often denies
// to the app's role (https://github.com/prisma/migrate/issues/501).
function withoutCreatePublicSchema(sql: string): string {
  return sql.replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n?/, "");
}

function checkMigrationName(name: string): string {
  if (!/^[a-z0-9]+(_[a-z0-9]+)*$/.test(name)) {
    throw new Error(`migration name must be snake_case letters and digits (e.g. add_entry_tags), got "${name}"`);
  }
  return name;
}

// Prisma's format (UTC, to the second), kept strictly after the newest
// migration so that order never depends on a machine's clock.
function nextTimestamp(existing: string[], now: Date): string {
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const last = existing.at(-1)?.slice(0, 14);
  if (!last || stamp > last) return stamp;
  return String(BigInt(last) + 1n);
}

async function main(argv: string[]): Promise<void> {
  const [command, name] = argv;
  if (command === "deploy") {
    const { applied } = await migrateDatabase(requireDatabaseUrl());
    console.info(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
    return;
  }
  if (command === "create" && name) {
    const result = await createMigration({ name });
    if (result.status === "no changes") console.info("no changes: schema.prisma matches the last migration");
    else console.info(`created ${path.relative(process.cwd(), result.directory)}/migration.sql (review it before committing)`);
    return;
  }
  const as = argv[2];
  if (command === "resolve" && name && (as === "applied" || as === "rolled-back")) {
    await resolveMigration(requireDatabaseUrl(), name, as);
    console.info(`${name} marked ${as}`);
    return;
  }
  throw new Error("usage: prisma/migrate.ts deploy | create <snake_case_name> | resolve <migration> applied|rolled-back");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`\n!! ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
