// Catalog access for React components: useT() reads the locale the root
// loader chose (user's setting, else Accept-Language, else zh-CN).
import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, isLocale, t, type Locale, type MessageKey, type MessageParams } from "./t.ts";

export * from "./t.ts";

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: unknown } | undefined;
  return isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE;
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function useT(): Translate & { locale: Locale } {
  const locale = useLocale();
  return useMemo(() => Object.assign((key: MessageKey, params?: MessageParams) => t(locale, key, params), { locale }), [locale]);
}

/** `<title>` for a route: "登录 · 三晒一创", in the locale the root loader chose. */
export function pageTitle(matches: readonly { id: string; data?: unknown }[], key: MessageKey) {
  const rootData = matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined;
  const locale = isLocale(rootData?.locale) ? rootData.locale : DEFAULT_LOCALE;
  return [{ title: `${t(locale, key)} · ${t(locale, "app.name")}` }];
}
