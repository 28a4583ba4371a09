import { describe, expect, it } from "vitest";
import { en } from "./en.ts";
import { formatDuration, formatMegabytes, formatMonthDay, localeFromAcceptLanguage, resolveLocale, t } from "./t.ts";
import { zhCN } from "./zh-CN.ts";

describe("i18n", () => {
  it("translates with parameters", () => {
    expect(t("zh-CN", "login.error.rateLimited", { minutes: 15 })).toBe("尝试次数太多，请 15 分钟后再试。");
    expect(t("en", "contest.deadline", { date: "Jan 31" })).toBe("Closes Jan 31");
  });
  it("leaves unknown placeholders visible rather than printing undefined", () => {
    expect(t("zh-CN", "contest.deadline")).toBe("截止 {date}");
  });
  it("has the same keys and placeholders in every catalog", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });
  it("picks the locale from the user, then Accept-Language, then zh-CN", () => {
    expect(resolveLocale({ userLocale: "en", acceptLanguage: "zh-CN" })).toBe("en");
    expect(resolveLocale({ acceptLanguage: "fr-FR, en-GB;q=0.8, zh;q=0.9" })).toBe("zh-CN");
    expect(resolveLocale({ acceptLanguage: "fr, en;q=0.5" })).toBe("en");
    expect(resolveLocale({ acceptLanguage: "fr" })).toBe("zh-CN");
    expect(localeFromAcceptLanguage("en;q=0, zh-TW")).toBe("zh-CN");
  });
  it("formats dates in China Standard Time", () => {
    // 2026-01-31 16:30 UTC is already Feb 1 in Beijing.
    expect(formatMonthDay("zh-CN", new Date("2026-01-31T16:30:00Z"))).toBe("2月1日");
    expect(formatMonthDay("zh-CN", new Date("2026-01-31T15:59:00Z"))).toBe("1月31日");
  });
  it("formats sizes and durations in plain words", () => {
    expect(formatMegabytes("zh-CN", 20 * 1024 * 1024)).toBe("20 MB");
    expect(formatMegabytes("zh-CN", 1.5 * 1024 * 1024)).toBe("1.5 MB");
    expect(formatDuration("zh-CN", 180)).toBe("3 分钟");
    expect(formatDuration("zh-CN", 45)).toBe("45 秒");
  });
});
