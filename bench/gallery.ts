// Gallery benchmark (issue 12, item 8):
//
//   npm run bench:gallery                    # PostgreSQL, then the embedded default
//   npm run bench:gallery -- --db postgres   # only PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
//   npm run bench:gallery -- --db embedded   # only the embedded default (PGlite in the app's process, as `npm start`)
//   npm run bench:gallery -- --seconds 10    # per page and pass (default 10)
//
// Seeds 100,000 published, consented entries (20,000 children × 5 categories)
// into a fresh database by bulk SQL, starts the production app on 127.0.0.1,
// and drives four pages with autocannon at 20 connections: a contest's first
// page, a page 500 pages deep (through its cursor, never OFFSET), an entry and
// a board. Two passes: as families get them (anonymous, so the page cache of
// app/server/gallery/page-cache.server.ts answers all but the first request
// of each page every PUBLIC_PAGE_CACHE_SECONDS), then with that cache off
// (every request rendered: what a signed-in visitor and a first visitor get).
// Prints p50/p95, requests/s and deep/first per pass. Targets on this 2-core
// machine: p95 < 150 ms on PostgreSQL, deep/first ≤ 1.3. Each database runs in
// a child process of its own (one database client per process).
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import pg from "pg";

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SECONDS = Number(process.argv[process.argv.indexOf("--seconds") + 1]) || 10;
const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const argValue = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const DB_KIND = argValue("--db") ?? "both";
const DB_NAME = `gallery_bench_${Date.now()}`;
const CHILDREN = 20_000;

async function createDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
}

async function dropDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
  await admin.end();
}

async function seed(url: string): Promise<{ contestId: string; firstPublicId: string; slug: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = Date.now();
  await client.query(`
    INSERT INTO "OrgUnit" (id, code, kind, name, path, "updatedAt") VALUES ('county', 'county', 'COUNTY', '示范县', '/county/', now());
    INSERT INTO "OrgUnit" (id, code, kind, name, "parentId", path, "updatedAt") VALUES ('town', 'town', 'TOWNSHIP', '城关镇', 'county', '/county/town/', now());
    INSERT INTO "OrgUnit" (id, code, kind, name, "shortName", "parentId", path, "updatedAt") VALUES ('school', 'school', 'SCHOOL', '示范县实验小学', '实验小学', 'town', '/county/town/school/', now());
    INSERT INTO "OrgUnit" (id, code, kind, name, "parentId", path, grade, "updatedAt") VALUES ('class', 'class', 'CLASS', '三年级(1)班', 'school', '/county/town/school/class/', 3, now());
    INSERT INTO "Contest" (id, title, season, year, status, "orgUnitId", "submissionOpensAt", "submissionClosesAt", "updatedAt")
      VALUES ('contest', '2026年寒假“三晒一创”', 'WINTER', 2026, 'FINALISED', 'county', now() - interval '60 days', now() - interval '30 days', now());
    INSERT INTO "Category" (id, "contestId", kind, name, "maxFileBytes", "sortOrder", "updatedAt")
      SELECT 'cat' || i, 'contest', (ARRAY['READING','ESSAY','VIDEO','PHOTO','ART'])[i]::"CategoryKind", (ARRAY['读书','征文','小视频','摄影','美术'])[i], 1000000, i, now() FROM generate_series(1, 5) i;
    INSERT INTO "User" (id, username, "displayName", "passwordHash", "updatedAt")
      SELECT 'u' || i, 'xs' || i, '学生' || i, 'x', now() FROM generate_series(1, ${CHILDREN}) i;
    INSERT INTO "StudentProfile" ("userId", "classId", "updatedAt") SELECT 'u' || i, 'class', now() FROM generate_series(1, ${CHILDREN}) i;
    INSERT INTO "ConsentRecord" (id, "studentId", "givenById", scope, action, "textVersion")
      SELECT 'c' || i || s, 'u' || i, 'u' || i, s::"ConsentScope", 'GIVEN', 'bench' FROM generate_series(1, ${CHILDREN}) i, unnest(ARRAY['PUBLIC_WORK','PUBLIC_NAME']) s;
    INSERT INTO "Entry" (id, "contestId", "categoryId", "studentId", "townshipId", "schoolId", "classId", grade, title, status, "submittedAt", "publicId", "publishedAt", "updatedAt")
      SELECT 'e' || lpad(i::text, 6, '0') || c, 'contest', 'cat' || c, 'u' || i, 'town', 'school', 'class', 3, '作品 ' || i || '-' || c, 'SUBMITTED', now(),
        substr(md5(i::text || '-' || c), 1, 12), now() - (i * 5 + c) * interval '1 second', now()
      FROM generate_series(1, ${CHILDREN}) i, generate_series(1, 5) c;
    INSERT INTO "GalleryBoard" (id, slug, title, status, "orgUnitId", "publishedAt") VALUES ('board', 'benchBoard01', '十小明星风采', 'PUBLISHED', 'county', now());
    INSERT INTO "GalleryPublication" (id, "boardId", "entryId", "sortOrder") SELECT 'p' || i, 'board', 'e' || lpad(i::text, 6, '0') || '1', i FROM generate_series(1, 40) i;
    ANALYZE;`);
  const first = await client.query<{ publicId: string }>(`SELECT "publicId" FROM "Entry" ORDER BY "publishedAt" DESC LIMIT 1`);
  await client.end();
  console.info(`seeded ${CHILDREN * 5} published entries in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { contestId: "contest", firstPublicId: first.rows[0]!.publicId, slug: "benchBoard01" };
}

// autocannon runs in a process of its own (its CLI, --json): in this process it would share one event
// loop with the server it measures, and neither would get an honest share of the CPU.
type AutocannonResult = { latency: Record<string, number>; requests: { average: number }; non2xx: number; errors: number; timeouts: number };

async function drive(url: string): Promise<{ p50: number; p95: number; rps: number; non2xx: number }> {
  const bin = path.join(ROOT, "node_modules", ".bin", "autocannon");
  const { stdout } = await execFileAsync(bin, ["-c", "20", "-d", String(SECONDS), "-j", "-H", "User-Agent=Mozilla/5.0 (Linux; Android 12) MicroMessenger/8.0.47 bench", url], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = JSON.parse(stdout) as AutocannonResult;
  if (result.errors || result.timeouts) console.info(`  ${url}: ${result.errors} errors, ${result.timeouts} timeouts`);
  // autocannon reports p90 and p97.5, not p95: p97.5 is quoted (the stricter of the two).
  return { p50: result.latency.p50 ?? 0, p95: result.latency.p97_5 ?? result.latency.p99 ?? 0, rps: result.requests.average, non2xx: result.non2xx };
}

type Pass = Record<string, Awaited<ReturnType<typeof drive>>>;

function printPass(title: string, results: Pass): void {
  console.info(`\n${title}`);
  console.info("page    p50 ms  p95 ms  req/s   non-2xx");
  for (const [name, r] of Object.entries(results)) console.info(`${name.padEnd(8)}${String(r.p50).padEnd(8)}${String(r.p95).padEnd(8)}${r.rps.toFixed(0).padEnd(8)}${r.non2xx}`);
  const ratio = results.deep!.p50 / Math.max(1, results.first!.p50);
  console.info(`deep/first (p50): ${ratio.toFixed(2)} (target ≤ 1.3); worst p95 ${Math.max(...Object.values(results).map((r) => r.p95))} ms (target < 150)`);
}

/** One database kind, in this process: seed, start the production app, two passes over the four pages. */
async function runOne(kind: "postgres" | "embedded"): Promise<void> {
  process.env.NODE_ENV = "production";
  process.env.COOKIE_SECURE = "false";
  process.env.SESSION_SECRET ??= "bench-session-secret-0123456789abcdef0123456789";
  process.env.LOG_LEVEL = "warn";
  let stopEmbedded: (() => Promise<void>) | null = null;
  let url: string;
  if (kind === "postgres") {
    url = await createDatabase();
  } else {
    const { startEmbeddedDatabase } = await import("~/server/db/embedded-db.server.ts");
    const embedded = await startEmbeddedDatabase();
    url = embedded.url;
    stopEmbedded = embedded.stop;
  }
  process.env.DATABASE_URL = url;
  try {
    const { migrateDatabase } = await import("../prisma/migrator.ts");
    await migrateDatabase(url);
    const ids = await seed(url);
    const { ensureRemixBuild } = await import("../scripts/lib/remix-build.ts");
    await ensureRemixBuild(ROOT, (m) => console.info(m));
    const { startHttpServer } = await import("~/server/platform/http.server.ts");
    const { createLogger } = await import("~/server/platform/log.server.ts");
    const { resetEnvForTests } = await import("~/server/platform/env.server.ts");
    const { encodeCursor } = await import("~/domain/gallery/cursor.ts");
    const { getDb } = await import("~/server/db/db.server.ts");
    const http = await startHttpServer({ mode: "production", host: "127.0.0.1", port: 0, trustProxy: "loopback", root: ROOT, healthCheck: async () => {}, extraOrigins: [], log: createLogger("http") });
    const base = `http://127.0.0.1:${http.port}`;
    // The cursor of the last row of page 500 (24 per page), as the "next" link of page 500 would carry it.
    const deepRow = await getDb().$queryRaw<{ publishedAt: Date; id: string }[]>`SELECT "publishedAt", "id" FROM "Entry" ORDER BY "publishedAt" DESC, "id" DESC OFFSET ${24 * 500 - 1} LIMIT 1`;
    const deep = encodeCursor({ at: deepRow[0]!.publishedAt.getTime(), id: deepRow[0]!.id });
    const pages = {
      first: `${base}/gallery/c/${ids.contestId}`,
      deep: `${base}/gallery/c/${ids.contestId}?cursor=${deep}`,
      entry: `${base}/e/${ids.firstPublicId}`,
      board: `${base}/b/${ids.slug}`,
    };
    for (const [name, page] of Object.entries(pages)) {
      const started = performance.now();
      const res = await fetch(page);
      const body = await res.text();
      console.info(`${name}: ${res.status}, ${(body.length / 1024).toFixed(1)} KB of HTML, first request ${Math.round(performance.now() - started)} ms`);
    }
    const label = kind === "postgres" ? "PostgreSQL" : "embedded default (PGlite in the app's process)";
    for (const cached of [true, false]) {
      process.env.PUBLIC_PAGE_CACHE_SECONDS = cached ? "10" : "0";
      resetEnvForTests();
      await drive(pages.first); // warm-up
      const results: Pass = {};
      for (const [name, page] of Object.entries(pages)) results[name] = await drive(page);
      printPass(`${label}, 100,000 published entries, 20 connections, ${SECONDS} s each: ${cached ? "anonymous visitors (page cache on, 10 s)" : "every request rendered (page cache off)"}`, results);
    }
    await http.close();
    await getDb().$disconnect();
  } finally {
    if (stopEmbedded) await stopEmbedded();
    else if (process.argv.includes("--keep")) console.info(`kept ${DB_NAME}`);
    else await dropDatabase();
  }
}

async function main(): Promise<void> {
  try {
    if (DB_KIND === "postgres" || DB_KIND === "embedded") {
      await runOne(DB_KIND);
      return;
    }
    if (DB_KIND !== "both") throw new Error(`--db must be postgres, embedded or both (got ${DB_KIND})`);
    // Each kind in a process of its own: the app's database client is one per process.
    const self = fileURLToPath(import.meta.url);
    const rest = process.argv.slice(2).filter((a, i, all) => a !== "--db" && all[i - 1] !== "--db");
    for (const kind of ["postgres", "embedded"]) {
      const { spawnSync } = await import("node:child_process");
      const child = spawnSync(process.execPath, [...process.execArgv, self, "--db", kind, ...rest], { stdio: "inherit" });
      if (child.status !== 0) process.exitCode = 1;
    }
  } catch (error) {
    console.error("bench failed:", error);
    process.exitCode = 1;
  }
}

process.on("uncaughtException", (error) => console.error("(after the run)", (error as Error).message));
await main();
process.exit(process.exitCode ?? 0);
