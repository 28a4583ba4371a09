// The school round, the county's assignment and the judges' pages (issue 11
// items 1–3) through their real route loaders and actions, with a browser's
// session cookie and CSRF token, on this file's own database: nominations
// within quota with reasons, a nominated entry locked for the family, taking
// a nomination back, teachers scoring in the school round, panels and a
// balanced assignment that never gives a judge their own school, a clear
// refusal with too few judges, scores checked against the rubric and kept
// while typed, recusal and a judge dropping out handing work on without
// losing scores, nothing written once the round closed; and the judge's
// pages and media links never name the child, school, class or account.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "~/i18n/t.ts";
import * as entryRoute from "~/routes/entries.$entryId.tsx";
import * as queueRoute from "~/routes/judge._index.tsx";
import * as sheetRoute from "~/routes/judge.assignments.$assignmentId.tsx";
import * as autosaveRoute from "~/routes/judge.assignments.$assignmentId_.autosave.ts";
import * as countyRoute from "~/routes/organiser.contests.$contestId.judging.tsx";
import * as nominationsRoute from "~/routes/organiser.contests.$contestId.nominations.tsx";
import * as roundRoute from "~/routes/school.contests.$contestId.round.tsx";
import { getDb } from "~/server/db/db.server.ts";
import type { CountyRoundView, JudgeQueueView, NominationsView, SchoolRoundView, ScoreSheetView } from "~/view-models/judging.ts";
import { createContest, createEntry, createOrgTree, createUser, type OrgTree, type TestContest, type TestUser } from "../factories/index.ts";
import { getRequest, postForm, signedInBrowser, type Browser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";

type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: Record<string, never> }) => Promise<unknown>;
  action?: (args: { request: Request; params: Record<string, string>; context: Record<string, never> }) => Promise<unknown>;
};

const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t("zh-CN", key, params);

let tree: OrgTree;
let contest: TestContest;
let photo: string;
const people = {} as Record<"organiser" | "coordinator" | "coordinatorOther" | "teacherA" | "teacherB" | "judge1" | "judge2" | "judge3" | "teacherJudge" | "studentA" | "studentA2" | "studentB" | "studentO" | "studentO2", TestUser>;
const browsers = {} as Record<keyof typeof people, Browser>;
const entries = {} as Record<"a1" | "a2" | "b1" | "o1" | "o2", string>;
const CHILD_NAMES = ["王小明", "李晓红", "赵一鸣", "钱多多", "孙悟"];
const ORIGINAL_NAME = "王小明的照片IMG_0421.jpg";

async function call<T>(route: RouteModule, kind: "loader" | "action", request: Request, params: Record<string, string>) {
  return run<T>(() => route[kind]!({ request, params, context: {} }));
}
const get = <T>(route: RouteModule, who: keyof typeof people, path: string, params: Record<string, string>) => call<T>(route, "loader", getRequest(path, browsers[who]), params);
const post = <T>(route: RouteModule, who: keyof typeof people, path: string, params: Record<string, string>, fields: Record<string, string>) =>
  call<T>(route, "action", postForm(path, fields, { browser: browsers[who] }), params);

async function setStatus(status: "SCHOOL_ROUND" | "COUNTY_JUDGING" | "NOTICE") {
  await getDb().contest.update({ where: { id: contest.id }, data: { status } });
}

async function readyPhoto(entryId: string) {
  const db = getDb();
  const asset = await db.mediaAsset.create({
    data: { entryId, kind: "IMAGE", status: "READY", originalKey: `entries/${entryId}/originals/${entryId}-o`, originalName: ORIGINAL_NAME, byteSize: 1000n, readyAt: new Date() },
  });
  for (const name of ["thumb.jpg", "display.jpg"]) {
    await db.rendition.create({ data: { assetId: asset.id, name, key: `entries/${entryId}/renditions/${asset.id}/${name}`, mime: "image/jpeg", width: 720, height: 540, byteSize: 100n } });
  }
}

beforeAll(async () => {
  tree = await createOrgTree();
  const make = async (key: keyof typeof people, role: Parameters<typeof createUser>[0]) => {
    people[key] = await createUser(role);
    browsers[key] = await signedInBrowser(people[key].id);
  };
  await make("organiser", { role: "ORGANISER", orgUnitId: tree.county.id });
  await make("coordinator", { role: "SCHOOL_COORDINATOR", orgUnitId: tree.school.id });
  await make("coordinatorOther", { role: "SCHOOL_COORDINATOR", orgUnitId: tree.otherSchool.id });
  await make("teacherA", { role: "TEACHER", orgUnitId: tree.classA.id });
  await make("teacherB", { role: "TEACHER", orgUnitId: tree.classB.id });
  await make("judge1", { role: "JUDGE", orgUnitId: tree.county.id, displayName: "评委甲" });
  await make("judge2", { role: "JUDGE", orgUnitId: tree.county.id, displayName: "评委乙" });
  await make("judge3", { role: "JUDGE", orgUnitId: tree.county.id, displayName: "评委丙" });
  // A teacher of the school who also judges for the county: never the school's works.
  await make("teacherJudge", { role: "JUDGE", orgUnitId: tree.county.id, extraRoles: [{ role: "TEACHER", orgUnitId: tree.classA.id }], displayName: "评委丁" });
  await make("studentA", { role: "STUDENT", orgUnitId: tree.classA.id, displayName: CHILD_NAMES[0], username: "xs20260001" });
  await make("studentA2", { role: "STUDENT", orgUnitId: tree.classA.id, displayName: CHILD_NAMES[1], username: "xs20260002" });
  await make("studentB", { role: "STUDENT", orgUnitId: tree.classB.id, displayName: CHILD_NAMES[2], username: "xs20260003" });
  await make("studentO", { role: "STUDENT", orgUnitId: tree.otherClass.id, displayName: CHILD_NAMES[3], username: "xs20260004" });
  await make("studentO2", { role: "STUDENT", orgUnitId: tree.otherClass.id, displayName: CHILD_NAMES[4], username: "xs20260005" });
  contest = await createContest({ orgUnitId: tree.county.id, status: "SCHOOL_ROUND", opensAt: new Date(Date.now() - 20 * 86_400_000), closesAt: new Date(Date.now() - 86_400_000) });
  photo = contest.categories.find((c) => c.kind === "PHOTO")!.id;
  const entry = async (student: TestUser, unit: OrgTree["classA"], title: string) => (await createEntry({ contestId: contest.id, categoryId: photo, studentId: student.id, classUnit: unit, title })).id;
  entries.a1 = await entry(people.studentA, tree.classA, "雪后的操场");
  entries.a2 = await entry(people.studentA2, tree.classA, "奶奶的手");
  entries.b1 = await entry(people.studentB, tree.classB, "冬日麻雀");
  entries.o1 = await entry(people.studentO, tree.otherClass, "河边");
  entries.o2 = await entry(people.studentO2, tree.otherClass, "灯笼");
  for (const id of Object.values(entries)) await readyPhoto(id);
  await getDb().nominationQuota.create({ data: { contestId: contest.id, categoryId: photo, schoolId: tree.school.id, quota: 2 } });
});

afterAll(async () => {
  await getDb().$disconnect?.();
});

const roundPath = (school?: string) => `/school/contests/${contest.id}/round${school ? `?school=${school}` : ""}`;

describe("school round", () => {
  it("shows the coordinator their school's submitted works per category, and nobody else's", async () => {
    const page = await get<SchoolRoundView>(roundRoute, "coordinator", roundPath(), { contestId: contest.id });
    expect(page.status).toBe(200);
    const ids = page.data!.categories.flatMap((c) => c.bands.flatMap((b) => b.entries.map((e) => e.id)));
    expect(ids.sort()).toEqual([entries.a1, entries.a2, entries.b1].sort());
    expect(page.data!.categories.find((c) => c.id === photo)).toMatchObject({ quota: 2, used: 0 });
    // Another school's coordinator, naming this school: not found.
    expect((await get(roundRoute, "coordinatorOther", roundPath(tree.school.id), { contestId: contest.id })).status).toBe(404);
    expect((await get(roundRoute, "judge1", roundPath(), { contestId: contest.id })).status).toBe(404);
  });

  it("refuses a nomination without a reason, for another school, and for a teacher; writes nothing", async () => {
    const empty = await post(roundRoute, "coordinator", roundPath(), { contestId: contest.id }, { intent: "nominate", entryId: entries.a1, reason: " " });
    expect(empty.status).toBe(400);
    const elsewhere = await post(roundRoute, "coordinatorOther", roundPath(), { contestId: contest.id }, { intent: "nominate", entryId: entries.a1, reason: "构图很好" });
    expect(elsewhere.status).toBe(404);
    const forged = await post(roundRoute, "coordinatorOther", roundPath(tree.school.id), { contestId: contest.id }, { intent: "nominate", entryId: entries.a1, reason: "构图很好" });
    expect(forged.status).toBe(404);
    const teacher = await post<{ message: string }>(roundRoute, "teacherA", roundPath(), { contestId: contest.id }, { intent: "nominate", entryId: entries.a1, reason: "构图很好" });
    expect(teacher.status).toBe(400);
    expect(teacher.data!.message).toBe(say("judging.school.coordinatorOnly"));
    expect(await getDb().nomination.count({ where: { contestId: contest.id } })).toBe(0);
    expect((await getDb().entry.findUniqueOrThrow({ where: { id: entries.a1 } })).status).toBe("SUBMITTED");
  });

  it("nominates within the quota with a reason, locks the work, audits, and refuses over quota", async () => {
    const first = await post<{ ok: boolean; message: string }>(roundRoute, "coordinator", roundPath(), { contestId: contest.id }, { intent: "nominate", entryId: entries.a1, reason: "雪景构图干净，光线好" });
    expect(first.status).toBe(200);
    expect(first.data!.message).toBe(say("judging.nominate.done", { title: "雪后的操场" }));
    const second = await post(roundRoute, "coordinator", roundPath(), { contestId: contest.id }, { intent: "nominate", entryId: entries.a2, reason: "情感真挚" });
    expect(second.status).toBe(200);
    const third = await post<{ message: string }>(roundRoute, "coordinator", roundPath(), { contestId: contest.id }, { intent: "nominate", entryId: entries.b1, reason: "抓拍生动" });
    expect(third.status).toBe(409);
    expect(third.data!.message).toBe(say("judging.nominate.refused.over_quota", { quota: 2, category: "摄影" }));
    const again = await post<{ message: string }>(roundRoute, "coordinator", roundPath(), { contestId: contest.id }, { intent: "nominate", entryId: entries.a1, reason: "再推一次" });
    expect(again.status).toBe(409);
    const db = getDb();
    expect((await db.entry.findUniqueOrThrow({ where: { id: entries.a1 } })).status).toBe("NOMINATED");
    expect((await db.entry.findUniqueOrThrow({ where: { id: entries.b1 } })).status).toBe("SUBMITTED");
    expect(await db.nomination.count({ where: { contestId: contest.id, status: "NOMINATED" } })).toBe(2);
    expect(await db.auditLog.count({ where: { action: "nomination.created", actorId: people.coordinator.id } })).toBe(2);
  });

  it("nobody edits a nominated work: the family gets the reason in words", async () => {
    for (const intent of ["reopen", "save", "submit"]) {
      const result = await post<{ message: string }>(entryRoute, "studentA", `/entries/${entries.a1}`, { entryId: entries.a1 }, { intent, title: "改个名字", description: "", bodyText: "" });
      expect(result.status, intent).toBe(409);
      expect(result.data!.message).toBe(say("entry.error.nominated"));
    }
    expect((await getDb().entry.findUniqueOrThrow({ where: { id: entries.a1 } })).title).toBe("雪后的操场");
  });

  it("the county sees nominations by school and category, and which schools have not nominated", async () => {
    const page = await get<NominationsView>(nominationsRoute, "organiser", `/organiser/contests/${contest.id}/nominations`, { contestId: contest.id });
    expect(page.status).toBe(200);
    const school = page.data!.schools.find((s) => s.id === tree.school.id)!;
    const i = page.data!.categories.findIndex((c) => c.id === photo);
    expect(school.byCategory[i]).toMatchObject({ nominated: 2, quota: 2, submitted: 3 });
    expect(school.nominations.map((n) => n.reason).sort()).toEqual(["情感真挚", "雪景构图干净，光线好"].sort());
    expect(page.data!.notYet.map((s) => s.id)).toEqual([tree.otherSchool.id]);
    expect((await get(nominationsRoute, "coordinator", `/organiser/contests/${contest.id}/nominations`, { contestId: contest.id })).status).toBe(404);
  });

  it("the coordinator takes a nomination back before the round closes: the work is submitted again, the slot free", async () => {
    const nomination = await getDb().nomination.findFirstOrThrow({ where: { entryId: entries.a2, status: "NOMINATED" } });
    const other = await post(roundRoute, "coordinatorOther", roundPath(), { contestId: contest.id }, { intent: "withdraw", nominationId: nomination.id });
    expect(other.status).toBe(404);
    const back = await post(roundRoute, "coordinator", roundPath(), { contestId: contest.id }, { intent: "withdraw", nominationId: nomination.id });
    expect(back.status).toBe(200);
    const db = getDb();
    expect((await db.entry.findUniqueOrThrow({ where: { id: entries.a2 } })).status).toBe("SUBMITTED");
    expect((await db.nomination.findUniqueOrThrow({ where: { id: nomination.id } })).status).toBe("WITHDRAWN");
    expect(await db.auditLog.count({ where: { action: "nomination.withdrawn", subjectId: nomination.id } })).toBe(1);
    const twice = await post(roundRoute, "coordinator", roundPath(), { contestId: contest.id }, { intent: "withdraw", nominationId: nomination.id });
    expect(twice.status).toBe(409);
    expect((await post(roundRoute, "coordinator", roundPath(), { contestId: contest.id }, { intent: "nominate", entryId: entries.b1, reason: "抓拍生动" })).status).toBe(200);
  });

  it("teachers score the school's works with the rubric, never their own class's", async () => {
    const queue = await get<JudgeQueueView>(queueRoute, "teacherB", "/judge", {});
    expect(queue.data!.schoolRounds).toEqual([{ contestId: contest.id, title: contest.title, schoolId: tree.school.id }]);
    const own = await post(roundRoute, "teacherA", roundPath(), { contestId: contest.id }, { intent: "score", entryId: entries.a1 });
    expect(own.status).toBe(409);
    const start = await post(roundRoute, "teacherB", roundPath(), { contestId: contest.id }, { intent: "score", entryId: entries.a1 });
    expect(start.status).toBe(302);
    const location = start.headers.get("Location")!;
    const assignmentId = location.split("/").at(-1)!;
    const sheet = await get<ScoreSheetView>(sheetRoute, "teacherB", location, { assignmentId });
    expect(sheet.status).toBe(200);
    expect(sheet.data!.level).toBe("SCHOOL");
    const fields = Object.fromEntries(sheet.data!.criteria.map((c) => [`score.${c.id}`, String(c.maxScore - 1)]));
    const done = await post(sheetRoute, "teacherB", location, { assignmentId }, { intent: "submit", ...fields });
    expect(done.status).toBe(200);
    const page = await get<SchoolRoundView>(roundRoute, "coordinator", roundPath(), { contestId: contest.id });
    const row = page.data!.categories.flatMap((c) => c.bands.flatMap((b) => b.entries)).find((e) => e.id === entries.a1)!;
    expect(row.scores.count).toBe(1);
    expect(row.scores.mean).toBeGreaterThan(50);
  });
});

describe("county round", () => {
  const countyPath = () => `/organiser/contests/${contest.id}/judging`;
  const county = (fields: Record<string, string>, judges: string[] = []) => {
    const body = new URLSearchParams({ ...fields, csrf: browsers.organiser.csrf });
    for (const j of judges) body.append("judgeId", j);
    const request = new Request(new URL(countyPath(), "http://localhost:3000"), {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: browsers.organiser.cookie, Origin: "http://localhost:3000" },
    });
    return call<{ ok: boolean; message: string }>(countyRoute, "action", request, { contestId: contest.id });
  };

  it("after the school round closes, nominations are final", async () => {
    await setStatus("COUNTY_JUDGING");
    const nomination = await getDb().nomination.findFirstOrThrow({ where: { entryId: entries.a1, status: "NOMINATED" } });
    const late = await post<{ message: string }>(roundRoute, "coordinator", roundPath(), { contestId: contest.id }, { intent: "withdraw", nominationId: nomination.id });
    expect(late.status).toBe(409);
    expect(late.data!.message).toBe(say("judging.withdraw.refused.round_closed"));
    const lateNomination = await post(roundRoute, "coordinatorOther", roundPath(), { contestId: contest.id }, { intent: "nominate", entryId: entries.o1, reason: "很好" });
    expect(lateNomination.status).toBe(409);
    // For the county round: the other school nominates (set directly, as the round would have).
    for (const id of [entries.o1, entries.o2]) {
      await getDb().entry.update({ where: { id }, data: { status: "NOMINATED" } });
      await getDb().nomination.create({ data: { contestId: contest.id, categoryId: photo, schoolId: tree.otherSchool.id, entryId: id, nominatedById: people.coordinatorOther.id, reason: "好" } });
    }
  });

  it("refuses with too few judges and writes nothing; a judge never gets their own school", async () => {
    expect((await county({ intent: "settings", k: "3" })).status).toBe(200);
    const panel = await county({ intent: "panel", categoryId: photo }, [people.judge1.id, people.judge2.id, people.teacherJudge.id]);
    expect(panel.status).toBe(200);
    const refused = await county({ intent: "assign", categoryId: photo });
    expect(refused.status).toBe(409);
    expect(refused.data!.message).toContain("评委不够");
    expect(await getDb().judgeAssignment.count({ where: { round: { contestId: contest.id, level: "COUNTY" } } })).toBe(0);

    expect((await county({ intent: "settings", k: "2" })).status).toBe(200);
    const assigned = await county({ intent: "assign", categoryId: photo });
    expect(assigned.status).toBe(200);
    const rows = await getDb().judgeAssignment.findMany({ where: { round: { contestId: contest.id, level: "COUNTY" } }, select: { entryId: true, judgeId: true } });
    const nominated = [entries.a1, entries.b1, entries.o1, entries.o2];
    for (const id of nominated) expect(rows.filter((r) => r.entryId === id)).toHaveLength(2);
    const ownSchool = rows.filter((r) => r.judgeId === people.teacherJudge.id && [entries.a1, entries.b1].includes(r.entryId));
    expect(ownSchool).toEqual([]);
    const loads = [people.judge1, people.judge2, people.teacherJudge].map((j) => rows.filter((r) => r.judgeId === j.id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(await getDb().auditLog.count({ where: { action: "judging.assigned", actorId: people.organiser.id } })).toBe(1);
    const view = await get<CountyRoundView>(countyRoute, "organiser", countyPath(), { contestId: contest.id });
    expect(view.data!.categories.find((c) => c.id === photo)).toMatchObject({ nominated: 4, short: 0 });
  });
});

describe("judges", () => {
  const mine = async (judge: "judge1" | "judge2" | "judge3" | "teacherJudge") =>
    getDb().judgeAssignment.findMany({ where: { judgeId: people[judge].id, round: { level: "COUNTY" }, status: { not: "RECUSED" } }, orderBy: { id: "asc" }, select: { id: true, entryId: true, status: true } });
  const sheetPath = (id: string) => `/judge/assignments/${id}`;

  it("a judge cannot read or score a work not assigned to them", async () => {
    const [own] = await mine("judge1");
    const others = await getDb().judgeAssignment.findFirstOrThrow({ where: { judgeId: { not: people.judge1.id }, round: { level: "COUNTY" } } });
    expect((await get(sheetRoute, "judge1", sheetPath(others.id), { assignmentId: others.id })).status).toBe(404);
    const save = await post(autosaveRoute, "judge1", `${sheetPath(others.id)}/autosave`, { assignmentId: others.id }, {});
    expect(save.status).toBe(404);
    expect((await get(sheetRoute, "coordinator", sheetPath(own!.id), { assignmentId: own!.id })).status).toBe(404);
  });

  it("keeps partial scores as typed; a reload shows them; out of range writes nothing", async () => {
    const [a] = await mine("judge1");
    const sheet = (await get<ScoreSheetView>(sheetRoute, "judge1", sheetPath(a!.id), { assignmentId: a!.id })).data!;
    const [c1, c2] = sheet.criteria;
    const partial = await post(autosaveRoute, "judge1", `${sheetPath(a!.id)}/autosave`, { assignmentId: a!.id }, { csrf: "", [`score.${c1!.id}`]: "7.5", comment: "色彩很舒服" });
    expect(partial.status).toBe(200);
    const reloaded = (await get<ScoreSheetView>(sheetRoute, "judge1", sheetPath(a!.id), { assignmentId: a!.id })).data!;
    expect(reloaded.criteria[0]!.value).toBe("7.5");
    expect(reloaded.criteria[1]!.value).toBe("");
    expect(reloaded.comment).toBe("色彩很舒服");
    expect(reloaded.status).toBe("IN_PROGRESS");
    const bad = await post(autosaveRoute, "judge1", `${sheetPath(a!.id)}/autosave`, { assignmentId: a!.id }, { [`score.${c1!.id}`]: "5", [`score.${c2!.id}`]: String(c2!.maxScore + 1) });
    expect(bad.status).toBe(400);
    const body = (await bad.response!.json()) as { fieldErrors: Record<string, string> };
    expect(body.fieldErrors[c2!.id]).toBe(say("judging.score.outOfRange", { name: c2!.name, max: c2!.maxScore }));
    const kept = await getDb().score.findMany({ where: { assignmentId: a!.id } });
    expect(kept.map((s) => Number(s.value))).toEqual([7.5]);
    const incomplete = await post(sheetRoute, "judge1", sheetPath(a!.id), { assignmentId: a!.id }, { intent: "submit", [`score.${c1!.id}`]: "7.5" });
    expect(incomplete.status).toBe(400);
  });

  it("submits a complete sheet; a change after submission is audited", async () => {
    const [a] = await mine("judge1");
    const sheet = (await get<ScoreSheetView>(sheetRoute, "judge1", sheetPath(a!.id), { assignmentId: a!.id })).data!;
    const full = Object.fromEntries(sheet.criteria.map((c) => [`score.${c.id}`, String(Math.min(8, c.maxScore))]));
    expect((await post(sheetRoute, "judge1", sheetPath(a!.id), { assignmentId: a!.id }, { intent: "submit", ...full })).status).toBe(200);
    expect((await getDb().judgeAssignment.findUniqueOrThrow({ where: { id: a!.id } })).status).toBe("SUBMITTED");
    const changed = { ...full, [`score.${sheet.criteria[0]!.id}`]: "6" };
    expect((await post(autosaveRoute, "judge1", `${sheetPath(a!.id)}/autosave`, { assignmentId: a!.id }, changed)).status).toBe(200);
    const log = await getDb().auditLog.findFirstOrThrow({ where: { action: "judging.score_changed_after_submit", subjectId: a!.id } });
    expect(log.data).toMatchObject({ changes: [{ criterionId: sheet.criteria[0]!.id, before: Math.min(8, sheet.criteria[0]!.maxScore), after: 6 }] });
  });

  it("declaring a conflict hands the work to another judge", async () => {
    // A work of the other school: the school's teacher-judge may take it over.
    const target = (await mine("judge2")).find((a) => [entries.o1, entries.o2].includes(a.entryId))!;
    const recused = await post(sheetRoute, "judge2", sheetPath(target.id), { assignmentId: target.id }, { intent: "recuse", reason: "是我亲戚家的孩子" });
    expect(recused.status).toBe(302);
    const db = getDb();
    expect((await db.judgeAssignment.findUniqueOrThrow({ where: { id: target.id } })).status).toBe("RECUSED");
    expect(await db.judgeConflict.count({ where: { judgeId: people.judge2.id, entryId: target.entryId } })).toBe(1);
    const active = await db.judgeAssignment.findMany({ where: { entryId: target.entryId, round: { level: "COUNTY" }, status: { not: "RECUSED" } } });
    // Another judge took it: still two, judge2 not among them.
    expect(active).toHaveLength(2);
    expect(active.map((a) => a.judgeId)).not.toContain(people.judge2.id);
    expect((await get(sheetRoute, "judge2", sheetPath(target.id), { assignmentId: target.id })).status).toBe(404);
  });

  it("a judge taken off the panel keeps the scores given; unstarted works go to the others", async () => {
    const db = getDb();
    const submitted = (await mine("judge1")).filter((a) => a.status === "SUBMITTED");
    expect(submitted.length).toBeGreaterThan(0);
    const body = new URLSearchParams({ intent: "panel", categoryId: photo, csrf: browsers.organiser.csrf });
    for (const j of [people.judge2.id, people.judge3.id, people.teacherJudge.id]) body.append("judgeId", j);
    const request = new Request(new URL(`/organiser/contests/${contest.id}/judging`, "http://localhost:3000"), {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: browsers.organiser.cookie, Origin: "http://localhost:3000" },
    });
    const result = await call(countyRoute, "action", request, { contestId: contest.id });
    expect(result.status).toBe(200);
    const after = await mine("judge1");
    expect(after.map((a) => a.id)).toEqual(submitted.map((a) => a.id));
    expect(await db.score.count({ where: { assignmentId: { in: submitted.map((a) => a.id) } } })).toBeGreaterThan(0);
    for (const id of [entries.a1, entries.b1, entries.o1, entries.o2]) {
      expect(await db.judgeAssignment.count({ where: { entryId: id, round: { level: "COUNTY" }, status: { not: "RECUSED" } } }), id).toBe(2);
    }
  });

  it("the judge's pages and media links never name the child, school, class or account", async () => {
    const forbidden = [...CHILD_NAMES, "xs2026000", tree.school.name, "实验小学", "第二小学", tree.classA.name, tree.classB.name, tree.otherClass.name, ORIGINAL_NAME, "IMG_0421"];
    for (const judge of ["judge2", "judge3", "teacherJudge"] as const) {
      const queue = await get<JudgeQueueView>(queueRoute, judge, "/judge", {});
      const pages: unknown[] = [queue.data];
      for (const item of queue.data!.items) {
        const page = await get<ScoreSheetView>(sheetRoute, judge, sheetPath(item.assignmentId), { assignmentId: item.assignmentId });
        expect(page.status).toBe(200);
        expect(page.data!.work.media.length).toBeGreaterThan(0);
        pages.push(page.data, sheetPath(item.assignmentId));
        // Media links: the signed token's claims (key, name) decoded too.
        for (const m of page.data!.work.media) {
          for (const url of [m.thumb, m.display].filter((u): u is string => Boolean(u))) {
            const token = decodeURIComponent(url.split("/").at(-1)!.split("?")[0]!);
            pages.push(Buffer.from(token.split(".")[0]!, "base64url").toString("utf8"), url);
          }
        }
      }
      const text = JSON.stringify(pages);
      for (const word of forbidden) expect(text, `${judge} sees ${word}`).not.toContain(word);
    }
  });

  it("after the round closed: a clear error and nothing written", async () => {
    await setStatus("NOTICE");
    const [a] = await mine("judge3");
    const sheet = (await get<ScoreSheetView>(sheetRoute, "judge3", sheetPath(a!.id), { assignmentId: a!.id })).data!;
    expect(sheet.open).toBe(false);
    const late = await post(autosaveRoute, "judge3", `${sheetPath(a!.id)}/autosave`, { assignmentId: a!.id }, { [`score.${sheet.criteria[0]!.id}`]: "3" });
    expect(late.status).toBe(409);
    expect(((await late.response!.json()) as { message: string }).message).toBe(say("judging.score.roundClosed"));
    expect(await getDb().score.count({ where: { assignmentId: a!.id } })).toBe(0);
  });
});
