// The county's organisation and staff through the real routes (/admin/org,
// /admin/org/import, /admin/people): classes in grade order, units added
// with generated codes, a sheet of schools and classes previewed and
// imported once, staff appointed by phone (new accounts with a readable
// first password), disabled (sessions end at once), reset; every change
// audited; an organiser acts only in their own county.
import { beforeAll, describe, expect, it } from "vitest";
import { action as orgAction, loader as orgLoader } from "~/routes/admin.org.tsx";
import { action as importAction } from "~/routes/admin.org_.import.tsx";
import { action as peopleAction, loader as peopleLoader } from "~/routes/admin.people.tsx";
import { action as loginAction } from "~/routes/login.tsx";
import { loader as homeLoader } from "~/routes/home.tsx";
import { getDb } from "~/server/db/db.server.ts";
import type { OrgImportResult, OrgTreeView, PeopleActionResult, PeopleView } from "~/view-models/people.ts";
import { createOrgTree, createOrgUnit, createUser, postMultipart, type OrgTree, type TestUser } from "../factories/index.ts";
import { anonymousBrowser, getRequest, postForm, signedInBrowser, type Browser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";

let tree: OrgTree;
let organiser: TestUser;
let browser: Browser;
let elsewhere: { tree: OrgTree; organiser: TestUser; browser: Browser };
const ctx = { clientIp: "10.3.0.1" };

const org = (fields: Record<string, string>, b = browser) => run<{ ok: boolean; message: string }>(() => orgAction({ request: postForm("/admin/org", fields, { browser: b }), params: {}, context: ctx }));
const people = (fields: Record<string, string>, b = browser) => run<PeopleActionResult>(() => peopleAction({ request: postForm("/admin/people", fields, { browser: b }), params: {}, context: ctx }));
const importForm = (fields: Record<string, string>, b = browser) => run<OrgImportResult>(() => importAction({ request: postForm("/admin/org/import", fields, { browser: b }), params: {}, context: ctx }));

beforeAll(async () => {
  tree = await createOrgTree();
  organiser = await createUser({ role: "ORGANISER", orgUnitId: tree.county.id });
  browser = await signedInBrowser(organiser.id);
  const otherTree = await createOrgTree();
  const otherOrganiser = await createUser({ role: "ORGANISER", orgUnitId: otherTree.county.id });
  elsewhere = { tree: otherTree, organiser: otherOrganiser, browser: await signedInBrowser(otherOrganiser.id) };
});

describe("the org tree", () => {
  it("adds a class with a generated code, and lists classes by grade and number", async () => {
    for (const [grade, number] of [["3", "10"], ["3", "3"], ["1", "1"]] as const) {
      const result = await org({ intent: "add-class", schoolId: tree.school.id, grade, number });
      expect(result.data).toMatchObject({ ok: true });
    }
    const again = await org({ intent: "add-class", schoolId: tree.school.id, grade: "3", number: "3" });
    expect(again.status).toBe(409);
    const page = await run<{ tree: OrgTreeView }>(() => orgLoader({ request: getRequest("/admin/org", browser), params: {}, context: ctx }));
    const school = page.data!.tree.counties[0]!.townships[0]!.schools.find((s) => s.id === tree.school.id)!;
    expect(school.classes.map((c) => c.name)).toEqual(["一年级(1)班", "三年级(1)班", "三年级(2)班", "三年级(3)班", "三年级(10)班"]);
    const added = await getDb().orgUnit.findFirstOrThrow({ where: { parentId: tree.school.id, name: "三年级(10)班" } });
    expect(added.code).toMatch(/-G3C10$/);
    expect(added.path).toBe(`${tree.school.path}${added.id}/`);
    expect(added.grade).toBe(3);
    expect(await getDb().auditLog.count({ where: { action: "org.unit_added", actorId: organiser.id } })).toBe(3);
  });

  it("adds a township and a school under it, refusing a name with markup", async () => {
    expect((await org({ intent: "add-township", countyId: tree.county.id, name: "柳河镇" })).data).toMatchObject({ ok: true });
    const township = await getDb().orgUnit.findFirstOrThrow({ where: { parentId: tree.county.id, name: "柳河镇" } });
    expect((await org({ intent: "add-school", townshipId: township.id, name: "柳河镇中心小学", shortName: "柳河小学" })).data).toMatchObject({ ok: true });
    const bad = await org({ intent: "add-school", townshipId: township.id, name: "<script>", shortName: "" });
    expect(bad.status).toBe(400);
    expect(bad.data!.message).toContain("只能有");
  });

  it("answers 404 for a unit of another county, and writes nothing there", async () => {
    const result = await org({ intent: "add-class", schoolId: elsewhere.tree.school.id, grade: "2", number: "1" });
    expect(result.status).toBe(404);
    expect(await getDb().orgUnit.count({ where: { parentId: elsewhere.tree.school.id } })).toBe(2);
  });

  it("is not there for teachers, coordinators, judges or families", async () => {
    for (const role of ["TEACHER", "SCHOOL_COORDINATOR", "JUDGE", "GUARDIAN"] as const) {
      const unit = role === "TEACHER" ? tree.classA.id : role === "SCHOOL_COORDINATOR" ? tree.school.id : tree.county.id;
      const user = await createUser({ role, orgUnitId: unit });
      const b = await signedInBrowser(user.id);
      expect((await run(() => orgLoader({ request: getRequest("/admin/org", b), params: {}, context: ctx }))).status).toBe(404);
      expect((await org({ intent: "add-township", countyId: tree.county.id, name: "偷加镇" }, b)).status).toBe(404);
      expect((await run(() => peopleLoader({ request: getRequest("/admin/people", b), params: {}, context: ctx }))).status).toBe(404);
    }
    expect(await getDb().orgUnit.count({ where: { name: "偷加镇" } })).toBe(0);
  });
});

describe("importing schools and classes from a sheet", () => {
  const sheet = [
    "乡镇\t学校\t学校简称\t年级\t班级",
    "城关镇\t示范县实验小学\t实验小学\t四年级\t(1)班",
    "青石镇\t青石镇中心小学\t青石小学\t三年级\t1",
    "青石镇\t青石镇中心小学\t\t三年级\t2",
    "青石镇\t青石镇第二小学\t\t\t",
  ].join("\n");

  it("previews line errors without writing, then imports a clean sheet once", async () => {
    const unitsBefore = await getDb().orgUnit.count();
    const bad = await importForm({ intent: "preview", countyId: tree.county.id, text: `${sheet}\n柳河镇\t示范县实验小学\t\t五年级\t1\n青石镇\t青石镇中心小学\t\t十年级\t1` });
    if (bad.data?.step !== "preview") throw new Error("expected a preview");
    expect(bad.data.preview.errors.map((e) => [e.line, e.code])).toEqual([
      [6, "school_in_other_township"],
      [7, "grade_invalid"],
    ]);
    expect(await getDb().orgUnit.count()).toBe(unitsBefore);

    const clean = await importForm({ intent: "preview", countyId: tree.county.id, text: sheet });
    if (clean.data?.step !== "preview") throw new Error("expected a preview");
    expect(clean.data.preview.errors).toEqual([]);
    expect(clean.data.preview.townships.map((t) => t.name)).toEqual(["青石镇"]);
    expect(clean.data.preview.schools.map((s) => s.name)).toEqual(["青石镇中心小学", "青石镇第二小学"]);
    expect(clean.data.preview.classes.map((c) => `${c.school} ${c.className}`)).toEqual(["示范县实验小学 四年级(1)班", "青石镇中心小学 三年级(1)班", "青石镇中心小学 三年级(2)班"]);
    const token = clean.data.preview.token;
    const committed = await importForm({ intent: "commit", countyId: tree.county.id, text: sheet, token });
    expect(committed.data).toEqual({ step: "committed", townships: 1, schools: 2, classes: 3, shortNames: 0 });
    expect(await getDb().orgUnit.count()).toBe(unitsBefore + 6);
    const school = await getDb().orgUnit.findFirstOrThrow({ where: { name: "青石镇中心小学" }, select: { code: true, shortName: true, path: true, parent: { select: { name: true } } } });
    expect(school).toMatchObject({ shortName: "青石小学", parent: { name: "青石镇" } });
    expect(school.path.startsWith(tree.county.path)).toBe(true);

    const twice = await importForm({ intent: "commit", countyId: tree.county.id, text: sheet, token });
    expect(twice.status).toBe(409);
    expect(await getDb().orgUnit.count()).toBe(unitsBefore + 6);
    const again = await importForm({ intent: "preview", countyId: tree.county.id, text: sheet });
    expect(again.data?.step === "preview" && again.data.preview.unchanged).toBe(4);
    expect(await getDb().auditLog.count({ where: { action: "org.imported", subjectId: tree.county.id } })).toBe(1);
  });

  it("reads the sheet from an uploaded CSV file", async () => {
    const csv = "乡镇,学校,学校简称,年级,班级\r\n柳河镇,柳河镇第三小学,,六年级,2\r\n";
    const result = await run<OrgImportResult>(() =>
      importAction({ request: postMultipart("/admin/org/import", { intent: "preview", countyId: tree.county.id }, { file: { name: "学校.csv", type: "text/csv", bytes: new TextEncoder().encode(csv) } }, browser), params: {}, context: ctx }),
    );
    expect(result.data?.step === "preview" && result.data.preview.classes.map((c) => c.className)).toEqual(["六年级(2)班"]);
  });

  it("answers 404 for importing into another county", async () => {
    const result = await importForm({ intent: "preview", countyId: elsewhere.tree.county.id, text: sheet });
    expect(result.status).toBe(404);
  });
});

describe("staff", () => {
  const PHONE = "13655556666";
  let teacherId = "";
  let firstPassword = "";

  it("appoints a teacher by phone, creating the account with a first password shown once", async () => {
    const result = await people({ intent: "appoint", role: "TEACHER", unitId: tree.classB.id, phone: "136 5555 6666", displayName: "赵老师" });
    if (!result.data?.ok || result.data.kind !== "appointed" || !result.data.created) throw new Error(JSON.stringify(result.data));
    firstPassword = result.data.created.password;
    expect(firstPassword).toMatch(/^[acdefhjkmnprtvwxy2-9]{8}$/);
    const user = await getDb().user.findUniqueOrThrow({ where: { phone: PHONE }, select: { id: true, mustChangePassword: true, initialPasswordEnc: true, roles: true } });
    teacherId = user.id;
    expect(user.mustChangePassword).toBe(true);
    // Nothing to reprint for staff: the password is not kept, even sealed.
    expect(user.initialPasswordEnc).toBeNull();
    expect(user.roles).toMatchObject([{ role: "TEACHER", orgUnitId: tree.classB.id }]);
    const login = await run(() => loginAction({ request: postForm("/login", { identifier: PHONE, password: firstPassword, redirectTo: "/home" }, { browser: anonymousBrowser() }), params: {}, context: ctx }));
    expect(login.headers.get("Location")).toMatch(/^\/change-password/);
  });

  it("adds a role to an existing account found by phone, without touching its password", async () => {
    const result = await people({ intent: "appoint", role: "SCHOOL_COORDINATOR", unitId: tree.school.id, phone: PHONE, displayName: "" });
    expect(result.data).toMatchObject({ ok: true, kind: "appointed", created: null });
    const again = await people({ intent: "appoint", role: "SCHOOL_COORDINATOR", unitId: tree.school.id, phone: PHONE, displayName: "" });
    expect(again.data).toMatchObject({ ok: true, kind: "already" });
    expect(await getDb().roleAssignment.count({ where: { userId: teacherId } })).toBe(2);
  });

  it("refuses a teacher on a school, a coordinator on a class, and any unit of another county", async () => {
    expect((await people({ intent: "appoint", role: "TEACHER", unitId: tree.school.id, phone: "13600000001", displayName: "钱" })).status).toBe(404);
    expect((await people({ intent: "appoint", role: "SCHOOL_COORDINATOR", unitId: tree.classA.id, phone: "13600000001", displayName: "钱" })).status).toBe(404);
    expect((await people({ intent: "appoint", role: "JUDGE", unitId: elsewhere.tree.county.id, phone: "13600000001", displayName: "钱" })).status).toBe(404);
    const noName = await people({ intent: "appoint", role: "JUDGE", unitId: tree.county.id, phone: "13600000001", displayName: "" });
    expect(noName.status).toBe(400);
    expect(await getDb().user.count({ where: { phone: "13600000001" } })).toBe(0);
  });

  it("disables an account: its sessions end at once; enabling lets it sign in again", async () => {
    const teacherBrowser = await signedInBrowser(teacherId);
    const result = await people({ intent: "disable", userId: teacherId });
    expect(result.data).toMatchObject({ ok: true, kind: "disabled" });
    expect(await getDb().session.count({ where: { userId: teacherId } })).toBe(0);
    const home = await run(() => homeLoader({ request: getRequest("/home", teacherBrowser), params: {}, context: ctx }));
    expect(home.status).toBe(302);
    expect(home.headers.get("Location")).toMatch(/^\/login/);
    expect((await people({ intent: "enable", userId: teacherId })).data).toMatchObject({ ok: true, kind: "enabled" });
  });

  it("resets a password to a new readable one that must be changed", async () => {
    const result = await people({ intent: "reset", userId: teacherId });
    if (!result.data?.ok || result.data.kind !== "password_reset") throw new Error("expected a reset");
    expect(result.data.password).not.toBe(firstPassword);
    const login = await run(() => loginAction({ request: postForm("/login", { identifier: PHONE, password: result.data!.ok && result.data!.kind === "password_reset" ? result.data!.password : "", redirectTo: "/home" }, { browser: anonymousBrowser() }), params: {}, context: ctx }));
    expect(login.headers.get("Location")).toMatch(/^\/change-password/);
  });

  it("audits every change", async () => {
    const actions = (await getDb().auditLog.findMany({ where: { actorId: organiser.id, subjectId: teacherId }, orderBy: { createdAt: "asc" }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(["people.account_created", "people.role_granted", "people.account_disabled", "people.account_enabled", "people.password_reset"]);
  });

  it("keeps an organiser to their county: another county's staff are not found, nor are admins and oneself", async () => {
    expect((await people({ intent: "disable", userId: teacherId }, elsewhere.browser)).status).toBe(404);
    expect((await people({ intent: "reset", userId: teacherId }, elsewhere.browser)).status).toBe(404);
    const admin = await createUser({ role: "ADMIN", orgUnitId: tree.county.id });
    expect((await people({ intent: "disable", userId: admin.id })).status).toBe(404);
    expect((await people({ intent: "disable", userId: organiser.id })).status).toBe(404);
    const view = await run<{ view: PeopleView }>(() => peopleLoader({ request: getRequest("/admin/people", elsewhere.browser), params: {}, context: ctx }));
    expect(view.data!.view.people.map((p) => p.userId)).not.toContain(teacherId);
    const mine = await run<{ view: PeopleView }>(() => peopleLoader({ request: getRequest("/admin/people?q=6666", browser), params: {}, context: ctx }));
    expect(mine.data!.view.people.map((p) => [p.name, p.phone, p.manageable])).toEqual([["赵老师", "136****6666", true]]);
  });

  it("lets an admin of the county manage its organisers too", async () => {
    const admin = await createUser({ role: "ADMIN", orgUnitId: tree.county.id });
    const adminBrowser = await signedInBrowser(admin.id);
    const result = await people({ intent: "reset", userId: organiser.id }, adminBrowser);
    expect(result.data).toMatchObject({ ok: true, kind: "password_reset" });
  });
});

it("leaves a county without classes empty, not broken", async () => {
  const county = await createOrgUnit({ kind: "COUNTY", name: "空县" });
  const user = await createUser({ role: "ORGANISER", orgUnitId: county.id });
  const userBrowser = await signedInBrowser(user.id);
  const page = await run<{ tree: OrgTreeView }>(() => orgLoader({ request: getRequest("/admin/org", userBrowser), params: {}, context: ctx }));
  expect(page.data!.tree.counties).toMatchObject([{ name: "空县", townships: [] }]);
});
