// CSRF protection for every mutation, in two layers:
// 1. Origin: a request whose Origin (or Sec-Fetch-Site) says it came from
//    another site is refused before anything is read.
// 2. A token bound to a secret the browser holds in an httpOnly cookie: the
//    session token when signed in, else the pre-session `__csrf` cookie (set
//    by the root loader for every visitor, so the login form is covered).
//    token = HMAC(SESSION_SECRET, binding); rendered masked with a fresh
//    one-time pad on every render (BREACH), checked in constant time.
// Actions call parseForm(request), which does both and returns the FormData,
// so there is no way to read a form without the check.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { zhCN, type MessageKey } from "~/i18n/zh-CN.ts";
import { getEnv, getSessionSecret } from "~/server/platform/env.server.ts";
import { SESSION_COOKIE, newToken, readCookie, serializeCookie } from "./session.server.ts";

export const CSRF_COOKIE = "__csrf";
export const CSRF_FIELD = "csrf";
export const CSRF_HEADER = "X-CSRF-Token";
const CSRF_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;
const MAC_BYTES = 32;

function mac(binding: string): Buffer {
  return createHmac("sha256", getSessionSecret()).update(`csrf:v1:${binding}`).digest();
}

function mask(raw: Buffer): string {
  const pad = randomBytes(raw.length);
  const masked = Buffer.alloc(raw.length);
  for (let i = 0; i < raw.length; i++) masked[i] = raw[i]! ^ pad[i]!;
  return Buffer.concat([pad, masked]).toString("base64url");
}

function unmask(token: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]{80,96}$/.test(token)) return null;
  const bytes = Buffer.from(token, "base64url");
  if (bytes.length !== MAC_BYTES * 2) return null;
  const out = Buffer.alloc(MAC_BYTES);
  for (let i = 0; i < MAC_BYTES; i++) out[i] = bytes[i]! ^ bytes[i + MAC_BYTES]!;
  return out;
}

/** Either secret will do: both live only in this browser's httpOnly cookies. */
function bindings(request: Request): string[] {
  const session = readCookie(request, SESSION_COOKIE);
  const pre = readCookie(request, CSRF_COOKIE);
  return [session ? `s:${session}` : null, pre ? `p:${pre}` : null].filter((b): b is string => b !== null);
}

/**
 * The token to render in forms (root loader). Sets the pre-session cookie when
 * the browser has none yet: `setCookie` must then go out with the response.
 */
export function issueCsrfToken(request: Request, options: { signedIn: boolean }): { token: string; setCookie: string | null } {
  const session = options.signedIn ? readCookie(request, SESSION_COOKIE) : null;
  if (session) return { token: mask(mac(`s:${session}`)), setCookie: null };
  const existing = readCookie(request, CSRF_COOKIE);
  const pre = existing ?? newToken();
  return {
    token: mask(mac(`p:${pre}`)),
    setCookie: existing ? null : serializeCookie(CSRF_COOKIE, pre, CSRF_COOKIE_MAX_AGE),
  };
}

function forbidden(): Response {
  return new Response("Forbidden", { status: 403, statusText: "Forbidden" });
}

/** Hosts this app answers on: the request's own, plus PUBLIC_URL's. */
function allowedHosts(request: Request): Set<string> {
  const hosts = new Set([new URL(request.url).host]);
  const publicUrl = getEnv().PUBLIC_URL;
  if (publicUrl) hosts.add(new URL(publicUrl).host);
  return hosts;
}

/**
 * Throws 403 for a request that declares a foreign origin. "Origin: null"
 * (sent under Referrer-Policy: no-referrer) and absent headers fall through
 * to the token check, which is the real guard.
 */
export function assertSameOrigin(request: Request): void {
  if (request.headers.get("Sec-Fetch-Site") === "cross-site") throw forbidden();
  const origin = request.headers.get("Origin");
  if (!origin || origin === "null") return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw forbidden();
  }
  if (!allowedHosts(request).has(host)) throw forbidden();
}

/** Throws 403 unless `token` was issued for a secret this browser holds. */
export function verifyCsrfToken(request: Request, token: string | null | undefined): void {
  assertSameOrigin(request);
  const given = typeof token === "string" ? unmask(token) : null;
  if (!given) throw forbidden();
  const ok = bindings(request).some((b) => timingSafeEqual(mac(b), given));
  if (!ok) throw forbidden();
}

export function requireCsrf(request: Request, formData: FormData): void {
  const value = formData.get(CSRF_FIELD);
  verifyCsrfToken(request, typeof value === "string" ? value : null);
}

/**
 * The one way actions read a form: same-origin check, body, CSRF token.
 * (Multipart uploads go through the upload endpoint, which calls
 * verifyCsrfToken with the X-CSRF-Token header instead.)
 */
export async function parseForm(request: Request): Promise<FormData> {
  assertSameOrigin(request);
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new Response("Bad Request", { status: 400 });
  }
  requireCsrf(request, formData);
  return formData;
}

export type FieldErrors<T> = Partial<Record<keyof T & string, MessageKey>>;
export type Submission<T> = { ok: true; data: T; formData: FormData } | { ok: false; fieldErrors: FieldErrors<T>; formData: FormData };

function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(zhCN, value);
}

/**
 * parseForm plus one zod schema per form. Schema messages are catalog keys
 * ("login.error.passwordRequired"); fields absent from the form arrive as ""
 * so that "required" messages apply to them too.
 */
export async function parseSubmission<S extends z.ZodObject>(request: Request, schema: S): Promise<Submission<z.infer<S>>> {
  const formData = await parseForm(request);
  const values: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = formData.get(key);
    values[key] = typeof value === "string" ? value : "";
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data, formData };
  const fieldErrors: Record<string, MessageKey> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "");
    fieldErrors[field] ??= isMessageKey(issue.message) ? issue.message : "form.invalid";
  }
  return { ok: false, fieldErrors: fieldErrors as FieldErrors<z.infer<S>>, formData };
}
