// A whole contest on this file's own PostgreSQL database, every step a person
// takes going through the real route loaders and actions with a browser's
// session cookie and CSRF token (issue 11 "Done when"): the organiser opens
// the contest → six children create and submit a photo entry each (files
// READY as the media worker leaves them) → the school round opens → both
// schools' coordinators nominate within their quota → county judging opens →
// k = 3 and a panel of three judges, the balanced assignment → every judge
// scores and submits every sheet → results computed → the public notice
// published → an objection filed by the public and answered → finalised →
// certificates (pdftotext reads 龑 and the rest of the Chinese text; each
// school's ZIP) → the results exported as CSV. Only set-up (org tree, people, the contest with a
// photo category, rubric, grade band, tiers, quotas) and the calendar moving
// on (a window's time arriving) are written directly.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOriginalKey, buildRenditionKey } from "~/domain/storage-keys.ts";
import { t } from "~/i18n/t.ts";
import * as certificateRoute from "~/routes/certificates.$file.ts";
import * as entryRoute from "~/routes/entries.$entryId.tsx";
import * as newEntryRoute from "~/routes/entries.new.tsx";
import * as queueRoute from "~/routes/judge._index.tsx";
import * as sheetRoute from "~/routes/judge.assignments.$assignmentId.tsx";
import * as noticeRoute from "~/routes/notice.$contestId.tsx";
import * as overviewRoute from "~/routes/organiser.contests.$contestId._index.tsx";
import * as countyRoute from "~/routes/organiser.contests.$contestId.judging.tsx";
import * as nominationsRoute from "~/routes/organiser.contests.$contestId.nominations.tsx";
import * as resultsRoute from "~/routes/organiser.contests.$contestId.results.tsx";
import * as resultsCsvRoute from "~/routes/organiser.contests.$contestId.results[.]csv.ts";
import * as zipRoute from "~/routes/school.contests.$contestId.certificates[.]zip.ts";
import * as roundRoute from "~/routes/school.contests.$contestId.round.tsx";
import { getDb } from "~/server/db/db.server.ts";
import { hasPopplerTool, pdfToText } from "~/server/documents/pdf/poppler.test-helpers.ts";
import { readTable } from "~/server/documents/sheets/sheets.server.ts";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import { getStore, type ObjectStore } from "~/server/storage/storage.server.ts";
import type { ContestFormReply } from "~/view-models/contests.ts";
import type { CountyRoundView, JudgeQueueView, NominationsView, SchoolRoundView, ScoreSheetView } from "~/view-models/judging.ts";
import type { NoticeReply, NoticeView, ResultsView } from "~/view-models/results.ts";
import { createContest, createOrgTree, createUser, type OrgTree, type TestUser } from "../factories/index.ts";
import { anonymousBrowser, BASE_URL, getRequest, signedInBrowser, type Browser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";
import { addNotice } from "../setup/notices.ts";

const runId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
// Test harness: this file's own bucket or directory, before anything reads the store.
if (process.env.S3_ENDPOINT) {
  process.env.S3_BUCKET = `whole-contest-${runId}`;
} else {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "whole-contest-test-"));
  addNotice("whole-contest: S3 NOT tested (S3_ENDPOINT unset); only the local store ran");
}
resetEnvForTests();

type Args = { request: Request; params: Record<string, string>; context: Record<string, unknown> };
type RouteModule = { loader?: (args: Args) => Promise<unknown>; action?: (args: Args) => Promise<unknown> };

const DAY = 24 * 3_600_000;
const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t("zh-CN", key, params);

type Child = { key: string; name: string; unit: keyof Pick<OrgTree, "classA" | "classB" | "otherClass">; title: string };
/** Two schools, three children each; 龑 (U+9F91) is the rare character the certificate must carry. */
const CHILDREN: Child[] = [
  { key: "zhang", name: "张龑", unit: "classA", title: "雪后的操场" },
  { key: "li", name: "李小明", unit: "classA", title: "奶奶的手" },
  { key: "zhao", name: "赵一鸣", unit: "classB", title: "冬日麻雀" },
  { key: "wang", name: "王芳芳", unit: "otherClass", title: "河边的灯" },
  { key: "chen", name: "陈一一", unit: "otherClass", title: "年夜饭" },
  { key: "zhou", name: "周二二", unit: "otherClass", title: "窗花" },
];
/** Who each school nominates, and the score each work earns (a judge's offset added). */
const NOMINATED: Record<string, number> = { zhang: 9, wang: 8, li: 7, chen: 6 };
const JUDGE_OFFSETS = [0, -1, 1];

let store: ObjectStore;
let tree: OrgTree;
let organiser: TestUser;
let coordinator: TestUser;
let otherCoordinator: TestUser;
let judges: TestUser[];
const children = new Map<string, TestUser>();
const entries = new Map<string, string>();
let contestId: string;
let photo: string;
const browsers = new Map<string, Browser>();

async function browserFor(user: TestUser | null): Promise<Browser> {
  if (!user) return anonymousBrowser();
  if (!browsers.has(user.id)) browsers.set(user.id, await signedInBrowser(user.id));
  return browsers.get(user.id)!;
}

async function load<T>(route: RouteModule, user: TestUser | null, url: string, params: Record<string, string>) {
  const browser = user ? await browserFor(user) : null;
  return run<T>(() => route.loader!({ request: getRequest(url, browser), params, context: {} }));
}

/** A form POST; an array value is sent as repeated fields (the panel's judge checkboxes). */
async function post<T = ContestFormReply>(
  route: RouteModule,
  user: TestUser | null,
  url: string,
  params: Record<string, string>,
  fields: Record<string, string | string[]>,
  context: Record<string, unknown> = {},
) {
  const browser = await browserFor(user);
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  body.set("csrf", browser.csrf);
  const request = new Request(new URL(url, BASE_URL), { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: browser.cookie, Origin: BASE_URL } });
  return run<T>(() => route.action!({ request, params, context }));
}

const p = () => ({ contestId });
const base = () => `/organiser/contests/${contestId}`;
const roundPath = () => `/school/contests/${contestId}/round`;
const step = (from: string, to: string, closeNow = false) => post(overviewRoute, organiser, base(), p(), { expectedStatus: from, to, ...(closeNow ? { closeNow: "on" } : {}) });
const results = (fields: Record<string, string>) => post(resultsRoute, organiser, `${base()}/results`, p(), fields);
const status = async () => (await getDb().contest.findUniqueOrThrow({ where: { id: contestId }, select: { status: true } })).status;

/** The calendar moving on: a window's time arrives (test set-up writes the dates; no page moves time). */
async function clock(windows: Partial<Record<"schoolRoundOpensAt" | "countyRoundOpensAt" | "countyRoundClosesAt" | "noticeStartsAt" | "noticeEndsAt", Date>>) {
  await getDb().contest.update({ where: { id: contestId }, data: windows });
}

/** A photo as the media worker leaves it: READY, its original and renditions in the store. */
async function readyPhoto(entryId: string) {
  const id = `t${randomBytes(10).toString("hex")}`;
  const originalKey = buildOriginalKey({ entryId, assetId: id });
  await store.put(originalKey, Buffer.from("original bytes, never to be linked"));
  await getDb().mediaAsset.create({
    data: { id, entryId, kind: "IMAGE", status: "READY", originalKey, originalName: "寒假.jpg", byteSize: 123_456n, readyAt: new Date() },
  });
  for (const name of ["thumb", "display"]) {
    const key = buildRenditionKey({ entryId, assetId: id, name, ext: "jpg" });
    await store.put(key, Buffer.from(`${name} bytes`), { contentType: "image/jpeg" });
    await getDb().rendition.create({ data: { assetId: id, name: `${name}.jpg`, key, mime: "image/jpeg", width: 720, height: 540, byteSize: 10n } });
  }
}

beforeAll(async () => {
  store = getStore();
  await store.ensureBucket();
  const db = getDb();
  tree = await createOrgTree();
  organiser = await createUser({ role: "ORGANISER", orgUnitId: tree.county.id, displayName: "刘秀兰" });
  coordinator = await createUser({ role: "SCHOOL_COORDINATOR", orgUnitId: tree.school.id });
  otherCoordinator = await createUser({ role: "SCHOOL_COORDINATOR", orgUnitId: tree.otherSchool.id });
  judges = [];
  for (const displayName of ["评委甲", "评委乙", "评委丙"]) judges.push(await createUser({ role: "JUDGE", orgUnitId: tree.county.id, displayName }));
  for (const child of CHILDREN) children.set(child.key, await createUser({ role: "STUDENT", orgUnitId: tree[child.unit].id, displayName: child.name }));

  // The contest as the set-up pages leave it, still a draft: one photo category with its rubric, a grade band, tiers, quotas, every window.
  const now = Date.now();
  const contest = await createContest({
    orgUnitId: tree.county.id,
    status: "DRAFT",
    categories: [{ kind: "PHOTO", name: "摄影", acceptedMediaKinds: ["IMAGE"], maxFiles: 3, maxFileBytes: 30n * 1024n * 1024n }],
  });
  contestId = contest.id;
  photo = contest.categories[0]!.id;
  await db.contest.update({
    where: { id: contestId },
    data: {
      submissionOpensAt: new Date(now - 2 * DAY),
      submissionClosesAt: new Date(now + DAY),
      schoolRoundOpensAt: new Date(now + DAY),
      schoolRoundClosesAt: new Date(now + 3 * DAY),
      countyRoundOpensAt: new Date(now + 3 * DAY),
      countyRoundClosesAt: new Date(now + 5 * DAY),
      noticeStartsAt: new Date(now + 5 * DAY),
      noticeEndsAt: new Date(now + 12 * DAY),
      tierRounding: "ROUND_HALF_UP",
    },
  });
  await db.rubric.create({
    data: {
      contestId,
      categoryId: photo,
      name: "摄影评分标准",
      criteria: {
        create: [
          { name: "构图", weight: 50, maxScore: 10, sortOrder: 0 },
          { name: "光影", weight: 30, maxScore: 10, sortOrder: 1 },
          { name: "主题", weight: 20, maxScore: 10, sortOrder: 2 },
        ],
      },
    },
  });
  await db.gradeBand.create({ data: { contestId, name: "小学组", gradeMin: 1, gradeMax: 9 } });
  await db.awardTier.create({ data: { contestId, name: "一等奖", rank: 1, places: 1 } });
  await db.awardTier.create({ data: { contestId, name: "二等奖", rank: 2, places: 2 } });
  for (const schoolId of [tree.school.id, tree.otherSchool.id]) await db.nominationQuota.create({ data: { contestId, categoryId: photo, schoolId, quota: 2 } });
});

afterAll(async () => {
  browsers.clear();
  if (store?.config.kind === "local") fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });
});

describe("a whole contest through its pages", () => {
  it("the organiser opens the contest", async () => {
    const opened = await step("DRAFT", "OPEN");
    expect(opened.status, JSON.stringify(opened.data)).toBe(200);
    expect(await status()).toBe("OPEN");
  });

  it("every child creates a photo entry and submits it once the photo is processed", async () => {
    for (const child of CHILDREN) {
      const user = children.get(child.key)!;
      const created = await post(newEntryRoute, user, "/entries/new", {}, { categoryId: photo, studentId: user.id });
      expect(created.status, child.name).toBe(302);
      const entryId = created.headers.get("Location")!.split("/").at(-1)!;
      entries.set(child.key, entryId);
      await readyPhoto(entryId);
      const submitted = await post<{ ok: boolean; message: string }>(entryRoute, user, `/entries/${entryId}`, { entryId }, { intent: "submit", title: child.title, description: "寒假里拍的", bodyText: "" });
      expect(submitted.status, child.name).toBe(200);
      expect(submitted.data!.ok).toBe(true);
    }
    const rows = await getDb().entry.findMany({ where: { contestId }, select: { status: true, schoolId: true } });
    expect(rows.map((r) => r.status)).toEqual(Array(6).fill("SUBMITTED"));
    expect(rows.filter((r) => r.schoolId === tree.school.id)).toHaveLength(3);
  });

  it("the organiser closes submission and opens the school round", async () => {
    const moved = await step("OPEN", "SCHOOL_ROUND", true);
    expect(moved.status, JSON.stringify(moved.data)).toBe(200);
    expect(await status()).toBe("SCHOOL_ROUND");
    // A child changing their mind now is told submission has closed; the work stays submitted.
    const late = await post<{ message: string }>(entryRoute, children.get("zhou")!, `/entries/${entries.get("zhou")}`, { entryId: entries.get("zhou")! }, { intent: "reopen" });
    expect(late.status).toBe(409);
    expect(late.data!.message).toBe(say("entry.error.submission_closed"));
    expect((await getDb().entry.findUniqueOrThrow({ where: { id: entries.get("zhou")! } })).status).toBe("SUBMITTED");
  });

  it("each school's coordinator sees their works and nominates two with reasons", async () => {
    for (const [user, school, keys] of [
      [coordinator, tree.school.id, ["zhang", "li"]],
      [otherCoordinator, tree.otherSchool.id, ["wang", "chen"]],
    ] as const) {
      const page = await load<SchoolRoundView>(roundRoute, user, roundPath(), p());
      expect(page.status).toBe(200);
      const ids = page.data!.categories.flatMap((c) => c.bands.flatMap((b) => b.entries.map((e) => e.id)));
      expect(ids).toHaveLength(3);
      expect(page.data!.categories.find((c) => c.id === photo)).toMatchObject({ quota: 2, used: 0 });
      for (const key of keys) {
        const nominated = await post<{ ok: boolean }>(roundRoute, user, roundPath(), p(), { intent: "nominate", entryId: entries.get(key)!, reason: "构图干净，主题鲜明" });
        expect(nominated.status, key).toBe(200);
      }
      expect(await getDb().nomination.count({ where: { contestId, schoolId: school, status: "NOMINATED" } })).toBe(2);
    }
    const county = await load<NominationsView>(nominationsRoute, organiser, `${base()}/nominations`, p());
    expect(county.data!.notYet).toEqual([]);
    expect(county.data!.schools.flatMap((s) => s.nominations)).toHaveLength(4);
  });

  it("the organiser closes the school round and opens county judging; k = 3, a panel of three, the assignment", async () => {
    await clock({ schoolRoundOpensAt: new Date() });
    const moved = await step("SCHOOL_ROUND", "COUNTY_JUDGING", true);
    expect(moved.status, JSON.stringify(moved.data)).toBe(200);
    expect(await status()).toBe("COUNTY_JUDGING");

    const county = (fields: Record<string, string | string[]>) => post<{ ok: boolean; message: string }>(countyRoute, organiser, `${base()}/judging`, p(), fields);
    expect((await county({ intent: "settings", k: "3" })).status).toBe(200);
    expect((await county({ intent: "panel", categoryId: photo, judgeId: judges.map((j) => j.id) })).status).toBe(200);
    const assigned = await county({ intent: "assign", categoryId: photo });
    expect(assigned.status, assigned.data?.message).toBe(200);
    const view = await load<CountyRoundView>(countyRoute, organiser, `${base()}/judging`, p());
    expect(view.data!.round).toMatchObject({ k: 3 });
    expect(view.data!.categories.find((c) => c.id === photo)).toMatchObject({ nominated: 4, short: 0 });
    const rows = await getDb().judgeAssignment.findMany({ where: { round: { contestId, level: "COUNTY" } } });
    expect(rows).toHaveLength(12);
  });

  it("every judge scores and submits every sheet from their queue", async () => {
    for (const [j, judge] of judges.entries()) {
      const queue = await load<JudgeQueueView>(queueRoute, judge, "/judge", {});
      expect(queue.status).toBe(200);
      expect(queue.data!.items).toHaveLength(4);
      for (const item of queue.data!.items) {
        const sheetUrl = `/judge/assignments/${item.assignmentId}`;
        const sheet = await load<ScoreSheetView>(sheetRoute, judge, sheetUrl, { assignmentId: item.assignmentId });
        expect(sheet.status).toBe(200);
        expect(sheet.data!.work.media.length).toBeGreaterThan(0);
        // Which child's work it is: the test's bookkeeping only (the judge's page does not say).
        const { entryId } = await getDb().judgeAssignment.findUniqueOrThrow({ where: { id: item.assignmentId }, select: { entryId: true } });
        const key = [...entries].find(([, id]) => id === entryId)![0];
        const value = String(NOMINATED[key]! + JUDGE_OFFSETS[j]!);
        const fields = Object.fromEntries(sheet.data!.criteria.map((c) => [`score.${c.id}`, value]));
        const done = await post(sheetRoute, judge, sheetUrl, { assignmentId: item.assignmentId }, { intent: "submit", ...fields, comment: `评语：${judge.displayName}认为光线处理得好。` });
        expect(done.status, JSON.stringify(done.data)).toBe(200);
      }
    }
    expect(await getDb().judgeAssignment.count({ where: { round: { contestId, level: "COUNTY" }, status: "SUBMITTED" } })).toBe(12);
  });

  it("after the county round closes, the organiser computes the results", async () => {
    // County judging opened when the school round closed (the step above) and closes now; the notice runs a week from now.
    const { schoolRoundClosesAt } = await getDb().contest.findUniqueOrThrow({ where: { id: contestId }, select: { schoolRoundClosesAt: true } });
    const now = new Date();
    expect(schoolRoundClosesAt!.getTime()).toBeLessThan(now.getTime());
    await clock({ countyRoundOpensAt: schoolRoundClosesAt!, countyRoundClosesAt: now, noticeStartsAt: now, noticeEndsAt: new Date(now.getTime() + 7 * DAY) });
    const computed = await results({ intent: "compute", expectedStatus: "COUNTY_JUDGING", threshold: "10" });
    expect(computed.status, JSON.stringify(computed.data)).toBe(200);
    const page = (await load<ResultsView>(resultsRoute, organiser, `${base()}/results`, p())).data!;
    expect(page.groups).toHaveLength(1);
    expect(page.groups[0]!.rows.map((r) => [r.title, r.tierName])).toEqual([
      ["雪后的操场", "一等奖"],
      ["河边的灯", "二等奖"],
      ["奶奶的手", "二等奖"],
      ["年夜饭", null],
    ]);
  });

  it("publishes the notice; the public sees masked names and files an objection, which the organiser answers", async () => {
    const published = await results({ intent: "publish", expectedStatus: "COUNTY_JUDGING" });
    expect(published.status, JSON.stringify(published.data)).toBe(200);
    expect(await status()).toBe("NOTICE");

    const noticeUrl = `/notice/${contestId}`;
    const notice = await load<NoticeView>(noticeRoute, null, noticeUrl, p());
    expect(notice.status).toBe(200);
    expect(notice.data!.state).toBe("active");
    expect(notice.data!.rows.map((r) => [r.tierName, r.maskedName])).toEqual([
      ["一等奖", "张*"],
      ["二等奖", "王*芳"],
      ["二等奖", "李*明"],
    ]);
    expect(JSON.stringify(notice.data)).not.toContain("张龑");

    const filed = await post<NoticeReply>(
      noticeRoute,
      null,
      noticeUrl,
      p(),
      { body: "一等奖作品《雪后的操场》疑似网上下载的图片，请核查。", contact: "13800000000", awardId: notice.data!.rows[0]!.awardId },
      { clientIp: "198.51.100.7" },
    );
    expect(filed.status, JSON.stringify(filed.data)).toBe(200);
    const objection = await getDb().objection.findFirstOrThrow({ where: { notice: { contestId } } });
    expect(objection.status).toBe("OPEN");

    const page = (await load<ResultsView>(resultsRoute, organiser, `${base()}/results`, p())).data!;
    expect(page.objections.map((o) => o.id)).toEqual([objection.id]);
    const answered = await results({ intent: "answer", expectedStatus: "NOTICE", objectionId: objection.id, decision: "dismissed", response: "经核查，照片为作者原创，附有原始文件，异议不成立。" });
    expect(answered.status, JSON.stringify(answered.data)).toBe(200);
    expect(await getDb().objection.findUniqueOrThrow({ where: { id: objection.id } })).toMatchObject({ status: "REJECTED", respondedById: organiser.id });
  });

  it("finalises once the notice period has ended: awards confirmed, certificates issued", async () => {
    const early = await results({ intent: "finalise", expectedStatus: "NOTICE" });
    expect(early.status).toBe(409);
    await clock({ noticeEndsAt: new Date(Date.now() - 1000) });
    const finalised = await results({ intent: "finalise", expectedStatus: "NOTICE" });
    expect(finalised.status, JSON.stringify(finalised.data)).toBe(200);
    expect(await status()).toBe("FINALISED");
    expect(new Set((await getDb().award.findMany({ where: { contestId } })).map((a) => a.status))).toEqual(new Set(["CONFIRMED"]));
    expect((await load<NoticeView>(noticeRoute, null, `/notice/${contestId}`, p())).data!.state).toBe("final");
    expect(await getDb().certificate.count({ where: { contestId, kind: "AWARD" } })).toBe(3);
    expect(await getDb().certificate.count({ where: { contestId, kind: "PARTICIPATION" } })).toBe(6);
  });

  it("张龑 downloads the award certificate; its text, read by pdftotext, is right in Chinese", async () => {
    const zhang = children.get("zhang")!;
    const cert = await getDb().certificate.findFirstOrThrow({ where: { contestId, kind: "AWARD", entryId: entries.get("zhang")! } });
    const file = `${cert.id}.pdf`;
    expect((await load(certificateRoute, children.get("li")!, `/certificates/${file}`, { file })).status).toBe(404);
    const own = await load(certificateRoute, zhang, `/certificates/${file}`, { file });
    expect(own.status).toBe(200);
    expect(own.response!.headers.get("Content-Type")).toBe("application/pdf");
    const pdf = new Uint8Array(await own.response!.arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    if (hasPopplerTool("pdftotext")) {
      const text = pdfToText(pdf).replace(/\s+/g, "");
      for (const expected of ["荣誉证书", "张龑同学", "一等奖", "摄影", cert.serialNumber, cert.verifyCode]) expect(text).toContain(expected);
    }
    const participation = await getDb().certificate.findFirstOrThrow({ where: { contestId, kind: "PARTICIPATION", studentId: children.get("zhou")!.id } });
    const theirs = await load(certificateRoute, children.get("zhou")!, `/certificates/${participation.id}.pdf`, { file: `${participation.id}.pdf` });
    expect(theirs.status).toBe(200);
    if (hasPopplerTool("pdftotext")) expect(pdfToText(new Uint8Array(await theirs.response!.arrayBuffer())).replace(/\s+/g, "")).toContain("周二二同学");
  });

  it("each school's coordinator downloads the school's certificates as one ZIP", async () => {
    const url = `/school/contests/${contestId}/certificates.zip`;
    const zip = await load(zipRoute, coordinator, url, p());
    expect(zip.status).toBe(200);
    expect(zip.response!.headers.get("Content-Type")).toBe("application/zip");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "whole-contest-zip-"));
    try {
      const file = path.join(dir, "c.zip");
      fs.writeFileSync(file, new Uint8Array(await zip.response!.arrayBuffer()));
      const listed = spawnSync("zipinfo", ["-1", file], { encoding: "utf8" });
      expect(listed.status, listed.stderr).toBe(0);
      const names = listed.stdout.split("\n").filter(Boolean);
      // School A: awards of 张龑 and 李小明, participation of its three children.
      expect(names).toHaveLength(5);
      expect(names.some((n) => n.startsWith("张龑-荣誉证书-"))).toBe(true);
      expect(names.some((n) => n.includes("王芳芳"))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the organiser exports the awards as CSV", async () => {
    const csv = await load(resultsCsvRoute, organiser, `${base()}/results.csv`, p());
    expect(csv.status).toBe(200);
    const table = await readTable(new Uint8Array(await csv.response!.arrayBuffer()), { maxBytes: 1024 * 1024, maxRows: 100 });
    expect(table.ok).toBe(true);
    if (table.ok) {
      expect(table.rows[0]).toContain("学校");
      const rows = table.rows.slice(1).map((r) => r.map(String));
      expect(rows).toHaveLength(3);
      const find = (name: string) => rows.find((r) => r.includes(name));
      expect(find("张龑")).toEqual(expect.arrayContaining(["示范县实验小学", "摄影", "一等奖"]));
      expect(find("王芳芳")).toEqual(expect.arrayContaining(["示范县第二小学", "摄影", "二等奖"]));
      expect(find("李小明")).toEqual(expect.arrayContaining(["示范县实验小学", "摄影", "二等奖"]));
    }
    const participation = await load(resultsCsvRoute, organiser, `${base()}/results.csv?table=participation`, p());
    expect(participation.status).toBe(200);
    const counts = await readTable(new Uint8Array(await participation.response!.arrayBuffer()), { maxBytes: 1024 * 1024, maxRows: 100 });
    expect(counts.ok).toBe(true);
    if (counts.ok) {
      expect(counts.rows.slice(1).map((r) => r.slice(1).map(String))).toEqual([
        ["示范县第二小学", "摄影", "3", "2", "0", "1", "3"],
        ["示范县实验小学", "摄影", "3", "2", "1", "1", "3"],
      ]);
    }
  });
});
