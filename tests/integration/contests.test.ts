// The contest editor and progress pages (issue 10) through their real route
// loaders and actions, with the session cookie and CSRF token a browser
// sends, on this file's own database: an organiser sets a contest up and
// opens it; every bad input is refused in words with nothing written; changes
// that would invalidate entries are refused naming the category and how many;
// the status moves by compare-and-set; progress is scoped per role and its
// downloads hold the page's numbers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planContestWindows } from "~/domain/contest.ts";
import { shanghaiDayAt, toShanghaiLocal } from "~/domain/shanghai-time.ts";
import { t } from "~/i18n/t.ts";
import * as awardsRoute from "~/routes/organiser.contests.$contestId.awards.tsx";
import * as bandsRoute from "~/routes/organiser.contests.$contestId.bands.tsx";
import * as categoryRoute from "~/routes/organiser.contests.$contestId.categories.$categoryId._index.tsx";
import * as rubricRoute from "~/routes/organiser.contests.$contestId.categories.$categoryId.rubric.tsx";
import * as categoriesRoute from "~/routes/organiser.contests.$contestId.categories._index.tsx";
import * as detailsRoute from "~/routes/organiser.contests.$contestId.details.tsx";
import * as overviewRoute from "~/routes/organiser.contests.$contestId._index.tsx";
import * as progressRoute from "~/routes/organiser.contests.$contestId.progress.tsx";
import * as progressCsvRoute from "~/routes/organiser.contests.$contestId.progress[.]csv.ts";
import * as progressXlsxRoute from "~/routes/organiser.contests.$contestId.progress[.]xlsx.ts";
import * as quotasRoute from "~/routes/organiser.contests.$contestId.quotas.tsx";
import * as listRoute from "~/routes/organiser.contests._index.tsx";
import * as newRoute from "~/routes/organiser.contests.new.tsx";
import * as schoolProgressRoute from "~/routes/school.contests.$contestId.progress.tsx";
import * as schoolCsvRoute from "~/routes/school.contests.$contestId.progress[.]csv.ts";
import { getDb } from "~/server/db/db.server.ts";
import { readTable } from "~/server/documents/sheets/sheets.server.ts";
import {
  progressTable,
  type AwardTiersView,
  type CategoriesView,
  type ContestFormReply,
  type ContestListView,
  type ContestOverviewView,
  type ContestProgressView,
  type GradeBandsView,
  type RubricView,
} from "~/view-models/contests.ts";
import {
  createContest,
  createEntry,
  createMediaAsset,
  createNomination,
  createOrgTree,
  createOrgUnit,
  createUser,
  type OrgTree,
  type TestUser,
} from "../factories/index.ts";
import { BASE_URL, getRequest, signedInBrowser, type Browser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";

type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: Record<string, never> }) => Promise<unknown>;
  action?: (args: { request: Request; params: Record<string, string>; context: Record<string, never> }) => Promise<unknown>;
};

const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t("zh-CN", key, params);
const MB = 1024n * 1024n;

let tree: OrgTree;
let organiser: TestUser;
let admin: TestUser;
let coordinator: TestUser;
let teacher: TestUser;
let elsewhere: { tree: OrgTree; organiser: TestUser; contestId: string };

beforeAll(async () => {
  tree = await createOrgTree();
  organiser = await createUser({ role: "ORGANISER", orgUnitId: tree.county.id, displayName: "刘秀兰" });
  admin = await createUser({ role: "ADMIN", orgUnitId: tree.county.id });
  coordinator = await createUser({ role: "SCHOOL_COORDINATOR", orgUnitId: tree.school.id });
  teacher = await createUser({ role: "TEACHER", orgUnitId: tree.classA.id });
  const otherTree = await createOrgTree();
  elsewhere = {
    tree: otherTree,
    organiser: await createUser({ role: "ORGANISER", orgUnitId: otherTree.county.id }),
    contestId: (await createContest({ orgUnitId: otherTree.county.id, status: "DRAFT" })).id,
  };
});

const browsers = new Map<string, Browser>();
async function browserFor(user: TestUser | null): Promise<Browser | null> {
  if (!user) return null;
  if (!browsers.has(user.id)) browsers.set(user.id, await signedInBrowser(user.id));
  return browsers.get(user.id)!;
}

async function load<T>(route: RouteModule, user: TestUser | null, path: string, params: Record<string, string> = {}) {
  const browser = await browserFor(user);
  return run<T>(() => route.loader!({ request: getRequest(path, browser), params, context: {} }));
}

/** A form POST as a browser sends it: repeated names for checkbox groups, the CSRF token, the session cookie. */
async function post(route: RouteModule, user: TestUser, path: string, params: Record<string, string>, fields: Record<string, string | string[]>) {
  const browser = (await browserFor(user))!;
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  body.set("csrf", browser.csrf);
  const request = new Request(new URL(path, BASE_URL), {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: browser.cookie, Origin: BASE_URL },
  });
  return run<ContestFormReply>(() => route.action!({ request, params, context: {} }));
}

/** Everything a contest's setup holds, and its audit count: equal before and after means nothing was written. */
async function snapshot(contestId: string): Promise<string> {
  const db = getDb();
  const rows = await Promise.all([
    db.contest.findUnique({ where: { id: contestId } }),
    db.category.findMany({ where: { contestId }, orderBy: { id: "asc" } }),
    db.rubricCriterion.findMany({ where: { rubric: { contestId } }, orderBy: { id: "asc" } }),
    db.gradeBand.findMany({ where: { contestId }, orderBy: { id: "asc" } }),
    db.awardTier.findMany({ where: { contestId }, orderBy: { id: "asc" } }),
    db.nominationQuota.findMany({ where: { contestId }, orderBy: { id: "asc" } }),
    db.auditLog.count({ where: { subjectId: contestId } }),
  ]);
  return JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

function plannedWindows(): Record<string, string> {
  const w = planContestWindows({ submissionOpensAt: shanghaiDayAt(new Date(), { days: 1, hour: 8 }), submissionDays: 30 });
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [k, toShanghaiLocal(v)]));
}

function detailsFields(status: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    expectedStatus: status,
    title: "2027年寒假“三晒一创”活动",
    description: "晒读书、晒征文、晒视频，创美好假期。",
    season: "WINTER",
    year: "2027",
    ...plannedWindows(),
    participationCertificates: "on",
    normaliseMinScores: "8",
    ...overrides,
  };
}

const criteriaFields = (rows: [string, string][]) =>
  Object.fromEntries(rows.flatMap(([name, weight], i) => [[`criteria[${i}].name`, name], [`criteria[${i}].description`, ""], [`criteria[${i}].weight`, weight], [`criteria[${i}].maxScore`, "10"]]));

const tierFields = (rows: [string, "count" | "percent", string][]) =>
  Object.fromEntries(rows.flatMap(([name, mode, value], i) => [[`tiers[${i}].name`, name], [`tiers[${i}].mode`, mode], [`tiers[${i}].value`, value]]));

/** Creates a contest through the page and returns its id. */
async function createThroughPage(title = "2027年寒假“三晒一创”活动"): Promise<string> {
  const res = await post(newRoute, organiser, "/organiser/contests/new", {}, { title, description: "", season: "WINTER", year: "2027" });
  expect(res.status).toBe(302);
  const location = res.headers.get("Location") ?? res.response?.headers.get("Location");
  const id = location?.split("/").pop();
  expect(id).toBeTruthy();
  return id!;
}

describe("an organiser sets up a contest and opens it", () => {
  let contestId: string;
  const base = () => `/organiser/contests/${contestId}`;
  const p = () => ({ contestId });

  it("creates a draft with the default grade bands and a planned submission window", async () => {
    contestId = await createThroughPage();
    const contest = await getDb().contest.findUniqueOrThrow({ where: { id: contestId }, include: { gradeBands: true } });
    expect(contest).toMatchObject({ status: "DRAFT", orgUnitId: tree.county.id, season: "WINTER", year: 2027, createdById: organiser.id });
    expect(contest.gradeBands.map((b) => `${b.name}:${b.gradeMin}-${b.gradeMax}`).sort()).toEqual(["初中:7-9", "小学低年级:1-3", "小学高年级:4-6"]);
    const list = await load<ContestListView>(listRoute, organiser, "/organiser/contests");
    const item = list.data!.contests.find((c) => c.id === contestId)!;
    expect(item).toMatchObject({ status: "DRAFT", next: { code: "finish_setup" }, categories: 0 });
  });

  it("says what opening still needs", async () => {
    const overview = (await load<ContestOverviewView>(overviewRoute, organiser, base(), p())).data!;
    expect(overview.options.map((o) => o.to)).toEqual(["OPEN", "ARCHIVED"]);
    expect(overview.options[0]!.problems).toEqual([
      say("contests.check.no_categories"),
      say("contests.check.windows_incomplete", { windows: "学校初评开始、学校初评结束、县级评审开始、县级评审结束、公示开始、公示结束" }),
    ]);
  });

  it("fills in the windows (Beijing time) and settings", async () => {
    const res = await post(detailsRoute, organiser, `${base()}/details`, p(), detailsFields("DRAFT", { normaliseMinScores: "10" }));
    expect([res.status, res.data?.message]).toEqual([200, say("contests.form.saved")]);
    const c = await getDb().contest.findUniqueOrThrow({ where: { id: contestId } });
    expect(toShanghaiLocal(c.noticeEndsAt!)).toBe(plannedWindows().noticeEndsAt);
    expect(c.normaliseMinScores).toBe(10);
    expect(c.title).toBe("2027年寒假“三晒一创”活动");
  });

  it("adds the five categories from the presets, each with its preset rubric", async () => {
    for (const kind of ["READING", "ESSAY", "VIDEO", "PHOTO", "ART"]) {
      const res = await post(categoriesRoute, organiser, `${base()}/categories`, p(), { intent: "add", expectedStatus: "DRAFT", kind });
      expect([kind, res.status]).toEqual([kind, 200]);
    }
    const again = await post(categoriesRoute, organiser, `${base()}/categories`, p(), { intent: "add", expectedStatus: "DRAFT", kind: "ART" });
    expect([again.status, again.data?.result.error?.[""]]).toEqual([409, ["「美术」已经在活动里了。"]]);
    const view = (await load<CategoriesView>(categoriesRoute, organiser, `${base()}/categories`, p())).data!;
    expect(view.categories.map((c) => [c.name, c.rubric?.totalHundredths])).toEqual([
      ["读书", 10_000],
      ["征文", 10_000],
      ["小视频", 10_000],
      ["摄影", 10_000],
      ["美术", 10_000],
    ]);
    expect(view.categories.find((c) => c.kind === "VIDEO")).toMatchObject({ acceptedMediaKinds: ["VIDEO"], maxFiles: 1, maxFileMb: 500, maxDurationMinutes: 5 });
    expect(view.addable).toEqual([]);
  });

  it("sets grade bands, keeping the rows of bands that stay", async () => {
    const before = (await load<GradeBandsView>(bandsRoute, organiser, `${base()}/bands`, p())).data!;
    const [low, high, middle] = before.bands;
    const res = await post(bandsRoute, organiser, `${base()}/bands`, p(), {
      expectedStatus: "DRAFT",
      "bands[0].id": low!.id,
      "bands[0].name": "低年级",
      "bands[0].gradeMin": "1",
      "bands[0].gradeMax": "3",
      "bands[1].id": high!.id,
      "bands[1].name": "中高年级",
      "bands[1].gradeMin": "4",
      "bands[1].gradeMax": "6",
      "bands[2].id": middle!.id,
      "bands[2].name": "初中",
      "bands[2].gradeMin": "7",
      "bands[2].gradeMax": "9",
    });
    expect(res.status).toBe(200);
    const after = (await load<GradeBandsView>(bandsRoute, organiser, `${base()}/bands`, p())).data!;
    expect(after.bands.map((b) => [b.id, b.name])).toEqual([
      [low!.id, "低年级"],
      [high!.id, "中高年级"],
      [middle!.id, "初中"],
    ]);
    expect(after.uncovered).toEqual([]);
  });

  it("sets a rubric whose weights add up to 100", async () => {
    const essay = (await getDb().category.findFirstOrThrow({ where: { contestId, kind: "ESSAY" } })).id;
    const path = `${base()}/categories/${essay}/rubric`;
    const before = (await load<RubricView>(rubricRoute, organiser, path, { contestId, categoryId: essay })).data!;
    const res = await post(rubricRoute, organiser, path, { contestId, categoryId: essay }, {
      expectedStatus: "DRAFT",
      "criteria[0].id": before.criteria[0]!.id,
      ...criteriaFields([
        ["立意", "40"],
        ["内容与结构", "30"],
        ["语言表达", "30"],
      ]),
    });
    expect(res.status).toBe(200);
    const after = (await load<RubricView>(rubricRoute, organiser, path, { contestId, categoryId: essay })).data!;
    expect(after.criteria.map((c) => [c.name, c.weight])).toEqual([
      ["立意", 40],
      ["内容与结构", 30],
      ["语言表达", 30],
    ]);
    expect(after.criteria[0]!.id).toBe(before.criteria[0]!.id);
  });

  it("sets award tiers with a rounding rule, and works the places out for an example", async () => {
    const res = await post(awardsRoute, organiser, `${base()}/awards`, p(), {
      expectedStatus: "DRAFT",
      tierRounding: "FLOOR",
      ...tierFields([
        ["一等奖", "count", "3"],
        ["二等奖", "percent", "20"],
        ["三等奖", "percent", "30"],
      ]),
    });
    expect(res.status).toBe(200);
    const view = (await load<AwardTiersView>(awardsRoute, organiser, `${base()}/awards?example=37`, p())).data!;
    expect(view).toMatchObject({ tierRounding: "FLOOR", exampleEntries: 37, fromPreset: false });
    expect(view.tiers.map((x) => [x.name, x.mode, x.value])).toEqual([
      ["一等奖", "count", 3],
      ["二等奖", "percent", 20],
      ["三等奖", "percent", 30],
    ]);
  });

  it("sets a category's default quota and one school's own", async () => {
    const art = (await getDb().category.findFirstOrThrow({ where: { contestId, kind: "ART" } })).id;
    const res = await post(quotasRoute, organiser, `${base()}/quotas?category=${art}`, p(), {
      expectedStatus: "DRAFT",
      categoryId: art,
      defaultSchoolQuota: "4",
      "overrides[0].schoolId": tree.school.id,
      "overrides[0].quota": "6",
      "overrides[1].schoolId": tree.otherSchool.id,
      "overrides[1].quota": "",
    });
    expect(res.status).toBe(200);
    expect(await getDb().nominationQuota.findMany({ where: { contestId }, select: { schoolId: true, quota: true } })).toEqual([{ schoolId: tree.school.id, quota: 6 }]);
    expect((await getDb().category.findUniqueOrThrow({ where: { id: art } })).defaultSchoolQuota).toBe(4);
  });

  it("opens the contest, and a second click on the stale page gets 409", async () => {
    const overview = (await load<ContestOverviewView>(overviewRoute, organiser, base(), p())).data!;
    expect(overview.options[0]).toMatchObject({ to: "OPEN", problems: [] });
    const res = await post(overviewRoute, organiser, base(), p(), { expectedStatus: "DRAFT", to: "OPEN" });
    expect([res.status, res.data?.message]).toEqual([200, "活动已进入“征集中”阶段。"]);
    expect((await getDb().contest.findUniqueOrThrow({ where: { id: contestId } })).status).toBe("OPEN");
    const stale = await post(overviewRoute, organiser, base(), p(), { expectedStatus: "DRAFT", to: "OPEN" });
    expect([stale.status, stale.data?.stale, stale.data?.message]).toEqual([409, true, say("contests.form.staleStatus", { status: "征集中" })]);
  });

  it("audited every change with who made it", async () => {
    const rows = await getDb().auditLog.findMany({ where: { subjectType: "Contest", subjectId: contestId }, orderBy: { createdAt: "asc" } });
    expect(new Set(rows.map((r) => r.actorId))).toEqual(new Set([organiser.id]));
    expect(rows.map((r) => r.action)).toEqual([
      "contest.created",
      "contest.details_changed",
      ...Array(5).fill("contest.category_added"),
      "contest.grade_bands_changed",
      "contest.rubric_changed",
      "contest.award_tiers_changed",
      "contest.quotas_changed",
      "contest.status_changed",
    ]);
    expect(rows.at(-1)!.data).toMatchObject({ from: "DRAFT", to: "OPEN", closeNow: false });
    expect(rows.at(-1)!.orgUnitId).toBe(tree.county.id);
  });
});

describe("without JavaScript", () => {
  it("adds a rubric row through conform's list intent: the page comes back with the row, nothing is saved", async () => {
    const contestId = await createThroughPage("不用脚本的活动");
    await post(categoriesRoute, organiser, `/organiser/contests/${contestId}/categories`, { contestId }, { intent: "add", expectedStatus: "DRAFT", kind: "PHOTO" });
    const photo = (await getDb().category.findFirstOrThrow({ where: { contestId, kind: "PHOTO" } })).id;
    const before = await snapshot(contestId);
    const res = await post(rubricRoute, organiser, `/organiser/contests/${contestId}/categories/${photo}/rubric`, { contestId, categoryId: photo }, {
      expectedStatus: "DRAFT",
      ...criteriaFields([["主题", "60"], ["构图", "40"]]),
      __intent__: JSON.stringify({ type: "insert", payload: { name: "criteria", defaultValue: { name: "", maxScore: "10" } } }),
    });
    expect(res.status).toBe(200);
    const rows = (res.data!.result.initialValue as { criteria: { name?: string }[] }).criteria;
    expect(rows.map((r) => r.name ?? "")).toEqual(["主题", "构图", ""]);
    expect(await snapshot(contestId)).toBe(before);
  });
});

describe("bad input is refused in words and nothing is written", () => {
  let contestId: string;
  let essayId: string;
  const base = () => `/organiser/contests/${contestId}`;
  const p = () => ({ contestId });

  beforeAll(async () => {
    contestId = await createThroughPage("用来试错的活动");
    await post(detailsRoute, organiser, `${base()}/details`, p(), detailsFields("DRAFT", { title: "用来试错的活动" }));
    await post(categoriesRoute, organiser, `${base()}/categories`, p(), { intent: "add", expectedStatus: "DRAFT", kind: "ESSAY" });
    await post(categoriesRoute, organiser, `${base()}/categories`, p(), { intent: "add", expectedStatus: "DRAFT", kind: "VIDEO" });
    essayId = (await getDb().category.findFirstOrThrow({ where: { contestId, kind: "ESSAY" } })).id;
  });

  async function refused(route: RouteModule, path: string, params: Record<string, string>, fields: Record<string, string | string[]>, status: number) {
    const before = await snapshot(contestId);
    const res = await post(route, organiser, path, params, fields);
    expect(res.status).toBe(status);
    expect(await snapshot(contestId)).toBe(before);
    return res.data!;
  }

  it("windows in the wrong order", async () => {
    const w = plannedWindows();
    const reply = await refused(detailsRoute, `${base()}/details`, p(), detailsFields("DRAFT", { schoolRoundOpensAt: w.submissionOpensAt! }), 400);
    expect(reply.result.error).toEqual({ schoolRoundOpensAt: ["学校初评要在征集截止以后开始。"] });
    expect(reply.message).toBe(say("contests.form.fixErrors"));
  });

  it("rubric weights that do not add up to 100, saying by how much", async () => {
    const path = `${base()}/categories/${essayId}/rubric`;
    const reply = await refused(rubricRoute, path, { contestId, categoryId: essayId }, { expectedStatus: "DRAFT", ...criteriaFields([["立意", "30"], ["语言", "30"], ["书写", "35"]]) }, 400);
    expect(reply.result.error).toEqual({ criteria: ["各项权重合计 95，还差 5 才到 100。"] });
  });

  it("tier percentages over 100 %, and a negative count", async () => {
    const over = await refused(awardsRoute, `${base()}/awards`, p(), { expectedStatus: "DRAFT", tierRounding: "CEIL", ...tierFields([["一等奖", "percent", "70"], ["二等奖", "percent", "40"]]) }, 400);
    expect(over.result.error).toEqual({ tiers: ["按比例的奖项加起来是 110%，超过了 100%。"] });
    const negative = await refused(awardsRoute, `${base()}/awards`, p(), { expectedStatus: "DRAFT", tierRounding: "CEIL", ...tierFields([["一等奖", "count", "-2"]]) }, 400);
    expect(negative.result.error).toEqual({ "tiers[0].value": ["名额不能是负数"] });
    const quota = await refused(quotasRoute, `${base()}/quotas`, p(), { expectedStatus: "DRAFT", categoryId: essayId, defaultSchoolQuota: "-1" }, 400);
    expect(quota.result.error).toEqual({ defaultSchoolQuota: ["请填 0 到 100 之间的整数"] });
  });

  it("a category limit out of range: 0 files, a 0 MB file, a 10-hour video", async () => {
    const video = (await getDb().category.findFirstOrThrow({ where: { contestId, kind: "VIDEO" } })).id;
    const reply = await refused(
      categoryRoute,
      `${base()}/categories/${video}`,
      { contestId, categoryId: video },
      { expectedStatus: "DRAFT", name: "小视频", acceptedMediaKinds: "VIDEO", maxFiles: "0", maxFileMb: "0", maxDurationMinutes: "600", gradeMin: "1", gradeMax: "9", defaultSchoolQuota: "3" },
      400,
    );
    expect(reply.result.error).toEqual({
      maxFiles: ["请填 1 到 20 之间的整数"],
      maxFileMb: ["请填 1 到 2048 之间的整数"],
      maxDurationMinutes: ["请填 0.5 到 30 分钟"],
    });
  });

  it("a title too long or empty", async () => {
    const long = await refused(detailsRoute, `${base()}/details`, p(), detailsFields("DRAFT", { title: "长".repeat(61) }), 400);
    expect(long.result.error).toEqual({ title: ["活动主题最多 60 个字，请删减一些"] });
    const empty = await refused(detailsRoute, `${base()}/details`, p(), detailsFields("DRAFT", { title: "   " }), 400);
    expect(empty.result.error).toEqual({ title: ["请填写活动主题"] });
    const res = await post(newRoute, organiser, "/organiser/contests/new", {}, { title: "", season: "WINTER", year: "2027" });
    expect([res.status, res.data?.result.error]).toEqual([400, { title: ["请填写活动主题"] }]);
  });

  it("a stale form: the contest moved on since the page was loaded (409)", async () => {
    const reply = await refused(detailsRoute, `${base()}/details`, p(), detailsFields("OPEN", { title: "改个名字" }), 409);
    expect(reply).toMatchObject({ stale: true, message: say("contests.form.staleStatus", { status: "筹备中" }) });
    expect(reply.result.error).toEqual({ "": [say("contests.form.staleStatus", { status: "筹备中" })] });
  });

  it("an unknown contest, or another county's: 404 for pages and forms", async () => {
    for (const id of ["nosuchcontest", elsewhere.contestId]) {
      expect((await load(overviewRoute, organiser, `/organiser/contests/${id}`, { contestId: id })).status).toBe(404);
      expect((await load(progressRoute, organiser, `/organiser/contests/${id}/progress`, { contestId: id })).status).toBe(404);
      const res = await post(detailsRoute, organiser, `/organiser/contests/${id}/details`, { contestId: id }, detailsFields("DRAFT"));
      expect(res.status).toBe(404);
    }
    expect(await getDb().contest.findUniqueOrThrow({ where: { id: elsewhere.contestId }, select: { title: true } })).not.toEqual({ title: "2027年寒假“三晒一创”活动" });
    // Another contest's category under this contest's URL is not found either.
    const foreignCategory = (await getDb().category.findFirstOrThrow({ where: { contestId: elsewhere.contestId } })).id;
    expect((await load(categoryRoute, organiser, `${base()}/categories/${foreignCategory}`, { contestId, categoryId: foreignCategory })).status).toBe(404);
  });

  it("anonymous visitors go to the login page; other roles get 404", async () => {
    const anonymous = await load(listRoute, null, "/organiser/contests");
    expect(anonymous.status).toBe(302);
    expect(anonymous.response?.headers.get("Location")).toBe("/login?redirectTo=%2Forganiser%2Fcontests");
    expect((await load(listRoute, teacher, "/organiser/contests")).status).toBe(404);
    expect((await load(overviewRoute, coordinator, base(), p())).status).toBe(404);
    expect((await load(listRoute, admin, "/organiser/contests")).status).toBe(200);
    expect((await load(listRoute, elsewhere.organiser, "/organiser/contests")).data).toMatchObject({ contests: [expect.objectContaining({ id: elsewhere.contestId })] });
  });
});

describe("changes that would invalidate existing entries are refused, naming the category", () => {
  let contestId: string;
  let ids: Record<string, string>;
  const p = () => ({ contestId });
  const limitsPath = (kind: string) => `/organiser/contests/${contestId}/categories/${ids[kind]}`;

  beforeAll(async () => {
    const contest = await createContest({ orgUnitId: tree.county.id, status: "DRAFT", title: "已有作品的活动" });
    contestId = contest.id;
    ids = Object.fromEntries(contest.categories.map((c) => [c.kind, c.id]));
    const child = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, displayName: "王小明" });
    const video = await createEntry({ contestId, categoryId: ids.VIDEO!, studentId: child.id, classUnit: tree.classA });
    await createMediaAsset({ entryId: video.id, kind: "VIDEO", byteSize: 300n * MB, durationMs: 150_000 });
    await createMediaAsset({ entryId: video.id, kind: "VIDEO", status: "DELETED", byteSize: 490n * MB });
    const reading = await createEntry({ contestId, categoryId: ids.READING!, studentId: child.id, classUnit: tree.classA });
    await createMediaAsset({ entryId: reading.id, kind: "AUDIO", byteSize: 4n * MB, durationMs: 240_000 });
    await createMediaAsset({ entryId: reading.id, kind: "IMAGE" });
    await createMediaAsset({ entryId: reading.id, kind: "IMAGE" });
    await getDb().entry.update({ where: { id: reading.id }, data: { bodyText: "读".repeat(1200) } });
  });

  const videoLimits = (overrides: Record<string, string | string[]>) => ({
    expectedStatus: "DRAFT",
    name: "小视频",
    acceptedMediaKinds: "VIDEO",
    maxFiles: "1",
    maxFileMb: "500",
    maxDurationMinutes: "3",
    gradeMin: "1",
    gradeMax: "9",
    defaultSchoolQuota: "3",
    ...overrides,
  });

  async function refusedLimits(kind: string, fields: Record<string, string | string[]>) {
    const before = await snapshot(contestId);
    const res = await post(categoryRoute, organiser, limitsPath(kind), { contestId, categoryId: ids[kind]! }, fields);
    expect(res.status).toBe(409);
    expect(await snapshot(contestId)).toBe(before);
    return res.data!.result.error?.[""];
  }

  it("a maximum file size below an uploaded file (deleted files do not count)", async () => {
    expect(await refusedLimits("VIDEO", videoLimits({ maxFileMb: "100" }))).toEqual(["「小视频」有 1 件作品里有大于 100 MB 的文件，大小上限不能改成 100 MB。"]);
    const ok = await post(categoryRoute, organiser, limitsPath("VIDEO"), { contestId, categoryId: ids.VIDEO! }, videoLimits({ maxFileMb: "300" }));
    expect(ok.status).toBe(200);
  });

  it("a duration below a processed file's, a kind files use, fewer files or characters than entries hold, grades that leave an entry out", async () => {
    expect(await refusedLimits("VIDEO", videoLimits({ maxFileMb: "300", maxDurationMinutes: "2" }))).toEqual([
      "「小视频」有 1 件作品的视频或录音长于 2 分钟，时长上限不能改成 2 分钟。",
    ]);
    const reading = {
      expectedStatus: "DRAFT",
      name: "读书",
      acceptedMediaKinds: "IMAGE",
      acceptsText: "on",
      maxTextChars: "1000",
      maxFiles: "1",
      maxFileMb: "20",
      gradeMin: "4",
      gradeMax: "9",
      defaultSchoolQuota: "3",
    };
    expect(await refusedLimits("READING", reading)).toEqual([
      "「读书」有 1 件作品已经上传了录音，不能取消录音。",
      "「读书」有 1 件作品的文字超过 1000 字，字数上限不能改成 1000 字。",
      "「读书」有 1 件作品的文件多于 1 个，文件数上限不能改成 1 个。",
      "「读书」有 1 件作品来自要去掉的年级（1、2、3 年级），年级范围不能这样改。",
    ]);
  });

  it("removing a category with entries; bands that leave an entry outside every band", async () => {
    const before = await snapshot(contestId);
    const res = await post(categoriesRoute, organiser, `/organiser/contests/${contestId}/categories`, p(), { intent: "remove", expectedStatus: "DRAFT", categoryId: ids.VIDEO! });
    expect([res.status, res.data?.result.error?.[""]]).toEqual([409, ["「小视频」已经有 1 件作品，不能删除。"]]);
    const bands = await post(bandsRoute, organiser, `/organiser/contests/${contestId}/bands`, p(), {
      expectedStatus: "DRAFT",
      "bands[0].name": "高年级",
      "bands[0].gradeMin": "4",
      "bands[0].gradeMax": "9",
    });
    expect([bands.status, bands.data?.result.error?.[""]]).toEqual([409, ["有 2 件作品来自 3 年级，这样改了以后它们不在任何年级组里。请让年级组包含这些年级。"]]);
    expect(await snapshot(contestId)).toBe(before);
    // A category without entries goes.
    const art = await post(categoriesRoute, organiser, `/organiser/contests/${contestId}/categories`, p(), { intent: "remove", expectedStatus: "DRAFT", categoryId: ids.ART! });
    expect(art.status).toBe(200);
  });

  it("after opening, limits only loosen, categories stay; after county judging starts, rubrics are frozen", async () => {
    await getDb().contest.update({ where: { id: contestId }, data: { status: "OPEN" } });
    expect(await refusedLimits("VIDEO", videoLimits({ expectedStatus: "OPEN", maxFileMb: "300", gradeMin: "2" }))).toEqual([
      "「小视频」已经开始征集，年级范围只能放宽，不能收紧（可能有家庭正按原来的要求上传）。",
    ]);
    const looser = await post(categoryRoute, organiser, limitsPath("VIDEO"), { contestId, categoryId: ids.VIDEO! }, videoLimits({ expectedStatus: "OPEN", maxFileMb: "800", maxDurationMinutes: "10" }));
    expect(looser.status).toBe(200);
    const removal = await post(categoriesRoute, organiser, `/organiser/contests/${contestId}/categories`, p(), { intent: "remove", expectedStatus: "OPEN", categoryId: ids.PHOTO! });
    expect([removal.status, removal.data?.result.error?.[""]]).toEqual([409, [say("contests.refusal.frozen.removeCategory")]]);

    await getDb().contest.update({ where: { id: contestId }, data: { status: "COUNTY_JUDGING" } });
    const rubric = await post(rubricRoute, organiser, `/organiser/contests/${contestId}/categories/${ids.ESSAY}/rubric`, { contestId, categoryId: ids.ESSAY! }, {
      expectedStatus: "COUNTY_JUDGING",
      ...criteriaFields([["立意", "50"], ["表达", "50"]]),
    });
    expect([rubric.status, rubric.data?.result.error?.[""]]).toEqual([409, [say("contests.refusal.frozen.rubrics")]]);
  });
});

describe("the contest's steps through the page", () => {
  it("closes submission now only when asked, then refuses the notice until results exist", async () => {
    const now = Date.now();
    const contest = await createContest({ orgUnitId: tree.county.id, status: "OPEN", opensAt: new Date(now - 5 * 86_400_000), closesAt: new Date(now + 5 * 86_400_000) });
    const path = `/organiser/contests/${contest.id}`;
    const p = { contestId: contest.id };
    const early = await post(overviewRoute, organiser, path, p, { expectedStatus: "OPEN", to: "SCHOOL_ROUND" });
    expect(early.status).toBe(409);
    expect(early.data?.result.error?.[""]?.[0]).toMatch(/^作品征集要到 .+ 才截止。要提前结束，请勾选“现在就截止征集”。$/);
    const closed = await post(overviewRoute, organiser, path, p, { expectedStatus: "OPEN", to: "SCHOOL_ROUND", closeNow: "on" });
    expect(closed.status).toBe(200);
    const row = await getDb().contest.findUniqueOrThrow({ where: { id: contest.id } });
    expect(row.status).toBe("SCHOOL_ROUND");
    expect(Math.abs(row.submissionClosesAt.getTime() - Date.now())).toBeLessThan(60_000);
    const audit = await getDb().auditLog.findFirstOrThrow({ where: { subjectId: contest.id, action: "contest.status_changed" } });
    expect(audit.data).toMatchObject({ from: "OPEN", to: "SCHOOL_ROUND", closeNow: true, moved: { submissionClosesAt: [new Date(now + 5 * 86_400_000).toISOString(), expect.any(String)] } });

    await getDb().contest.update({ where: { id: contest.id }, data: { status: "COUNTY_JUDGING", countyRoundOpensAt: new Date(now - 86_400_000), countyRoundClosesAt: new Date(now - 1000) } });
    const notice = await post(overviewRoute, organiser, path, p, { expectedStatus: "COUNTY_JUDGING", to: "NOTICE" });
    expect(notice.status).toBe(409);
    expect(notice.data?.result.error?.[""]).toContain("需要先计算评审结果");
    expect((await getDb().contest.findUniqueOrThrow({ where: { id: contest.id } })).status).toBe("COUNTY_JUDGING");
  });

  it("two people taking the same step at once: one wins, the other gets 409", async () => {
    const contestId = await createThroughPage("同时操作的活动");
    await getDb().contest.update({ where: { id: contestId }, data: { status: "OPEN" } });
    await getDb().contest.update({ where: { id: contestId }, data: { submissionClosesAt: new Date(Date.now() - 1000), submissionOpensAt: new Date(Date.now() - 86_400_000) } });
    const path = `/organiser/contests/${contestId}`;
    const results = await Promise.all([
      post(overviewRoute, organiser, path, { contestId }, { expectedStatus: "OPEN", to: "SCHOOL_ROUND" }),
      post(overviewRoute, admin, path, { contestId }, { expectedStatus: "OPEN", to: "SCHOOL_ROUND" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await getDb().auditLog.count({ where: { subjectId: contestId, action: "contest.status_changed" } })).toBe(1);
  });
});

describe("progress by township and school", () => {
  let contestId: string;
  let view: ContestProgressView;
  let formulaSchool: { id: string };
  // A county of its own: children enrolled are counted per school, whatever the contest.
  let tree: OrgTree;
  let organiser: TestUser;
  let coordinator: TestUser;
  let otherCoordinator: TestUser;

  beforeAll(async () => {
    tree = await createOrgTree();
    organiser = await createUser({ role: "ORGANISER", orgUnitId: tree.county.id });
    coordinator = await createUser({ role: "SCHOOL_COORDINATOR", orgUnitId: tree.school.id });
    otherCoordinator = await createUser({ role: "SCHOOL_COORDINATOR", orgUnitId: tree.otherSchool.id });
    const contest = await createContest({ orgUnitId: tree.county.id, status: "OPEN", title: "进展统计的活动" });
    contestId = contest.id;
    const cat = Object.fromEntries(contest.categories.map((c) => [c.kind, c.id]));
    const kids = await Promise.all(
      [tree.classA, tree.classA, tree.classA, tree.classB, tree.otherClass, tree.otherClass].map((classUnit, i) =>
        createUser({ role: "STUDENT", orgUnitId: classUnit.id, displayName: `学生${i}` }).then((u) => ({ u, classUnit })),
      ),
    );
    const [a, b, c, d, e, f] = kids;
    await createEntry({ contestId, categoryId: cat.VIDEO!, studentId: a!.u.id, classUnit: a!.classUnit });
    const artA = await createEntry({ contestId, categoryId: cat.ART!, studentId: a!.u.id, classUnit: a!.classUnit });
    await createEntry({ contestId, categoryId: cat.ART!, studentId: b!.u.id, classUnit: b!.classUnit, status: "DRAFT" });
    const photoC = await createEntry({ contestId, categoryId: cat.PHOTO!, studentId: c!.u.id, classUnit: c!.classUnit });
    await createEntry({ contestId, categoryId: cat.READING!, studentId: d!.u.id, classUnit: d!.classUnit, status: "WITHDRAWN" });
    await createEntry({ contestId, categoryId: cat.ESSAY!, studentId: e!.u.id, classUnit: e!.classUnit });
    await createEntry({ contestId, categoryId: cat.ESSAY!, studentId: f!.u.id, classUnit: f!.classUnit, status: "DISQUALIFIED" });
    await createMediaAsset({ entryId: photoC.id, kind: "IMAGE", status: "FAILED" });
    await createMediaAsset({ entryId: photoC.id, kind: "IMAGE", status: "READY" });
    await createNomination({ contestId, categoryId: cat.ART!, schoolId: tree.school.id, entryId: artA.id, nominatedById: coordinator.id });
    await getDb().nominationQuota.create({ data: { contestId, categoryId: cat.ART!, schoolId: tree.school.id, quota: 1 } });
    // A school whose name would run as a formula in a spreadsheet program.
    const township = await createOrgUnit({ kind: "TOWNSHIP", name: "河西乡", parent: tree.county });
    formulaSchool = await createOrgUnit({ kind: "SCHOOL", name: "=HYPERLINK(\"http://x\")小学", parent: township });
    view = (await load<ContestProgressView>(progressRoute, organiser, `/organiser/contests/${contestId}/progress`, { contestId })).data!;
  });

  it("counts children, entries by status and category, failed files and nominations against quota, per school", () => {
    const school = view.townships.flatMap((g) => g.schools).find((s) => s.id === tree.school.id)!;
    const other = view.townships.flatMap((g) => g.schools).find((s) => s.id === tree.otherSchool.id)!;
    expect(school).toMatchObject({
      enrolled: 4,
      entries: { DRAFT: 1, SUBMITTED: 2, NOMINATED: 1, WITHDRAWN: 1, DISQUALIFIED: 0 },
      byCategory: [0, 0, 1, 1, 1],
      failedFiles: 1,
      nominated: 1,
      // Art's own quota (1) and the other four categories' defaults (3 each).
      quota: 13,
    });
    expect(other).toMatchObject({ enrolled: 2, entries: { DRAFT: 0, SUBMITTED: 1, NOMINATED: 0, WITHDRAWN: 0, DISQUALIFIED: 1 }, byCategory: [0, 1, 0, 0, 0], failedFiles: 0, nominated: 0, quota: 15 });
    expect(view.total).toMatchObject({ enrolled: 6, failedFiles: 1, nominated: 1, quota: 43 });
    expect(view.townships.map((g) => g.name)).toEqual(["城关镇", "河西乡"]);
  });

  it("downloads the same table as CSV and XLSX, with a UTF-8 file name, formula-safe", async () => {
    const page = progressTable(say, view);
    const csv = await load(progressCsvRoute, organiser, `/organiser/contests/${contestId}/progress.csv`, { contestId });
    const xlsx = await load(progressXlsxRoute, organiser, `/organiser/contests/${contestId}/progress.xlsx`, { contestId });
    for (const [res, ext] of [[csv, "csv"], [xlsx, "xlsx"]] as const) {
      expect(res.status).toBe(200);
      const disposition = res.response!.headers.get("Content-Disposition")!;
      expect(disposition).toMatch(new RegExp(`^attachment; filename="contest-progress-\\d{8}\\.${ext}"; filename\\*=UTF-8''`));
      expect(decodeURIComponent(disposition.split("''")[1]!)).toMatch(new RegExp(`^进展统计的活动-进展-\\d{8}\\.${ext}$`));
      expect(res.response!.headers.get("Cache-Control")).toBe("private, no-store");
      const bytes = new Uint8Array(await res.response!.arrayBuffer());
      const table = await readTable(bytes, { maxBytes: 10 * 1024 * 1024, maxRows: 1000 });
      expect(table.ok).toBe(true);
      if (!table.ok) continue;
      expect(table.rows[0]).toEqual(page.headers);
      const numbers = (rows: (string | number)[][]) => rows.map((r) => r.slice(2).map(Number));
      expect(numbers(table.rows.slice(1))).toEqual(numbers(page.rows));
      expect(table.rows.slice(1).map((r) => r[1])).toEqual(page.rows.map((r) => (String(r[1]).startsWith("=") && ext === "csv" ? `'${r[1]}` : String(r[1]))));
    }
  });

  it("shows a coordinator their own school only, and 404 for another school's or the county-wide view", async () => {
    const mine = await load<ContestProgressView>(schoolProgressRoute, coordinator, `/school/contests/${contestId}/progress`, { contestId });
    expect(mine.status).toBe(200);
    expect(mine.data!.level).toBe("school");
    expect(mine.data!.townships.flatMap((g) => g.schools.map((s) => s.id))).toEqual([tree.school.id]);
    expect(mine.data!.total).toMatchObject({ enrolled: 4, failedFiles: 1, nominated: 1 });
    expect((await load(schoolProgressRoute, coordinator, `/school/contests/${contestId}/progress?school=${tree.school.id}`, { contestId })).status).toBe(200);
    expect((await load(schoolProgressRoute, coordinator, `/school/contests/${contestId}/progress?school=${tree.otherSchool.id}`, { contestId })).status).toBe(404);
    expect((await load(schoolProgressRoute, coordinator, `/school/contests/${contestId}/progress?school=${formulaSchool.id}`, { contestId })).status).toBe(404);
    expect((await load(progressRoute, coordinator, `/organiser/contests/${contestId}/progress`, { contestId })).status).toBe(404);
    expect((await load(progressCsvRoute, coordinator, `/organiser/contests/${contestId}/progress.csv`, { contestId })).status).toBe(404);
    expect((await load(schoolProgressRoute, elsewhere.organiser, `/school/contests/${contestId}/progress`, { contestId })).status).toBe(404);
    const theirs = await load<ContestProgressView>(schoolProgressRoute, otherCoordinator, `/school/contests/${contestId}/progress`, { contestId });
    expect(theirs.data!.townships.flatMap((g) => g.schools.map((s) => s.id))).toEqual([tree.otherSchool.id]);
    const csv = await load(schoolCsvRoute, coordinator, `/school/contests/${contestId}/progress.csv`, { contestId });
    const table = await readTable(new Uint8Array(await csv.response!.arrayBuffer()), { maxBytes: 1024 * 1024, maxRows: 100 });
    expect(table.ok && table.rows.map((r) => r[1])).toEqual(["学校", "实验小学", "小计", ""]);
  });

  it("hides a draft contest from coordinators", async () => {
    const draft = await createContest({ orgUnitId: tree.county.id, status: "DRAFT" });
    expect((await load(schoolProgressRoute, coordinator, `/school/contests/${draft.id}/progress`, { contestId: draft.id })).status).toBe(404);
  });
});

afterAll(() => {
  browsers.clear();
});
