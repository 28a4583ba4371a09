// A county judge on a phone (390×844, Chromium, zh-CN) scores two assigned
// works blind through the real app as `npm start` runs it: a photo opened
// from the queue and a short video reached by 下一个作品 (its sheet must start
// clean, not carry the photo's words), each scored with the rubric's boxes on
// the score sheet (autosaved as typed: the database holds the partial sheet
// before anything is submitted), then submitted with a word for the child.
// Nowhere (the pages' text and HTML, the loader data inside them, every URL
// the pages request, the claims inside the signed media links) does the
// judge meet the child's name, school, class, account or the file's original
// name. Then the results are made final (awards and certificates set up in
// the database with the app's own issuing code) and the child, on their own
// phone, reads the judge's words on the entry page and downloads the
// certificate. Screenshots go to .tmp/screenshots (not committed).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "~/i18n/t.ts";
import { issueCertificates } from "~/server/certificates/certificate-issue.server.ts";
import { createDb, type Db } from "~/server/db/db.server.ts";
import { ensureRubric } from "~/server/judging/judging-common.server.ts";
import { createContest, createEntry, createNomination, createOrgTree, createUser, FIVE_CATEGORIES, type OrgTree, type TestUser } from "../factories/index.ts";
import { getToolPaths } from "../../media-worker/media/index.ts";
import { createReadyAsset, putIntoAppStore, writeTestClip, type RenditionFile, type StoredObject } from "../factories/media.ts";
import { startApp } from "../setup/app-process.ts";
import { createTestDatabase } from "../setup/database.ts";
import { setUpMachineMediaTools } from "../setup/media-tools.ts";
import { addNotice } from "../setup/notices.ts";
import { mustRunEverything } from "../setup/requirements.ts";
import { hydrated, launchChromium, PHONE, requireChromium, SCREENSHOTS } from "../setup/phone-browser.ts";

const hasChromium = requireChromium();
/** ffmpeg as `npm start` finds it (the system's, else the bundled one); null when neither works. */
async function findFfmpeg(): Promise<string | null> {
  try {
    await setUpMachineMediaTools();
    return getToolPaths().ffmpeg;
  } catch (error) {
    addNotice(`judge browser test: no working ffmpeg (${error instanceof Error ? error.message : String(error)}); the video rendition is not a playable clip and its loading was not checked`);
    if (mustRunEverything()) throw error;
    return null;
  }
}

const CHILD = { displayName: "欧阳小雨", username: "xs20269001" };
const PHOTO_NAME = "欧阳小雨的照片IMG_5521.jpg";
const VIDEO_NAME = "小雨的寒假VID_0007.mp4";
const PHOTO_TITLE = "雪后的操场";
const VIDEO_TITLE = "我的寒假";
const PHOTO_COMMENT = "雪地的光线拍得很干净，构图还可以再大胆一点。";
const VIDEO_COMMENT = "镜头稳定，讲述清楚，结尾再精炼一些会更好。";
const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t("zh-CN", key, params);

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `judge-blind-${name}.png`), fullPage: true });
}

async function login(page: Page, baseUrl: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await hydrated(page);
  await page.getByLabel("用户名或手机号").fill(user.username);
  await page.getByLabel("密码", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((url) => url.pathname === "/home");
}

/** Real rendition bytes: a small JPEG (thumb and display), and with ffmpeg a 2-second H.264 clip and its poster. */
async function makeRenditions(dir: string, ffmpeg: string | null): Promise<Record<"photoThumb" | "photoDisplay" | "posterThumb" | "posterDisplay" | "video", string>> {
  const jpeg = async (file: string, width: number, height: number, colour: { r: number; g: number; b: number }) => {
    const out = path.join(dir, file);
    await sharp({ create: { width, height, channels: 3, background: colour } }).jpeg({ quality: 80 }).toFile(out);
    return out;
  };
  const video = path.join(dir, "video.mp4");
  if (ffmpeg) {
    writeTestClip(ffmpeg, video, { size: "320x180", seconds: 2 });
  } else {
    fs.writeFileSync(video, Buffer.from("not a real clip: ffmpeg was not available"));
  }
  return {
    photoThumb: await jpeg("photo-thumb.jpg", 320, 240, { r: 200, g: 220, b: 240 }),
    photoDisplay: await jpeg("photo-display.jpg", 720, 540, { r: 200, g: 220, b: 240 }),
    posterThumb: await jpeg("poster-thumb.jpg", 320, 180, { r: 40, g: 40, b: 40 }),
    posterDisplay: await jpeg("poster-display.jpg", 640, 360, { r: 40, g: 40, b: 40 }),
    video,
  };
}

describe.skipIf(!hasChromium)("a judge scores a photo and a video blind on a phone; the child reads the feedback", () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startApp>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  let mediaDir: string;
  let tree: OrgTree;
  let judge: TestUser;
  let child: TestUser;
  let contestId: string;
  let photoCategoryId: string;
  const entries = { photo: "", video: "" };
  const assignments = { photo: "", video: "" };
  let roundId: string;
  let ffmpeg: string | null = null;

  beforeAll(async () => {
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), "judge-blind-"));
    ffmpeg = await findFfmpeg();
    const files = await makeRenditions(mediaDir, ffmpeg);
    database = await createTestDatabase();
    db = createDb(database.url, 2);

    // The world, before the app starts (so it loads no demo data beside it).
    tree = await createOrgTree(db);
    judge = await createUser({ role: "JUDGE", orgUnitId: tree.county.id, displayName: "评委张老师", username: "judge-county" }, db);
    const coordinator = await createUser({ role: "SCHOOL_COORDINATOR", orgUnitId: tree.school.id, displayName: "负责人李老师" }, db);
    child = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, ...CHILD }, db);
    const contest = await createContest(
      { orgUnitId: tree.county.id, status: "COUNTY_JUDGING", opensAt: new Date(Date.now() - 30 * 86_400_000), closesAt: new Date(Date.now() - 10 * 86_400_000), categories: FIVE_CATEGORIES.filter((c) => c.kind === "PHOTO" || c.kind === "VIDEO") },
      db,
    );
    contestId = contest.id;
    const photoCategory = contest.categories.find((c) => c.kind === "PHOTO")!;
    const videoCategory = contest.categories.find((c) => c.kind === "VIDEO")!;
    photoCategoryId = photoCategory.id;
    entries.photo = (await createEntry({ contestId, categoryId: photoCategory.id, studentId: child.id, classUnit: tree.classA, title: PHOTO_TITLE }, db)).id;
    entries.video = (await createEntry({ contestId, categoryId: videoCategory.id, studentId: child.id, classUnit: tree.classA, title: VIDEO_TITLE }, db)).id;
    for (const [entryId, categoryId] of [[entries.photo, photoCategory.id], [entries.video, videoCategory.id]] as const) {
      await createNomination({ contestId, categoryId, schoolId: tree.school.id, entryId, nominatedById: coordinator.id }, db);
    }
    // Each category's rubric, from its preset, as the county round makes it.
    await db.$transaction(async (tx) => {
      await ensureRubric(tx, { contestId, category: photoCategory });
      await ensureRubric(tx, { contestId, category: videoCategory });
    });
    const round = await db.judgingRound.create({ data: { contestId, level: "COUNTY", name: "县级评审", status: "OPEN", minJudgesPerEntry: 1 } });
    roundId = round.id;
    for (const category of [photoCategory, videoCategory]) {
      await db.judgePanel.create({ data: { roundId, categoryId: category.id, name: `${category.name}评委组`, members: { create: [{ judgeId: judge.id }] } } });
    }
    assignments.photo = (await db.judgeAssignment.create({ data: { roundId, entryId: entries.photo, judgeId: judge.id } })).id;
    assignments.video = (await db.judgeAssignment.create({ data: { roundId, entryId: entries.video, judgeId: judge.id } })).id;

    // READY assets with renditions, rows first; their bytes go into the app's store once it runs.
    const objects: StoredObject[] = [];
    const asset = async (entryId: string, kind: "IMAGE" | "VIDEO", originalName: string, renditions: RenditionFile[]) => {
      const made = await createReadyAsset(
        { entryId, kind, originalName, originalFile: kind === "VIDEO" ? files.video : files.photoDisplay, durationMs: kind === "VIDEO" ? 2000 : undefined, renditions },
        db,
      );
      objects.push(...made.objects);
    };
    await asset(entries.photo, "IMAGE", PHOTO_NAME, [
      { name: "thumb.jpg", file: files.photoThumb, mime: "image/jpeg", width: 320, height: 240 },
      { name: "display.jpg", file: files.photoDisplay, mime: "image/jpeg", width: 720, height: 540 },
    ]);
    await asset(entries.video, "VIDEO", VIDEO_NAME, [
      { name: "poster-thumb.jpg", file: files.posterThumb, mime: "image/jpeg", width: 320, height: 180 },
      { name: "poster-display.jpg", file: files.posterDisplay, mime: "image/jpeg", width: 640, height: 360 },
      { name: "video.mp4", file: files.video, mime: "video/mp4", width: 320, height: 180 },
    ]);

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

  it("scores the photo and the video with the rubric, autosaved then submitted, never seeing whose they are", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    const requested: string[] = [];
    page.on("request", (r) => requested.push(r.url()));
    const pages: string[] = [];
    /** What the judge has in front of them now: the visible text and the whole HTML (loader data included). */
    const record = async () => {
      pages.push(page.url(), await page.evaluate(() => document.body.innerText), await page.content());
    };

    await login(page, app.baseUrl, judge);
    await record();
    await page.getByRole("link", { name: "开始评审" }).click();
    await page.waitForURL((url) => url.pathname === "/judge");
    await hydrated(page);
    await page.getByText("还有 2 个作品待评").waitFor();
    await record();
    await shot(page, "1-queue");

    const scoreWork = async (which: "photo" | "video", comment: string) => {
      const criteria = (await db.rubricCriterion.findMany({
        where: { rubric: { contestId, categoryId: which === "photo" ? photoCategoryId : { not: photoCategoryId } } },
        orderBy: { sortOrder: "asc" },
        select: { id: true, maxScore: true },
      }));
      expect(criteria.length).toBeGreaterThan(1);
      const boxes = page.locator("input[name^='score.']");
      await expect.poll(() => boxes.count()).toBe(criteria.length);
      await expect.poll(() => boxes.first().isEnabled()).toBe(true);
      // The label of each box names the criterion, with its maximum.
      await expect.poll(() => page.getByLabel(/^1\. /).count()).toBe(1);

      // One score typed: autosaved as a partial sheet.
      const first = criteria[0]!;
      await page.locator(`#score-${first.id}`).fill(String(first.maxScore - 1));
      await page.locator("[data-autosave=saved]").getByText("已自动保存").waitFor({ timeout: 15_000 });
      const sheetRow = () => db.judgeAssignment.findUniqueOrThrow({ where: { id: assignments[which] }, select: { status: true, scores: { select: { criterionId: true, value: true } } } });
      await expect.poll(async () => (await sheetRow()).status).toBe("IN_PROGRESS");
      const partial = await sheetRow();
      expect(partial.scores.map((s) => [s.criterionId, Number(s.value)])).toEqual([[first.id, first.maxScore - 1]]);
      await shot(page, `${which}-2-autosaved`);

      // A reload keeps it (from the server).
      await page.reload();
      await hydrated(page);
      expect(await page.locator(`#score-${first.id}`).inputValue()).toBe(String(first.maxScore - 1));
      await record();

      // The rest, a word for the child, and submit.
      for (const c of criteria.slice(1)) await page.locator(`#score-${c.id}`).fill(String(Math.max(0, c.maxScore - 2)));
      await page.getByLabel("给孩子的一句话（可不写）").fill(comment);
      await page.locator("[data-autosave=saved]").waitFor({ timeout: 15_000 });
      await page.getByRole("button", { name: "提交评分", exact: true }).click();
      await page.getByText(say("judging.score.submitted")).waitFor();
      await page.getByText(say("judging.sheet.submittedNote")).waitFor();
      await shot(page, `${which}-3-submitted`);
      await record();
      const done = await db.judgeAssignment.findUniqueOrThrow({ where: { id: assignments[which] }, select: { status: true, comment: true, submittedAt: true, _count: { select: { scores: true } } } });
      expect(done).toMatchObject({ status: "SUBMITTED", comment });
      expect(done.submittedAt).not.toBeNull();
      expect(done._count.scores).toBe(criteria.length);
    };

    // --- the photo -------------------------------------------------------------
    await page.getByRole("link", { name: new RegExp(PHOTO_TITLE) }).click();
    await page.waitForURL((url) => url.pathname === `/judge/assignments/${assignments.photo}`);
    await hydrated(page);
    const img = page.getByRole("region", { name: "作品", exact: true }).locator("img").first();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await img.getAttribute("src")).toMatch(/^\/files\//);
    await record();
    await shot(page, "photo-1-sheet");
    // Phone-sized: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await scoreWork("photo", PHOTO_COMMENT);

    // --- the video, the next work in the queue ---------------------------------
    await page.getByRole("link", { name: "下一个作品" }).click();
    await page.waitForURL((url) => url.pathname === `/judge/assignments/${assignments.video}`);
    await hydrated(page);
    // The next work's sheet starts clean: not the previous work's words, not its "saved" note.
    await page.getByRole("heading", { name: VIDEO_TITLE }).waitFor();
    expect(await page.getByLabel("给孩子的一句话（可不写）").inputValue(), "the previous work's comment is still in the box").toBe("");
    expect(await page.locator("[data-autosave]").count(), "the previous work's autosave note is still shown").toBe(0);
    const video = page.getByRole("region", { name: "作品", exact: true }).locator("video");
    await video.waitFor();
    expect(await video.getAttribute("src")).toMatch(/^\/files\//);
    expect(await video.getAttribute("poster")).toMatch(/^\/files\//);
    if (ffmpeg) await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await record();
    await shot(page, "video-1-sheet");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await scoreWork("video", VIDEO_COMMENT);

    // Back to the queue: both submitted, nothing pending.
    await page.getByRole("link", { name: "回到任务列表" }).click();
    await page.waitForURL((url) => url.pathname === "/judge");
    await hydrated(page);
    await expect.poll(() => page.getByText("已提交", { exact: true }).count()).toBe(2);
    await record();
    await shot(page, "4-queue-done");

    // Blind: nothing the judge saw or the pages asked for names the child, school, class, account or file.
    const forbidden = [CHILD.displayName, CHILD.username, tree.school.name, "实验小学", tree.classA.name, PHOTO_NAME, "IMG_5521", VIDEO_NAME, "VID_0007"];
    const claims = requested
      .filter((u) => new URL(u).pathname.startsWith("/files/"))
      .map((u) => Buffer.from(decodeURIComponent(new URL(u).pathname.split("/").at(-1)!).split(".")[0]!, "base64url").toString("utf8"));
    expect(claims.length).toBeGreaterThanOrEqual(3);
    const seen = [...pages, ...requested, ...requested.map((u) => decodeURIComponent(u)), ...claims].join("\n");
    for (const word of forbidden) expect(seen.includes(word), `the judge met “${word}”`).toBe(false);
    // …while the same words are in the database (the check would have seen them).
    expect((await db.mediaAsset.findMany({ where: { entryId: { in: [entries.photo, entries.video] } }, select: { originalName: true } })).map((a) => a.originalName).sort()).toEqual([PHOTO_NAME, VIDEO_NAME].sort());
    expect(problems).toEqual([]);
    await context.close();
  });

  it("after the results are final, the child reads the judge's words and downloads the certificate", async () => {
    // Set up directly: the notice has ended, the photo won 一等奖 (confirmed), the contest is finalised, and
    // the certificates are issued by the app's own code (as finalising does).
    const now = new Date();
    await db.judgingRound.update({ where: { id: roundId }, data: { status: "CLOSED", frozenAt: now } });
    const tier = await db.awardTier.create({ data: { contestId, name: "一等奖", rank: 1, places: 1 } });
    await db.award.create({ data: { contestId, categoryId: photoCategoryId, entryId: entries.photo, tierId: tier.id, status: "CONFIRMED", rank: 1, finalScore: 90 } });
    await db.$transaction(async (tx) => {
      await tx.contest.update({ where: { id: contestId }, data: { status: "FINALISED", finalisedAt: now } });
      await issueCertificates(tx, { contestId, now });
    });
    expect(await db.certificate.count({ where: { contestId, studentId: child.id } })).toBe(2);

    const context = await browser.newContext({ ...PHONE, acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    try {
      await login(page, app.baseUrl, child);
      await page.getByRole("link", { name: new RegExp(PHOTO_TITLE) }).first().click();
      await page.waitForURL((url) => url.pathname === `/entries/${entries.photo}`);
      await hydrated(page);
      await page.getByText(say("results.entry.title"), { exact: true }).waitFor();
      await page.getByText(say("results.entry.feedback"), { exact: true }).waitFor();
      await page.getByText(PHOTO_COMMENT).waitFor();
      // The judge's words, never the judge's name.
      expect(await page.evaluate(() => document.body.innerText)).not.toContain(judge.displayName);
      const link = page.getByRole("link", { name: say("results.cert.awardLink", { tier: "一等奖" }) });
      await link.scrollIntoViewIfNeeded();
      await shot(page, "5-child-results");
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      const file = path.join(mediaDir, "certificate.pdf");
      await download.saveAs(file);
      expect(fs.readFileSync(file).subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      expect(await page.getByRole("link", { name: say("results.cert.participationLink") }).count()).toBe(1);

      // The video's page carries its own comment.
      await page.goto(`${app.baseUrl}/entries/${entries.video}`);
      await hydrated(page);
      await page.getByText(VIDEO_COMMENT).waitFor();
      expect(await page.getByText(PHOTO_COMMENT).count()).toBe(0);
      await shot(page, "6-child-video-results");
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
