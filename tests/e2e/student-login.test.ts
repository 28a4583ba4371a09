// A grandparent's phone: 390×844, Chromium, the real app as `npm start` runs
// it. Log in as the demo student and see the open contest and its five
// categories.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../setup/app-process.ts";
import { createTestDatabase } from "../setup/database.ts";
import { addNotice } from "../setup/notices.ts";
import { CHROMIUM, isExecutableFile, mustRunEverything } from "../setup/requirements.ts";

const hasChromium = isExecutableFile(CHROMIUM);
const SCREENSHOTS = path.resolve(".tmp/screenshots");

if (!hasChromium) {
  addNotice("browser tests did not run: /usr/bin/chromium not found");
  if (mustRunEverything()) throw new Error("/usr/bin/chromium not found (required in CI)");
}

describe.skipIf(!hasChromium)("student logs in on a phone", () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startApp>>;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startApp({ env: { DATABASE_URL: database.url } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await database?.drop();
  });

  it("logs in as student/sanshai2026 and sees the open contest with its five categories", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: "zh-CN",
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await page.goto(app.baseUrl + "/");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/login");
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    // Hydrated under the production CSP: the inline scripts carried the nonce.
    await expect.poll(() => page.evaluate(() => "__remixRouter" in window)).toBe(true);

    await page.getByLabel("用户名或手机号").fill("student");
    await page.getByLabel("密码", { exact: true }).fill("sanshai2026");
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL((url) => url.pathname === "/home");

    const contest = page.getByRole("article").filter({ hasText: "2026年寒假“三晒一创”活动" });
    await contest.waitFor();
    for (const name of ["读书", "征文", "小视频", "摄影", "美术"]) {
      await expect.soft(contest.getByRole("heading", { name, exact: true }).count()).resolves.toBe(1);
    }
    expect(await contest.getByText(/^截止 \d+月\d+日$/).count()).toBe(1);

    // Tap targets: the sign-out button is at least 44 px tall.
    const logout = await page.getByRole("button", { name: "退出登录" }).boundingBox();
    expect(logout?.height ?? 0).toBeGreaterThanOrEqual(44);
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "student-home.png"), fullPage: true });

    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows the zh-CN error for a wrong password, without JavaScript too", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(app.baseUrl + "/login");
    await page.getByLabel("用户名或手机号").fill("student");
    await page.getByLabel("密码", { exact: true }).fill("not-the-password");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("用户名或密码不正确");
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "login-error.png"), fullPage: true });
    await context.close();
  });
});
