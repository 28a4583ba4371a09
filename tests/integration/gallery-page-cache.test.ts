// The public pages' cache (app/server/gallery/page-cache.server.ts), over real
// sockets against the express app with the production Remix build: a second
// anonymous visitor gets the kept page, but with their own CSP nonce, their own
// CSRF token (valid for their own cookie) and their own visitor cookie; views
// served from the cache count by the same rule as rendered ones (a repeat
// visitor once, a crawler never); signed-in visitors, other pages and 404s are
// never kept; and a withdrawn consent takes the page away within the cache's
// seconds while its media stop at once.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureRemixBuild } from "../../scripts/lib/remix-build.ts";
import { CSRF_COOKIE, verifyCsrfToken } from "~/server/auth/csrf.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { clearPublicPageCache } from "~/server/gallery/page-cache.server.ts";
import { flushViewCounts, resetViewMemoryForTests } from "~/server/gallery/view-counts.server.ts";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import { startHttpServer, type RunningHttpServer } from "~/server/platform/http.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import { getStore } from "~/server/storage/storage.server.ts";
import { createContest, createEntry, createMediaAsset, createOrgTree, createUser, recordConsent } from "../factories/index.ts";
import { anonymousBrowser } from "../factories/requests.ts";
import { waitFor } from "../setup/wait.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PHONE_UA = "Mozilla/5.0 (Linux; Android 12; V2031A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560 NetType/4G Language/zh_CN";
const CRAWLER_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

// Test harness: this file's own bucket or directory, before anything reads the store.
if (process.env.S3_ENDPOINT) {
  process.env.S3_BUCKET = `pagecache-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
} else {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "page-cache-test-"));
}
process.env.PUBLIC_PAGE_CACHE_SECONDS = "60";
resetEnvForTests();

let server: RunningHttpServer;
let base: string;
let boardSlug: string;
let boardId: string;
let entryPublicId: string;
let childId: string;

beforeAll(async () => {
  await ensureRemixBuild(ROOT, () => {});
  anonymousBrowser(); // sets SESSION_SECRET before the build's server code first reads it
  await getStore().ensureBucket();
  const tree = await createOrgTree();
  const organiser = await createUser({ role: "ORGANISER", orgUnitId: tree.county.id });
  const child = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, displayName: "欧阳明月" });
  childId = child.id;
  for (const scope of ["PUBLIC_WORK", "PUBLIC_NAME"] as const) {
    await recordConsent({ studentId: child.id, givenById: child.id, scope, action: "GIVEN", at: new Date(Date.now() - 60_000) });
  }
  const contest = await createContest({ orgUnitId: tree.county.id, status: "FINALISED" });
  const entry = await createEntry({ contestId: contest.id, categoryId: contest.categories.find((c) => c.kind === "ART")!.id, studentId: child.id, classUnit: tree.classA, title: "雪后的操场" });
  entryPublicId = randomBytes(9).toString("base64url");
  await getDb().entry.update({ where: { id: entry.id }, data: { publicId: entryPublicId, publishedAt: new Date(), publishedById: organiser.id } });
  const asset = await createMediaAsset({ entryId: entry.id, kind: "IMAGE" });
  for (const name of ["thumb.jpg", "display.jpg"]) {
    const key = `entries/${entry.id}/renditions/${asset.id}/${name}`;
    await getStore().put(key, Buffer.from(`pixels of ${name}`), { contentType: "image/jpeg" });
    await getDb().rendition.create({ data: { assetId: asset.id, name, key, mime: "image/jpeg", width: name.startsWith("thumb") ? 320 : 1080, height: name.startsWith("thumb") ? 240 : 810, byteSize: 20n } });
  }
  const board = await getDb().galleryBoard.create({ data: { slug: randomBytes(9).toString("base64url"), title: "十小明星风采", orgUnitId: tree.county.id, status: "PUBLISHED", publishedAt: new Date() } });
  boardSlug = board.slug;
  boardId = board.id;
  await getDb().galleryPublication.create({ data: { boardId: board.id, entryId: entry.id, sortOrder: 0 } });
  server = await startHttpServer({ mode: "production", host: "127.0.0.1", port: 0, trustProxy: "loopback", root: ROOT, healthCheck: async () => {}, log: createLogger("http") });
  base = `http://127.0.0.1:${server.port}`;
}, 300_000);

afterAll(async () => {
  await server?.close(1000);
  clearPublicPageCache();
});

type Visit = { status: number; cache: string | null; nonce: string; csrfToken: string | null; cookies: Map<string, string>; html: string };

/** One GET as a phone would send it, with the cookies given. */
async function visit(pathname: string, options: { cookies?: Map<string, string>; userAgent?: string } = {}): Promise<Visit> {
  const cookie = [...(options.cookies ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${base}${pathname}`, { headers: { "User-Agent": options.userAgent ?? PHONE_UA, "Accept-Language": "zh-CN,zh;q=0.9", ...(cookie ? { Cookie: cookie } : {}) }, redirect: "manual" });
  const html = await res.text();
  const cookies = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, ...value] = pair!.split("=");
    cookies.set(name!.trim(), value.join("="));
  }
  const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1] ?? "";
  return { status: res.status, cache: res.headers.get("x-page-cache"), nonce, csrfToken: /"csrfToken","([A-Za-z0-9_-]+)"/.exec(html.replaceAll('\\"', '"'))?.[1] ?? null, cookies, html };
}

async function boardViews(): Promise<number> {
  await flushViewCounts();
  const rows = await getDb().viewCount.findMany({ where: { subjectType: "BOARD", subjectId: boardId }, select: { count: true } });
  return rows.reduce((sum, r) => sum + r.count, 0);
}

describe("the public page cache", () => {
  it("gives a second visitor the kept page with their own nonce, CSRF token and visitor cookie", async () => {
    clearPublicPageCache();
    const first = await visit(`/b/${boardSlug}`);
    const second = await visit(`/b/${boardSlug}`);
    expect([first.status, first.cache, second.status, second.cache]).toEqual([200, "miss", 200, "hit"]);
    expect(second.html).toContain("十小明星风采");
    // The nonce: each response's own, in its header and in every inline script of its page, never the other's.
    expect(first.nonce).not.toBe("");
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.html).toContain(`nonce="${second.nonce}"`);
    expect(second.html).not.toContain(first.nonce);
    // The CSRF token: a fresh one, valid for the second visitor's own new cookie (and not for the first's).
    expect(first.csrfToken).toBeTruthy();
    expect(second.csrfToken).toBeTruthy();
    expect(second.csrfToken).not.toBe(first.csrfToken);
    expect(second.html).not.toContain(first.csrfToken!);
    const secondCsrf = second.cookies.get(CSRF_COOKIE);
    expect(secondCsrf).toBeTruthy();
    expect(secondCsrf).not.toBe(first.cookies.get(CSRF_COOKIE));
    const asSecond = new Request(`${base}/login`, { method: "POST", headers: { Cookie: `${CSRF_COOKIE}=${secondCsrf}` } });
    expect(() => verifyCsrfToken(asSecond, second.csrfToken)).not.toThrow();
    expect(() => verifyCsrfToken(asSecond, first.csrfToken)).toThrow();
    // The visitor cookie: each their own.
    expect(second.cookies.get("__gv")).toBeTruthy();
    expect(second.cookies.get("__gv")).not.toBe(first.cookies.get("__gv"));
    // A visitor who already has the CSRF cookie keeps it (no new Set-Cookie) and gets a token for it.
    const again = await visit(`/b/${boardSlug}`, { cookies: second.cookies });
    expect(again.cache).toBe("hit");
    expect(again.cookies.has(CSRF_COOKIE)).toBe(false);
    expect(() => verifyCsrfToken(asSecond, again.csrfToken)).not.toThrow();
  });

  it("counts the views it serves by the same rule: each visitor once, a crawler never", async () => {
    clearPublicPageCache();
    await resetViewMemoryForTests();
    await getDb().viewCount.deleteMany({ where: { subjectId: boardId } });
    const a = await visit(`/b/${boardSlug}`); // rendered
    const b = await visit(`/b/${boardSlug}`); // kept
    const c = await visit(`/b/${boardSlug}`); // kept
    expect([a.cache, b.cache, c.cache]).toEqual(["miss", "hit", "hit"]);
    await visit(`/b/${boardSlug}`, { cookies: b.cookies }); // b again within 30 minutes: not counted
    const crawler = await visit(`/b/${boardSlug}`, { userAgent: CRAWLER_UA });
    expect(crawler.cache).toBe("hit");
    expect(await boardViews()).toBe(3);
  });

  it("never keeps a signed-in visitor's page, another page, or a page not found", async () => {
    clearPublicPageCache();
    const signedIn = new Map([["__session", "some-session"]]);
    for (let i = 0; i < 2; i++) expect((await visit(`/b/${boardSlug}`, { cookies: signedIn })).cache).toBeNull();
    for (let i = 0; i < 2; i++) expect((await visit("/login")).cache).toBeNull();
    const forged = randomBytes(9).toString("base64url");
    for (let i = 0; i < 2; i++) {
      const answer = await visit(`/e/${forged}`);
      expect([answer.status, answer.cache]).toEqual([404, "miss"]);
    }
    // The board's QR code and its media are not pages: never kept here.
    expect((await visit(`/b/${boardSlug}/qr.svg`)).cache).toBeNull();
  });

  it("drops a page whose consent was withdrawn within its seconds, and its media at once", async () => {
    process.env.PUBLIC_PAGE_CACHE_SECONDS = "2";
    resetEnvForTests();
    clearPublicPageCache();
    try {
      expect((await visit(`/e/${entryPublicId}`)).status).toBe(200);
      expect((await visit(`/e/${entryPublicId}`)).cache).toBe("hit");
      expect((await fetch(`${base}/g/m/${entryPublicId}/0/thumb.jpg`)).status).toBe(200);
      await recordConsent({ studentId: childId, givenById: childId, scope: "PUBLIC_WORK", action: "WITHDRAWN" });
      expect((await fetch(`${base}/g/m/${entryPublicId}/0/thumb.jpg`)).status).toBe(404);
      const gone = await waitFor(
        async () => {
          const answer = await visit(`/e/${entryPublicId}`);
          return answer.status === 404 ? answer : null;
        },
        { timeoutMs: 15_000, intervalMs: 200, message: "the entry's page is gone after its consent was withdrawn" },
      );
      expect(gone.html).not.toContain("雪后的操场");
      expect((await visit(`/b/${boardSlug}`)).html).not.toContain("雪后的操场");
    } finally {
      process.env.PUBLIC_PAGE_CACHE_SECONDS = "60";
      resetEnvForTests();
    }
  });
});
