// Real Request objects for calling route loaders and actions directly, with
// the cookies and CSRF tokens a browser would send.
import { issueCsrfToken, CSRF_COOKIE } from "~/server/auth/csrf.server.ts";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import { createSession, newToken, SESSION_COOKIE } from "~/server/auth/session.server.ts";

export const BASE_URL = "http://localhost:3000";

/** CSRF tokens are HMACs under SESSION_SECRET; tests get a fixed one unless the environment sets it. */
export function ensureTestSecret(): void {
  if (!process.env.SESSION_SECRET) {
    process.env.SESSION_SECRET = "test-session-secret-0123456789abcdef0123456789";
    resetEnvForTests();
  }
}

/** A browser's cookie jar: a pre-session CSRF cookie, plus a session when signed in. */
export type Browser = { cookie: string; csrf: string; sessionToken: string | null };

export function anonymousBrowser(): Browser {
  ensureTestSecret();
  const cookie = `${CSRF_COOKIE}=${newToken()}`;
  const { token } = issueCsrfToken(new Request(BASE_URL, { headers: { Cookie: cookie } }), { signedIn: false });
  return { cookie, csrf: token, sessionToken: null };
}

export async function signedInBrowser(userId: string): Promise<Browser> {
  ensureTestSecret();
  const { token } = await createSession({ userId });
  const cookie = `${CSRF_COOKIE}=${newToken()}; ${SESSION_COOKIE}=${token}`;
  const csrf = issueCsrfToken(new Request(BASE_URL, { headers: { Cookie: cookie } }), { signedIn: true }).token;
  return { cookie, csrf, sessionToken: token };
}

export function getRequest(path: string, browser?: Browser | null, headers: Record<string, string> = {}): Request {
  return new Request(new URL(path, BASE_URL), { headers: { ...(browser ? { Cookie: browser.cookie } : {}), ...headers } });
}

/**
 * A form POST. `csrf`: "valid" (default), "missing", or a literal token.
 * `origin`: the Origin header (same origin by default; null for none).
 */
export function postForm(
  path: string,
  fields: Record<string, string>,
  options: { browser?: Browser | null; csrf?: "valid" | "missing" | string; origin?: string | null; headers?: Record<string, string> } = {},
): Request {
  const body = new URLSearchParams(fields);
  const csrf = options.csrf ?? "valid";
  if (csrf === "valid") {
    if (!options.browser) throw new Error("a valid CSRF token needs a browser");
    body.set("csrf", options.browser.csrf);
  } else if (csrf !== "missing") {
    body.set("csrf", csrf);
  }
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", ...options.headers };
  if (options.browser) headers.Cookie = options.browser.cookie;
  const origin = options.origin === undefined ? BASE_URL : options.origin;
  if (origin) headers.Origin = origin;
  return new Request(new URL(path, BASE_URL), { method: "POST", body, headers });
}

/** The value of a Set-Cookie for `name` in a response, or null. */
export function setCookieValue(response: Response, name: string): string | null {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [k, v] = (pair ?? "").split("=");
    if (k?.trim() === name) return v ?? "";
  }
  return null;
}
