// A child on a phone (390×844, Chromium) sends a photo and a short video
// through the real app as `npm start` runs it (embedded or given database,
// local store, the real media worker): 第1步 choose a category, type a title,
// pick the file, watch 上传中 xx% → 处理中 → 处理好了, see the picture and a video
// that loads from its signed link, then submit. On the way the page is
// reloaded mid-upload (picking the file again resumes it) and the network is
// gone when a file is picked (the row says so and the upload goes on later).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../setup/app-process.ts";
import { createTestDatabase } from "../setup/database.ts";
import { addNotice } from "../setup/notices.ts";
import { CHROMIUM, isExecutableFile, mustRunEverything } from "../setup/requirements.ts";

const hasChromium = isExecutableFile(CHROMIUM);
const SCREENSHOTS = path.resolve(".tmp/screenshots");
/** Media processing may wait behind a first build and a cold worker: generous, but never a wall-clock assertion. */
const PROCESSING_TIMEOUT = 150_000;

if (!hasChromium) {
  addNotice("browser tests did not run: /usr/bin/chromium not found");
  if (mustRunEverything()) throw new Error("/usr/bin/chromium not found (required in CI)");
}

/** A noisy photo (~1 MB, so that a throttled upload shows its percent) and a 3-second H.264 clip with sound. */
async function makeMedia(dir: string): Promise<{ photo: string; video: string }> {
  const width = 1200;
  const height = 900;
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 20260129;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    pixels[i] = (seed >>> 16) & 0xff;
  }
  const photo = path.join(dir, "家乡的雪.jpg");
  await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toFile(photo);
  const video = path.join(dir, "寒假vlog.mp4");
  execFileSync(
    "ffmpeg",
    // testsrc/sine: synthetic sources, nothing read from disk; yuv420p so every browser decodes it.
    ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
      "-t", "3", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", video],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return { photo, video };
}

/**
 * Records every status label a file row shows, as the page changes, so a
 * state that lasts less than a poll (处理中 of a small photo) is still seen.
 */
async function watchStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __seen: string[] };
    w.__seen = [];
    const record = () => {
      for (const li of document.querySelectorAll("li[data-file-status]")) {
        const label = `${li.getAttribute("data-file-status")}:${li.querySelector("span.rounded-full")?.textContent ?? ""}`;
        if (w.__seen.at(-1) !== label) w.__seen.push(label);
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    record();
  });
}

const seen = (page: Page) => page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);

/** Upload speed of a slow mobile line (bytes/s), so "上传中 xx%" is on screen long enough to read. */
const cdpSessions = new WeakMap<Page, CDPSession>();

async function throttle(context: BrowserContext, page: Page, uploadBytesPerSecond: number | null, offline = false): Promise<void> {
  let cdp = cdpSessions.get(page);
  if (!cdp) {
    cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    cdpSessions.set(page, cdp);
  }
  await cdp.send("Network.emulateNetworkConditions", {
    offline,
    latency: uploadBytesPerSecond ? 40 : 0,
    downloadThroughput: -1,
    uploadThroughput: uploadBytesPerSecond ?? -1,
  });
}

async function startEntry(page: Page, baseUrl: string, category: string): Promise<string> {
  await page.goto(`${baseUrl}/home`);
  const item = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: category, exact: true }) });
  await item.getByRole("link", { name: "提交作品" }).click();
  await page.waitForURL((url) => url.pathname === "/entries/new");
  await page.screenshot({ path: path.join(SCREENSHOTS, `entry-new-${category}.png`), fullPage: true });
  await page.getByRole("button", { name: `开始提交${category}作品` }).click();
  await page.waitForURL((url) => /^\/entries\/[a-z0-9]+$/.test(url.pathname));
  await expect.poll(() => page.evaluate(() => "__remixRouter" in window)).toBe(true);
  // Hydrated: the picker is enabled once React has attached its handlers.
  await expect.poll(() => page.locator("input[type=file]").isEnabled()).toBe(true);
  return new URL(page.url()).pathname.split("/").pop()!;
}

describe.skipIf(!hasChromium)("a student uploads a photo and a video on a phone", () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startApp>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let mediaDir: string;
  let media: { photo: string; video: string };

  beforeAll(async () => {
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), "student-upload-"));
    media = await makeMedia(mediaDir);
    database = await createTestDatabase();
    app = await startApp({ env: { DATABASE_URL: database.url } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
    if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  it("creates an entry, uploads with progress, sees it processed and ready, and submits", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    try {
      await page.goto(`${app.baseUrl}/login`);
      await expect.poll(() => page.evaluate(() => "__remixRouter" in window)).toBe(true);
      await page.getByLabel("用户名或手机号").fill("student");
      await page.getByLabel("密码", { exact: true }).fill("sanshai2026");
      await page.getByRole("button", { name: "登录" }).click();
      await page.waitForURL((url) => url.pathname === "/home");

      // --- the photo (摄影) ---------------------------------------------------
      await startEntry(page, app.baseUrl, "摄影");
      await page.getByLabel("作品名称").fill("家乡的雪");
      expect(await page.getByText("还差作品名称").count()).toBe(0);
      await page.getByText("还没有上传作品文件").waitFor();
      await watchStatuses(page);

      await throttle(context, page, 64 * 1024);
      await page.locator("input[type=file]").setInputFiles(media.photo);
      await page.getByText(/^上传中 \d+%$/).first().waitFor();
      const bar = page.getByRole("progressbar").first();
      await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
      await page.screenshot({ path: path.join(SCREENSHOTS, "upload-photo-progress.png"), fullPage: true });
      // Submitting is not offered while the file is on its way.
      expect(await page.getByRole("button", { name: "提交作品", exact: true }).isDisabled()).toBe(true);

      // The phone reloads mid-upload (a grandparent taps refresh). The page asks first; say yes.
      page.on("dialog", (dialog) => void dialog.accept());
      await page.reload();
      await throttle(context, page, null);
      await expect.poll(() => page.evaluate(() => "__remixRouter" in window)).toBe(true);
      const photoRow = page.locator("li[data-file-status]").filter({ hasText: "家乡的雪.jpg" });
      await expect.poll(() => photoRow.getAttribute("data-file-status")).toBe("uploading");
      await photoRow.getByText("这个文件没有传完").waitFor();
      // The title typed before the reload was never saved: this phone kept it.
      await page.getByText("已恢复上次在这台手机上填写").waitFor();
      expect(await page.getByLabel("作品名称").inputValue()).toBe("家乡的雪");
      await page.screenshot({ path: path.join(SCREENSHOTS, "upload-photo-interrupted.png"), fullPage: true });
      await watchStatuses(page);
      // Picking the same file again resumes it: the same row, not a second file, from where it stopped.
      await expect.poll(() => page.locator("input[type=file]").isEnabled()).toBe(true);
      await page.locator("input[type=file]").setInputFiles(media.photo);
      await expect.poll(() => photoRow.getAttribute("data-file-status"), { timeout: PROCESSING_TIMEOUT, interval: 500 }).toBe("ready");
      await photoRow.getByText("处理好了", { exact: true }).waitFor();
      const thumb = photoRow.locator("img").first();
      await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
      const photoSeen = await seen(page);
      // Resumed: the first progress reported after the reload already counts the bytes the server kept.
      const percents = photoSeen.map((s) => Number(/^uploading:上传中 (\d+)%$/.exec(s)?.[1] ?? 0)).filter((p) => p > 0);
      expect(percents[0]).toBeGreaterThanOrEqual(5);
      const listed = await page.evaluate(async (url) => (await (await fetch(url)).json()) as { files: { name: string }[] }, `${new URL(page.url()).pathname}/status`);
      expect(listed.files.map((f) => f.name)).toEqual(["家乡的雪.jpg"]);
      expect(photoSeen).toContain("processing:处理中");
      expect(photoSeen.at(-1)).toBe("ready:处理好了");
      // Only rendition links reach the page.
      expect(await thumb.getAttribute("src")).toMatch(/^\/files\//);
      await page.getByText("可以提交了").waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, "upload-photo-ready.png"), fullPage: true });

      await page.getByRole("button", { name: "提交作品", exact: true }).click();
      await page.getByText("作品已提交！").waitFor();
      await page.getByText(/^已于 \d+年\d+月\d+日 提交。$/).waitFor();

      // --- the video (小视频) --------------------------------------------------
      await startEntry(page, app.baseUrl, "小视频");
      await page.getByLabel("作品名称").fill("我的寒假");
      await watchStatuses(page);
      // No network when the file is picked: the row says so in words and keeps trying.
      await throttle(context, page, null, true);
      await page.locator("input[type=file]").setInputFiles(media.video);
      await page.getByText("网络断开了。连上网络后会从断开的地方继续上传。").waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, "upload-video-offline.png"), fullPage: true });
      await throttle(context, page, 48 * 1024);
      await page.getByText(/^上传中 \d+%$/).first().waitFor({ timeout: 60_000 });
      await page.screenshot({ path: path.join(SCREENSHOTS, "upload-video-progress.png"), fullPage: true });
      await throttle(context, page, null);

      const videoRow = page.locator("li[data-file-status]").filter({ hasText: "寒假vlog.mp4" });
      await videoRow.getByText(/^处理中/).waitFor({ timeout: PROCESSING_TIMEOUT });
      await expect.poll(() => videoRow.getAttribute("data-file-status"), { timeout: PROCESSING_TIMEOUT, interval: 500 }).toBe("ready");
      const video = videoRow.locator("video");
      await video.waitFor();
      expect(await video.getAttribute("src")).toMatch(/^\/files\//);
      expect(await video.getAttribute("poster")).toMatch(/^\/files\//);
      await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      const videoSeen = await seen(page);
      expect(videoSeen.some((s) => s.startsWith("uploading:上传中"))).toBe(true);
      expect(videoSeen.some((s) => s.startsWith("processing:处理中"))).toBe(true);
      expect(videoSeen.at(-1)).toBe("ready:处理好了");
      await page.screenshot({ path: path.join(SCREENSHOTS, "upload-video-ready.png"), fullPage: true });
      // Not submitted yet: keep it as a draft, saved under its title.
      await page.getByRole("button", { name: "保存草稿", exact: true }).click();
      await page.getByText("已保存。", { exact: true }).waitFor();

      // Phone-sized: nothing wider than the screen, tap targets at least 44 px.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const submit = await page.getByRole("button", { name: "提交作品", exact: true }).boundingBox();
      expect(submit?.height ?? 0).toBeGreaterThanOrEqual(44);
      // Home lists both entries, each opening its page.
      await page.goto(`${app.baseUrl}/home`);
      await page.getByRole("link", { name: /家乡的雪/ }).waitFor();
      await page.getByRole("link", { name: /我的寒假/ }).waitFor();
      await page.screenshot({ path: path.join(SCREENSHOTS, "student-home-entries.png"), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
