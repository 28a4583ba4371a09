// Issue 11 items 4–7 through the real route loaders and actions on this
// file's own PostgreSQL database: county scores (made directly with
// factories: the school round and judges' pages are another engineer's) →
// results (normalisation guard both ways, agreement, severity, stated rules)
// → a manual change (refused without a reason) → public notice (masked
// names, scores frozen) with objections (after the window and floods
// refused) answered by an organiser → finalised (refused while an objection
// is open) → certificates (pdftotext finds 张龑; verify page masked; the
// school's ZIP streamed) → exports → feedback on the entry page.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "~/i18n/t.ts";
import * as certificateRoute from "~/routes/certificates.$file.ts";
import * as entryRoute from "~/routes/entries.$entryId.tsx";
import * as noticeRoute from "~/routes/notice.$contestId.tsx";
import * as overviewRoute from "~/routes/organiser.contests.$contestId._index.tsx";
import * as resultsRoute from "~/routes/organiser.contests.$contestId.results.tsx";
import * as resultsCsvRoute from "~/routes/organiser.contests.$contestId.results[.]csv.ts";
import * as resultsXlsxRoute from "~/routes/organiser.contests.$contestId.results[.]xlsx.ts";
import * as zipRoute from "~/routes/school.contests.$contestId.certificates[.]zip.ts";
import * as verifyRoute from "~/routes/verify.$code.tsx";
import { getDb } from "~/server/db/db.server.ts";
import { hasPopplerTool, pdfToText } from "~/server/documents/pdf/poppler.test-helpers.ts";
import { readTable } from "~/server/documents/sheets/sheets.server.ts";
import type { ContestFormReply } from "~/view-models/contests.ts";
import type { EntryResultsView, NoticeReply, NoticeView, ResultsView, VerifyView } from "~/view-models/results.ts";
import { createContest, createEntry, createOrgTree, createUser, FIVE_CATEGORIES, linkGuardian, type OrgTree, type TestUser } from "../factories/index.ts";
import { anonymousBrowser, BASE_URL, getRequest, signedInBrowser, type Browser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";

type Args = { request: Request; params: Record<string, string>; context: Record<string, unknown> };
type RouteModule = { loader?: (args: Args) => Promise<unknown>; action?: (args: Args) => Promise<unknown> };

const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t("zh-CN", key, params);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let tree: OrgTree;
let organiser: TestUser;
let coordinator: TestUser;
let otherCoordinator: TestUser;
let guardian: TestUser;
let students: TestUser[];
let judges: TestUser[];
let contestId: string;
let categoryId: string;
let roundId: string;
let entryIds: string[];
let tierIds: { first: string; second: string };
const browsers = new Map<string, Browser>();

async function browserFor(user: TestUser | null): Promise<Browser> {
  if (!user) return anonymousBrowser();
  if (!browsers.has(user.id)) browsers.set(user.id, await signedInBrowser(user.id));
  return browsers.get(user.id)!;
}

async function load<T>(route: RouteModule, user: TestUser | null, path: string, params: Record<string, string>) {
  const browser = user ? await browserFor(user) : null;
  return run<T>(() => route.loader!({ request: getRequest(path, browser), params, context: {} }));
}

async function post<T = ContestFormReply>(route: RouteModule, user: TestUser | null, path: string, params: Record<string, string>, fields: Record<string, string>, context: Record<string, unknown> = {}) {
  const browser = await browserFor(user);
  const body = new URLSearchParams(fields);
  body.set("csrf", browser.csrf);
  const request = new Request(new URL(path, BASE_URL), { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: browser.cookie, Origin: BASE_URL } });
  return run<T>(() => route.action!({ request, params, context }));
}

const resultsPath = () => `/organiser/contests/${contestId}/results`;
const postResults = (user: TestUser, fields: Record<string, string>) => post(resultsRoute, user, resultsPath(), { contestId }, fields);
const noticePath = () => `/notice/${contestId}`;
const object = (fields: Record<string, string>, ip: string) => post<NoticeReply>(noticeRoute, null, noticePath(), { contestId }, fields, { clientIp: ip });

/** What results, awards, notices and objections hold, and the audit count: equal before and after means nothing was written. */
async function snapshot(): Promise<string> {
  const db = getDb();
  return JSON.stringify(
    await Promise.all([
      db.contest.findUnique({ where: { id: contestId }, select: { status: true, normaliseMinScores: true } }),
      db.resultSet.findMany({ where: { contestId }, orderBy: { id: "asc" }, select: { id: true, normalised: true } }),
      db.award.findMany({ where: { contestId }, orderBy: { id: "asc" } }),
      db.publicNotice.findMany({ where: { contestId }, orderBy: { id: "asc" } }),
      db.objection.findMany({ where: { notice: { contestId } }, orderBy: { id: "asc" } }),
      db.certificate.count({ where: { contestId } }),
      db.auditLog.count(),
    ]),
  );
}

function zipNames(bytes: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), "zip-test-"));
  try {
    const file = join(dir, "c.zip");
    writeFileSync(file, bytes);
    const listed = spawnSync("zipinfo", ["-1", file], { encoding: "utf8" });
    if (listed.status !== 0) throw new Error(listed.stderr);
    return listed.stdout.split("\n").filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  const db = getDb();
  tree = await createOrgTree();
  organiser = await createUser({ role: "ORGANISER", orgUnitId: tree.county.id, displayName: "刘秀兰" });
  coordinator = await createUser({ role: "SCHOOL_COORDINATOR", orgUnitId: tree.school.id });
  otherCoordinator = await createUser({ role: "SCHOOL_COORDINATOR", orgUnitId: tree.otherSchool.id });
  judges = await Promise.all(["评委甲乙", "评委丙丁", "评委戊己"].map((displayName) => createUser({ role: "JUDGE", orgUnitId: tree.county.id, displayName })));
  const names = ["张龑", "李小明", "王芳芳", "赵䶮文", "陈一一", "周二二", "吴三三"];
  const classes = [tree.classA, tree.classA, tree.otherClass, tree.classB, tree.otherClass, tree.otherClass, tree.classA];
  students = [];
  for (const [i, displayName] of names.entries()) students.push(await createUser({ role: "STUDENT", orgUnitId: classes[i]!.id, displayName }));
  guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id });
  await linkGuardian({ guardianId: guardian.id, studentId: students[0]!.id });

  const now = Date.now();
  const contest = await createContest({ orgUnitId: tree.county.id, status: "COUNTY_JUDGING", categories: FIVE_CATEGORIES.filter((c) => c.kind === "ART") });
  contestId = contest.id;
  categoryId = contest.categories[0]!.id;
  await db.contest.update({
    where: { id: contestId },
    data: {
      submissionOpensAt: new Date(now - 30 * DAY),
      submissionClosesAt: new Date(now - 20 * DAY),
      schoolRoundOpensAt: new Date(now - 19 * DAY),
      schoolRoundClosesAt: new Date(now - 15 * DAY),
      countyRoundOpensAt: new Date(now - 14 * DAY),
      countyRoundClosesAt: new Date(now + DAY),
      tierRounding: "ROUND_HALF_UP",
    },
  });
  const band = await db.gradeBand.create({ data: { contestId, name: "小学组", gradeMin: 1, gradeMax: 9 } });
  const first = await db.awardTier.create({ data: { contestId, name: "一等奖", rank: 1, places: 1 } });
  const second = await db.awardTier.create({ data: { contestId, name: "二等奖", rank: 2, places: 2 } });
  tierIds = { first: first.id, second: second.id };
  const rubric = await db.rubric.create({
    data: {
      contestId,
      categoryId,
      name: "美术评分标准",
      criteria: {
        create: [
          { name: "构思", weight: 0.5, maxScore: 10, sortOrder: 0 },
          { name: "技法", weight: 0.3, maxScore: 10, sortOrder: 1 },
          { name: "完整", weight: 0.2, maxScore: 10, sortOrder: 2 },
        ],
      },
    },
    select: { criteria: { orderBy: { sortOrder: "asc" }, select: { id: true } } },
  });
  const round = await db.judgingRound.create({ data: { contestId, level: "COUNTY", name: "县级评审", status: "OPEN", rubricId: null, minJudgesPerEntry: 3 } });
  roundId = round.id;
  entryIds = [];
  for (let i = 0; i < 6; i++) {
    const entry = await createEntry({ contestId, categoryId, studentId: students[i]!.id, classUnit: classes[i]!, status: "NOMINATED", title: `作品${i + 1}` });
    await db.entry.update({ where: { id: entry.id }, data: { gradeBandId: band.id } });
    entryIds.push(entry.id);
    // Entry i's base is 9 − i; judge 1 is a point more severe, judge 2 half a point more lenient.
    for (const [j, judge] of judges.entries()) {
      const offset = [0, -1, 0.5][j]!;
      const base = 9 - i;
      await db.judgeAssignment.create({
        data: {
          roundId,
          entryId: entry.id,
          judgeId: judge.id,
          status: "SUBMITTED",
          submittedAt: new Date(),
          comment: j === 1 ? null : `评语${j}：色彩大胆，构图还可以更完整。`,
          scores: { create: rubric.criteria.map((c, k) => ({ criterionId: c.id, value: k === 2 ? base : base + offset })) },
        },
      });
    }
  }
  const submitted = await createEntry({ contestId, categoryId, studentId: students[6]!.id, classUnit: classes[6]!, status: "SUBMITTED", title: "作品7" });
  await db.entry.update({ where: { id: submitted.id }, data: { gradeBandId: band.id } });
});

afterAll(() => browsers.clear());

describe("results, notice, certificates and exports", () => {
  it("refuses results before county judging has closed, writing nothing", async () => {
    const before = await snapshot();
    const reply = await postResults(organiser, { intent: "compute", expectedStatus: "COUNTY_JUDGING", threshold: "8" });
    expect(reply.status).toBe(409);
    expect(reply.data!.result.error?.[""]).toContain(say("results.error.judgingOpen"));
    expect(await snapshot()).toBe(before);
    const page = await load<ResultsView>(resultsRoute, organiser, resultsPath(), { contestId });
    expect(page.data!.computeBlockers).toEqual([say("results.error.judgingOpen")]);
  });

  it("is not found for anyone but the county's organisers", async () => {
    for (const user of [coordinator, judges[0]!, students[0]!, guardian]) {
      expect((await load(resultsRoute, user, resultsPath(), { contestId })).status).toBe(404);
      expect((await postResults(user, { intent: "compute", expectedStatus: "COUNTY_JUDGING", threshold: "8" })).status).toBe(404);
    }
  });

  it("computes raw results with a stated reason below the threshold, normalised ones at or above it", async () => {
    await getDb().judgingRound.update({ where: { id: roundId }, data: { status: "CLOSED" } });
    await getDb().contest.update({ where: { id: contestId }, data: { countyRoundClosesAt: new Date(Date.now() - HOUR), noticeStartsAt: new Date(Date.now() - HOUR / 2), noticeEndsAt: new Date(Date.now() + 3 * DAY) } });
    const raw = await postResults(organiser, { intent: "compute", expectedStatus: "COUNTY_JUDGING", threshold: "8" });
    expect(raw.status).toBe(200);
    let page = (await load<ResultsView>(resultsRoute, organiser, resultsPath(), { contestId })).data!;
    expect(page.groups).toHaveLength(1);
    const group = page.groups[0]!;
    expect(group.normalised).toBe(false);
    expect(group.method).toBe(say("results.method.raw", { threshold: 8 }));
    expect(group.warnings).toContain(say("results.warning.tooFew", { judge: "评委甲乙", count: 6, threshold: 8 }));
    expect(group.rows.map((r) => r.title)).toEqual(["作品1", "作品2", "作品3", "作品4", "作品5", "作品6"]);
    expect(group.rows.map((r) => r.tierName)).toEqual(["一等奖", "二等奖", "二等奖", null, null, null]);
    // Every judge scored every entry: all the ICC forms and Kendall's W (the judges order the entries identically: W = 1).
    expect(group.agreement[0]).toBe(say("results.agreement.crossed", { judges: 3, entries: 6 }));
    expect(group.agreement.join("\n")).toContain("W = 1.00");
    // The severe judge (−1 on two criteria = −8 points) stands out to the left, the lenient one to the right.
    const severity = Object.fromEntries(group.severity.judges.map((j) => [j.label, j]));
    expect(severity["评委丙丁"]!.meanDifference!).toBeLessThan(0);
    expect(severity["评委戊己"]!.meanDifference!).toBeGreaterThan(0);
    expect(page.tieRules).toHaveLength(4);

    const normalised = await postResults(organiser, { intent: "compute", expectedStatus: "COUNTY_JUDGING", threshold: "5" });
    expect(normalised.status).toBe(200);
    page = (await load<ResultsView>(resultsRoute, organiser, resultsPath(), { contestId })).data!;
    expect(page.threshold).toBe(5);
    expect(page.groups[0]!.normalised).toBe(true);
    expect(page.groups[0]!.method).toBe(say("results.method.normalised", { threshold: 5 }));
    const awards = await getDb().award.findMany({ where: { contestId }, orderBy: { rank: "asc" } });
    expect(awards.map((a) => [a.entryId, a.tierId, a.status])).toEqual([
      [entryIds[0], tierIds.first, "PROPOSED"],
      [entryIds[1], tierIds.second, "PROPOSED"],
      [entryIds[2], tierIds.second, "PROPOSED"],
    ]);
  });

  it("refuses a bad threshold and a manual change without a reason; audits one with a reason", async () => {
    const before = await snapshot();
    const badThreshold = await postResults(organiser, { intent: "compute", expectedStatus: "COUNTY_JUDGING", threshold: "1" });
    expect(badThreshold.status).toBe(400);
    expect(badThreshold.data!.result.error?.threshold).toEqual([say("results.form.threshold", { min: 2, max: 100 })]);
    const noReason = await postResults(organiser, { intent: "change-tier", expectedStatus: "COUNTY_JUDGING", entryId: entryIds[3]!, tierId: tierIds.second, reason: " " });
    expect(noReason.status).toBe(400);
    expect(noReason.data!.result.error?.reason).toEqual([say("results.form.reasonRequired", { min: 4 })]);
    expect(await snapshot()).toBe(before);

    const changed = await postResults(organiser, { intent: "change-tier", expectedStatus: "COUNTY_JUDGING", entryId: entryIds[3]!, tierId: tierIds.second, reason: "复核发现评分表漏计一项，经评审组复议增补" });
    expect(changed.status).toBe(200);
    const award = await getDb().award.findUniqueOrThrow({ where: { entryId: entryIds[3]! } });
    expect(award).toMatchObject({ tierId: tierIds.second, computedTierId: null, changedById: organiser.id, changeReason: "复核发现评分表漏计一项，经评审组复议增补" });
    const log = await getDb().auditLog.findFirstOrThrow({ where: { action: "award.tier_changed", subjectId: award.id } });
    expect(log).toMatchObject({ actorId: organiser.id, subjectType: "Award" });
    expect(log.data).toMatchObject({ from: "none", to: tierIds.second, reason: "复核发现评分表漏计一项，经评审组复议增补" });
    // Recomputing keeps the hand change.
    expect((await postResults(organiser, { intent: "compute", expectedStatus: "COUNTY_JUDGING", threshold: "5" })).status).toBe(200);
    expect((await getDb().award.findUniqueOrThrow({ where: { entryId: entryIds[3]! } })).tierId).toBe(tierIds.second);
  });

  it("publishes the notice: scores frozen, masked names in public, objections heard and limited", async () => {
    const published = await postResults(organiser, { intent: "publish", expectedStatus: "COUNTY_JUDGING" });
    expect(published.status).toBe(200);
    expect((await getDb().contest.findUniqueOrThrow({ where: { id: contestId } })).status).toBe("NOTICE");
    expect((await getDb().judgingRound.findUniqueOrThrow({ where: { id: roundId } })).frozenAt).not.toBeNull();
    expect(new Set((await getDb().award.findMany({ where: { contestId } })).map((a) => a.status))).toEqual(new Set(["ANNOUNCED"]));

    const before = await snapshot();
    const frozen = await postResults(organiser, { intent: "compute", expectedStatus: "NOTICE", threshold: "5" });
    expect(frozen.status).toBe(409);
    expect(frozen.data!.result.error?.[""]).toEqual([say("results.error.frozen")]);
    expect(await snapshot()).toBe(before);

    const notice = await load<NoticeView>(noticeRoute, null, noticePath(), { contestId });
    expect(notice.status).toBe(200);
    expect(notice.data!.state).toBe("active");
    expect(notice.data!.rows.map((r) => [r.tierName, r.maskedName, r.schoolName, r.bandName, r.categoryName])).toEqual([
      ["一等奖", "张*", "实验小学", "小学组", "美术"],
      ["二等奖", "李*明", "实验小学", "小学组", "美术"],
      ["二等奖", "王*芳", "第二小学", "小学组", "美术"],
      ["二等奖", "赵*文", "实验小学", "小学组", "美术"],
    ]);
    const json = JSON.stringify(notice.data);
    for (const hidden of ["张龑", "李小明", "作品1", "评委甲乙"]) expect(json).not.toContain(hidden);

    const empty = await object({ body: "" }, "198.51.100.7");
    expect(empty.status).toBe(400);
    expect(empty.data!.fieldErrors?.body).toBe(say("results.objection.bodyRequired", { min: 5 }));
    const filed = await object({ body: "二等奖的《作品3》与往年获奖作品高度相似，请核查。", contact: "13800000000", awardId: notice.data!.rows[2]!.awardId }, "198.51.100.7");
    expect(filed.status).toBe(200);
    expect(filed.data!.message).toBe(say("results.objection.filed"));
    const stored = await getDb().objection.findFirstOrThrow({ where: { notice: { contestId } } });
    expect(stored).toMatchObject({ status: "OPEN", submitterContact: "13800000000", awardId: notice.data!.rows[2]!.awardId });
    expect(stored.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain("198.51.100.7");

    // A flood from one address: five an hour, then refused in words, with nothing written.
    for (let i = 0; i < 5; i++) expect((await object({ body: `重复提交的异议内容第${i}条` }, "203.0.113.66")).status).toBe(200);
    const count = await getDb().objection.count();
    const flood = await object({ body: "重复提交的异议内容第六条" }, "203.0.113.66");
    expect(flood.status).toBe(429);
    expect(flood.data!.message).toMatch(/请 \d+ 分钟后再试/);
    expect(flood.headers.get("Retry-After")).toMatch(/^\d+$/);
    expect(await getDb().objection.count()).toBe(count);
  });

  it("answers objections (organisers only) and finalises only when every one is resolved and the window is over", async () => {
    const objections = await getDb().objection.findMany({ where: { notice: { contestId } }, orderBy: { createdAt: "asc" } });
    expect(objections).toHaveLength(6);
    // Only organisers answer: anyone else gets 404 before the form is read.
    for (const user of [coordinator, judges[0]!, students[0]!]) {
      expect((await postResults(user, { intent: "answer", expectedStatus: "NOTICE", objectionId: objections[0]!.id, decision: "dismissed", response: "经核查不属实" })).status).toBe(404);
    }
    // The window ends: objections are refused, and finalising still waits for the open ones.
    await getDb().contest.update({ where: { id: contestId }, data: { noticeEndsAt: new Date(Date.now() - 1000) } });
    const late = await object({ body: "公示结束后才提交的异议" }, "192.0.2.1");
    expect(late.status).toBe(409);
    expect(late.data!.message).toBe(say("results.objection.windowClosed"));
    const before = await snapshot();
    const refused = await postResults(organiser, { intent: "finalise", expectedStatus: "NOTICE" });
    expect(refused.status).toBe(409);
    expect(refused.data!.result.error?.[""]?.join("")).toContain("6");
    expect(await snapshot()).toBe(before);

    const noResponse = await postResults(organiser, { intent: "answer", expectedStatus: "NOTICE", objectionId: objections[0]!.id, decision: "dismissed", response: "" });
    expect(noResponse.status).toBe(400);
    for (const o of objections) {
      const answered = await postResults(organiser, { intent: "answer", expectedStatus: "NOTICE", objectionId: o.id, decision: "dismissed", response: "经评审组复核，作品为原创，异议不成立。" });
      expect(answered.status).toBe(200);
    }
    const again = await postResults(organiser, { intent: "answer", expectedStatus: "NOTICE", objectionId: objections[0]!.id, decision: "upheld", response: "改主意" });
    expect(again.status).toBe(409);
    const first = await getDb().objection.findUniqueOrThrow({ where: { id: objections[0]!.id } });
    expect(first).toMatchObject({ status: "REJECTED", respondedById: organiser.id, response: "经评审组复核，作品为原创，异议不成立。" });
    expect(await getDb().auditLog.count({ where: { action: "objection.answered" } })).toBe(6);
    expect(await getDb().auditLog.count({ where: { action: "objection.filed" } })).toBe(6);

    const finalised = await postResults(organiser, { intent: "finalise", expectedStatus: "NOTICE" });
    expect(finalised.status).toBe(200);
    const contest = await getDb().contest.findUniqueOrThrow({ where: { id: contestId } });
    expect(contest.status).toBe("FINALISED");
    expect(new Set((await getDb().award.findMany({ where: { contestId } })).map((a) => a.status))).toEqual(new Set(["CONFIRMED"]));
    const notice = await load<NoticeView>(noticeRoute, null, noticePath(), { contestId });
    expect(notice.data!.state).toBe("final");
    // 4 awards + 7 children with a submitted entry.
    expect(await getDb().certificate.count({ where: { contestId, kind: "AWARD" } })).toBe(4);
    expect(await getDb().certificate.count({ where: { contestId, kind: "PARTICIPATION" } })).toBe(7);
  });

  it("lets the child and guardian download their own certificate; the PDF's text holds 龑; the verify page shows the masked name only", async () => {
    const cert = await getDb().certificate.findFirstOrThrow({ where: { contestId, kind: "AWARD", entryId: entryIds[0]! } });
    const path = `/certificates/${cert.id}.pdf`;
    for (const user of [students[1]!, coordinator, organiser, judges[0]!]) expect((await load(certificateRoute, user, path, { file: `${cert.id}.pdf` })).status).toBe(404);
    expect((await load(certificateRoute, guardian, path, { file: `${cert.id}.pdf` })).status).toBe(200);
    const own = await load(certificateRoute, students[0]!, path, { file: `${cert.id}.pdf` });
    expect(own.status).toBe(200);
    expect(own.response!.headers.get("Content-Type")).toBe("application/pdf");
    const pdf = new Uint8Array(await own.response!.arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    if (hasPopplerTool("pdftotext")) {
      const text = pdfToText(pdf).replace(/\s+/g, "");
      for (const expected of ["荣誉证书", "张龑同学", "一等奖", "美术", cert.serialNumber, cert.verifyCode, "示范县关心下一代工作委员会"]) expect(text).toContain(expected);
    }
    const verify = await load<VerifyView>(verifyRoute, null, `/verify/${cert.verifyCode}`, { code: cert.verifyCode });
    expect(verify.data).toEqual({ found: true, revoked: false, maskedName: "张*", contestTitle: expect.any(String), categoryName: "美术", awardName: "一等奖" });
    expect((await load<VerifyView>(verifyRoute, null, "/verify/NOPE", { code: "NOPE" })).data).toEqual({ found: false });

    const participation = await getDb().certificate.findFirstOrThrow({ where: { contestId, kind: "PARTICIPATION", studentId: students[3]!.id } });
    const p = await load(certificateRoute, students[3]!, `/certificates/${participation.id}.pdf`, { file: `${participation.id}.pdf` });
    if (hasPopplerTool("pdftotext")) expect(pdfToText(new Uint8Array(await p.response!.arrayBuffer())).replace(/\s+/g, "")).toContain("赵䶮文同学");
  });

  it("streams the school's certificates as one ZIP to its coordinator only", async () => {
    const path = `/school/contests/${contestId}/certificates.zip`;
    for (const user of [organiser, students[0]!, guardian]) expect((await load(zipRoute, user, path, { contestId })).status).toBe(404);
    const zip = await load(zipRoute, coordinator, path, { contestId });
    expect(zip.status).toBe(200);
    expect(zip.response!.headers.get("Content-Type")).toBe("application/zip");
    const names = zipNames(new Uint8Array(await zip.response!.arrayBuffer()));
    // School A: awards of 张龑, 李小明, 赵䶮文 and participation of those three and 吴三三.
    expect(names).toHaveLength(7);
    expect(names.filter((n) => n.includes("荣誉证书"))).toHaveLength(3);
    expect(names.some((n) => n.startsWith("张龑-荣誉证书-"))).toBe(true);
    expect(names.some((n) => n.includes("王芳芳"))).toBe(false);
    const theirs = zipNames(new Uint8Array(await (await load(zipRoute, otherCoordinator, path, { contestId })).response!.arrayBuffer()));
    expect(theirs).toHaveLength(4);
  });

  it("exports awards and participation by school and category as CSV and XLSX", async () => {
    const csv = await load(resultsCsvRoute, organiser, `/organiser/contests/${contestId}/results.csv`, { contestId });
    expect(csv.status).toBe(200);
    const awards = await readTable(new Uint8Array(await csv.response!.arrayBuffer()), { maxBytes: 1024 * 1024, maxRows: 100 });
    expect(awards.ok).toBe(true);
    if (awards.ok) {
      expect(awards.rows[0]).toContain("学校");
      expect(awards.rows.slice(1).map((r) => [r[1], r[6], r[9]])).toEqual([
        ["示范县实验小学", "一等奖", "张龑"],
        ["示范县实验小学", "二等奖", "李小明"],
        ["示范县实验小学", "二等奖", "赵䶮文"],
        ["示范县第二小学", "二等奖", "王芳芳"],
      ]);
    }
    const xlsx = await load(resultsXlsxRoute, organiser, `/organiser/contests/${contestId}/results.xlsx?table=participation`, { contestId });
    expect(xlsx.status).toBe(200);
    const participation = await readTable(new Uint8Array(await xlsx.response!.arrayBuffer()), { maxBytes: 1024 * 1024, maxRows: 100 });
    expect(participation.ok).toBe(true);
    if (participation.ok) {
      expect(participation.rows[0]).toEqual(["乡镇/社区", "学校", "类别", "提交作品数", "推荐到县数", "一等奖", "二等奖", "参与证书数"]);
      expect(participation.rows.slice(1).map((r) => r.slice(1).map(String))).toEqual([
        ["示范县第二小学", "美术", "3", "3", "0", "1", "3"],
        ["示范县实验小学", "美术", "4", "3", "1", "2", "4"],
      ]);
    }
    expect((await load(resultsCsvRoute, coordinator, `/organiser/contests/${contestId}/results.csv`, { contestId })).status).toBe(404);
  });

  it("shows the child and guardian the judges' comments as feedback, without judges' names", async () => {
    for (const user of [students[0]!, guardian]) {
      const page = await load<{ results: EntryResultsView | null }>(entryRoute, user, `/entries/${entryIds[0]}`, { entryId: entryIds[0]! });
      expect(page.status).toBe(200);
      expect(page.data!.results!.feedback).toEqual(["评语0：色彩大胆，构图还可以更完整。", "评语2：色彩大胆，构图还可以更完整。"]);
      expect(page.data!.results!.certificates.map((c) => c.label)).toEqual([say("results.cert.awardLink", { tier: "一等奖" }), say("results.cert.participationLink")]);
      const json = JSON.stringify(page.data);
      for (const judge of judges) expect(json).not.toContain(judge.displayName);
    }
  });
});

describe("the contest overview's own step", () => {
  it("freezes the scores, announces the awards and opens the notice in the same write as the status", async () => {
    const db = getDb();
    const now = Date.now();
    const contest = await createContest({ orgUnitId: tree.county.id, status: "COUNTY_JUDGING", categories: FIVE_CATEGORIES.filter((c) => c.kind === "PHOTO") });
    const category = contest.categories[0]!.id;
    await db.contest.update({
      where: { id: contest.id },
      data: {
        submissionOpensAt: new Date(now - 30 * DAY),
        submissionClosesAt: new Date(now - 20 * DAY),
        countyRoundOpensAt: new Date(now - 14 * DAY),
        countyRoundClosesAt: new Date(now - HOUR),
        noticeStartsAt: new Date(now - HOUR / 2),
        noticeEndsAt: new Date(now + 3 * DAY),
      },
    });
    const band = await db.gradeBand.create({ data: { contestId: contest.id, name: "全学段", gradeMin: 1, gradeMax: 9 } });
    const tier = await db.awardTier.create({ data: { contestId: contest.id, name: "一等奖", rank: 1, places: 1 } });
    const round = await db.judgingRound.create({ data: { contestId: contest.id, level: "COUNTY", name: "县级评审", status: "CLOSED" } });
    const entry = await createEntry({ contestId: contest.id, categoryId: category, studentId: students[0]!.id, classUnit: tree.classA, status: "NOMINATED" });
    await db.resultSet.create({ data: { contestId: contest.id, categoryId: category, gradeBandId: band.id, normalised: false, details: {} } });
    await db.award.create({ data: { contestId: contest.id, categoryId: category, entryId: entry.id, tierId: tier.id, status: "PROPOSED" } });
    const path = `/organiser/contests/${contest.id}`;
    const stepped = await post(overviewRoute, organiser, path, { contestId: contest.id }, { expectedStatus: "COUNTY_JUDGING", to: "NOTICE" });
    expect(stepped.status).toBe(200);
    expect((await db.judgingRound.findUniqueOrThrow({ where: { id: round.id } })).frozenAt).not.toBeNull();
    expect((await db.award.findUniqueOrThrow({ where: { entryId: entry.id } })).status).toBe("ANNOUNCED");
    expect(await db.publicNotice.count({ where: { contestId: contest.id, status: "ACTIVE" } })).toBe(1);
    expect((await load<NoticeView>(noticeRoute, null, `/notice/${contest.id}`, { contestId: contest.id })).data!.rows).toHaveLength(1);
  });
});
