// The migrations in prisma/migrations are what production databases get;
// prisma/schema.prisma is what the code is typed against. This file fails when
// the two disagree (someone changed the schema without running
// `npm run db:migration:create <name>`, or edited a migration by hand), and
// checks the offline runner itself on an empty database.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLastSnapshot } from "../../prisma/migrate.ts";
import {
  diffDatabaseToSchema,
  diffSchemas,
  listMigrationNames,
  migrateDatabase,
  MIGRATIONS_DIR,
  SCHEMA_PATH,
} from "../../prisma/migrator.ts";
import { createEmptyTestDatabase, type TestDatabase } from "../setup/database.ts";

const schema = fs.readFileSync(SCHEMA_PATH, "utf8");
const migrationNames = listMigrationNames();
const HOW_TO_FIX =
  "prisma/schema.prisma and prisma/migrations disagree. After changing the schema, run " +
  "`npm run db:migration:create <name>` and commit the new migration; never edit an applied migration.";

let empty: TestDatabase;
let firstRun: { applied: string[] };
let secondRun: { applied: string[] };

beforeAll(async () => {
  empty = await createEmptyTestDatabase();
  firstRun = await migrateDatabase(empty.url);
  secondRun = await migrateDatabase(empty.url);
});

afterAll(async () => {
  await empty?.drop();
});

describe("prisma/migrations", () => {
  it("exist, with a lock file naming postgresql", () => {
    expect(migrationNames.length).toBeGreaterThan(0);
    const lock = fs.readFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), "utf8");
    expect(lock).toMatch(/^provider = "postgresql"$/m);
  });

  it("bring an empty database exactly to schema.prisma (no drift)", async () => {
    const missing = await diffDatabaseToSchema(empty.url, schema);
    expect(missing, `${HOW_TO_FIX}\nSQL still needed after all migrations:\n${missing}`).toBe("");
  });

  it("end with a snapshot equal to schema.prisma, so the next `create` starts from the right place", async () => {
    const missing = await diffSchemas(readLastSnapshot(), schema);
    expect(missing, `${HOW_TO_FIX}\nSQL between the last snapshot and schema.prisma:\n${missing}`).toBe("");
  });

  it("would be caught drifting: a field added to the schema shows up in both checks", async () => {
    const changed = schema.replace(/^model User \{$/m, "model User {\n  driftProbe String?");
    expect(changed).not.toBe(schema);
    expect(await diffDatabaseToSchema(empty.url, changed)).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"driftProbe" TEXT/);
    expect(await diffSchemas(readLastSnapshot(), changed)).toMatch(/"driftProbe"/);
  });
});

describe("migrateDatabase", () => {
  it("applies every migration once, in order, then nothing", () => {
    expect(firstRun.applied).toEqual(migrationNames);
    expect(secondRun.applied).toEqual([]);
  });

  it("records them in _prisma_migrations like `prisma migrate deploy` does", async () => {
    const client = new pg.Client({ connectionString: empty.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string; checksum: string; finished: boolean; rolled_back: boolean }>(
        `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
         FROM _prisma_migrations ORDER BY migration_name`,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
      for (const row of rows) {
        const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
        expect(row).toMatchObject({ finished: true, rolled_back: false });
        // The CLI compares this checksum on deploy: a mismatch would block `prisma migrate deploy`.
        expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      }
    } finally {
      await client.end();
    }
  });

  it("is safe when started twice at once (app replicas booting together)", async () => {
    const other = await createEmptyTestDatabase();
    try {
      const runs = await Promise.all([migrateDatabase(other.url), migrateDatabase(other.url)]);
      expect(runs.flatMap((r) => r.applied).sort()).toEqual(migrationNames);
    } finally {
      await other.drop();
    }
  });
});
