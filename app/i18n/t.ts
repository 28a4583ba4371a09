// Translation and formatting without React, so the worker and server code can
// use them too. Dates are shown in China Standard Time whatever the server's
// zone, and the same on server and client (no hydration mismatch).
import { en } from "./en.ts";
import { zhCN, type MessageKey } from "./zh-CN.ts";

export type { MessageKey };
export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const TIME_ZONE = "Asia/Shanghai";
export type MessageParams = Record<string, string | number>;

const catalogs: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function t(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const template = catalogs[locale][key] ?? zhCN[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** Maps a language tag to a supported locale ("zh", "zh-Hans-CN" → zh-CN; "en-GB" → en). */
export function matchLocale(tag: string): Locale | null {
  const lower = tag.trim().toLowerCase();
  if (lower.startsWith("zh")) return "zh-CN";
  if (lower.startsWith("en")) return "en";
  return null;
}

/** The first supported language in an Accept-Language header, by q-value. */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...rest] = part.split(";");
      const q = rest.map((r) => r.trim()).find((r) => r.startsWith("q="));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  return null;
}

/** The user's saved locale, else the browser's, else zh-CN. */
export function resolveLocale(input: { userLocale?: string | null; acceptLanguage?: string | null }): Locale {
  const fromUser = input.userLocale ? matchLocale(input.userLocale) : null;
  return fromUser ?? localeFromAcceptLanguage(input.acceptLanguage ?? null) ?? DEFAULT_LOCALE;
}

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

function ymd(date: Date): { y: number; m: number; d: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: TIME_ZONE, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get("year"), m: get("month"), d: get("day") };
}

const EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// Built from numbers rather than Intl's locale data, whose zh-CN patterns
// differ between ICU versions (Node on the server, the phone's browser).

/** "1月31日" / "Jan 31". */
export function formatMonthDay(locale: Locale, date: Date): string {
  const { m, d } = ymd(date);
  return locale === "en" ? `${EN_MONTHS[m - 1]} ${d}` : `${m}月${d}日`;
}

/** "2026年1月31日" / "Jan 31, 2026". */
export function formatDate(locale: Locale, date: Date): string {
  const { y, m, d } = ymd(date);
  return locale === "en" ? `${EN_MONTHS[m - 1]} ${d}, ${y}` : `${y}年${m}月${d}日`;
}

/** Whole megabytes, or one decimal below 10 MB. */
export function formatMegabytes(locale: Locale, bytes: number): string {
  const mb = bytes / (1024 * 1024);
  const count = mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10;
  return t(locale, "unit.megabytes", { count });
}

/** "0.8 MB", or "35 KB" for a voice memo or a small photo that would read "0 MB". */
export function formatFileSize(locale: Locale, bytes: number): string {
  if (bytes >= 100 * 1024) return formatMegabytes(locale, bytes);
  return t(locale, "unit.kilobytes", { count: Math.max(1, Math.round(bytes / 1024)) });
}

/** "3 分钟" or "45 秒": whole minutes when possible, words a grandparent reads at a glance. */
export function formatDuration(locale: Locale, seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) return t(locale, "unit.minutes", { count: seconds / 60 });
  if (seconds >= 60) return t(locale, "unit.minutes", { count: Math.round((seconds / 60) * 10) / 10 });
  return t(locale, "unit.seconds", { count: seconds });
}

export function formatList(locale: Locale, items: readonly string[]): string {
  return items.join(t(locale, "list.separator"));
}

/** Field errors from a form schema (catalog keys) in words. */
export function translateErrors(locale: Locale, errors: Partial<Record<string, MessageKey>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).flatMap(([field, key]) => (key ? [[field, t(locale, key)] as const] : [])),
  );
}
