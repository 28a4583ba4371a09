// A few seconds' cache of the public gallery's pages, for the burst that
// follows a link posted into a WeChat group: hundreds of families open the
// same board or work within a minute, anonymously. Rendering a page through
// Remix costs ~10 ms of this single process's CPU; serving it from here
// ~0.3 ms (bench/gallery.ts).
//
// What is cached: the HTML of a document GET of /gallery, /gallery/c/…,
// /e/…, /b/… and /p/… by someone not signed in, answered 200 by a loader that
// marked the page as public (markPublicPage). Keyed by the full URL (host
// included: share links carry it when PUBLIC_URL is unset) and the locale the
// page was rendered in. Bounded by PAGE_CACHE_MAX_BYTES (least recently used
// out) and by PUBLIC_PAGE_CACHE_SECONDS (default 10; 0 turns it off).
//
// What stays per request, on a hit as on a miss:
// - the CSP nonce: the stored page's nonce is replaced by this response's
//   (a nonce is never sent twice);
// - the CSRF token: a fresh one for this visitor's own cookie (issued if
//   they have none) replaces the stored one, so a form reached from the page
//   posts with their own token;
// - the view: counted by the same rule as the loader (recordView), with this
//   visitor's cookie; a stored page never carries anyone's Set-Cookie.
// Signed-in visitors (the family among them, whose views do not count) and
// client-side navigations (single fetch's .data requests) always reach Remix.
//
// Privacy: a withdrawn consent or an unpublished work leaves cached pages at
// most PUBLIC_PAGE_CACHE_SECONDS later (well within the minute MISSION.md
// allows); its media (/g/m/…), QR code and poster are never cached here and
// stop at once.
import type { NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { resolveLocale } from "~/i18n/t.ts";
import { issueCsrfToken } from "~/server/auth/csrf.server.ts";
import { SESSION_COOKIE } from "~/server/auth/session.server.ts";
import { getEnv } from "~/server/platform/env.server.ts";
import { recordView, type ViewSubject } from "./view-counts.server.ts";

const PUBLIC_PAGE = /^\/(?:gallery(?:\/c\/[A-Za-z0-9_-]{1,64})?|[ebp]\/[A-Za-z0-9_-]{1,64})\/?$/;
const PAGE_CACHE_MAX_BYTES = 16 * 1024 * 1024;

/** What a public page's loaders tell the cache, through the load context. */
export type PublicPageMark = { cacheable: boolean; view: ViewSubject | null; csrfToken: string | null };

type Stored = { at: number; status: number; headers: [string, string][]; body: Buffer; nonce: string; csrfToken: string; view: ViewSubject | null };

const pages = new Map<string, Stored>();
let storedBytes = 0;

/** The mark slot of this request (present only when the cache may keep the page). */
function markOf(context: unknown): PublicPageMark | null {
  const mark = (context as { publicPage?: PublicPageMark } | null | undefined)?.publicPage;
  return mark && typeof mark === "object" ? mark : null;
}

/** Called by a public page's loader: the page may be cached, and a hit counts this view. */
export function markPublicPage(context: unknown, view: ViewSubject | null): void {
  const mark = markOf(context);
  if (mark) {
    mark.cacheable = true;
    mark.view = view;
  }
}

/** Called by the root loader: the CSRF token this page carries (replaced on every hit). */
export function noteCsrfToken(context: unknown, token: string): void {
  const mark = markOf(context);
  if (mark) mark.csrfToken = token;
}

export function clearPublicPageCache(): void {
  pages.clear();
  storedBytes = 0;
}

function cacheSeconds(): number {
  return getEnv().PUBLIC_PAGE_CACHE_SECONDS;
}

function hasCookie(req: ExpressRequest, name: string): boolean {
  const header = req.headers.cookie;
  return typeof header === "string" && header.split(";").some((part) => part.trim().startsWith(`${name}=`));
}

function keyOf(req: ExpressRequest): string {
  const locale = resolveLocale({ acceptLanguage: req.headers["accept-language"] ?? null });
  return `${req.protocol}://${req.get("host") ?? ""}${req.originalUrl}|${locale}`;
}

/** A Fetch Request carrying what the CSRF and view rules read: the URL, the cookies and the user agent. */
function fetchRequestOf(req: ExpressRequest): Request {
  const headers = new Headers();
  for (const name of ["cookie", "user-agent"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  return new Request(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`, { headers });
}

function remember(key: string, page: Stored): void {
  if (page.body.length > PAGE_CACHE_MAX_BYTES / 8) return;
  const old = pages.get(key);
  if (old) {
    storedBytes -= old.body.length;
    pages.delete(key);
  }
  pages.set(key, page);
  storedBytes += page.body.length;
  for (const [k, p] of pages) {
    if (storedBytes <= PAGE_CACHE_MAX_BYTES) break;
    pages.delete(k);
    storedBytes -= p.body.length;
  }
}

async function serveStored(req: ExpressRequest, res: ExpressResponse, key: string, page: Stored): Promise<void> {
  // Least recently used goes first: a hit moves the page to the end.
  pages.delete(key);
  pages.set(key, page);
  const request = fetchRequestOf(req);
  const nonce = String(res.locals.cspNonce ?? "");
  const csrf = issueCsrfToken(request, { signedIn: false });
  const cookies: string[] = [];
  if (csrf.setCookie) cookies.push(csrf.setCookie);
  if (page.view) {
    const { setCookie } = await recordView(request, { clientIp: req.ip ?? null }, page.view);
    if (setCookie) cookies.push(setCookie);
  }
  let html = page.body.toString("utf8");
  if (page.nonce) html = html.split(page.nonce).join(nonce);
  html = html.split(page.csrfToken).join(csrf.token);
  const body = Buffer.from(html, "utf8");
  res.status(page.status);
  for (const [name, value] of page.headers) res.setHeader(name, value);
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  res.setHeader("Content-Length", String(body.length));
  res.setHeader("X-Page-Cache", "hit");
  res.end(body);
}

/** Express middleware in front of Remix (production only: in development the code under it changes). */
export function publicPageCache(): RequestHandler {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const seconds = cacheSeconds();
    if (seconds === 0 || req.method !== "GET" || !PUBLIC_PAGE.test(req.path) || hasCookie(req, SESSION_COOKIE)) return next();
    const key = keyOf(req);
    const now = Date.now();
    const found = pages.get(key);
    if (found && now - found.at < seconds * 1000) {
      serveStored(req, res, key, found).catch(next);
      return;
    }
    if (found) {
      pages.delete(key);
      storedBytes -= found.body.length;
    }
    // A miss: Remix renders the page; the loaders fill the mark; the body is kept if the page qualifies.
    const mark: PublicPageMark = { cacheable: false, view: null, csrfToken: null };
    res.locals.publicPage = mark;
    res.setHeader("X-Page-Cache", "miss");
    const nonce = String(res.locals.cspNonce ?? "");
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ExpressResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === "string" || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk as Uint8Array));
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk === "string" || chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk as Uint8Array));
      const type = String(res.getHeader("content-type") ?? "");
      if (mark.cacheable && mark.csrfToken && res.statusCode === 200 && type.startsWith("text/html")) {
        const headers = Object.entries(res.getHeaders())
          .filter(([name]) => !["set-cookie", "content-length", "content-security-policy", "date", "x-page-cache"].includes(name))
          .map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : String(value)] as [string, string]);
        remember(key, { at: now, status: 200, headers, body: Buffer.concat(chunks), nonce, csrfToken: mark.csrfToken, view: mark.view });
      }
      return end(chunk, ...rest);
    }) as typeof res.end;
    next();
  };
}
