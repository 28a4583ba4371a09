// The view-count rule (issue 12, item 5): one view per visitor per subject per
// 30 minutes, keyed by a first-party visitor cookie (whole schools and
// villages share one address, so never by IP); the child's own family and
// bots are not counted; a flood of fresh cookies from one address counts at
// most FRESH_VISITORS_PER_ADDRESS views per window. Counters are per subject
// per Asia/Shanghai day. Pure: the buffer in app/server/gallery/views.server.ts
// keeps the state and calls these.
import { shanghaiParts } from "~/domain/shanghai-time.ts";

export const VIEW_WINDOW_MS = 30 * 60_000;
/** Fresh visitor cookies counted per address per window (a class on one school address is ~50 phones). */
export const FRESH_VISITORS_PER_ADDRESS = 60;
export const VISITOR_COOKIE = "__gv";

const VISITOR_ID = /^[A-Za-z0-9_-]{16,40}$/;

export function isVisitorId(value: string | null | undefined): value is string {
  return typeof value === "string" && VISITOR_ID.test(value);
}

// Crawlers, link unfurlers and headless tools announce themselves; WeChat's
// own browser ("MicroMessenger") is a person and must not match.
const BOT = /bot|crawl|spider|slurp|facebookexternalhit|preview|headless|curl|wget|python-requests|httpclient|go-http|axios|node-fetch|autocannon|lighthouse|bingpreview|yandex|baidu(spider)?|sogou|360spider|bytespider|petalbot|semrush|ahrefs/i;

export function isBot(userAgent: string | null | undefined): boolean {
  if (!userAgent || userAgent.trim().length < 8) return true;
  return BOT.test(userAgent);
}

/** "2026-01-20": the Asia/Shanghai calendar day of an instant. */
export function shanghaiDay(date: Date): string {
  const p = shanghaiParts(date);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** Whether a view at `now` counts, given when this visitor's last counted view of the subject was. */
export function countsAgain(lastCountedAt: number | undefined, now: number): boolean {
  return lastCountedAt === undefined || now - lastCountedAt >= VIEW_WINDOW_MS;
}

export type ViewSubjectName = "ENTRY" | "BOARD" | "PORTFOLIO";

export type ViewDecision = "count" | "bot" | "family" | "window" | "flood";

/**
 * Decides one view. `freshFromAddress`: how many visitors new to this
 * process came from the address within the window, this one included when it
 * is new (`isFreshVisitor`).
 */
export function decideView(input: {
  userAgent: string | null;
  isFamily: boolean;
  lastCountedAt: number | undefined;
  now: number;
  isFreshVisitor: boolean;
  freshFromAddress: number;
}): ViewDecision {
  if (isBot(input.userAgent)) return "bot";
  if (input.isFamily) return "family";
  if (!countsAgain(input.lastCountedAt, input.now)) return "window";
  if (input.isFreshVisitor && input.freshFromAddress > FRESH_VISITORS_PER_ADDRESS) return "flood";
  return "count";
}
