// Each role's home page shows that role's real data, and nobody else's.
import { beforeAll, describe, expect, it } from "vitest";
import { loader as classLoader } from "~/routes/classes.$classId.tsx";
import { loader as homeLoader } from "~/routes/home.tsx";
import { loader as indexLoader } from "~/routes/_index.tsx";
import type { ClassRoster, HomeData } from "~/view-models/home.ts";
import { getDb } from "~/server/db/db.server.ts";
import {
  createContest,
  createEntry,
  createOrgTree,
  createOrgUnit,
  createUser,
  linkGuardian,
  recordConsent,
  type OrgTree,
  type TestContest,
  type TestUser,
} from "../factories/index.ts";
import { getRequest, signedInBrowser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";

let tree: OrgTree;
let contest: TestContest;
let student: TestUser;
let sibling: TestUser;
let classmate: TestUser;
let otherStudent: TestUser;

beforeAll(async () => {
  tree = await createOrgTree();
  student = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, displayName: "张小明", username: "xiaoming" });
  classmate = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, displayName: "李小红", username: "xiaohong" });
  sibling = await createUser({ role: "STUDENT", orgUnitId: tree.classB.id, displayName: "张小亮" });
  otherStudent = await createUser({ role: "STUDENT", orgUnitId: tree.otherClass.id, displayName: "王小刚" });
  contest = await createContest({ orgUnitId: tree.county.id, title: "2026年寒假“三晒一创”活动" });
  const cat = (kind: string) => contest.categories.find((c) => c.kind === kind)!.id;
  await createEntry({ contestId: contest.id, categoryId: cat("READING"), studentId: student.id, classUnit: tree.classA, title: "我读《西游记》" });
  await createEntry({ contestId: contest.id, categoryId: cat("ART"), studentId: student.id, classUnit: tree.classA, status: "DRAFT", title: "雪人" });
  await createEntry({ contestId: contest.id, categoryId: cat("READING"), studentId: classmate.id, classUnit: tree.classA, title: "小红的读书笔记" });
  await createEntry({ contestId: contest.id, categoryId: cat("PHOTO"), studentId: otherStudent.id, classUnit: tree.otherClass, title: "家乡的雪" });
  // Not for this student: closed window, draft contest, another county's contest.
  await createContest({ orgUnitId: tree.county.id, title: "已截止的活动", closesAt: new Date(Date.now() - 86_400_000) });
  await createContest({ orgUnitId: tree.county.id, title: "筹备中的活动", status: "DRAFT" });
  const elsewhere = await createOrgUnit({ kind: "COUNTY", name: "邻县" });
  await createContest({ orgUnitId: elsewhere.id, title: "邻县的活动" });
});

async function home(user: TestUser, query = ""): Promise<HomeData> {
  const browser = await signedInBrowser(user.id);
  return (await homeLoader({ request: getRequest(`/home${query}`, browser), params: {}, context: {} })) as HomeData;
}

describe("/ and /home", () => {
  it("/ sends visitors to /login and signed-in users to /home", async () => {
    const anon = await run(() => indexLoader({ request: getRequest("/", null), params: {}, context: {} }));
    expect(anon.headers.get("Location")).toBe("/login");
    const browser = await signedInBrowser(student.id);
    const signedIn = await run(() => indexLoader({ request: getRequest("/", browser), params: {}, context: {} }));
    expect(signedIn.headers.get("Location")).toBe("/home");
  });

  it("/home needs a signed-in user", async () => {
    const res = await run(() => homeLoader({ request: getRequest("/home", null), params: {}, context: {} }));
    expect(res.headers.get("Location")).toBe("/login");
  });

  it("a user without roles gets the honest 'no role' page", async () => {
    const nobody = await createUser();
    const data = await home(nobody);
    expect(data).toEqual({ roles: [], view: { role: null, data: null } });
  });
});

describe("student", () => {
  it("sees the open contest of their county with its five categories, and only their own entries", async () => {
    const { view } = await home(student);
    if (view.role !== "STUDENT") throw new Error(`expected the student page, got ${view.role}`);
    expect(view.data.classInfo).toEqual({ name: "三年级(1)班", grade: 3, schoolName: "实验小学" });
    expect(view.data.contests.map((c) => c.title)).toEqual(["2026年寒假“三晒一创”活动"]);
    const categories = view.data.contests[0]!.categories;
    expect(categories.map((c) => c.name)).toEqual(["读书", "征文", "小视频", "摄影", "美术"]);
    const video = categories.find((c) => c.kind === "VIDEO")!;
    expect(video).toMatchObject({ acceptedMediaKinds: ["VIDEO"], maxFileBytes: 500 * 1024 * 1024, maxDurationSeconds: 180 });
    expect(view.data.entries.map((e) => [e.title, e.status]).sort()).toEqual([
      ["我读《西游记》", "SUBMITTED"],
      ["雪人", "DRAFT"],
    ]);
  });

  it("does not see categories outside their grade", async () => {
    const grade1Only = await createContest({
      orgUnitId: tree.county.id,
      title: "一年级绘画",
      categories: [{ kind: "ART", name: "美术", acceptedMediaKinds: ["IMAGE"], gradeMin: 1, gradeMax: 1 }],
    });
    const { view } = await home(student);
    if (view.role !== "STUDENT") throw new Error("expected the student page");
    expect(view.data.contests.find((c) => c.id === grade1Only.id)?.categories).toEqual([]);
    await getDb().contest.delete({ where: { id: grade1Only.id } });
  });

  it("has an empty entry list, not someone else's, when they have none", async () => {
    const { view } = await home(sibling);
    if (view.role !== "STUDENT") throw new Error("expected the student page");
    expect(view.data.entries).toEqual([]);
    expect(view.data.contests).toHaveLength(1);
  });
});

describe("guardian", () => {
  it("sees their children with class, school and the current consent per scope", async () => {
    const guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id, displayName: "张妈妈" });
    await linkGuardian({ guardianId: guardian.id, studentId: student.id, relation: "MOTHER" });
    await linkGuardian({ guardianId: guardian.id, studentId: sibling.id, relation: "MOTHER" });
    await recordConsent({ studentId: student.id, givenById: guardian.id, scope: "PUBLIC_WORK", action: "GIVEN", at: new Date(Date.now() - 60_000) });
    await recordConsent({ studentId: student.id, givenById: guardian.id, scope: "PUBLIC_NAME", action: "GIVEN", at: new Date(Date.now() - 60_000) });
    await recordConsent({ studentId: student.id, givenById: guardian.id, scope: "PUBLIC_NAME", action: "WITHDRAWN" });
    const { view } = await home(guardian);
    if (view.role !== "GUARDIAN") throw new Error("expected the guardian page");
    const [first, second] = view.data.children;
    expect(view.data.children).toHaveLength(2);
    expect(first).toMatchObject({ displayName: "张小明", className: "三年级(1)班", schoolName: "实验小学", relation: "MOTHER" });
    expect(first!.consent.PUBLIC_WORK.state).toBe("given");
    expect(first!.consent.PUBLIC_NAME.state).toBe("withdrawn");
    expect(second).toMatchObject({ displayName: "张小亮", className: "三年级(2)班" });
    expect(second!.consent).toEqual({ PUBLIC_WORK: { state: "none", since: null }, PUBLIC_NAME: { state: "none", since: null } });
  });

  it("sees no children that are not linked to them", async () => {
    const guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id });
    const { view } = await home(guardian);
    expect(view).toEqual({ role: "GUARDIAN", data: { children: [] } });
  });
});

describe("teacher", () => {
  let teacher: TestUser;
  beforeAll(async () => {
    teacher = await createUser({ role: "TEACHER", orgUnitId: tree.classA.id, displayName: "陈老师" });
  });

  it("sees their class roster with usernames and entry counts", async () => {
    const { view } = await home(teacher);
    if (view.role !== "TEACHER") throw new Error("expected the teacher page");
    expect(view.data.classes).toHaveLength(1);
    const roster = view.data.classes[0]!;
    expect(roster.className).toBe("三年级(1)班");
    const byName = Object.fromEntries(roster.students.map((s) => [s.displayName, s]));
    expect(Object.keys(byName).sort()).toEqual(["张小明", "李小红"].sort());
    expect(byName["张小明"]).toMatchObject({ username: "xiaoming", submitted: 1, drafts: 1 });
    expect(byName["李小红"]).toMatchObject({ username: "xiaohong", submitted: 1, drafts: 0 });
  });

  it("can open their own class but gets 404 for another class", async () => {
    const browser = await signedInBrowser(teacher.id);
    const own = await run<{ roster: ClassRoster }>(() =>
      classLoader({ request: getRequest(`/classes/${tree.classA.id}`, browser), params: { classId: tree.classA.id }, context: {} }),
    );
    expect(own.data?.roster.students).toHaveLength(2);
    // Their own class: they may help its children submit (the page links to each child's entries).
    expect(own.data?.roster.viewerTeaches).toBe(true);
    for (const classId of [tree.classB.id, tree.otherClass.id, tree.school.id, "does-not-exist"]) {
      const res = await run(() => classLoader({ request: getRequest(`/classes/${classId}`, browser), params: { classId }, context: {} }));
      expect(res.status, classId).toBe(404);
    }
  });

  it("a student gets 404 for any roster", async () => {
    const browser = await signedInBrowser(student.id);
    const res = await run(() =>
      classLoader({ request: getRequest(`/classes/${tree.classA.id}`, browser), params: { classId: tree.classA.id }, context: {} }),
    );
    expect(res.status).toBe(404);
  });
});

describe("school coordinator", () => {
  it("sees the school's classes with student counts and submitted entries by category", async () => {
    const coordinator = await createUser({ role: "SCHOOL_COORDINATOR", orgUnitId: tree.school.id });
    const { view } = await home(coordinator);
    if (view.role !== "SCHOOL_COORDINATOR") throw new Error("expected the coordinator page");
    const [school] = view.data.schools;
    expect(school?.schoolName).toBe("实验小学");
    expect(school?.classes.map((c) => [c.name, c.students])).toEqual([
      ["三年级(1)班", 2],
      ["三年级(2)班", 1],
    ]);
    const c = school!.contests.find((x) => x.id === contest.id)!;
    expect(c.total).toBe(2); // two submitted readings; the draft does not count, nor the other school's photo
    expect(Object.fromEntries(c.categories.map((k) => [k.name, k.submitted]))).toEqual({ 读书: 2, 征文: 0, 小视频: 0, 摄影: 0, 美术: 0 });
    // Can open a class of the school, not one of another school.
    const browser = await signedInBrowser(coordinator.id);
    const own = await run<{ roster: ClassRoster }>(() => classLoader({ request: getRequest("/c", browser), params: { classId: tree.classB.id }, context: {} }));
    expect(own.status).toBe(200);
    // Sees the class, but files nothing for its children: that is the family's and the class teacher's.
    expect(own.data?.roster.viewerTeaches).toBe(false);
    const other = await run(() => classLoader({ request: getRequest("/c", browser), params: { classId: tree.otherClass.id }, context: {} }));
    expect(other.status).toBe(404);
  });
});

describe("organiser", () => {
  it("sees the county's contests with submitted entries by school and category", async () => {
    const organiser = await createUser({ role: "ORGANISER", orgUnitId: tree.county.id });
    const { view } = await home(organiser);
    if (view.role !== "ORGANISER") throw new Error("expected the organiser page");
    const [county] = view.data.counties;
    expect(county?.schoolCount).toBe(2);
    const c = county!.contests.find((x) => x.id === contest.id)!;
    expect(c.total).toBe(3);
    expect(Object.fromEntries(c.categories.map((k) => [k.name, k.submitted]))).toMatchObject({ 读书: 2, 摄影: 1, 美术: 0 });
    expect(Object.fromEntries(c.schools.map((s) => [s.name, s.total]))).toEqual({ 实验小学: 2, 第二小学: 1 });
    expect(county!.contests.map((x) => x.title)).not.toContain("邻县的活动");
  });
});

describe("judge", () => {
  it("has an honest empty list, then sees assignments without the child's name or school", async () => {
    const judge = await createUser({ role: "JUDGE", orgUnitId: tree.county.id });
    const empty = await home(judge);
    expect(empty.view).toEqual({ role: "JUDGE", data: { total: 0, pending: 0, assignments: [] } });

    const entry = await getDb().entry.findFirstOrThrow({ where: { studentId: otherStudent.id } });
    const round = await getDb().judgingRound.create({ data: { contestId: contest.id, level: "COUNTY", name: "县级初评" } });
    await getDb().judgeAssignment.create({ data: { roundId: round.id, entryId: entry.id, judgeId: judge.id } });
    const { view } = await home(judge);
    if (view.role !== "JUDGE") throw new Error("expected the judge page");
    expect(view.data).toMatchObject({ total: 1, pending: 1 });
    expect(view.data.assignments[0]).toMatchObject({ entryTitle: "家乡的雪", categoryName: "摄影", roundName: "县级初评" });
    const json = JSON.stringify(view.data);
    expect(json).not.toContain("王小刚");
    expect(json).not.toContain("第二小学");
  });
});

describe("admin", () => {
  it("sees the org tree with rolled-up counts", async () => {
    const admin = await createUser({ role: "ADMIN", orgUnitId: tree.county.id });
    const { view } = await home(admin);
    if (view.role !== "ADMIN") throw new Error("expected the admin page");
    const rows = view.data.units.map((u) => [u.depth, u.name, u.schools, u.classes, u.students]);
    expect(rows).toEqual([
      [0, "示范县", 2, 3, 4],
      [1, "城关镇", 2, 3, 4],
      [2, "示范县第二小学", 1, 1, 1],
      [3, "四年级(1)班", 0, 1, 1],
      [2, "示范县实验小学", 1, 2, 3],
      [3, "三年级(1)班", 0, 1, 2],
      [3, "三年级(2)班", 0, 1, 1],
    ]);
  });
});

describe("several roles", () => {
  it("shows the widest role first, switches with ?as=, and ignores roles the user lacks", async () => {
    const teacherParent = await createUser({
      role: "TEACHER",
      orgUnitId: tree.classB.id,
      extraRoles: [{ role: "GUARDIAN", orgUnitId: tree.county.id }],
    });
    await linkGuardian({ guardianId: teacherParent.id, studentId: classmate.id, relation: "FATHER" });
    const first = await home(teacherParent);
    expect(first.roles).toEqual(["TEACHER", "GUARDIAN"]);
    expect(first.view.role).toBe("TEACHER");
    const asGuardian = await home(teacherParent, "?as=GUARDIAN");
    expect(asGuardian.view.role).toBe("GUARDIAN");
    const asAdmin = await home(teacherParent, "?as=ADMIN");
    expect(asAdmin.view.role).toBe("TEACHER");
  });
});
