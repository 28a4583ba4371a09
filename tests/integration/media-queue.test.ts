// The media queue page (/organiser/media) through its real loader and
// action, against this file's own database and the real pg-boss queue in it:
// counts by kind and status, failed files in plain words, retry (one and
// bulk), scope per role, CSRF, and bad URLs and forms answered in words.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AssetStatus, MediaKind, Prisma } from "~/generated/prisma/client.ts";
import { buildOriginalKey } from "~/domain/storage-keys.ts";
import { action, loader } from "~/routes/organiser.media.tsx";
import { getDb } from "~/server/db/db.server.ts";
import { FAILED_PAGE_SIZE } from "~/domain/media-queue.ts";
import { BULK_RETRY_LIMIT, STUCK_AFTER_SECONDS, getMediaQueueOverview } from "~/server/media/media-queue.server.ts";
import type { MediaQueueOverview } from "~/view-models/media-queue.ts";
import { getQueue, stopQueue } from "~/server/jobs/queue.server.ts";
import {
  createContest,
  createEntry,
  createOrgTree,
  createUser,
  type OrgTree,
  type TestContest,
  type TestUser,
  type Unit,
} from "../factories/index.ts";
import { getRequest, postForm, signedInBrowser, type Browser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";

type LoaderData = { overview: MediaQueueOverview; notices: string[] };
type ActionData = { ok: boolean; message: string };

const PATH = "/organiser/media";

let tree: OrgTree;
let contest: TestContest;
let organiser: TestUser;
let coordinator: TestUser;
/** An entry per (class, category kind) used below. */
let videoEntry: string;
let photoEntry: string;
let readingEntry: string;
let otherSchoolEntry: string;
/** The fixed failed video (video_too_long) of 张小明. */
let vlogId: string;
/** Another county: its files must never show up for this county's staff, nor ours for its. */
let elsewhere: { tree: OrgTree; organiser: TestUser; entryId: string };

const MB = 1024 * 1024;

async function makeAsset(input: {
  entryId: string;
  kind: MediaKind;
  status: AssetStatus;
  failureCode?: string;
  failureParams?: Prisma.InputJsonValue;
  failureDetail?: string;
  originalName?: string;
  attempts?: number;
  /** Backdates the row's last change (the "failed at" and "waiting since" time). */
  ageSeconds?: number;
}): Promise<string> {
  const id = `t${randomBytes(10).toString("hex")}`;
  const db = getDb();
  await db.mediaAsset.create({
    data: {
      id,
      entryId: input.entryId,
      kind: input.kind,
      status: input.status,
      originalKey: buildOriginalKey({ entryId: input.entryId, assetId: id }),
      originalName: input.originalName ?? "手机里的文件.mp4",
      byteSize: BigInt(12 * MB),
      failureCode: input.failureCode ?? null,
      failureParams: input.failureParams,
      failureDetail: input.failureDetail ?? null,
      attempts: input.attempts ?? 0,
    },
  });
  if (input.ageSeconds) {
    // @updatedAt is Prisma's to set; test setup backdates it underneath.
    await db.$executeRaw`UPDATE "MediaAsset" SET "updatedAt" = now() - make_interval(secs => ${input.ageSeconds}) WHERE "id" = ${id}`;
  }
  return id;
}

async function entryFor(t: OrgTree, c: TestContest, kind: string, classUnit: Unit, name: string): Promise<string> {
  const student = await createUser({ role: "STUDENT", orgUnitId: classUnit.id, displayName: name });
  return (await createEntry({ contestId: c.id, categoryId: c.categories.find((x) => x.kind === kind)!.id, studentId: student.id, classUnit })).id;
}

beforeAll(async () => {
  tree = await createOrgTree();
  contest = await createContest({ orgUnitId: tree.county.id, title: "2026年寒假“三晒一创”活动" });
  organiser = await createUser({ role: "ORGANISER", orgUnitId: tree.county.id });
  coordinator = await createUser({ role: "SCHOOL_COORDINATOR", orgUnitId: tree.school.id });
  videoEntry = await entryFor(tree, contest, "VIDEO", tree.classA, "张小明");
  photoEntry = await entryFor(tree, contest, "PHOTO", tree.classB, "李小红");
  readingEntry = await entryFor(tree, contest, "READING", tree.classA, "赵小华");
  otherSchoolEntry = await entryFor(tree, contest, "VIDEO", tree.otherClass, "王小刚");

  const otherTree = await createOrgTree();
  const otherContest = await createContest({ orgUnitId: otherTree.county.id });
  elsewhere = {
    tree: otherTree,
    organiser: await createUser({ role: "ORGANISER", orgUnitId: otherTree.county.id }),
    entryId: await entryFor(otherTree, otherContest, "VIDEO", otherTree.classA, "孙小东"),
  };

  // The fixed picture the overview tests read (they run first; later tests add rows of their own).
  await makeAsset({ entryId: videoEntry, kind: "VIDEO", status: "READY" });
  await makeAsset({ entryId: videoEntry, kind: "VIDEO", status: "UPLOADED", ageSeconds: 2 * 3600 });
  await makeAsset({ entryId: videoEntry, kind: "VIDEO", status: "PROCESSING", ageSeconds: 60 });
  vlogId = await makeAsset({
    entryId: videoEntry,
    kind: "VIDEO",
    status: "FAILED",
    failureCode: "video_too_long",
    failureParams: { maxMinutes: 5 },
    failureDetail: `duration 412.3 s ${"x".repeat(900)}`,
    originalName: "寒假vlog.mp4",
    attempts: 1,
    ageSeconds: 600,
  });
  await makeAsset({ entryId: videoEntry, kind: "VIDEO", status: "DELETED" });
  await makeAsset({ entryId: photoEntry, kind: "IMAGE", status: "READY" });
  await makeAsset({ entryId: photoEntry, kind: "IMAGE", status: "READY" });
  await makeAsset({ entryId: photoEntry, kind: "IMAGE", status: "UPLOADING" });
  await makeAsset({ entryId: photoEntry, kind: "IMAGE", status: "FAILED", failureCode: "heic_unsupported", originalName: "IMG_0001.HEIC", ageSeconds: 60 });
  await makeAsset({ entryId: readingEntry, kind: "AUDIO", status: "UPLOADED", ageSeconds: 30 });
  await makeAsset({ entryId: otherSchoolEntry, kind: "VIDEO", status: "FAILED", failureCode: "video_corrupt", originalName: "第二小学.mp4", ageSeconds: 120 });
  await makeAsset({ entryId: elsewhere.entryId, kind: "VIDEO", status: "FAILED", failureCode: "internal", originalName: "邻县.mp4" });
});

afterAll(async () => {
  // pg-boss holds connections to this file's database; close them before it is dropped.
  await stopQueue({ timeoutMs: 5000 });
});

const browsers = new Map<string, Browser>();
async function browserFor(user: TestUser): Promise<Browser> {
  if (!browsers.has(user.id)) browsers.set(user.id, await signedInBrowser(user.id));
  return browsers.get(user.id)!;
}

async function load(user: TestUser | null, query = "") {
  const browser = user ? await browserFor(user) : null;
  return run<LoaderData>(() => loader({ request: getRequest(`${PATH}${query}`, browser), params: {}, context: {} }));
}

async function post(user: TestUser, fields: Record<string, string>, options: Parameters<typeof postForm>[2] = {}) {
  const browser = await browserFor(user);
  return run<ActionData>(() => action({ request: postForm(PATH, fields, { browser, ...options }), params: {}, context: {} }));
}

async function statusOf(id: string) {
  return getDb().mediaAsset.findUniqueOrThrow({ where: { id }, select: { status: true, failureCode: true, failureDetail: true } });
}

async function jobsFor(queue: "media-image" | "media-video" | "media-audio", assetId: string) {
  return (await getQueue()).findJobsByKey(queue, `asset:${assetId}`);
}

describe("overview", () => {
  it("counts the county's files by kind and status, leaving out deleted files and other counties", async () => {
    const res = await load(organiser);
    expect(res.status).toBe(200);
    const { overview } = res.data!;
    expect(overview.level).toBe("county");
    expect(overview.scopeNames).toEqual(["示范县"]);
    const byKind = Object.fromEntries(overview.kinds.map((k) => [k.kind, k.counts]));
    expect(byKind).toEqual({
      VIDEO: { UPLOADING: 0, UPLOADED: 1, PROCESSING: 1, READY: 1, FAILED: 2 },
      IMAGE: { UPLOADING: 1, UPLOADED: 0, PROCESSING: 0, READY: 2, FAILED: 1 },
      AUDIO: { UPLOADING: 0, UPLOADED: 1, PROCESSING: 0, READY: 0, FAILED: 0 },
    });
    expect(overview.kinds.find((k) => k.kind === "VIDEO")!.total).toBe(5);
  });

  it("reports the oldest waiting file's age per kind and flags it when it looks stuck", async () => {
    const { overview } = (await load(organiser)).data!;
    const video = overview.kinds.find((k) => k.kind === "VIDEO")!;
    expect(video.oldestWaitingSeconds).toBeGreaterThanOrEqual(2 * 3600 - 5);
    expect(video.oldestWaitingSeconds).toBeLessThan(2 * 3600 + 120);
    expect(video.stuck).toBe(true);
    const audio = overview.kinds.find((k) => k.kind === "AUDIO")!;
    expect(audio.oldestWaitingSeconds).toBeLessThan(STUCK_AFTER_SECONDS);
    expect(audio.stuck).toBe(false);
    expect(overview.kinds.find((k) => k.kind === "IMAGE")!.oldestWaitingSeconds).toBeNull();
  });

  it("shows the three media lanes and maintenance from pg-boss to county staff", async () => {
    const { overview } = (await load(organiser)).data!;
    expect(overview.lanesUnavailable).toBe(false);
    expect(overview.lanes!.map((l) => l.queue)).toEqual(["media-image", "media-video", "media-audio", "maintenance"]);
    for (const lane of overview.lanes!) {
      for (const n of [lane.queued, lane.active, lane.deferred, lane.failed]) expect(Number.isInteger(n) && n >= 0).toBe(true);
    }
  });

  it("lists failed files newest first with the reason in plain zh-CN, the child's name, school, class and category", async () => {
    const { overview } = (await load(organiser)).data!;
    const files = overview.failed.files;
    expect(overview.failed.total).toBe(3);
    expect(files.map((f) => f.originalName)).toEqual(["IMG_0001.HEIC", "第二小学.mp4", "寒假vlog.mp4"]);
    const video = files.find((f) => f.originalName === "寒假vlog.mp4")!;
    expect(video).toMatchObject({
      kind: "VIDEO",
      message: "视频超过5分钟，请剪短后重新上传。",
      permanent: true,
      studentName: "张小明",
      schoolName: "实验小学",
      className: "三年级(1)班",
      categoryName: "小视频",
      contestTitle: "2026年寒假“三晒一创”活动",
      attempts: 1,
      byteSize: 12 * MB,
      failureCode: "video_too_long",
      detailTruncated: true,
    });
    expect(video.detail).toMatch(/^duration 412\.3 s x+$/);
    expect(video.detail!.length).toBe(600);
    expect(Date.now() - video.failedAt.getTime()).toBeGreaterThanOrEqual(590_000);
    expect(files.find((f) => f.originalName === "IMG_0001.HEIC")!.message).toContain("HEIC");
  });

  it("filters by kind", async () => {
    const { overview, notices } = (await load(organiser, "?kind=image")).data!;
    expect(notices).toEqual([]);
    expect(overview.failed.kind).toBe("IMAGE");
    expect(overview.failed.files.map((f) => f.originalName)).toEqual(["IMG_0001.HEIC"]);
    expect(overview.failed.total).toBe(1);
  });

  it("answers a bad kind or page with a message and the default view, never an error", async () => {
    for (const [query, notice] of [
      ["?kind=pdf", "没有这种文件类型，已显示全部文件。"],
      ["?page=abc", "页码不对，已显示第 1 页。"],
      ["?page=0", "页码不对，已显示第 1 页。"],
      ["?page=-3", "页码不对，已显示第 1 页。"],
      ["?page=1.5", "页码不对，已显示第 1 页。"],
      ["?page=99999999999999999999", "页码不对，已显示第 1 页。"],
    ] as const) {
      const res = await load(organiser, query);
      expect(res.status, query).toBe(200);
      expect(res.data!.notices, query).toEqual([notice]);
      expect(res.data!.overview.failed.page, query).toBe(1);
      expect(res.data!.overview.failed.kind, query).toBeNull();
    }
    const both = await load(organiser, "?kind=%00&page=x");
    expect(both.data!.notices).toHaveLength(2);
    // A page past the end (the list shrank after retries) shows the last page, quietly.
    const past = await load(organiser, "?page=40");
    expect(past.data!.notices).toEqual([]);
    expect(past.data!.overview.failed.page).toBe(1);
    expect(past.data!.overview.failed.files).toHaveLength(3);
  });
});

describe("who may see it", () => {
  it("sends visitors to the login page", async () => {
    const res = await load(null);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(PATH)}`);
  });

  it("is 404 for teachers, students, guardians and judges, page and action alike", async () => {
    for (const role of ["TEACHER", "STUDENT", "GUARDIAN", "JUDGE"] as const) {
      const user = await createUser({ role, orgUnitId: role === "TEACHER" || role === "STUDENT" ? tree.classA.id : tree.county.id });
      expect((await load(user)).status, role).toBe(404);
      expect((await post(user, { intent: "retry", assetId: vlogId })).status, role).toBe(404);
    }
    expect((await statusOf(vlogId)).status).toBe("FAILED");
  });

  it("shows a school coordinator only their school's files, without lanes or tool output", async () => {
    const { overview } = (await load(coordinator)).data!;
    expect(overview.level).toBe("school");
    expect(overview.scopeNames).toEqual(["实验小学"]);
    expect(overview.lanes).toBeNull();
    expect(overview.lanesUnavailable).toBe(false);
    expect(overview.kinds.find((k) => k.kind === "VIDEO")!.counts.FAILED).toBe(1);
    expect(overview.failed.files.map((f) => f.originalName)).toEqual(["IMG_0001.HEIC", "寒假vlog.mp4"]);
    expect(overview.failed.files.every((f) => f.detail === null)).toBe(true);
  });

  it("a coordinator assigned to a county (a mistake) sees nothing rather than the county", async () => {
    const odd = await createUser({ role: "SCHOOL_COORDINATOR", orgUnitId: tree.county.id });
    expect((await load(odd)).status).toBe(404);
  });

  it("an ADMIN sees the county like an organiser", async () => {
    const admin = await createUser({ role: "ADMIN", orgUnitId: tree.county.id });
    const { overview } = (await load(admin)).data!;
    expect(overview.level).toBe("county");
    expect(overview.failed.total).toBe(3);
  });

  it("another county's organiser sees only their own county", async () => {
    const { overview } = (await load(elsewhere.organiser)).data!;
    expect(overview.failed.files.map((f) => f.originalName)).toEqual(["邻县.mp4"]);
  });
});

describe("retry", () => {
  it("moves a failed file back to UPLOADED, queues its job in pg-boss and audits who did it", async () => {
    const id = await makeAsset({ entryId: videoEntry, kind: "VIDEO", status: "FAILED", failureCode: "internal", failureDetail: "ffmpeg exited 137", originalName: "重试我.mp4" });
    const res = await post(organiser, { intent: "retry", assetId: id });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ok: true, message: "已重新排队：重试我.mp4。处理好以后会变成“处理完成”。" });
    expect(await statusOf(id)).toEqual({ status: "UPLOADED", failureCode: null, failureDetail: null });
    const jobs = await jobsFor("media-video", id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.state).toBe("created");
    expect(jobs[0]!.data).toEqual({ job: "media.process-video", payload: { assetId: id } });
    const audit = await getDb().auditLog.findFirst({ where: { action: "media.retry", subjectId: id } });
    expect(audit?.actorId).toBe(organiser.id);
  });

  it("refuses to retry a file that is not failed, says so, and changes nothing", async () => {
    for (const status of ["READY", "PROCESSING", "DELETED"] as const) {
      const id = await makeAsset({ entryId: photoEntry, kind: "IMAGE", status });
      const res = await post(organiser, { intent: "retry", assetId: id });
      expect(res.status, status).toBe(409);
      expect(res.data?.message).toBe("这个文件现在不是失败状态（可能已经有人重试，或家长已删除），不用再重试。");
      expect((await statusOf(id)).status).toBe(status);
      expect(await jobsFor("media-image", id)).toEqual([]);
    }
  });

  it("a second retry of the same file (a double tap, a second organiser) queues nothing more", async () => {
    const id = await makeAsset({ entryId: readingEntry, kind: "AUDIO", status: "FAILED", failureCode: "processing_timeout" });
    expect((await post(organiser, { intent: "retry", assetId: id })).status).toBe(200);
    expect((await post(organiser, { intent: "retry", assetId: id })).status).toBe(409);
    expect(await jobsFor("media-audio", id)).toHaveLength(1);
  });

  it("is 404 for a file outside the user's units or one that does not exist", async () => {
    const mine = await makeAsset({ entryId: videoEntry, kind: "VIDEO", status: "FAILED", failureCode: "internal" });
    const otherSchool = await makeAsset({ entryId: otherSchoolEntry, kind: "VIDEO", status: "FAILED", failureCode: "internal" });
    const otherCounty = await makeAsset({ entryId: elsewhere.entryId, kind: "VIDEO", status: "FAILED", failureCode: "internal" });
    expect((await post(elsewhere.organiser, { intent: "retry", assetId: mine })).status).toBe(404);
    expect((await post(organiser, { intent: "retry", assetId: otherCounty })).status).toBe(404);
    expect((await post(organiser, { intent: "retry", assetId: "doesnotexist" })).status).toBe(404);
    expect((await post(coordinator, { intent: "retry", assetId: otherSchool })).status).toBe(404);
    for (const id of [mine, otherSchool, otherCounty]) expect((await statusOf(id)).status).toBe("FAILED");
    // The coordinator may retry their own school's file.
    expect((await post(coordinator, { intent: "retry", assetId: mine })).status).toBe(200);
    expect((await statusOf(mine)).status).toBe("UPLOADED");
  });

  it("refuses a post without a CSRF token, or from another site, with 403 and changes nothing", async () => {
    const id = await makeAsset({ entryId: videoEntry, kind: "VIDEO", status: "FAILED", failureCode: "internal" });
    expect((await post(organiser, { intent: "retry", assetId: id }, { csrf: "missing" })).status).toBe(403);
    const stranger = await signedInBrowser(coordinator.id);
    expect((await post(organiser, { intent: "retry", assetId: id }, { csrf: stranger.csrf })).status).toBe(403);
    expect((await post(organiser, { intent: "retry", assetId: id }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await statusOf(id)).status).toBe("FAILED");
    expect(await jobsFor("media-video", id)).toEqual([]);
  });

  it("answers a malformed form with 400 and words, not a crash", async () => {
    const forms: Record<string, string>[] = [
      {},
      { intent: "explode" },
      { intent: "retry" },
      { intent: "retry", assetId: "" },
      { intent: "retry", assetId: "x".repeat(65) },
      { intent: "retry", assetId: "../../etc" },
      { intent: "retry-all", kind: "PDF" },
    ];
    for (const fields of forms) {
      const res = await post(organiser, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(res.data?.message).toBe("这个操作无效，请刷新页面后再试。");
    }
  });
});

describe("retry all of a kind", () => {
  it("retries only the machine's failures, in the user's county, and audits the batch", async () => {
    const transient = [
      await makeAsset({ entryId: photoEntry, kind: "IMAGE", status: "FAILED", failureCode: "internal" }),
      await makeAsset({ entryId: photoEntry, kind: "IMAGE", status: "FAILED", failureCode: "processing_timeout" }),
      await makeAsset({ entryId: photoEntry, kind: "IMAGE", status: "FAILED", failureCode: "code_from_a_newer_worker" }),
    ];
    const permanent = await makeAsset({ entryId: photoEntry, kind: "IMAGE", status: "FAILED", failureCode: "image_corrupt" });
    const { overview } = (await load(organiser)).data!;
    expect(overview.kinds.find((k) => k.kind === "IMAGE")!.retryableFailed).toBe(3);

    // A coordinator has no bulk retry: the action does not exist for them.
    expect((await post(coordinator, { intent: "retry-all", kind: "IMAGE" })).status).toBe(404);
    for (const id of transient) expect((await statusOf(id)).status).toBe("FAILED");

    const res = await post(organiser, { intent: "retry-all", kind: "IMAGE" });
    expect(res.status).toBe(200);
    expect(res.data?.message).toBe("已重新排队 3 个文件。");
    for (const id of transient) {
      expect((await statusOf(id)).status).toBe("UPLOADED");
      expect(await jobsFor("media-image", id)).toHaveLength(1);
    }
    expect((await statusOf(permanent)).status).toBe("FAILED");
    expect((await statusOf(permanent)).failureCode).toBe("image_corrupt");
    const batch = await getDb().auditLog.findFirst({ where: { action: "media.retry_bulk", actorId: organiser.id } });
    expect(batch?.data).toMatchObject({ kind: "IMAGE", queued: 3, remaining: 0, limit: BULK_RETRY_LIMIT });

    const again = await post(organiser, { intent: "retry-all", kind: "IMAGE" });
    expect(again.status).toBe(409);
    expect(again.data?.message).toBe("现在没有因系统原因失败的照片或图片。");
    // The other county's internal failure was never touched.
    const { overview: theirs } = (await load(elsewhere.organiser)).data!;
    expect(theirs.failed.files.map((f) => f.originalName)).toContain("邻县.mp4");
  });
});

describe("pagination", () => {
  it(`shows ${FAILED_PAGE_SIZE} failed files per page, newest first, and the rest on the next`, async () => {
    // A county of its own, so the other tests' rows do not shift the pages.
    const t = await createOrgTree();
    const c = await createContest({ orgUnitId: t.county.id });
    const boss = await createUser({ role: "ORGANISER", orgUnitId: t.county.id });
    const entryId = await entryFor(t, c, "PHOTO", t.classA, "钱小多");
    const count = FAILED_PAGE_SIZE + 5;
    const db = getDb();
    await db.mediaAsset.createMany({
      data: Array.from({ length: count }, (_, i) => {
        const id = `p${String(i).padStart(3, "0")}${randomBytes(6).toString("hex")}`;
        return { id, entryId, kind: "IMAGE" as const, status: "FAILED" as const, failureCode: "image_corrupt", originalName: `照片${i}.jpg`, originalKey: buildOriginalKey({ entryId, assetId: id }) };
      }),
    });
    // Photo i failed i minutes ago: 照片0 is the newest.
    await db.$executeRaw`UPDATE "MediaAsset" SET "updatedAt" = now() - make_interval(mins => substring("originalName" from '[0-9]+')::int) WHERE "entryId" = ${entryId}`;

    const first = (await load(boss)).data!.overview.failed;
    expect(first).toMatchObject({ total: count, page: 1, pageCount: 2, pageSize: FAILED_PAGE_SIZE });
    expect(first.files).toHaveLength(FAILED_PAGE_SIZE);
    expect(first.files[0]!.originalName).toBe("照片0.jpg");
    const second = (await load(boss, "?page=2&kind=image")).data!.overview.failed;
    expect(second.page).toBe(2);
    expect(second.files.map((f) => f.originalName)).toEqual(["照片50.jpg", "照片51.jpg", "照片52.jpg", "照片53.jpg", "照片54.jpg"]);
    // Past the end: the last page.
    expect((await getMediaQueueOverview({ userId: boss.id, page: 9 }))!.failed.page).toBe(2);
    expect((await load(boss, "?kind=video")).data!.overview.failed.files).toEqual([]);
  });
});
