// A grandparent opens the county's board from a WeChat group, on a phone
// (390×844, WeChat's in-app browser user agent, Chromium, zh-CN), against the
// real app as `npm start` runs it: the board's share link opens, the page
// scrolls to its last work with every lazy picture loaded, a video work
// opens, plays from its poster (byte ranges, no autoplay, not muted by us),
// and the share box shows the QR code and the share poster (a PNG the server
// draws). The Open Graph and WeChat meta tags are there, no child's full name
// is anywhere in what the pages return or ask for, and axe finds no serious
// or critical accessibility violation on the board or the entry page.
// Screenshots go to .tmp/screenshots (not committed).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "~/i18n/t.ts";
import { createDb, type Db } from "~/server/db/db.server.ts";
import { createContest, createEntry, createOrgTree, createUser, FIVE_CATEGORIES, linkGuardian, recordConsent, type OrgTree } from "../factories/index.ts";
import { createReadyAsset, putIntoAppStore, writeTestClip, type RenditionFile, type StoredObject } from "../factories/media.ts";
import { getToolPaths } from "../../media-worker/media/index.ts";
import { startApp } from "../setup/app-process.ts";
import { createTestDatabase } from "../setup/database.ts";
import { setUpMachineMediaTools } from "../setup/media-tools.ts";
import { addNotice } from "../setup/notices.ts";
import { mustRunEverything } from "../setup/requirements.ts";
import { hydrated, launchChromium, PHONE, requireChromium, screenshot, WECHAT_ANDROID_UA } from "../setup/phone-browser.ts";

const hasChromium = requireChromium();
const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t("zh-CN", key, params);

/** Twelve children: enough cards that the board scrolls well past the first screen on a phone. */
const CHILDREN = ["欧阳明月", "司马小光", "诸葛晓晴", "上官云飞", "东方小雪", "慕容子涵", "皇甫思远", "令狐雨桐", "公孙梓萱", "长孙浩然", "宇文佳怡", "尉迟一鸣"];
const VIDEO_CHILD = CHILDREN[CHILDREN.length - 1]!;
const VIDEO_TITLE = "我家的年夜饭";
const BOARD_TITLE = "十小明星风采";

/** A 3-second H.264/AAC clip with the moov atom first, as the worker makes them; null without a working ffmpeg. */
async function makeClip(dir: string): Promise<string | null> {
  try {
    await setUpMachineMediaTools();
    const out = path.join(dir, "video.mp4");
    writeTestClip(getToolPaths().ffmpeg, out, { size: "480x270", seconds: 3 });
    return out;
  } catch (error) {
    addNotice(`gallery browser test: no working ffmpeg (${error instanceof Error ? error.message : String(error)}); the video was not played`);
    if (mustRunEverything()) throw error;
    return null;
  }
}

/** The renditions the worker makes for a photo or a video's poster frame: thumb and display, WebP and JPEG. */
async function pictureRenditions(dir: string, prefix: string, hue: number): Promise<RenditionFile[]> {
  const out: RenditionFile[] = [];
  for (const [size, width] of [["thumb", 320], ["display", 720]] as const) {
    const height = Math.round((width * 3) / 4);
    const base = sharp({ create: { width, height, channels: 3, background: { r: (hue * 37) % 255, g: 160, b: 200 } } });
    for (const [ext, mime] of [["webp", "image/webp"], ["jpg", "image/jpeg"]] as const) {
      const name = `${prefix}${size}.${ext}`;
      const file = path.join(dir, `${hue}-${name}`);
      await (ext === "webp" ? base.clone().webp({ quality: 70 }) : base.clone().jpeg({ quality: 80 })).toFile(file);
      out.push({ name, file, mime, width, height });
    }
  }
  return out;
}

describe.skipIf(!hasChromium)("a family opens a board from WeChat on a phone, plays a video and finds the QR code and the poster", () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startApp>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let mediaDir: string;
  let tree: OrgTree;
  let clip: string | null = null;
  let boardSlug: string;
  let videoPublicId: string;
  const publicIds: string[] = [];

  beforeAll(async () => {
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), "gallery-wechat-"));
    clip = await makeClip(mediaDir);
    database = await createTestDatabase();
    db = createDb(database.url, 2);

    // The world, before the app starts: a finished contest, twelve consented works published by the county.
    tree = await createOrgTree(db);
    const organiser = await createUser({ role: "ORGANISER", orgUnitId: tree.county.id, displayName: "县教育局王老师" }, db);
    const contest = await createContest(
      { orgUnitId: tree.county.id, title: "2026年寒假“三晒一创”", status: "FINALISED", opensAt: new Date(Date.now() - 60 * 86_400_000), closesAt: new Date(Date.now() - 30 * 86_400_000), categories: FIVE_CATEGORIES.filter((c) => c.kind === "PHOTO" || c.kind === "VIDEO") },
      db,
    );
    const photoCategory = contest.categories.find((c) => c.kind === "PHOTO")!;
    const videoCategory = contest.categories.find((c) => c.kind === "VIDEO")!;
    const objects: StoredObject[] = [];
    const board = await db.galleryBoard.create({
      data: { slug: randomBytes(9).toString("base64url"), title: BOARD_TITLE, description: "寒假里孩子们的好作品，欢迎转发。", orgUnitId: tree.county.id, status: "PUBLISHED", publishedAt: new Date() },
      select: { id: true, slug: true },
    });
    boardSlug = board.slug;

    for (const [i, name] of CHILDREN.entries()) {
      const child = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, displayName: name }, db);
      const guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id, displayName: `${name}的奶奶` }, db);
      await linkGuardian({ guardianId: guardian.id, studentId: child.id, relation: "GRANDPARENT" }, db);
      for (const scope of ["PUBLIC_WORK", "PUBLIC_NAME"] as const) {
        await recordConsent({ studentId: child.id, givenById: guardian.id, scope, action: "GIVEN", at: new Date(Date.now() - 86_400_000) }, db);
      }
      const isVideo = name === VIDEO_CHILD;
      const entry = await createEntry({ contestId: contest.id, categoryId: isVideo ? videoCategory.id : photoCategory.id, studentId: child.id, classUnit: tree.classA, title: isVideo ? VIDEO_TITLE : `寒假第${i + 1}天` }, db);
      const publicId = randomBytes(9).toString("base64url");
      await db.entry.update({ where: { id: entry.id }, data: { publicId, publishedAt: new Date(), publishedById: organiser.id } });
      publicIds.push(publicId);
      if (isVideo) videoPublicId = publicId;

      const renditions = await pictureRenditions(mediaDir, isVideo ? "poster-" : "", i);
      if (isVideo && clip) renditions.push({ name: "video.mp4", file: clip, mime: "video/mp4", width: 480, height: 270 });
      const made = await createReadyAsset(
        { entryId: entry.id, kind: isVideo ? "VIDEO" : "IMAGE", originalName: `${name}的作品IMG_${1000 + i}.jpg`, durationMs: isVideo ? 3000 : undefined, width: 720, height: 540, renditions },
        db,
      );
      objects.push(...made.objects);
      await db.galleryPublication.create({ data: { boardId: board.id, entryId: entry.id, sortOrder: i, publishedById: organiser.id } });
    }

    app = await startApp({ env: { DATABASE_URL: database.url }, args: ["--no-worker"] });
    await putIntoAppStore(app.dataDir, objects);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await db?.$disconnect();
    await database?.drop();
    if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  /** axe on the page as it is now: no serious or critical violation (each one named with its nodes when it fails). */
  async function expectAccessible(page: Page, where: string): Promise<void> {
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
    const bad = result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect([where, bad]).toEqual([where, []]);
    expect(result.passes.length, "axe ran its rules").toBeGreaterThan(10);
  }

  it("opens the board's share link, scrolls to the last work, plays the video and shows the QR code and the poster", async () => {
    const context = await browser.newContext({ ...PHONE, userAgent: WECHAT_ANDROID_UA });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    const requested: string[] = [];
    page.on("request", (r) => requested.push(r.url()));
    const videoAnswers: { status: number; range: string | null }[] = [];
    page.on("response", (r) => {
      if (r.url().endsWith("/video.mp4")) videoAnswers.push({ status: r.status(), range: r.request().headers()["range"] ?? null });
    });
    const html: string[] = [];

    // The link as pasted into the WeChat group.
    const shareLink = `${app.baseUrl}/b/${boardSlug}`;
    const response = await page.goto(shareLink);
    expect(response?.status()).toBe(200);
    await hydrated(page);
    await page.getByRole("heading", { name: BOARD_TITLE }).waitFor();
    html.push(await page.content());
    // What WeChat and other apps read to draw the link's card.
    const meta = async (selector: string) => page.locator(selector).first().getAttribute("content");
    expect(await meta('meta[property="og:title"]')).toBe(BOARD_TITLE);
    expect(await meta('meta[property="og:image"]')).toMatch(new RegExp(`^${app.baseUrl.replace(/[.]/g, "\\.")}/g/m/[A-Za-z0-9_-]{12}/0/(poster-)?(thumb|display)\\.jpg$`));
    expect(await meta('meta[property="og:url"]')).toBe(shareLink);
    expect(await meta('meta[name="description"]')).toBeTruthy();
    const cards = page.locator("main ul li a[href^='/e/']");
    await expect.poll(() => cards.count()).toBe(CHILDREN.length);
    // The first screen shows pictures at once; the others wait for the scroll (lazy), none jumps (width and height set).
    const pictures = page.locator("main ul li img");
    const loaded = (i: number) => pictures.nth(i).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth);
    await expect.poll(() => loaded(0), { timeout: 15_000 }).toBeGreaterThan(0);
    for (const size of await pictures.evaluateAll((imgs) => imgs.map((img) => [img.getAttribute("width"), img.getAttribute("height")]))) {
      expect(Number(size[0])).toBeGreaterThan(0);
      expect(Number(size[1])).toBeGreaterThan(0);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "gallery-1-board");
    await expectAccessible(page, "board");

    // Scroll like a thumb does, to the last work: its picture loads on the way.
    const before = await page.evaluate(() => window.scrollY);
    const atBottom = () => page.evaluate(() => window.innerHeight + window.scrollY >= document.body.scrollHeight - 2);
    for (let i = 0; i < 12 && !(await atBottom()); i++) {
      const y = await page.evaluate(() => window.scrollY);
      await page.mouse.wheel(0, 600);
      // Each turn of the wheel moves the page (a state, not a pause).
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(y);
    }
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(before + 844);
    await expect.poll(() => loaded(CHILDREN.length - 1), { timeout: 15_000 }).toBeGreaterThan(0);
    // The board's own QR code is at its foot.
    const boardQr = page.getByTestId("share-qr");
    await boardQr.scrollIntoViewIfNeeded();
    await expect.poll(() => boardQr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);

    // Open the video work (the last card).
    await page.getByRole("link", { name: new RegExp(VIDEO_TITLE) }).click();
    await page.waitForURL((url) => url.pathname === `/e/${videoPublicId}`);
    await hydrated(page);
    await page.getByRole("heading", { name: VIDEO_TITLE }).waitFor();
    html.push(await page.content());
    // The masked name, not the full one.
    const byline = await page.locator("main").innerText();
    expect(byline).toContain(`${VIDEO_CHILD[0]}`);
    expect(byline).not.toContain(VIDEO_CHILD);
    const video = page.getByTestId("entry-video");
    await video.waitFor();
    await video.scrollIntoViewIfNeeded();
    expect(await video.evaluate((v: HTMLVideoElement) => ({ autoplay: v.autoplay, paused: v.paused, poster: v.poster.length > 0, inline: v.playsInline }))).toEqual({ autoplay: false, paused: true, poster: true, inline: true });
    await screenshot(page, "gallery-2-entry");
    await expectAccessible(page, "entry");
    if (clip) {
      await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      expect(await video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(false);
      // The family taps play (a user gesture: WeChat allows sound then).
      await video.evaluate((v: HTMLVideoElement) => v.play());
      await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.3);
      expect(await video.evaluate((v: HTMLVideoElement) => v.error)).toBeNull();
      await video.evaluate((v: HTMLVideoElement) => v.pause());
      // Progressive MP4 over byte ranges: the player asked for ranges and was answered 206.
      expect(videoAnswers.some((a) => a.status === 206 && a.range !== null), JSON.stringify(videoAnswers)).toBe(true);
    }

    // The share box: the link, the QR code (an SVG the page loads), and the poster behind 分享海报.
    const share = page.getByRole("region", { name: say("gallery.share.title") });
    await share.scrollIntoViewIfNeeded();
    expect(await share.getByRole("link").first().getAttribute("href")).toBe(`${app.baseUrl}/e/${videoPublicId}`);
    const qr = share.getByTestId("share-qr");
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    await share.getByText(say("gallery.share.poster"), { exact: true }).click();
    const poster = share.getByTestId("share-poster");
    await poster.scrollIntoViewIfNeeded();
    await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBe(750);
    const posterResponse = await page.request.get(`${app.baseUrl}/e/${videoPublicId}/poster.png`);
    expect(posterResponse.headers()["content-type"]).toBe("image/png");
    const posterBytes = await posterResponse.body();
    // A PNG (signature, then IHDR: width and height), 750 px wide as WeChat's "save image" expects.
    expect(posterBytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(posterBytes.readUInt32BE(16)).toBe(750);
    await screenshot(page, "gallery-3-share");
    await expectAccessible(page, "entry with the poster open");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // No child's full name (nor the original file names) anywhere in the pages or what they asked for.
    const seen = [...html, await page.content(), ...requested, ...requested.map((u) => decodeURIComponent(u))].join("\n");
    for (const name of CHILDREN) expect(seen.includes(name), `the public pages carry “${name}”`).toBe(false);
    expect(seen).not.toContain("IMG_10");
    // Every file the pages loaded came from the public rendition path, never the signed originals' one.
    const files = requested.map((u) => new URL(u)).filter((u) => u.origin === app.baseUrl && /\.(jpg|webp|png|svg|mp4)$/.test(u.pathname));
    expect(files.length).toBeGreaterThan(CHILDREN.length);
    for (const u of files) expect(u.pathname).toMatch(/^\/(g\/m\/|e\/[A-Za-z0-9_-]{12}\/(qr\.svg|poster\.png)|b\/[A-Za-z0-9_-]{12}\/qr\.svg)/);
    expect(problems).toEqual([]);
    await context.close();
  });
});
