// Guardians and consent through the real routes (/guardian/register,
// /guardian/children, /guardian/children/:studentId, /me/consent, the login
// and the class accounts page): a guardian registers with a child's link
// code, signs in with the phone, links a second child, gives and withdraws
// consent (each change a record with the right actor); a child cannot change
// consent; the eleventh child is refused; wrong, mistyped, used and expired
// codes each get their own words; guessing is slowed; a guardian sees only
// their own children; a teacher revokes a link made by mistake.
import { beforeAll, describe, expect, it } from "vitest";
import { currentConsent } from "~/server/people/consent.server.ts";
import { action as registerAction, loader as registerLoader } from "~/routes/guardian.register.tsx";
import { action as childrenAction, loader as childrenLoader } from "~/routes/guardian.children.tsx";
import { action as consentAction, loader as consentLoader } from "~/routes/guardian.children_.$studentId.tsx";
import { loader as myConsentLoader } from "~/routes/me.consent.tsx";
import { action as accountsAction } from "~/routes/classes.$classId_.accounts.tsx";
import { action as loginAction } from "~/routes/login.tsx";
import { generateLinkCode, formatLinkCode } from "~/domain/intake/credentials.ts";
import { CONSENT_TEXT_VERSION } from "~/domain/consent.ts";
import { getDb } from "~/server/db/db.server.ts";
import type { ConsentPage, GuardianChildren } from "~/view-models/people.ts";
import { createOrgTree, createStudentWithLinkCode, createUser, linkGuardian, type OrgTree, type TestUser } from "../factories/index.ts";
import { anonymousBrowser, ensureTestSecret, getRequest, postForm, signedInBrowser, type Browser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";

type Answer = { formError: string | null; fieldErrors: Record<string, string> };

let tree: OrgTree;
let first: TestUser & { linkCode: string };
let second: TestUser & { linkCode: string };
const PHONE = "13912345678";
const PASSWORD = "葡萄架下数星星吧";
let ipCounter = 0;
/** Each test its own address, so that the per-address limit of one does not leak into another. */
const freshContext = () => ({ clientIp: `10.9.0.${++ipCounter}` });

function register(fields: Record<string, string>, context = freshContext()) {
  const form = { phone: PHONE, password: PASSWORD, confirmPassword: PASSWORD, relation: "GRANDPARENT", displayName: "", linkCode: "", ...fields };
  return run<Answer>(() => registerAction({ request: postForm("/guardian/register", form, { browser: anonymousBrowser(), headers: { "User-Agent": "Mozilla/5.0 MicroMessenger/8.0" } }), params: {}, context }));
}

function linkChild(browser: Browser, linkCode: string, context = freshContext()) {
  return run<Answer>(() => childrenAction({ request: postForm("/guardian/children", { linkCode, relation: "MOTHER" }, { browser }), params: {}, context }));
}

function changeConsent(browser: Browser, studentId: string, scope: string, action: string, context = freshContext()) {
  return run<{ ok: boolean; message: string }>(() =>
    consentAction({
      request: postForm(`/guardian/children/${studentId}`, { scope, action, textVersion: CONSENT_TEXT_VERSION }, { browser, headers: { "User-Agent": "Mozilla/5.0 MicroMessenger/8.0" } }),
      params: { studentId },
      context,
    }),
  );
}

/** A code with a valid check character that no child has. */
function unknownCode(): string {
  return generateLinkCode();
}

/** One symbol changed: the check character no longer agrees. */
function mistyped(code: string): string {
  const swap = code[0] === "A" ? "C" : "A";
  return swap + code.slice(1);
}

beforeAll(async () => {
  ensureTestSecret();
  tree = await createOrgTree();
  first = await createStudentWithLinkCode({ classUnit: tree.classA, displayName: "王梓涵" });
  second = await createStudentWithLinkCode({ classUnit: tree.otherClass, displayName: "王梓睿" });
});

describe("a grandparent registers with the code on the slip", () => {
  let guardianId = "";

  it("creates the account, the role, the link and uses up the code, in one go, and signs in", async () => {
    // As typed from the slip: lower case, with the dashes.
    const result = await register({ linkCode: formatLinkCode(first.linkCode).toLowerCase(), displayName: "梓涵奶奶" });
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe(`/guardian/children/${first.id}?welcome=1`);
    expect(result.headers.get("Set-Cookie")).toMatch(/^__session=/);
    const guardian = await getDb().user.findUniqueOrThrow({ where: { phone: PHONE }, select: { id: true, username: true, displayName: true, roles: true, guardianOf: true } });
    guardianId = guardian.id;
    expect(guardian.displayName).toBe("梓涵奶奶");
    expect(guardian.username).toMatch(/^jz[2-9]{8}$/);
    expect(guardian.roles).toMatchObject([{ role: "GUARDIAN", orgUnitId: tree.county.id }]);
    expect(guardian.guardianOf).toMatchObject([{ studentId: first.id, relation: "GRANDPARENT" }]);
    const profile = await getDb().studentProfile.findUniqueOrThrow({ where: { userId: first.id } });
    expect(profile.linkCodeEnc).toBeNull();
    expect(profile.linkCodeHash).not.toBeNull();
    expect(await getDb().auditLog.count({ where: { action: "people.guardian_registered", actorId: guardian.id } })).toBe(1);
  });

  it("then signs in with the phone number and the password", async () => {
    const result = await run(() =>
      loginAction({ request: postForm("/login", { identifier: "139 1234 5678", password: PASSWORD, redirectTo: "/home" }, { browser: anonymousBrowser() }), params: {}, context: freshContext() }),
    );
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe("/home");
  });

  it("links a second child and switches between them", async () => {
    const browser = await signedInBrowser(guardianId);
    const result = await linkChild(browser, second.linkCode);
    expect(result.status).toBe(302);
    expect(result.headers.get("Location")).toBe(`/guardian/children/${second.id}?linked=1`);
    const list = await run<{ children: GuardianChildren }>(() => childrenLoader({ request: getRequest("/guardian/children", browser), params: {}, context: freshContext() }));
    expect(list.data!.children.children.map((c) => c.name)).toEqual(["王梓涵", "王梓睿"]);
    const page = await run<{ siblings: { id: string }[] }>(() => consentLoader({ request: getRequest(`/guardian/children/${second.id}`, browser), params: { studentId: second.id }, context: freshContext() }));
    expect(page.data!.siblings.map((s) => s.id)).toEqual([first.id, second.id]);
  });

  it("gives and withdraws consent; every change is a record of who, when, what words, from where", async () => {
    const browser = await signedInBrowser(guardianId);
    const context = freshContext();
    expect((await changeConsent(browser, first.id, "PUBLIC_WORK", "GIVEN", context)).data).toMatchObject({ ok: true });
    expect((await changeConsent(browser, first.id, "PUBLIC_NAME", "GIVEN", context)).data).toMatchObject({ ok: true });
    // A second tap on a slow phone changes nothing.
    expect((await changeConsent(browser, first.id, "PUBLIC_NAME", "GIVEN", context)).data).toMatchObject({ ok: false });
    let current = await currentConsent(first.id);
    expect(current.effective).toEqual({ work: true, name: true, feedback: false });
    expect((await changeConsent(browser, first.id, "PUBLIC_WORK", "WITHDRAWN", context)).data).toMatchObject({ ok: true });
    current = await currentConsent(first.id);
    expect(current.scopes.PUBLIC_WORK.state).toBe("withdrawn");
    expect(current.effective).toEqual({ work: false, name: false, feedback: false });

    const records = await getDb().consentRecord.findMany({ where: { studentId: first.id }, orderBy: { createdAt: "asc" } });
    expect(records.map((r) => [r.scope, r.action, r.givenById])).toEqual([
      ["PUBLIC_WORK", "GIVEN", guardianId],
      ["PUBLIC_NAME", "GIVEN", guardianId],
      ["PUBLIC_WORK", "WITHDRAWN", guardianId],
    ]);
    for (const r of records) {
      expect(r.textVersion).toBe(CONSENT_TEXT_VERSION);
      expect(r.ip).toBe(context.clientIp);
      expect(r.userAgent).toContain("MicroMessenger");
    }
    expect(await getDb().auditLog.count({ where: { action: "consent.changed", subjectId: first.id } })).toBe(3);

    const page = await run<{ page: ConsentPage }>(() => consentLoader({ request: getRequest(`/guardian/children/${first.id}`, browser), params: { studentId: first.id }, context }));
    expect(page.data!.page.history.map((h) => [h.scope, h.action, h.by])).toEqual([
      ["PUBLIC_WORK", "WITHDRAWN", { self: true }],
      ["PUBLIC_NAME", "GIVEN", { self: true }],
      ["PUBLIC_WORK", "GIVEN", { self: true }],
    ]);
    expect(page.data!.page.maskedCaption).toBe("王*涵 · 实验小学 三年级");
  });

  it("refuses a choice made on words that have since changed", async () => {
    const browser = await signedInBrowser(guardianId);
    const result = await run<{ ok: boolean }>(() =>
      consentAction({ request: postForm(`/guardian/children/${first.id}`, { scope: "PUBLIC_FEEDBACK", action: "GIVEN", textVersion: "consent-2020-old" }, { browser }), params: { studentId: first.id }, context: freshContext() }),
    );
    expect(result.status).toBe(409);
    expect(await getDb().consentRecord.count({ where: { studentId: first.id, scope: "PUBLIC_FEEDBACK" } })).toBe(0);
  });

  it("does not let the child change consent, but shows them theirs and its history", async () => {
    const childBrowser = await signedInBrowser(first.id);
    const before = await getDb().consentRecord.count({ where: { studentId: first.id } });
    const posted = await changeConsent(childBrowser, first.id, "PUBLIC_WORK", "GIVEN");
    expect(posted.status).toBe(404);
    const read = await run(() => consentLoader({ request: getRequest(`/guardian/children/${first.id}`, childBrowser), params: { studentId: first.id }, context: freshContext() }));
    expect(read.status).toBe(404);
    expect(await getDb().consentRecord.count({ where: { studentId: first.id } })).toBe(before);

    const mine = await run<{ page: ConsentPage }>(() => myConsentLoader({ request: getRequest("/me/consent", childBrowser), params: {}, context: freshContext() }));
    expect(mine.data!.page.canChange).toBe(false);
    expect(mine.data!.page.scopes.PUBLIC_WORK.state).toBe("withdrawn");
    expect(mine.data!.page.history.map((h) => h.by)).toEqual([
      { self: false, relation: "GRANDPARENT", name: "梓涵奶奶" },
      { self: false, relation: "GRANDPARENT", name: "梓涵奶奶" },
      { self: false, relation: "GRANDPARENT", name: "梓涵奶奶" },
    ]);
  });

  it("does not let a teacher, another guardian or a stranger see or change a child's consent", async () => {
    const teacher = await createUser({ role: "TEACHER", orgUnitId: tree.classA.id });
    const otherGuardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id });
    for (const user of [teacher, otherGuardian]) {
      const browser = await signedInBrowser(user.id);
      expect((await changeConsent(browser, first.id, "PUBLIC_WORK", "GIVEN")).status).toBe(404);
      const read = await run(() => consentLoader({ request: getRequest(`/guardian/children/${first.id}`, browser), params: { studentId: first.id }, context: freshContext() }));
      expect(read.status).toBe(404);
    }
    const otherBrowser = await signedInBrowser(otherGuardian.id);
    const list = await run<{ children: GuardianChildren }>(() => childrenLoader({ request: getRequest("/guardian/children", otherBrowser), params: {}, context: freshContext() }));
    expect(list.data!.children.children).toEqual([]);
    const anonymous = await run(() => consentLoader({ request: getRequest(`/guardian/children/${first.id}`), params: { studentId: first.id }, context: freshContext() }));
    expect(anonymous.status).toBe(302);
  });
});

describe("link codes that do not work, each in its own words", () => {
  it("tells a mistyped character, a wrong shape, a wrong code, a used code and an expired code apart", async () => {
    const expired = await createStudentWithLinkCode({ classUnit: tree.classB, expiresAt: new Date(Date.now() - 60_000) });
    const cases: [string, string, string][] = [
      [mistyped(second.linkCode), "linkCode", "输错"],
      ["12345", "linkCode", "9 位"],
      [unknownCode(), "linkCode", "不对"],
      [first.linkCode, "linkCode", "已经用过"],
      [expired.linkCode, "linkCode", "过期"],
    ];
    for (const [code, field, words] of cases) {
      const result = await register({ linkCode: code, phone: "13800001111" });
      expect(result.status, code).toBeGreaterThanOrEqual(400);
      expect(result.data!.fieldErrors[field], code).toContain(words);
    }
    expect(await getDb().user.count({ where: { phone: "13800001111" } })).toBe(0);
    // The expired code was not used up.
    expect((await getDb().studentProfile.findUniqueOrThrow({ where: { userId: expired.id } })).linkCodeEnc).not.toBeNull();
  });

  it("refuses a phone number already registered and a weak password, using up nothing", async () => {
    const child = await createStudentWithLinkCode({ classUnit: tree.classB });
    const taken = await register({ linkCode: child.linkCode });
    expect(taken.status).toBe(409);
    expect(taken.data!.fieldErrors.phone).toContain("已经注册");
    const weak = await register({ linkCode: child.linkCode, phone: "13800002222", password: "12345678", confirmPassword: "12345678" });
    expect(weak.status).toBe(400);
    expect(weak.data!.fieldErrors.password).toBeTruthy();
    expect((await getDb().studentProfile.findUniqueOrThrow({ where: { userId: child.id } })).linkCodeEnc).not.toBeNull();
  });

  it("slows down guessing: after five wrong codes the account must wait, with Retry-After", async () => {
    const guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id });
    const browser = await signedInBrowser(guardian.id);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await linkChild(browser, unknownCode())).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    const limited = await linkChild(browser, unknownCode());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.data!.formError).toMatch(/秒后再试|分钟后再试/);
    // Typos are told at once and never counted: they give a guesser nothing.
    const typo = await linkChild(await signedInBrowser((await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id })).id), mistyped(second.linkCode));
    expect(typo.status).toBe(400);
  });

  it("slows down guessing from one address across accounts", async () => {
    const context = { clientIp: "10.77.0.1" };
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id });
      statuses.push((await linkChild(await signedInBrowser(guardian.id), unknownCode(), context)).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
    expect(statuses[30]).toBe(429);
  }, 120_000);

  it("gives the same code to only one of two guardians typing it at once", async () => {
    const child = await createStudentWithLinkCode({ classUnit: tree.classA });
    const [a, b] = await Promise.all([register({ linkCode: child.linkCode, phone: "13700000001" }), register({ linkCode: child.linkCode, phone: "13700000002" })]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    expect(await getDb().guardianLink.count({ where: { studentId: child.id } })).toBe(1);
  });
});

describe("at most ten children", () => {
  it("refuses the eleventh with a message, and uses up nothing", async () => {
    const guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id });
    for (let i = 0; i < 10; i++) {
      const child = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
      await linkGuardian({ guardianId: guardian.id, studentId: child.id });
    }
    const eleventh = await createStudentWithLinkCode({ classUnit: tree.classA });
    const result = await linkChild(await signedInBrowser(guardian.id), eleventh.linkCode);
    expect(result.status).toBe(409);
    expect(result.data!.formError).toContain("最多关联 10 个孩子");
    expect(await getDb().guardianLink.count({ where: { guardianId: guardian.id } })).toBe(10);
    expect((await getDb().studentProfile.findUniqueOrThrow({ where: { userId: eleventh.id } })).linkCodeEnc).not.toBeNull();
  });
});

describe("a teacher revokes a link made by mistake", () => {
  it("removes the link, audited; the guardian no longer sees the child", async () => {
    const child = await createStudentWithLinkCode({ classUnit: tree.classA, displayName: "李错连" });
    const guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id });
    const guardianBrowser = await signedInBrowser(guardian.id);
    expect((await linkChild(guardianBrowser, child.linkCode)).status).toBe(302);
    const link = await getDb().guardianLink.findFirstOrThrow({ where: { studentId: child.id, guardianId: guardian.id } });

    // Not the teacher of another class.
    const otherTeacher = await createUser({ role: "TEACHER", orgUnitId: tree.otherClass.id });
    const otherBrowser = await signedInBrowser(otherTeacher.id);
    const refused = await run(() =>
      accountsAction({ request: postForm(`/classes/${tree.otherClass.id}/accounts`, { intent: "revoke", linkId: link.id }, { browser: otherBrowser }), params: { classId: tree.otherClass.id }, context: freshContext() }),
    );
    expect(refused.status).toBe(404);

    const teacher = await createUser({ role: "TEACHER", orgUnitId: tree.classA.id });
    const teacherBrowser = await signedInBrowser(teacher.id);
    const result = await run(() =>
      accountsAction({ request: postForm(`/classes/${tree.classA.id}/accounts`, { intent: "revoke", linkId: link.id }, { browser: teacherBrowser }), params: { classId: tree.classA.id }, context: freshContext() }),
    );
    expect(result.data).toMatchObject({ ok: true, kind: "revoked", childName: "李错连" });
    expect(await getDb().guardianLink.count({ where: { id: link.id } })).toBe(0);
    expect(await getDb().auditLog.count({ where: { action: "people.guardian_link_revoked", subjectId: link.id, actorId: teacher.id } })).toBe(1);
    const page = await run(() => consentLoader({ request: getRequest(`/guardian/children/${child.id}`, guardianBrowser), params: { studentId: child.id }, context: freshContext() }));
    expect(page.status).toBe(404);
    // The code stays used: a new one comes from the teacher.
    expect((await linkChild(guardianBrowser, child.linkCode)).data!.fieldErrors.linkCode).toContain("已经用过");
  });
});

it("sends a signed-in person from the registration page to their children", async () => {
  const guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id });
  const browser = await signedInBrowser(guardian.id);
  const result = await run(() => registerLoader({ request: getRequest("/guardian/register", browser), params: {}, context: freshContext() }));
  expect(result.status).toBe(302);
  expect(result.headers.get("Location")).toBe("/guardian/children");
});
