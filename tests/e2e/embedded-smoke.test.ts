// `npm start` with no configuration at all: a fresh DATA_DIR, no
// DATABASE_URL, no S3_*. The app must come up on embedded PGlite and the local
// store, load the demo data, let the demo student sign in over plain HTTP and
// show the open contest; a second start on the same DATA_DIR must find its
// data (PGlite flushed on shutdown) and not load the demo data again.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_CONTEST_TITLE, DEMO_PASSWORD } from "../../prisma/seed.ts";
import { startApp, type RunningApp } from "../setup/app-process.ts";
import { createDb } from "~/server/db/db.server.ts";
import { startEmbeddedDatabase } from "~/server/db/embedded-db.server.ts";

let app: RunningApp | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  await app?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start with nothing configured", () => {
  it("serves the platform on embedded defaults, and a restart does not seed again", { timeout: 600_000 }, async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sanshai-smoke-"));
    app = await startApp({ dataDir });
    expect(app.output()).toContain("demo data loaded");
    expect(app.output()).toMatch(/student\s+学生/);
    expect(fs.statSync(path.join(dataDir, "session-secret")).mode & 0o777).toBe(0o600);

    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const home = await signInAndOpenHome(app.baseUrl, "student");
    expect(home.text).toContain(DEMO_CONTEST_TITLE);
    expectSecurityHeaders(home.headers);
    await expectLongCachedAssets(app.baseUrl, home.text);

    await app.stop();
    expect(app.output()).toContain("stopped");
    const usersAfterFirstStart = await countUsers(dataDir);
    expect(usersAfterFirstStart).toBeGreaterThan(40);

    app = await startApp({ dataDir });
    expect(app.output()).toContain("demo data already present");
    expect(app.output()).not.toContain("demo data loaded");
    expect(app.output()).toMatch(/student\s+学生/);
    expect((await signInAndOpenHome(app.baseUrl, "student")).text).toContain(DEMO_CONTEST_TITLE);
    await app.stop();
    app = undefined;
    expect(await countUsers(dataDir)).toBe(usersAfterFirstStart);
  });
});

/** The login form as a browser without JavaScript submits it: CSRF cookie and hidden token, then the session cookie. */
async function signInAndOpenHome(baseUrl: string, username: string): Promise<{ text: string; headers: Headers }> {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

  const page = await fetch(`${baseUrl}/login`);
  expect(page.status).toBe(200);
  remember(page);
  const html = await page.text();
  const hidden = (name: string) =>
    new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"|<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html);
  const csrf = hidden("csrf");
  expect(csrf, "the login page has a hidden csrf input").not.toBeNull();
  const redirectTo = hidden("redirectTo");

  const form = new URLSearchParams({
    csrf: decodeHtml(csrf![1] ?? csrf![2]!),
    redirectTo: decodeHtml(redirectTo?.[1] ?? redirectTo?.[2] ?? "/home"),
    identifier: username,
    password: DEMO_PASSWORD,
  });
  const post = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl, Cookie: cookieHeader() },
    body: form,
  });
  expect(post.status, await post.clone().text()).toBeGreaterThanOrEqual(300);
  expect(post.status).toBeLessThan(400);
  remember(post);

  const home = await fetch(`${baseUrl}/home`, { headers: { Cookie: cookieHeader() }, redirect: "manual" });
  expect(home.status).toBe(200);
  return { text: await home.text(), headers: home.headers };
}

function expectSecurityHeaders(headers: Headers): void {
  expect(headers.get("x-powered-by")).toBeNull();
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
}

async function expectLongCachedAssets(baseUrl: string, html: string): Promise<void> {
  const asset = /(?:src|href)="(\/assets\/[^"]+)"/.exec(html)?.[1];
  expect(asset, "the page links a built asset").toBeDefined();
  const res = await fetch(`${baseUrl}${asset}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toContain("immutable");
}

/** Opens the stopped app's PGlite data directly: proves the data was flushed to disk. */
async function countUsers(dir: string): Promise<number> {
  const embedded = await startEmbeddedDatabase({ dataDir: path.join(dir, "pglite") });
  const db = createDb(embedded.url, 1);
  try {
    return await db.user.count();
  } finally {
    await db.$disconnect();
    await embedded.stop();
  }
}

function decodeHtml(value: string): string {
  return value.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}
