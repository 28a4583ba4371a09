// Login, sessions, CSRF, rate limits and role guards, through the real route
// actions and loaders against this file's own database.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { action as loginAction, loader as loginLoader } from "~/routes/login.tsx";
import { action as logoutAction } from "~/routes/logout.tsx";
import { action as changePasswordAction } from "~/routes/change-password.tsx";
import { loader as rootLoader } from "~/root.tsx";
import { getUser, login, requireRole, requireUser, safeRedirect } from "~/server/auth/auth.server.ts";
import { createDb, getDb } from "~/server/db/db.server.ts";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import { consumeRateLimit } from "~/server/auth/rate-limit.server.ts";
import { SESSION_COOKIE, hashToken } from "~/server/auth/session.server.ts";
import { createOrgTree, createUser, type OrgTree, type TestUser } from "../factories/index.ts";
import { anonymousBrowser, getRequest, postForm, setCookieValue, signedInBrowser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";

const ctx = { clientIp: "203.0.113.7" };
const args = (request: Request, context: Record<string, unknown> = ctx) => ({ request, params: {}, context });

let tree: OrgTree;
let student: TestUser;

beforeAll(async () => {
  tree = await createOrgTree();
  student = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, phone: "13800138000", displayName: "张小明" });
});

beforeEach(async () => {
  // Every test starts with empty login counters.
  await getDb().rateLimitBucket.deleteMany();
});

type LoginData = { formError: string | null; fieldErrors: Record<string, string> };

async function postLogin(fields: Record<string, string>, options: Parameters<typeof postForm>[2] = {}, context = ctx) {
  const browser = options.browser ?? anonymousBrowser();
  return run<LoginData>(() => loginAction(args(postForm("/login", { redirectTo: "/home", ...fields }, { browser, ...options }), context)));
}

describe("login", () => {
  it("signs in with username and password: sets an httpOnly Lax cookie and stores only the token's hash", async () => {
    const res = await postLogin({ identifier: student.username, password: student.password });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/home");
    const line = res.response!.headers.getSetCookie().find((l) => l.startsWith(`${SESSION_COOKIE}=`))!;
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Lax/);
    expect(line).toMatch(/Path=\//);
    const token = setCookieValue(res.response!, SESSION_COOKIE)!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = await getDb().session.findUnique({ where: { tokenHash: hashToken(token) } });
    expect(session?.userId).toBe(student.id);
    expect(session?.ip).toBe(ctx.clientIp);
    expect(await getDb().session.count({ where: { tokenHash: token } })).toBe(0);
    const audit = await getDb().auditLog.findFirst({ where: { action: "auth.login", actorId: student.id } });
    expect(audit?.subjectId).toBe(session?.id);
  });

  it("signs in with the phone number too, even typed with full-width digits", async () => {
    const res = await postLogin({ identifier: "１３８００１３８０００", password: student.password });
    expect(res.status).toBe(302);
  });

  it("sets the Secure flag when COOKIE_SECURE is on", async () => {
    process.env.COOKIE_SECURE = "true";
    resetEnvForTests();
    try {
      const res = await postLogin({ identifier: student.username, password: student.password });
      expect(res.response!.headers.getSetCookie().find((l) => l.startsWith(`${SESSION_COOKIE}=`))).toMatch(/; Secure/);
    } finally {
      delete process.env.COOKIE_SECURE;
      resetEnvForTests();
    }
  });

  it("refuses a wrong password with 400 and the zh-CN message", async () => {
    const res = await postLogin({ identifier: student.username, password: "wrong-password" });
    expect(res.status).toBe(400);
    expect(res.data?.formError).toBe("用户名或密码不正确");
    expect(res.response).toBeNull();
    const audit = await getDb().auditLog.findFirst({ where: { action: "auth.login_failed", subjectId: student.id } });
    expect(audit?.data).toEqual({ reason: "bad_password" });
  });

  it("answers an unknown user with exactly the same status and message", async () => {
    const res = await postLogin({ identifier: "nobody-here", password: "whatever1" });
    expect(res.status).toBe(400);
    expect(res.data?.formError).toBe("用户名或密码不正确");
  });

  it("answers in English for an English browser", async () => {
    const res = await postLogin({ identifier: "nobody-here", password: "x" }, { headers: { "Accept-Language": "en-GB,en;q=0.9" } });
    expect(res.data?.formError).toBe("The username or password is not correct");
  });

  it("returns field errors for empty fields", async () => {
    const res = await postLogin({ identifier: "  ", password: "" });
    expect(res.status).toBe(400);
    expect(res.data?.fieldErrors).toEqual({ identifier: "请输入用户名或手机号", password: "请输入密码" });
  });

  it("refuses a disabled account (and says so only after a correct password)", async () => {
    const disabled = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, status: "DISABLED" });
    const wrong = await postLogin({ identifier: disabled.username, password: "nope-nope" });
    expect(wrong.data?.formError).toBe("用户名或密码不正确");
    const right = await postLogin({ identifier: disabled.username, password: disabled.password });
    expect(right.status).toBe(403);
    expect(right.data?.formError).toContain("停用");
    expect(await getDb().session.count({ where: { userId: disabled.id } })).toBe(0);
  });

  it("sends accounts that must change their password to /change-password", async () => {
    const fresh = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, mustChangePassword: true });
    const res = await postLogin({ identifier: fresh.username, password: fresh.password });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/change-password?redirectTo=%2Fhome");
  });

  // Each of these is "/" + something a browser resolves to "//evil.example" (another site):
  // dot segments, their percent-encoded forms, backslashes (WHATWG URLs treat "\" as "/"),
  // and tabs or newlines (removed by the URL parser wherever they are).
  const HOSTILE_REDIRECTS = [
    "//evil.example/x",
    "https://evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "/.//evil.example",
    "/.//evil.example/path?q=1#h",
    "/./\\evil.example",
    "/%2e//evil.example",
    "/%2E//evil.example",
    "/a/..//evil.example",
    "/a/%2e%2e//evil.example",
    "/a/.%2E//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/.\t//evil.example",
    "/a/.\r./\n/evil.example",
  ];

  it("never redirects off-site: the normalised path is what is checked and used", async () => {
    for (const to of HOSTILE_REDIRECTS) expect(safeRedirect(to), JSON.stringify(to)).toBe("/home");
    expect(safeRedirect("/home?as=TEACHER")).toBe("/home?as=TEACHER");
    // The normalised form is what comes back, never the raw input.
    expect(safeRedirect("/a/../classes/x?y=1#z")).toBe("/classes/x?y=1#z");
    expect(safeRedirect("/classes/\tx")).toBe("/classes/x");
  });

  it("never redirects off-site from the login page, by GET or POST, however redirectTo is encoded", async () => {
    const browser = await signedInBrowser(student.id);
    const sameSite = (location: string | null) => new URL(location ?? "", "http://ours.example").origin === "http://ours.example";
    for (const to of HOSTILE_REDIRECTS) {
      for (const query of [encodeURIComponent(to), to.replace(/[\t\n\r#]/g, encodeURIComponent)]) {
        const got = await run(() => loginLoader(args(getRequest(`/login?redirectTo=${query}`, browser))));
        expect(got.status).toBe(302);
        expect(got.headers.get("Location"), `GET ${query}`).toBe("/home");
      }
      const posted = await postLogin({ identifier: student.username, password: student.password, redirectTo: to });
      expect(posted.headers.get("Location"), `POST ${JSON.stringify(to)}`).toBe("/home");
      expect(sameSite(posted.headers.get("Location"))).toBe(true);
    }
    const fresh = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, mustChangePassword: true });
    const forced = await postLogin({ identifier: fresh.username, password: fresh.password, redirectTo: "/.//evil.example" });
    expect(forced.headers.get("Location")).toBe("/change-password?redirectTo=%2Fhome");
  });

  it("the login page redirects a signed-in user onwards", async () => {
    const browser = await signedInBrowser(student.id);
    const res = await run(() => loginLoader(args(getRequest("/login?redirectTo=%2Fclasses%2Fx", browser))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/classes/x");
  });
});

describe("CSRF", () => {
  it("refuses a login without a token, or with a wrong one, with 403", async () => {
    const browser = anonymousBrowser();
    const missing = await postLogin({ identifier: student.username, password: student.password }, { browser, csrf: "missing" });
    expect(missing.status).toBe(403);
    const other = anonymousBrowser(); // a token issued to another browser
    const wrong = await postLogin({ identifier: student.username, password: student.password }, { browser, csrf: other.csrf });
    expect(wrong.status).toBe(403);
    const garbage = await postLogin({ identifier: student.username, password: student.password }, { browser, csrf: "x".repeat(86) });
    expect(garbage.status).toBe(403);
  });

  it("refuses a login whose token has no cookie behind it", async () => {
    const browser = anonymousBrowser();
    const req = postForm("/login", { identifier: student.username, password: student.password, redirectTo: "/home", csrf: browser.csrf }, { csrf: "missing" });
    const res = await run(() => loginAction(args(req)));
    expect(res.status).toBe(403);
  });

  it("refuses a cross-origin Origin even with a valid token", async () => {
    const res = await postLogin({ identifier: student.username, password: student.password }, { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    const site = await postLogin({ identifier: student.username, password: student.password }, { headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(site.status).toBe(403);
  });

  it("accepts a request without Origin (older browsers) when the token is right", async () => {
    const res = await postLogin({ identifier: student.username, password: student.password }, { origin: null });
    expect(res.status).toBe(302);
  });

  it("refuses logout without a valid token and keeps the session", async () => {
    const browser = await signedInBrowser(student.id);
    const missing = await run(() => logoutAction(args(postForm("/logout", {}, { browser, csrf: "missing" }))));
    expect(missing.status).toBe(403);
    const foreign = await run(() => logoutAction(args(postForm("/logout", {}, { browser, origin: "https://evil.example" }))));
    expect(foreign.status).toBe(403);
    expect(await getUser(getRequest("/home", browser))).not.toBeNull();
  });

  it("refuses a password change without a valid token", async () => {
    const user = await createUser({ role: "TEACHER", orgUnitId: tree.classA.id });
    const browser = await signedInBrowser(user.id);
    const fields = { currentPassword: user.password, newPassword: "new-password-1", confirmPassword: "new-password-1", redirectTo: "/home" };
    const anon = anonymousBrowser();
    const res = await run(() => changePasswordAction(args(postForm("/change-password", fields, { browser, csrf: anon.csrf }))));
    expect(res.status).toBe(403);
  });

  it("binds the token rendered for a signed-in page to the session", async () => {
    const browser = await signedInBrowser(student.id);
    const root = await run<{ csrfToken: string; user: { displayName: string } | null }>(() => rootLoader(args(getRequest("/home", browser))));
    expect(root.data?.user?.displayName).toBe("张小明");
    // The rendered token works for this browser's logout...
    const ok = await run(() => logoutAction(args(postForm("/logout", {}, { browser, csrf: root.data!.csrfToken }))));
    expect(ok.status).toBe(302);
    // ...and asks the shared phone's browser to forget drafts, upload resume points and cached pages.
    expect(ok.headers.get("Clear-Site-Data")).toBe('"cache", "storage"');
  });

  it("gives a first-time visitor the pre-session cookie with the token", async () => {
    const root = await run<{ csrfToken: string; locale: string }>(() => rootLoader(args(getRequest("/login", null))));
    expect(root.headers.getSetCookie().some((l) => l.startsWith("__csrf=") && /HttpOnly/.test(l))).toBe(true);
    expect(root.data?.locale).toBe("zh-CN");
    expect(root.data?.csrfToken).toMatch(/^[A-Za-z0-9_-]{86}$/);
  });
});

describe("login limits", () => {
  // A per-address cap of 3 × 10 = 30 failures per window, so that the classroom test below has
  // more children than the cap allows failures.
  beforeAll(() => {
    process.env.LOGIN_RATE_LIMIT = "3";
    process.env.LOGIN_RATE_WINDOW_SECONDS = "600";
    resetEnvForTests();
  });
  afterAll(() => {
    delete process.env.LOGIN_RATE_LIMIT;
    delete process.env.LOGIN_RATE_WINDOW_SECONDS;
    resetEnvForTests();
  });

  /**
   * Time passing, without sleeping: an account's back-off row (windowStart = the epoch) remembers
   * its last failure as expiresAt − the memory period, so moving expiresAt back is the same as
   * waiting that long.
   */
  async function letTimePass(seconds: number) {
    const rows = await getDb().rateLimitBucket.findMany({ where: { windowStart: new Date(0) } });
    for (const row of rows) {
      await getDb().rateLimitBucket.update({
        where: { key_windowStart: { key: row.key, windowStart: row.windowStart } },
        data: { expiresAt: new Date(row.expiresAt.getTime() - seconds * 1000) },
      });
    }
  }

  const fromAddress = (n: number) => ({ clientIp: `198.18.0.${n}` });

  it("counts failures only: a child who signs in correctly again and again is never limited", async () => {
    for (let i = 0; i < 12; i++) {
      expect((await postLogin({ identifier: student.username, password: student.password })).status).toBe(302);
    }
  });

  it("after five failures makes each attempt wait 2 s, then 4 s …, at most 15 minutes, and says how long in zh-CN", async () => {
    const user = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
    for (let i = 0; i < 5; i++) expect((await postLogin({ identifier: user.username, password: `wrong-${i}` })).status).toBe(400);
    // Even the right password waits: otherwise the delay would not slow a guesser down.
    const sixth = await postLogin({ identifier: user.username, password: user.password });
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get("Retry-After")).toBe("2");
    expect(sixth.data?.formError).toBe("尝试次数太多，请 2 秒后再试。");

    await letTimePass(2);
    expect((await postLogin({ identifier: user.username, password: "wrong-6" })).status).toBe(400);
    const seventh = await postLogin({ identifier: user.username, password: user.password });
    expect(seventh.headers.get("Retry-After")).toBe("4");

    // Forty failures later the wait is capped at 15 minutes.
    await getDb().rateLimitBucket.updateMany({ where: { windowStart: new Date(0) }, data: { count: 40 } });
    const capped = await postLogin({ identifier: user.username, password: user.password });
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get("Retry-After"))).toBeGreaterThan(800);
    expect(Number(capped.headers.get("Retry-After"))).toBeLessThanOrEqual(900);
    expect(capped.data?.formError).toBe("尝试次数太多，请 15 分钟后再试。");
  });

  it("a correct password after the wait signs in and starts the count over", async () => {
    const user = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
    for (let i = 0; i < 5; i++) await postLogin({ identifier: user.username, password: `wrong-${i}` });
    await letTimePass(2);
    expect((await postLogin({ identifier: user.username, password: user.password })).status).toBe(302);
    for (let i = 0; i < 5; i++) expect((await postLogin({ identifier: user.username, password: `wrong-${i}` })).status).toBe(400);
  });

  it("a stranger's wrong passwords from many addresses hold the child up for seconds, not a 15-minute lockout", async () => {
    const user = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
    for (let i = 0; i < 11; i++) await postLogin({ identifier: user.username, password: `guess-${i}` }, {}, fromAddress(i + 1));
    const child = await postLogin({ identifier: user.username, password: user.password }, {}, fromAddress(200));
    expect(child.status).toBe(429);
    // Two seconds from the last failure; on a loaded machine some of them have passed already.
    expect(Number(child.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
    expect(Number(child.headers.get("Retry-After"))).toBeLessThanOrEqual(2);
    await letTimePass(2);
    expect((await postLogin({ identifier: user.username, password: user.password }, {}, fromAddress(200))).status).toBe(302);
  });

  it("spelling the phone number differently does not get around the account's limit", async () => {
    const spellings = ["13800138000", "+8613800138000", "+86 138 0013 8000", "138-0013-8000", "86 13800138000"];
    for (const identifier of spellings) expect((await postLogin({ identifier, password: "not-it" })).status).toBe(400);
    for (const identifier of ["１３８００１３８０００", "+86-138-0013-8000", student.username, student.username.toUpperCase()]) {
      const res = await postLogin({ identifier, password: student.password });
      expect(res.status, identifier).toBe(429);
    }
  });

  it("limits names that do not exist in the same way, so the answers do not reveal which exist", async () => {
    const ghost = `nobody-${Date.now()}`;
    for (let i = 0; i < 5; i++) expect((await postLogin({ identifier: ghost, password: "x" })).status).toBe(400);
    const refused = await postLogin({ identifier: ghost.toUpperCase(), password: "x" });
    expect(refused.status).toBe(429);
    const seconds = refused.headers.get("Retry-After");
    expect(["1", "2"]).toContain(seconds);
    expect(refused.data?.formError).toBe(`尝试次数太多，请 ${seconds} 秒后再试。`);
    // A phone number nobody has: its spellings share one bucket too.
    for (const identifier of ["13900000001", "+8613900000001", "139 0000 0001", "139-0000-0001", "8613900000001"]) {
      expect((await postLogin({ identifier, password: "x" })).status).toBe(400);
    }
    expect((await postLogin({ identifier: "+86 139-0000-0001", password: "x" })).status).toBe(429);
  });

  it("lets 60 children sign in correctly from one classroom address (successes never count against it)", async () => {
    const children = await Promise.all(Array.from({ length: 60 }, () => createUser({ role: "STUDENT", orgUnitId: tree.classB.id })));
    const classroom = { clientIp: "192.0.2.60" };
    for (const c of children) {
      expect((await postLogin({ identifier: c.username, password: c.password }, {}, classroom)).status).toBe(302);
    }
  });

  it("still caps failures from one address, at a multiple of the account limit, for every account", async () => {
    const context = { clientIp: "198.51.100.99" };
    let last = 0;
    for (let i = 0; i < 31; i++) {
      last = (await postLogin({ identifier: `ghost-${i}`, password: "x" }, {}, context)).status;
    }
    expect(last).toBe(429);
    const capped = await postLogin({ identifier: student.username, password: student.password }, {}, context);
    expect(capped.status).toBe(429);
    expect(Number(capped.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(capped.data?.formError).toMatch(/^尝试次数太多，请 \d+ (分钟|秒)后再试。$/);
    const other = await postLogin({ identifier: "ghost-x", password: "x" }, {}, { clientIp: "198.51.100.100" });
    expect(other.status).toBe(400);
  });

  it("refuses parallel guesses beyond the free failures (the attempt is claimed before the password is checked)", async () => {
    const user = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => postLogin({ identifier: user.username, password: `race-${i}` }, {}, fromAddress(100 + i))),
    );
    const checked = results.filter((r) => r.status === 400).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(results.every((r) => r.status === 400 || r.status === 429)).toBe(true);
  });

  it("applies the same limit to change-password's current-password check", async () => {
    const user = await createUser({ role: "TEACHER", orgUnitId: tree.classA.id });
    const browser = await signedInBrowser(user.id);
    const post = (currentPassword: string) =>
      run<{ fieldErrors: Record<string, string>; formError: string | null }>(() =>
        changePasswordAction(
          args(postForm("/change-password", { redirectTo: "/home", currentPassword, newPassword: "Dog7Moon2Rain", confirmPassword: "Dog7Moon2Rain" }, { browser })),
        ),
      );
    for (let i = 0; i < 5; i++) expect((await post(`wrong-${i}`)).data?.fieldErrors.currentPassword).toBe("当前密码不正确");
    const refused = await post(user.password);
    expect(refused.status).toBe(429);
    const seconds = refused.headers.get("Retry-After");
    expect(["1", "2"]).toContain(seconds);
    expect(refused.data?.formError).toBe(`尝试次数太多，请 ${seconds} 秒后再试。`);
    // One account, one count: signing in is held up as well.
    expect((await postLogin({ identifier: user.username, password: user.password })).status).toBe(429);
    await letTimePass(2);
    expect((await post(user.password)).status).toBe(302);
  });

  it("shares one counter between separate database clients (not in-process)", async () => {
    const url = process.env.DATABASE_URL!;
    const a = createDb(url, 2);
    const b = createDb(url, 2);
    try {
      const key = `test:shared:${Date.now()}`;
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await consumeRateLimit({ key, limit: 4, windowSeconds: 600 }, i % 2 === 0 ? a : b));
      expect(results.map((r) => r.count)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, false, false]);
      // Concurrent increments from both clients never lose an update.
      const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => consumeRateLimit({ key, limit: 4, windowSeconds: 600 }, i % 2 ? a : b)));
      expect(burst.map((r) => r.count).sort((x, y) => x - y)).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    } finally {
      await a.$disconnect();
      await b.$disconnect();
    }
  });
});

describe("bad input in the login form", () => {
  it("answers 400 with a zh-CN message, not a database error, for a NUL or another control character", async () => {
    for (const identifier of ["stu\u0000dent", "\u0000", "a\u0007b", "a\u001bb", "a\u007fb", "a\tb"]) {
      const res = await postLogin({ identifier, password: "whatever" });
      expect(res.status, JSON.stringify(identifier)).toBe(400);
      expect(res.data?.fieldErrors.identifier).toBe("用户名或手机号里有无法识别的字符，请重新输入");
    }
  });

  it("refuses a lone surrogate too, in the server function (a form decoder turns one into U+FFFD)", async () => {
    const result = await login({ identifier: "ab\ud800", password: "x", ip: null, userAgent: null });
    expect(result).toEqual({ ok: false, error: "bad_characters" });
    const replaced = await postLogin({ identifier: "ab\ufffd", password: "whatever" });
    expect(replaced.status).toBe(400);
    expect(replaced.data?.fieldErrors.identifier).toBe("用户名或手机号里有无法识别的字符，请重新输入");
  });

  it("logs a warning line without a stack, and no error", async () => {
    process.env.LOG_FORMAT = "json";
    resetEnvForTests();
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await postLogin({ identifier: "a\u0000b", password: "whatever" });
    } finally {
      spy.mockRestore();
      delete process.env.LOG_FORMAT;
      resetEnvForTests();
    }
    const logged = lines.map((l) => JSON.parse(l) as { level: string; message: string; stack?: string });
    expect(logged.some((l) => l.level === "warn")).toBe(true);
    expect(logged.filter((l) => l.level === "error")).toEqual([]);
    expect(lines.join("")).not.toMatch(/\n\s+at /);
  });
});

describe("sessions and guards", () => {
  it("requireUser redirects to /login with a same-origin redirectTo", async () => {
    const res = await run(() => requireUser(getRequest("/classes/abc?x=1", null)));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login?redirectTo=%2Fclasses%2Fabc%3Fx%3D1");
  });

  it("requireRole answers 404 for a role the user does not hold", async () => {
    const browser = await signedInBrowser(student.id);
    const res = await run(() => requireRole(getRequest("/admin", browser), ["ADMIN", "ORGANISER"]));
    expect(res.status).toBe(404);
    const ok = await requireRole(getRequest("/x", browser), ["STUDENT"]);
    expect(ok.id).toBe(student.id);
    expect(ok.roles[0]?.orgUnit.path).toBe(tree.classA.path);
  });

  it("logout deletes the session: the old cookie no longer signs in", async () => {
    const browser = await signedInBrowser(student.id);
    expect(await getUser(getRequest("/home", browser))).not.toBeNull();
    const res = await run(() => logoutAction(args(postForm("/logout", {}, { browser }))));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login");
    expect(setCookieValue(res.response!, SESSION_COOKIE)).toBe("");
    expect(await getDb().session.count({ where: { tokenHash: hashToken(browser.sessionToken!) } })).toBe(0);
    expect(await getUser(getRequest("/home", browser))).toBeNull();
    expect(await getDb().auditLog.count({ where: { action: "auth.logout", actorId: student.id } })).toBeGreaterThan(0);
  });

  it("refuses an expired session and deletes it", async () => {
    const browser = await signedInBrowser(student.id);
    const tokenHash = hashToken(browser.sessionToken!);
    await getDb().session.update({ where: { tokenHash }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getUser(getRequest("/home", browser))).toBeNull();
    expect(await getDb().session.count({ where: { tokenHash } })).toBe(0);
    const res = await run(() => requireUser(getRequest("/home", browser)));
    expect(res.headers.get("Location")).toBe("/login");
    // The root loader tells the browser to drop the dead cookie.
    const root = await run(() => rootLoader(args(getRequest("/home", browser))));
    expect(setCookieValue(root.response ?? new Response(null, { headers: root.headers }), SESSION_COOKIE)).toBe("");
  });

  it("slides the expiry forward at most every few minutes", async () => {
    const browser = await signedInBrowser(student.id);
    const tokenHash = hashToken(browser.sessionToken!);
    const before = await getDb().session.findUniqueOrThrow({ where: { tokenHash } });
    await run(() => rootLoader(args(getRequest("/home", browser))));
    const unchanged = await getDb().session.findUniqueOrThrow({ where: { tokenHash } });
    expect(unchanged.lastSeenAt).toEqual(before.lastSeenAt);
    const old = new Date(Date.now() - 10 * 60_000);
    await getDb().session.update({ where: { tokenHash }, data: { lastSeenAt: old, expiresAt: new Date(Date.now() + 60_000) } });
    const root = await run(() => rootLoader(args(getRequest("/home", browser))));
    const touched = await getDb().session.findUniqueOrThrow({ where: { tokenHash } });
    expect(touched.lastSeenAt.getTime()).toBeGreaterThan(old.getTime());
    expect(touched.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(setCookieValue(new Response(null, { headers: root.headers }), SESSION_COOKIE)).toBe(browser.sessionToken);
  });

  it("drops the session of a user who was disabled after signing in", async () => {
    const user = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
    const browser = await signedInBrowser(user.id);
    await getDb().user.update({ where: { id: user.id }, data: { status: "DISABLED" } });
    expect(await getUser(getRequest("/home", browser))).toBeNull();
    expect(await getDb().session.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("change password", () => {
  it("forces the change, checks the fields, then signs out other devices", async () => {
    const user = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, mustChangePassword: true });
    const browser = await signedInBrowser(user.id);
    const otherDevice = await signedInBrowser(user.id);
    const blocked = await run(() => requireUser(getRequest("/home", browser)));
    expect(blocked.headers.get("Location")).toBe("/change-password?redirectTo=%2Fhome");

    const post = (fields: Record<string, string>) =>
      run<{ fieldErrors: Record<string, string> }>(() =>
        changePasswordAction(args(postForm("/change-password", { redirectTo: "/home", ...fields }, { browser }))),
      );
    const short = await post({ currentPassword: user.password, newPassword: "short", confirmPassword: "short" });
    expect(short.status).toBe(400);
    expect(short.data?.fieldErrors.newPassword).toBe("新密码至少要 8 位");
    const mismatch = await post({ currentPassword: user.password, newPassword: "long-enough-1", confirmPassword: "long-enough-2" });
    expect(mismatch.data?.fieldErrors.confirmPassword).toBe("两次输入的新密码不一样");
    const wrong = await post({ currentPassword: "not-it", newPassword: "long-enough-1", confirmPassword: "long-enough-1" });
    expect(wrong.data?.fieldErrors.currentPassword).toBe("当前密码不正确");

    const done = await post({ currentPassword: user.password, newPassword: "long-enough-1", confirmPassword: "long-enough-1" });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/home");
    const after = await requireUser(getRequest("/home", browser));
    expect(after.mustChangePassword).toBe(false);
    expect(await getUser(getRequest("/home", otherDevice))).toBeNull();
    const relogin = await postLogin({ identifier: user.username, password: "long-enough-1" });
    expect(relogin.status).toBe(302);
  });

  it("refuses trivial new passwords with a zh-CN reason, and keeps the old one", async () => {
    const user = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, phone: "13700137000" });
    const browser = await signedInBrowser(user.id);
    const post = (newPassword: string) =>
      run<{ fieldErrors: Record<string, string> }>(() =>
        changePasswordAction(
          args(postForm("/change-password", { redirectTo: "/home", currentPassword: user.password, newPassword, confirmPassword: newPassword }, { browser })),
        ),
      );
    const cases: [string, string][] = [
      ["88888888", "新密码太简单了：不要全用同一个字符，也不要几个字符来回重复"],
      ["12345678", "新密码太简单了：不要用 12345678、abcdefgh 这样按顺序排的字符"],
      ["87654321", "新密码太简单了：不要用 12345678、abcdefgh 这样按顺序排的字符"],
      ["abcdefgh", "新密码太简单了：不要用 12345678、abcdefgh 这样按顺序排的字符"],
      [user.username, "新密码不能用自己的用户名或手机号"],
      ["13700137000", "新密码不能用自己的用户名或手机号"],
      ["woaini1314", "这个密码很多人在用，很容易被猜到，请换一个"],
      ["52013145", "这个密码很多人在用，很容易被猜到，请换一个"],
    ];
    for (const [password, message] of cases) {
      const res = await post(password);
      expect(res.status, password).toBe(400);
      expect(res.data?.fieldErrors.newPassword, password).toBe(message);
    }
    expect((await postLogin({ identifier: user.username, password: user.password })).status).toBe(302);
  });
});
