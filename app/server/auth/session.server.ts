// Server-side sessions. The cookie holds a random 32-byte token; the database
// holds only its SHA-256, so a leaked Session table cannot be replayed.
// Sliding expiry: every use within SESSION_TTL extends it, but lastSeenAt is
// written at most once per TOUCH_INTERVAL so page views do not become writes.
import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "~/server/db/db.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { getEnv } from "~/server/platform/env.server.ts";

export const SESSION_COOKIE = "__session";
export const SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

// ---------------------------------------------------------------------------
// Cookies (tiny on purpose: two cookies, opaque base64url values)
// ---------------------------------------------------------------------------

export function parseCookies(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    // First occurrence wins, like browsers' most-specific-path-first order.
    if (name && !out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

export function readCookie(request: Request, name: string): string | null {
  const value = parseCookies(request.headers.get("Cookie")).get(name);
  return value && /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : null;
}

/** Secure unless configured off; defaults to on in production. */
export function cookieSecure(): boolean {
  const env = getEnv();
  return env.COOKIE_SECURE ?? env.NODE_ENV === "production";
}

export function serializeCookie(name: string, value: string, maxAgeSeconds: number): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSeconds}`];
  if (maxAgeSeconds === 0) parts.push("Expires=Thu, 01 Jan 1970 00:00:00 GMT");
  if (cookieSecure()) parts.push("Secure");
  return parts.join("; ");
}

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

// ---------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------

export type SessionRow = { id: string; userId: string; expiresAt: Date; lastSeenAt: Date };

export function sessionCookie(token: string): string {
  return serializeCookie(SESSION_COOKIE, token, SESSION_TTL_SECONDS);
}

export function clearSessionCookie(): string {
  return serializeCookie(SESSION_COOKIE, "", 0);
}

export async function createSession(
  input: { userId: string; ip?: string | null; userAgent?: string | null },
  db: Db | Tx = getDb(),
): Promise<{ token: string; session: SessionRow; setCookie: string }> {
  const token = newToken();
  const now = new Date();
  const session = await db.session.create({
    data: {
      userId: input.userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000),
      lastSeenAt: now,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    },
    select: { id: true, userId: true, expiresAt: true, lastSeenAt: true },
  });
  // Opportunistic clean-up of this user's dead sessions.
  await db.session.deleteMany({ where: { userId: input.userId, expiresAt: { lt: now } } });
  return { token, session, setCookie: sessionCookie(token) };
}

/**
 * The live session behind the request's cookie, or null. An expired row is
 * deleted on sight. `refreshCookie` is set when the expiry slid forward, so
 * the caller (the root loader) can extend the cookie too.
 */
export async function readSession(
  request: Request,
): Promise<{ session: SessionRow; token: string; refreshCookie: string | null } | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return null;
  const db = getDb();
  const tokenHash = hashToken(token);
  const session = await db.session.findUnique({
    where: { tokenHash },
    select: { id: true, userId: true, expiresAt: true, lastSeenAt: true },
  });
  if (!session) return null;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now - session.lastSeenAt.getTime() < TOUCH_INTERVAL_MS) return { session, token, refreshCookie: null };
  const touched = { lastSeenAt: new Date(now), expiresAt: new Date(now + SESSION_TTL_SECONDS * 1000) };
  await db.session.updateMany({ where: { id: session.id }, data: touched });
  return { session: { ...session, ...touched }, token, refreshCookie: sessionCookie(token) };
}

export async function deleteSessionByToken(token: string): Promise<void> {
  await getDb().session.deleteMany({ where: { tokenHash: hashToken(token) } });
}
