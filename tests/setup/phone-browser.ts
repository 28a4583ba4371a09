// What every browser test shares: whether Debian's Chromium is here (and the
// loud notice, or CI's failure, when it is not), the phone the users hold
// (390×844, touch, zh-CN), Chromium launched the one way that works on these
// machines, "the page has hydrated", and screenshots under .tmp/screenshots
// (not committed).
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";
import { addNotice } from "./notices.ts";
import { CHROMIUM, isExecutableFile, mustRunEverything } from "./requirements.ts";

export const SCREENSHOTS = path.resolve(".tmp/screenshots");

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "zh-CN" } as const;

/** WeChat's in-app browser on a mid-range Android phone, as families open shared links. */
export const WECHAT_ANDROID_UA =
  "Mozilla/5.0 (Linux; Android 12; V2031A Build/SP1A.210812.003; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 MMWEBSDK/20230202 MMWEBID/1234 MicroMessenger/8.0.33.2320(0x28002151) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64";

/** True when Chromium can run; otherwise notes it (and fails under CI's full run). Call at module level. */
export function requireChromium(): boolean {
  const present = isExecutableFile(CHROMIUM);
  if (!present) {
    addNotice("browser tests did not run: /usr/bin/chromium not found");
    if (mustRunEverything()) throw new Error("/usr/bin/chromium not found (required in CI)");
  }
  return present;
}

export async function launchChromium(): Promise<Browser> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** Remix has hydrated the page (links and forms now run in the browser). */
export async function hydrated(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => "__remixRouter" in window)).toBe(true);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
