// `migrate create` in a scratch folder: needs no database (the diff runs
// between two datamodels inside the WebAssembly schema engine).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMigration, readLastSnapshot, SNAPSHOT_FILE } from "./migrate.ts";
import { diffSchemas, listMigrationNames, migrationsFingerprint } from "./migrator.ts";

const BASE = `datasource db {
  provider = "postgresql"
}

model Pet {
  id   Int    @id
  name String
}
`;

let dir: string;
let migrationsDir: string;
let schemaPath: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrate-create-"));
  migrationsDir = path.join(dir, "migrations");
  schemaPath = path.join(dir, "schema.prisma");
  fs.writeFileSync(schemaPath, BASE);
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const create = (name: string, now: Date) => createMigration({ name, migrationsDir, schemaPath, now });

describe("createMigration", () => {
  it("starts from an empty database, keeps a snapshot and writes the lock file", async () => {
    const result = await create("init", new Date("2026-01-02T03:04:05Z"));
    expect(result.status).toBe("created");
    expect(listMigrationNames(migrationsDir)).toEqual(["20260102030405_init"]);
    const sql = fs.readFileSync(path.join(migrationsDir, "20260102030405_init/migration.sql"), "utf8");
    expect(sql).toMatch(/CREATE TABLE "Pet"/);
    expect(fs.readFileSync(path.join(migrationsDir, "20260102030405_init", SNAPSHOT_FILE), "utf8")).toBe(BASE);
    expect(fs.readFileSync(path.join(migrationsDir, "migration_lock.toml"), "utf8")).toMatch(/provider = "postgresql"/);
  });

  it("reports no changes when the schema matches the last snapshot", async () => {
    await create("init", new Date("2026-01-02T03:04:05Z"));
    expect(await create("again", new Date("2026-01-03T00:00:00Z"))).toEqual({ status: "no changes" });
    expect(listMigrationNames(migrationsDir)).toHaveLength(1);
  });

  it("writes only the difference next, ordered after the last one even if the clock is behind", async () => {
    await create("init", new Date("2026-01-02T03:04:05Z"));
    fs.writeFileSync(schemaPath, BASE.replace("name String", "name String\n  born DateTime?"));
    const result = await create("add_born", new Date("2025-12-31T00:00:00Z"));
    expect(result.status === "created" && result.sql).toMatch(/^-- AlterTable\nALTER TABLE "Pet" ADD COLUMN\s+"born" TIMESTAMP\(3\);\n$/);
    expect(listMigrationNames(migrationsDir)).toEqual(["20260102030405_init", "20260102030406_add_born"]);
    expect(await diffSchemas(readLastSnapshot(migrationsDir), fs.readFileSync(schemaPath, "utf8"))).toBe("");
  });

  it("refuses names that are not snake_case", async () => {
    await expect(create("Add Born", new Date())).rejects.toThrow(/snake_case/);
  });

  it("refuses to guess when the last migration has no snapshot", async () => {
    await create("init", new Date("2026-01-02T03:04:05Z"));
    fs.rmSync(path.join(migrationsDir, "20260102030405_init", SNAPSHOT_FILE));
    await expect(create("next", new Date())).rejects.toThrow(/schema\.prisma is missing/);
  });
});

describe("migrationsFingerprint", () => {
  it("changes when a migration is added or edited", async () => {
    await create("init", new Date("2026-01-02T03:04:05Z"));
    const first = migrationsFingerprint(migrationsDir);
    fs.appendFileSync(path.join(migrationsDir, "20260102030405_init/migration.sql"), "\n-- edited\n");
    expect(migrationsFingerprint(migrationsDir)).not.toBe(first);
  });
});

describe("the repository's migrations", () => {
  it("have a snapshot equal to prisma/schema.prisma", async () => {
    const schema = fs.readFileSync(path.join(import.meta.dirname, "schema.prisma"), "utf8");
    expect(await diffSchemas(readLastSnapshot(), schema), "run `npm run db:migration:create <name>`").toBe("");
  });
});
