// On a phone (390×844, Chromium, zh-CN) against the real app as `npm start`
// runs it: the demo teacher pastes a class list, sees an error per bad line,
// fixes the list in the box, checks again, imports it and downloads the
// login slips (the PDF's text holds the new names); then a grandparent, on
// another phone, registers with a link code from those slips and agrees to
// show the child's work. Screenshots go to .tmp/screenshots (not committed).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLinkCode } from "~/domain/intake/credentials.ts";
import { startApp } from "../setup/app-process.ts";
import { createTestDatabase } from "../setup/database.ts";
import { addNotice } from "../setup/notices.ts";
import { hydrated, launchChromium, PHONE, requireChromium, SCREENSHOTS } from "../setup/phone-browser.ts";

const hasChromium = requireChromium();
const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;

if (!hasPdftotext) {
  addNotice("people browser test: pdftotext (poppler-utils) not found, the slips' text was not checked");
  if (process.env.CI === "true") throw new Error("pdftotext not found (required in CI)");
}

/** Five new children, as copied from a WPS sheet: one name with a digit, one bad phone, one line twice. */
const WITH_PROBLEMS = ["姓名\t学号\t家长手机", "欧阳明轩\t2026301\t13800138001", "司马3\t2026302\t", "诸葛梓萱\t2026303\t1380013", "上官雨桐\t2026304\t", "欧阳明轩\t2026301\t13800138001", "王龑\t2026305\t"].join("\n");
const FIXED = ["姓名\t学号\t家长手机", "欧阳明轩\t2026301\t13800138001", "司马思远\t2026302\t", "诸葛梓萱\t2026303\t13800138003", "上官雨桐\t2026304\t", "王龑\t2026305\t"].join("\n");

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The PDF's text in reading order, without spaces; and the first parent code printed (any of the new children's). */
function readSlips(file: string): { text: string; linkCode: string | null } {
  const raw = spawnSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8" }).stdout.replace(/\s+/g, "");
  const codes = [...raw.matchAll(/家长绑定码([A-Z0-9]{9})/g)].map((m) => m[1]!).filter((c) => checkLinkCode(c).ok);
  return { text: raw, linkCode: codes[0] ?? null };
}

describe.skipIf(!hasChromium)("a class enrolled on a phone, and a grandparent who decides what is public", () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startApp>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let downloads: string;
  let linkCode: string | null = null;

  beforeAll(async () => {
    downloads = fs.mkdtempSync(path.join(os.tmpdir(), "people-e2e-"));
    database = await createTestDatabase();
    app = await startApp({ env: { DATABASE_URL: database.url }, args: ["--no-worker"] });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
    if (downloads) fs.rmSync(downloads, { recursive: true, force: true });
  });

  it("a teacher pastes a list, fixes what the check found, imports it and downloads the slips", async () => {
    const context = await browser.newContext({ ...PHONE, acceptDownloads: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    try {
      await page.goto(`${app.baseUrl}/login`);
      await hydrated(page);
      await page.getByLabel("用户名或手机号").fill("teacher");
      await page.getByLabel("密码", { exact: true }).fill("sanshai2026");
      await page.getByRole("button", { name: "登录" }).click();
      await page.waitForURL((url) => url.pathname === "/home");
      await shot(page, "people-teacher-home");
      await page.getByRole("link", { name: "导入学生名单" }).first().click();
      await page.waitForURL((url) => /^\/classes\/[^/]+\/intake$/.test(url.pathname));
      await hydrated(page);
      await page.getByText("第1步 粘贴名单或选择文件").waitFor();
      await shot(page, "people-intake-step1");

      // 第1步 → 第2步: the check finds the three problems and writes nothing.
      await page.getByLabel("粘贴名单").fill(WITH_PROBLEMS);
      await page.getByRole("button", { name: "检查名单（不会保存）" }).click();
      await page.getByText("发现 3 处问题，什么都还没有保存").waitFor();
      await page.getByText("第 3 行").waitFor();
      await page.getByText(/手机号不对：1380013/).waitFor();
      await page.getByText(/和第 2 行是同一个学生/).waitFor();
      expect(await page.getByRole("button", { name: /确认导入/ }).count()).toBe(0);
      await shot(page, "people-intake-errors");

      // Fixed in the same box, checked again.
      await page.getByLabel("粘贴名单").fill(FIXED);
      await page.getByRole("button", { name: "改好了，再检查一次" }).click();
      await page.getByText("名单没有问题").waitFor();
      await page.getByText("将新建 5 名学生的账号，更新 0 名，0 名不变。").waitFor();
      await shot(page, "people-intake-clean");
      await page.getByRole("button", { name: "确认导入（新建 5 名，更新 0 名）" }).click();
      await page.getByText("导入完成").waitFor();
      await page.getByText("新建了 5 名学生的账号，更新了 0 名，0 名不变。").waitFor();
      await shot(page, "people-intake-committed");

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "下载全班登录条（PDF）" }).first().click()]);
      expect(download.suggestedFilename()).toBe("实验小学 三年级(1)班 登录条.pdf");
      const file = path.join(downloads, "slips.pdf");
      await download.saveAs(file);
      expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
      if (hasPdftotext) {
        const slips = readSlips(file);
        for (const name of ["欧阳明轩", "司马思远", "诸葛梓萱", "上官雨桐", "王龑"]) expect(slips.text).toContain(name);
        linkCode = slips.linkCode;
        expect(linkCode).not.toBeNull();
      }

      await page.getByRole("link", { name: "查看学生账号和登录条" }).first().click();
      await page.waitForURL((url) => /\/accounts$/.test(url.pathname));
      await page.getByText("学生账号与登录条").first().waitFor();
      await shot(page, "people-accounts");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("an organiser sees the county's schools, checks a sheet of classes and appoints a teacher", async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    try {
      await page.goto(`${app.baseUrl}/login`);
      await hydrated(page);
      await page.getByLabel("用户名或手机号").fill("organiser");
      await page.getByLabel("密码", { exact: true }).fill("sanshai2026");
      await page.getByRole("button", { name: "登录" }).click();
      await page.waitForURL((url) => url.pathname === "/home");
      await page.goto(`${app.baseUrl}/admin/org`);
      await hydrated(page);
      await page.getByText("示范县实验小学").click();
      await page.getByText("三年级(2)班").waitFor();
      await shot(page, "people-admin-org");

      await page.getByRole("link", { name: "从表格导入学校和班级" }).click();
      await page.waitForURL((url) => url.pathname === "/admin/org/import");
      await hydrated(page);
      await page.getByLabel("粘贴表格（包括表头）").fill("乡镇\t学校\t学校简称\t年级\t班级\n青石镇\t青石镇中心小学\t\t三年级\t2\n青石镇\t青石镇中心小学\t\t十年级\t1");
      await page.getByRole("button", { name: "检查名单（不会保存）" }).click();
      await page.getByText("发现 1 处问题，什么都还没有保存").waitFor();
      await shot(page, "people-admin-import");

      await page.goto(`${app.baseUrl}/admin/people`);
      await hydrated(page);
      await page.getByLabel("身份").selectOption("TEACHER");
      await page.getByLabel("负责哪个班").selectOption({ label: "实验小学 三年级(2)班" });
      await page.getByLabel("手机号", { exact: true }).fill("13600001234");
      await page.getByLabel("姓名", { exact: true }).fill("孙老师");
      await page.getByRole("button", { name: "任命", exact: true }).click();
      await page.getByText("已任命 孙老师 为 实验小学 三年级(2)班 的教师").waitFor();
      await page.getByText("初始密码只显示这一次").waitFor();
      await shot(page, "people-admin-people");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a grandparent registers with a code from the slips and agrees to show the work", async () => {
    if (!linkCode) {
      addNotice("people browser test: no link code read from the slips (pdftotext missing), guardian registration not run");
      return;
    }
    const context = await browser.newContext({ ...PHONE, userAgent: "Mozilla/5.0 (Linux; Android 12) MicroMessenger/8.0.47" });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    try {
      await page.goto(`${app.baseUrl}/guardian/register`);
      await hydrated(page);
      await shot(page, "people-guardian-register");
      // Typed the way a grandparent reads it: lower case, in groups.
      await page.getByLabel("家长绑定码").fill(`${linkCode.slice(0, 3)} ${linkCode.slice(3, 6)} ${linkCode.slice(6)}`.toLowerCase());
      await page.getByLabel("爷爷奶奶/外公外婆").check();
      await page.getByLabel("手机号", { exact: true }).fill("139 2222 3333");
      await page.getByLabel("您的称呼（可以不填）").fill("奶奶");
      await page.getByLabel("新密码", { exact: true }).fill("葡萄架下数星星吧");
      await page.getByLabel("再输入一次新密码", { exact: true }).fill("葡萄架下数星星吧");
      await page.getByRole("button", { name: "注册并关联孩子" }).click();
      await page.waitForURL((url) => /^\/guardian\/children\/[^/]+$/.test(url.pathname));
      await page.getByText(/注册成功！已经和.+关联。/).waitFor();
      await shot(page, "people-consent-welcome");

      const work = page.getByRole("article").filter({ has: page.getByRole("heading", { name: "作品公开展示" }) });
      await work.getByText("未同意公开").waitFor();
      await work.getByRole("button", { name: "同意公开" }).click();
      await page.getByText("已记录：同意公开作品。").waitFor();
      await work.getByText("已同意公开").waitFor();
      await work.getByRole("button", { name: "收回同意" }).waitFor();
      await page.getByText(/同意公开作品$/).first().waitFor();
      await shot(page, "people-consent-given");

      await page.goto(`${app.baseUrl}/guardian/children`);
      await page.getByText("添加孩子").first().waitFor();
      await shot(page, "people-guardian-children");
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
