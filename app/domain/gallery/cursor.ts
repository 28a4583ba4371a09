// Keyset ("seek") pagination for public listings: the cursor names the last
// row shown (its publication time and id), and the next page is the rows
// strictly after it in (publishedAt DESC, id DESC) order. No OFFSET: page 500
// costs what page 1 costs. A cursor is opaque to the browser but carries no
// secret: a tampered one either fails the shape check (400) or names some
// other position, which only ever shows rows the visibility rule allows.

export const DEFAULT_PAGE_SIZE = 24;
export const MAX_PAGE_SIZE = 60;

export interface Cursor {
  /** publishedAt in epoch milliseconds. */
  at: number;
  id: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
// Reasonable publication times only (2000–2100): anything else is not ours.
const MIN_MS = 946_684_800_000;
const MAX_MS = 4_102_444_800_000;

function toBase64Url(text: string): string {
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  try {
    return atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
}

export function encodeCursor(cursor: Cursor): string {
  return toBase64Url(`v1.${cursor.at.toString(36)}.${cursor.id}`);
}

/** The cursor, or null when the text is not one we made (the route answers 400). */
export function decodeCursor(text: string): Cursor | null {
  const decoded = fromBase64Url(text);
  const parts = decoded?.split(".");
  if (!parts || parts.length !== 3 || parts[0] !== "v1") return null;
  const [, atText = "", id = ""] = parts;
  if (!/^[0-9a-z]{1,12}$/.test(atText) || !ID.test(id)) return null;
  const at = parseInt(atText, 36);
  if (!Number.isSafeInteger(at) || at < MIN_MS || at > MAX_MS) return null;
  return { at, id };
}

export type PageQuery = { ok: true; cursor: Cursor | null; size: number } | { ok: false; problem: "cursor" | "size" };

/**
 * Reads `cursor` and `size` from a listing's query string. A missing size is
 * the default; a size that is not a whole number from 1 to MAX_PAGE_SIZE is
 * refused (400) rather than quietly clamped, so a scraper asking for 100000
 * learns the limit.
 */
export function parsePageQuery(params: URLSearchParams): PageQuery {
  const sizeText = params.get("size");
  let size = DEFAULT_PAGE_SIZE;
  if (sizeText !== null) {
    if (!/^\d{1,3}$/.test(sizeText)) return { ok: false, problem: "size" };
    size = Number(sizeText);
    if (size < 1 || size > MAX_PAGE_SIZE) return { ok: false, problem: "size" };
  }
  const cursorText = params.get("cursor");
  if (cursorText === null || cursorText === "") return { ok: true, cursor: null, size };
  const cursor = decodeCursor(cursorText);
  return cursor ? { ok: true, cursor, size } : { ok: false, problem: "cursor" };
}
