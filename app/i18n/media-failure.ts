// A stored media failure (code + params, app/domain/media-failures.ts) in
// plain words. Params that name a media kind ("image") are translated too,
// so "这里需要{expected}" reads "这里需要照片或图片".
import { failureMessageKey } from "~/domain/asset-status.ts";
import { t, type Locale, type MessageKey } from "./t.ts";

const KIND_PARAMS = ["expected", "actual"] as const;
const KINDS = new Set(["image", "video", "audio"]);

export function formatMediaFailure(locale: Locale, code: string | null | undefined, params?: unknown): string {
  const values: Record<string, string | number> = {};
  if (params && typeof params === "object" && !Array.isArray(params)) {
    for (const [k, v] of Object.entries(params)) if (typeof v === "string" || typeof v === "number") values[k] = v;
  }
  for (const k of KIND_PARAMS) {
    const v = values[k];
    if (typeof v === "string" && KINDS.has(v)) values[k] = t(locale, `media.kind.${v}` as MessageKey);
  }
  return t(locale, failureMessageKey(code), values);
}
