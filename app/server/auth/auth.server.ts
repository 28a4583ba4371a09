// Authentication and the guards every loader and action starts with:
// getUser (value or null), requireUser (redirects to /login), requireRole
// (404 for the wrong role: deny by default, do not reveal what exists).
import { redirect } from "@remix-run/node";
import { findPasswordWeakness, type PasswordWeakness } from "~/domain/password-rules.ts";
import { isWithinPath, type Role } from "~/domain/roles.ts";
import { resolveLocale, t, type Locale } from "~/i18n/t.ts";
import type { Prisma, Role as PrismaRole } from "~/generated/prisma/client.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { getEnv } from "~/server/platform/env.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "./password.server.ts";
import { claimBackoffAttempt, clearBackoff, consumeRateLimit, refundRateLimit, type BackoffPolicy } from "./rate-limit.server.ts";
import {
  SESSION_COOKIE,
  clearSessionCookie,
  createSession,
  deleteSessionByToken,
  readCookie,
  readSession,
} from "./session.server.ts";

// The domain's role list and the database enum must stay the same set.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rolesMatch: Same<Role, PrismaRole> = true;
void rolesMatch;

const log = createLogger("auth");

const userSelect = {
  id: true,
  username: true,
  displayName: true,
  locale: true,
  status: true,
  mustChangePassword: true,
  roles: {
    select: {
      role: true,
      orgUnitId: true,
      orgUnit: { select: { id: true, kind: true, name: true, shortName: true, path: true, parentId: true, grade: true } },
    },
  },
  studentProfile: { select: { classId: true } },
} satisfies Prisma.UserSelect;

export type AuthUser = Prisma.UserGetPayload<{ select: typeof userSelect }>;
export type AuthState = { user: AuthUser; sessionId: string; refreshCookie: string | null };

// One lookup per request even though the root loader and the route loader
// both ask (they receive the same Request object).
const perRequest = new WeakMap<Request, Promise<AuthState | null>>();

export function getAuth(request: Request): Promise<AuthState | null> {
  let pending = perRequest.get(request);
  if (!pending) {
    pending = loadAuth(request);
    perRequest.set(request, pending);
  }
  return pending;
}

async function loadAuth(request: Request): Promise<AuthState | null> {
  const found = await readSession(request);
  if (!found) return null;
  const user = await getDb().user.findUnique({ where: { id: found.session.userId }, select: userSelect });
  if (!user || user.status !== "ACTIVE") {
    await deleteSessionByToken(found.token);
    return null;
  }
  return { user, sessionId: found.session.id, refreshCookie: found.refreshCookie };
}

export async function getUser(request: Request): Promise<AuthUser | null> {
  return (await getAuth(request))?.user ?? null;
}

export function notFound(): Response {
  return new Response("Not Found", { status: 404, statusText: "Not Found" });
}

/** A base no real request has: only relative references resolve to it. */
const REDIRECT_BASE = "http://same.invalid";
const MAX_REDIRECT_LENGTH = 2048;

/**
 * A same-origin path to go to after login; anything else becomes `fallback`.
 * The input is resolved the way a browser would (WHATWG URL: dot segments and
 * their %2e forms, "\" as "/", tabs and newlines dropped), and the RESULT is
 * checked and returned, never the raw input: "/.//evil.example" resolves to
 * the path "//evil.example", which a browser reads as another host.
 */
export function safeRedirect(to: unknown, fallback = "/home"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > MAX_REDIRECT_LENGTH) return fallback;
  let url: URL;
  try {
    url = new URL(to, REDIRECT_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== REDIRECT_BASE || !url.pathname.startsWith("/") || url.pathname.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}

function currentPath(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

export function loginPath(redirectTo?: string): string {
  const target = safeRedirect(redirectTo, "");
  return target && target !== "/" && target !== "/home" ? `/login?redirectTo=${encodeURIComponent(target)}` : "/login";
}

/**
 * The signed-in session, or a redirect to /login (and back here afterwards).
 * Accounts that must choose a new password are sent to /change-password
 * first, except from that page itself.
 */
export async function requireAuth(request: Request, options: { allowPasswordChange?: boolean } = {}): Promise<AuthState> {
  const auth = await getAuth(request);
  if (!auth) throw redirect(loginPath(currentPath(request)));
  if (auth.user.mustChangePassword && !options.allowPasswordChange) {
    throw redirect(`/change-password?redirectTo=${encodeURIComponent(currentPath(request))}`);
  }
  return auth;
}

export async function requireUser(request: Request, options: { allowPasswordChange?: boolean } = {}): Promise<AuthUser> {
  return (await requireAuth(request, options)).user;
}

/** The locale for this request: the user's setting, else Accept-Language, else zh-CN. */
export async function getLocale(request: Request): Promise<Locale> {
  const user = await getUser(request);
  return resolveLocale({ userLocale: user?.locale, acceptLanguage: request.headers.get("Accept-Language") });
}

export function userRoles(user: Pick<AuthUser, "roles">): Role[] {
  return [...new Set(user.roles.map((r) => r.role))];
}

export function hasRole(user: Pick<AuthUser, "roles">, roles: readonly Role[]): boolean {
  return user.roles.some((r) => roles.includes(r.role));
}

export type RoleScope = { role: Role; unit: { id: string; kind: string; name: string; shortName: string | null; path: string; grade: number | null } };

/**
 * The org units where the user holds one of `roles`, read from the database
 * (not from a possibly stale user object), for data functions that scope
 * queries to a subtree.
 */
export async function getRoleScopes(userId: string, roles: readonly Role[]): Promise<RoleScope[]> {
  const rows = await getDb().roleAssignment.findMany({
    where: { userId, role: { in: [...roles] }, user: { status: "ACTIVE" } },
    orderBy: { createdAt: "asc" },
    select: { role: true, orgUnit: { select: { id: true, kind: true, name: true, shortName: true, path: true, grade: true } } },
  });
  return rows.map((r) => ({ role: r.role, unit: r.orgUnit }));
}

/** Whether one of the scopes covers the unit (the unit itself or an ancestor). */
export function scopeCovers(scopes: readonly RoleScope[], unitPath: string): boolean {
  return scopes.some((s) => isWithinPath(unitPath, s.unit.path));
}

/** The user if they hold one of `roles`; otherwise 404 (the page "does not exist" for them). */
export async function requireRole(request: Request, roles: readonly Role[]): Promise<AuthUser> {
  const user = await requireUser(request);
  if (!hasRole(user, roles)) throw notFound();
  return user;
}

/**
 * The client address as the HTTP server saw it (express `req.ip`, which
 * honours its trust-proxy setting), passed in the load context. Headers are
 * not trusted here: X-Forwarded-For is whatever the client typed.
 */
export function getClientIp(context: unknown): string | null {
  const ip = (context as { clientIp?: unknown } | null | undefined)?.clientIp;
  return typeof ip === "string" && ip.length > 0 && ip.length <= 64 ? ip : null;
}

// ---------------------------------------------------------------------------
// Login / logout / password
// ---------------------------------------------------------------------------

/** Full-width digits and letters from Chinese input methods become ASCII. */
export function normaliseIdentifier(identifier: string): string {
  return identifier.normalize("NFKC").trim();
}

/**
 * Characters no username or phone number has: control characters (a NUL
 * makes PostgreSQL refuse the whole query), lone surrogates, and U+FFFD,
 * which is what a form decoder leaves of bytes that were not UTF-8.
 */
const UNUSABLE_IN_IDENTIFIER = /[\p{Cc}\p{Cs}\uFFFD]/u;

function normalisePhone(identifier: string): string | null {
  const digits = identifier.replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
  return /^1\d{10}$/.test(digits) ? digits : null;
}

async function findLoginUser(identifier: string) {
  const lower = identifier.toLowerCase();
  const phone = normalisePhone(identifier);
  const candidates = await getDb().user.findMany({
    where: { OR: [{ username: { in: [identifier, lower] } }, ...(phone ? [{ phone }] : [])] },
    select: { id: true, username: true, phone: true, passwordHash: true, status: true, mustChangePassword: true },
    take: 3,
  });
  return (
    candidates.find((u) => u.username === identifier) ??
    candidates.find((u) => u.username === lower) ??
    candidates.find((u) => phone !== null && u.phone === phone) ??
    null
  );
}

// ---------------------------------------------------------------------------
// Login limits. Two buckets per password check, both counting FAILURES only:
// - the account: keyed on the account found (every spelling of a phone number,
//   any letter case, is one bucket), or for a name nobody has on its
//   normalised form, with the same policy, so the answers do not tell which
//   exist. Growing delays instead of a lockout: a stranger's guesses hold a
//   child up for seconds at first, at most 15 minutes, never a fixed lockout
//   the stranger can renew for free.
// - the client address: a hard cap per window at a multiple of
//   LOGIN_RATE_LIMIT, since a classroom shares one address behind the school's
//   NAT; its correct logins are handed back, so 60 children signing in
//   together never use it up.
// Both are claimed before the password is checked (parallel guesses cannot
// slip in under one count) and settled after.
// ---------------------------------------------------------------------------

/** A classroom shares one address behind the school's NAT: the per-address cap is this many times LOGIN_RATE_LIMIT. */
export const LOGIN_IP_LIMIT_FACTOR = 10;

/** Five failures free, then waits of 2, 4, 8 … seconds, at most 15 minutes; forgotten a day after the last failure. */
export const LOGIN_BACKOFF: BackoffPolicy = { freeFailures: 5, maxDelaySeconds: 15 * 60, memorySeconds: 24 * 60 * 60 };

type LimitedAccount = { userId: string } | { identifier: string };

function accountLimitKey(account: LimitedAccount): string {
  if ("userId" in account) return `login:user:${account.userId}`;
  const name = normalisePhone(account.identifier) ?? account.identifier.toLowerCase();
  return `login:name:${name.slice(0, 100)}`;
}

type PasswordCheck =
  | { ok: false; retryAfterSeconds: number }
  | { ok: true; succeeded(): Promise<void>; failed(): void };

async function beginPasswordCheck(input: { account: LimitedAccount; ip: string | null }): Promise<PasswordCheck> {
  const env = getEnv();
  const ipKey = input.ip ? `login:ip:${input.ip}` : null;
  const ipLimit = env.LOGIN_RATE_LIMIT * LOGIN_IP_LIMIT_FACTOR;
  const address = ipKey ? await consumeRateLimit({ key: ipKey, limit: ipLimit, windowSeconds: env.LOGIN_RATE_WINDOW_SECONDS }) : null;
  const refundAddress = () => (ipKey && address ? refundRateLimit({ key: ipKey, windowStart: address.windowStart }) : Promise.resolve());
  if (address && !address.allowed) {
    // Log the first refused attempt of a window, not every one of a flood.
    if (address.count === ipLimit + 1) log.warn("login failures from one address reached the cap", { ip: input.ip });
    return { ok: false, retryAfterSeconds: address.retryAfterSeconds };
  }
  const accountKey = accountLimitKey(input.account);
  const claim = await claimBackoffAttempt(accountKey, LOGIN_BACKOFF);
  if (!claim.allowed) {
    // No password was checked: this attempt does not count against the address.
    await refundAddress();
    return { ok: false, retryAfterSeconds: claim.retryAfterSeconds };
  }
  return {
    ok: true,
    succeeded: async () => {
      await Promise.all([clearBackoff(accountKey), refundAddress()]);
    },
    // The claim already counted the failure; say so once per account, when the delays begin.
    failed: () => {
      if (claim.failures !== LOGIN_BACKOFF.freeFailures) return;
      const account = "userId" in input.account ? input.account.userId : "(a name nobody has)";
      log.warn("login failures for one account: delays begin", { account, ip: input.ip });
    },
  };
}

/** "请 2 秒后再试" under a minute, else whole minutes rounded up. */
export function retryAfterMessage(locale: Locale, retryAfterSeconds: number): string {
  if (retryAfterSeconds < 60) return t(locale, "login.error.rateLimitedSeconds", { seconds: Math.max(1, retryAfterSeconds) });
  return t(locale, "login.error.rateLimited", { minutes: Math.ceil(retryAfterSeconds / 60) });
}

export type LoginResult =
  | { ok: true; userId: string; mustChangePassword: boolean; setCookie: string }
  | { ok: false; error: "invalid" | "disabled" | "bad_characters" }
  | { ok: false; error: "rate_limited"; retryAfterSeconds: number };

export async function login(input: {
  identifier: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  previousToken?: string | null;
}): Promise<LoginResult> {
  if (UNUSABLE_IN_IDENTIFIER.test(input.identifier)) {
    log.warn("login refused: the identifier has control or invalid characters", { ip: input.ip });
    return { ok: false, error: "bad_characters" };
  }
  const identifier = normaliseIdentifier(input.identifier);
  const user = await findLoginUser(identifier);
  const check = await beginPasswordCheck({ account: user ? { userId: user.id } : { identifier }, ip: input.ip });
  if (!check.ok) return { ok: false, error: "rate_limited", retryAfterSeconds: check.retryAfterSeconds };

  // Unknown users cost one scrypt too, so timing does not reveal who exists.
  const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid) {
    check.failed();
    await audit({
      actorId: user?.id ?? null,
      action: "auth.login_failed",
      subjectType: "User",
      subjectId: user?.id ?? null,
      data: { reason: user ? "bad_password" : "unknown_user" },
      ip: input.ip,
    });
    return { ok: false, error: "invalid" };
  }
  await check.succeeded();
  if (user.status !== "ACTIVE") {
    await audit({ actorId: user.id, action: "auth.login_failed", subjectType: "User", subjectId: user.id, data: { reason: "disabled" }, ip: input.ip });
    return { ok: false, error: "disabled" };
  }

  const { setCookie } = await getDb().$transaction(async (tx) => {
    const created = await createSession({ userId: user.id, ip: input.ip, userAgent: input.userAgent }, tx);
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await audit({ actorId: user.id, action: "auth.login", subjectType: "Session", subjectId: created.session.id, ip: input.ip }, tx);
    return created;
  });
  // A new token on every login (no session fixation); the old one dies.
  if (input.previousToken) await deleteSessionByToken(input.previousToken);
  return { ok: true, userId: user.id, mustChangePassword: user.mustChangePassword, setCookie };
}

/** Deletes the session row (if any) and returns the cookie that clears it. */
export async function logout(request: Request, context?: unknown): Promise<string> {
  const token = readCookie(request, SESSION_COOKIE);
  if (token) {
    const auth = await getAuth(request);
    await deleteSessionByToken(token);
    if (auth) {
      await audit({ actorId: auth.user.id, action: "auth.logout", subjectType: "Session", subjectId: auth.sessionId, ip: getClientIp(context) });
    }
  }
  return clearSessionCookie();
}

export type ChangePasswordResult =
  | { ok: true }
  | { ok: false; error: "wrong_current" | "same_as_current" }
  | { ok: false; error: "weak"; weakness: PasswordWeakness }
  | { ok: false; error: "rate_limited"; retryAfterSeconds: number };

/**
 * Sets a new password, clears mustChangePassword and signs out every other
 * session. The current password is checked under the login limits of this
 * account (one count: a stolen session must not become a faster way to guess).
 */
export async function changePassword(input: {
  userId: string;
  sessionId: string;
  currentPassword: string;
  newPassword: string;
  ip: string | null;
}): Promise<ChangePasswordResult> {
  const db = getDb();
  const user = await db.user.findUniqueOrThrow({ where: { id: input.userId }, select: { passwordHash: true, username: true, phone: true } });
  const check = await beginPasswordCheck({ account: { userId: input.userId }, ip: input.ip });
  if (!check.ok) return { ok: false, error: "rate_limited", retryAfterSeconds: check.retryAfterSeconds };
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    check.failed();
    return { ok: false, error: "wrong_current" };
  }
  await check.succeeded();
  if (input.currentPassword === input.newPassword) return { ok: false, error: "same_as_current" };
  const weakness = findPasswordWeakness(input.newPassword, { username: user.username, phone: user.phone });
  if (weakness) return { ok: false, error: "weak", weakness };
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    // The printed initial password is no longer the password: its sealed copy goes (slips then say so).
    await tx.user.update({ where: { id: input.userId }, data: { passwordHash, mustChangePassword: false, initialPasswordEnc: null } });
    await tx.session.deleteMany({ where: { userId: input.userId, id: { not: input.sessionId } } });
    await audit({ actorId: input.userId, action: "auth.password_changed", subjectType: "User", subjectId: input.userId, ip: input.ip }, tx);
  });
  return { ok: true };
}
