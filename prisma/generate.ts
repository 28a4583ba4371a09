// `npm run db:generate` (and before every start, test and typecheck): runs
// `prisma generate` offline, and only when the schema or the Prisma version
// changed since the last run.
//
// Why offline: the Prisma CLI downloads a schema engine binary for every
// command, from a host that schools' networks often cannot reach. `generate`
// never uses that binary, so pointing PRISMA_SCHEMA_ENGINE_BINARY at any
// existing file (our own Node binary) skips the download.
// https://github.com/prisma/prisma/issues/16253 (offline / air-gapped generate)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCHEMA = path.join(ROOT, "prisma/schema.prisma");
const OUTPUT = path.join(ROOT, "app/generated/prisma");
// A content stamp rather than mtimes: a git checkout or a copy changes mtimes
// but not content, and a Prisma upgrade must regenerate with an old schema.
const STAMP = path.join(OUTPUT, ".generated-from");

const require = createRequire(import.meta.url);

function prismaCliPath(): string {
  return require.resolve("prisma/build/index.js");
}

function expectedStamp(): string {
  const version = (require("prisma/package.json") as { version: string }).version;
  const schema = fs.readFileSync(SCHEMA);
  return `prisma ${version} schema sha256:${createHash("sha256").update(schema).digest("hex")}\n`;
}

function isUpToDate(stamp: string): boolean {
  if (!fs.existsSync(path.join(OUTPUT, "client.ts"))) return false;
  return fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === stamp;
}

function runPrismaGenerate(): void {
  const result = spawnSync(process.execPath, [prismaCliPath(), "generate", "--schema", SCHEMA], {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1", // no version-check request to Prisma's servers
    },
  });
  if (result.status === 0) return;
  process.stderr.write(result.stdout ?? "");
  process.stderr.write(result.stderr ?? "");
  const reason = result.error ? result.error.message : `exit code ${result.status}`;
  throw new Error(`prisma generate failed (${reason})`);
}

export function generatePrismaClient({ force = false } = {}): "generated" | "up to date" {
  const stamp = expectedStamp();
  if (!force && isUpToDate(stamp)) return "up to date";
  fs.rmSync(STAMP, { force: true }); // a failed run must not leave an old stamp looking valid
  runPrismaGenerate();
  fs.writeFileSync(STAMP, stamp);
  return "generated";
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const outcome = generatePrismaClient({ force: process.argv.includes("--force") });
    if (outcome === "generated" && process.argv.includes("--verbose")) console.info("prisma client generated");
  } catch (error) {
    console.error(`\n!! ${(error as Error).message}\n`);
    process.exit(1);
  }
}
