// Entries through their real routes (loaders and actions) and server
// functions, against this file's own database and the object store the app
// would use: creating a draft (rules, one per child and category, org columns
// copied), who may see and change it (child, guardian, class teacher; anyone
// else 404), saving details with clear zh-CN errors, submitting only when every
// file is READY, the polling JSON (no original anywhere), removing a file.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AssetStatus, MediaKind, Prisma } from "~/generated/prisma/client.ts";
import { buildOriginalKey, buildRenditionKey } from "~/domain/storage-keys.ts";
import { action as entryAction, loader as entryLoader } from "~/routes/entries.$entryId.tsx";
import { loader as statusLoader } from "~/routes/entries.$entryId.status.ts";
import { action as newAction, loader as newLoader } from "~/routes/entries.new.tsx";
import { loader as fileLoader } from "~/routes/files.$token.ts";
import { getDb } from "~/server/db/db.server.ts";
import { createDraftEntry } from "~/server/entries/entry-commands.server.ts";
import type { EntryChoices, EntryFileStatus, EntryPageData } from "~/view-models/entries.ts";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import { getStore, type ObjectStore } from "~/server/storage/storage.server.ts";
import {
  createContest,
  createEntry,
  createOrgTree,
  createOrgUnit,
  createUser,
  linkGuardian,
  type OrgTree,
  type TestContest,
  type TestUser,
} from "../factories/index.ts";
import { getRequest, postForm, signedInBrowser, type Browser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";
import { addNotice } from "../setup/notices.ts";

const runId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
// Test harness: this file's own bucket or directory, before anything reads the store.
if (process.env.S3_ENDPOINT) {
  process.env.S3_BUCKET = `entries-${runId}`;
} else {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "entries-test-"));
  addNotice("entries: S3 NOT tested (S3_ENDPOINT unset); only the local store ran");
}
resetEnvForTests();

const MB = 1024n * 1024n;

let store: ObjectStore;
let tree: OrgTree;
let contest: TestContest;
let student: TestUser;
let guardian: TestUser;
let teacher: TestUser;
let otherStudent: TestUser;
let otherGuardian: TestUser;
let otherTeacher: TestUser;

const browsers = new Map<string, Browser>();
async function browserFor(user: TestUser): Promise<Browser> {
  if (!browsers.has(user.id)) browsers.set(user.id, await signedInBrowser(user.id));
  return browsers.get(user.id)!;
}

const categoryId = (kind: string, c: TestContest = contest) => c.categories.find((x) => x.kind === kind)!.id;

beforeAll(async () => {
  store = getStore();
  await store.ensureBucket();
  tree = await createOrgTree();
  contest = await createContest({
    orgUnitId: tree.county.id,
    categories: [
      { kind: "PHOTO", name: "摄影", acceptedMediaKinds: ["IMAGE"], maxFiles: 3, maxFileBytes: 30n * MB },
      { kind: "VIDEO", name: "小视频", acceptedMediaKinds: ["VIDEO"], maxFiles: 1, maxFileBytes: 500n * MB, maxDurationSeconds: 300 },
      { kind: "ESSAY", name: "征文", acceptedMediaKinds: ["IMAGE"], acceptsText: true, maxTextChars: 20, maxFiles: 6 },
      { kind: "ART", name: "美术", acceptedMediaKinds: ["IMAGE"], gradeMin: 5, gradeMax: 9 },
      { kind: "READING", name: "读书", acceptedMediaKinds: ["IMAGE", "AUDIO"], acceptsText: true, maxTextChars: 3000, maxFiles: 6 },
    ],
  });
  student = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, displayName: "张小明" });
  guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.classA.id });
  await linkGuardian({ guardianId: guardian.id, studentId: student.id });
  teacher = await createUser({ role: "TEACHER", orgUnitId: tree.classA.id });
  otherStudent = await createUser({ role: "STUDENT", orgUnitId: tree.otherClass.id, displayName: "王小刚" });
  otherGuardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.otherClass.id });
  await linkGuardian({ guardianId: otherGuardian.id, studentId: otherStudent.id });
  otherTeacher = await createUser({ role: "TEACHER", orgUnitId: tree.classB.id });
});

afterAll(async () => {
  if (store?.config.kind === "local") fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

async function openPage(user: TestUser | null, entryId: string) {
  const browser = user ? await browserFor(user) : null;
  return run<EntryPageData>(() => entryLoader({ request: getRequest(`/entries/${entryId}`, browser), params: { entryId }, context: {} }));
}

type ActionData = { intent: string | null; ok: boolean; message: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };

async function post(user: TestUser, entryId: string, fields: Record<string, string>, options: { csrf?: "valid" | "missing" } = {}) {
  const browser = await browserFor(user);
  const request = postForm(`/entries/${entryId}`, fields, { browser, csrf: options.csrf });
  return run<ActionData>(() => entryAction({ request, params: { entryId }, context: {} }));
}

async function status(user: TestUser | null, entryId: string) {
  const browser = user ? await browserFor(user) : null;
  const result = await run(() => statusLoader({ request: getRequest(`/entries/${entryId}/status`, browser), params: { entryId }, context: {} }));
  const text = await result.response!.text();
  return { status: result.status, headers: result.response!.headers, text, json: JSON.parse(text) as EntryFileStatus };
}

async function draftFor(kind: string, user: TestUser = student, c: TestContest = contest): Promise<string> {
  const created = await createDraftEntry({ actorId: user.id, studentId: student.id, categoryId: categoryId(kind, c) });
  if (!created.ok) throw new Error(`could not create: ${created.error}`);
  return created.entryId;
}

const RENDITION_MIME: Record<string, string> = { webp: "image/webp", jpg: "image/jpeg", mp4: "video/mp4", m4a: "audio/mp4" };

/** An asset as the worker would leave it (test setup writes statuses directly), with its objects in the store. */
async function makeAsset(input: {
  entryId: string;
  kind?: MediaKind;
  status: AssetStatus;
  progress?: number;
  attempts?: number;
  failureCode?: string;
  failureParams?: Prisma.InputJsonValue;
  renditions?: string[];
  name?: string;
}): Promise<{ id: string; originalKey: string; renditionKeys: string[] }> {
  const id = `t${randomBytes(10).toString("hex")}`;
  const originalKey = buildOriginalKey({ entryId: input.entryId, assetId: id });
  await store.put(originalKey, Buffer.from("original bytes, never to be linked"));
  await getDb().mediaAsset.create({
    data: {
      id,
      entryId: input.entryId,
      kind: input.kind ?? "IMAGE",
      status: input.status,
      originalKey,
      originalName: input.name ?? "寒假的雪.jpg",
      byteSize: 123_456n,
      progress: input.progress ?? 0,
      attempts: input.attempts ?? 0,
      failureCode: input.failureCode ?? null,
      failureParams: input.failureParams,
      readyAt: input.status === "READY" ? new Date() : null,
    },
  });
  const renditionKeys: string[] = [];
  for (const file of input.renditions ?? []) {
    const [name, ext] = file.split(".") as [string, string];
    const key = buildRenditionKey({ entryId: input.entryId, assetId: id, name, ext });
    await store.put(key, Buffer.from(`${file} bytes`), { contentType: RENDITION_MIME[ext] });
    await getDb().rendition.create({ data: { assetId: id, name: file, key, mime: RENDITION_MIME[ext]!, width: 320, height: 240, byteSize: 10n } });
    renditionKeys.push(key);
  }
  return { id, originalKey, renditionKeys };
}

/** Fetches a signed link as a browser would: the local store's /files/<token> through its route, S3's presigned URL directly. */
async function fetchLink(url: string): Promise<{ status: number; body: string }> {
  if (url.startsWith("/files/")) {
    const token = url.slice("/files/".length);
    const res = (await fileLoader({ request: getRequest(url), params: { token }, context: {} })) as Response;
    return { status: res.status, body: await res.text() };
  }
  const res = await fetch(url);
  return { status: res.status, body: await res.text() };
}

// ---------------------------------------------------------------------------

describe("creating a draft", () => {
  it("makes a DRAFT with the org columns and grade copied from the child's class", async () => {
    const result = await createDraftEntry({ actorId: student.id, studentId: student.id, categoryId: categoryId("PHOTO") });
    expect(result).toMatchObject({ ok: true, created: true });
    const entry = await getDb().entry.findUniqueOrThrow({ where: { id: (result as { entryId: string }).entryId } });
    expect(entry).toMatchObject({
      status: "DRAFT",
      studentId: student.id,
      contestId: contest.id,
      classId: tree.classA.id,
      schoolId: tree.school.id,
      townshipId: tree.township.id,
      grade: 3,
      title: "",
      submittedAt: null,
    });
    expect(await getDb().auditLog.count({ where: { action: "entry.create", subjectId: entry.id } })).toBe(1);
  });

  it("keeps one entry per child and category: a repeat (or three at once) returns the same one", async () => {
    const first = await createDraftEntry({ actorId: student.id, studentId: student.id, categoryId: categoryId("PHOTO") });
    const attempt = (u: TestUser) => createDraftEntry({ actorId: u.id, studentId: student.id, categoryId: categoryId("VIDEO") });
    const actors = [student, guardian, teacher];
    const racing = await Promise.all(actors.map(attempt));
    expect(first).toMatchObject({ ok: true, created: false });
    const ids = new Set(racing.map((r) => (r.ok ? r.entryId : r.error)));
    expect(ids.size).toBe(1);
    expect(racing.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(await getDb().entry.count({ where: { studentId: student.id, categoryId: categoryId("VIDEO") } })).toBe(1);
    // The database refuses a second one even from code that skips createDraftEntry.
    await expect(createEntry({ contestId: contest.id, categoryId: categoryId("VIDEO"), studentId: student.id, classUnit: tree.classA })).rejects.toMatchObject({
      code: "P2002",
    });
  });

  it("refuses a category outside the child's grades, a closed contest and another county's contest", async () => {
    expect(await createDraftEntry({ actorId: student.id, studentId: student.id, categoryId: categoryId("ART") })).toEqual({ ok: false, error: "grade_not_allowed" });
    const closed = await createContest({ orgUnitId: tree.county.id, closesAt: new Date(Date.now() - 3600_000) });
    expect(await createDraftEntry({ actorId: student.id, studentId: student.id, categoryId: categoryId("PHOTO", closed) })).toEqual({ ok: false, error: "submission_closed" });
    const elsewhere = await createContest({ orgUnitId: (await createOrgUnit({ kind: "COUNTY", name: "邻县" })).id });
    expect(await createDraftEntry({ actorId: student.id, studentId: student.id, categoryId: categoryId("PHOTO", elsewhere) })).toEqual({ ok: false, error: "not_found" });
  });

  it("lets a linked guardian and the class teacher start one for the child, and nobody else", async () => {
    const readingId = categoryId("READING");
    expect(await createDraftEntry({ actorId: otherGuardian.id, studentId: student.id, categoryId: readingId })).toEqual({ ok: false, error: "not_found" });
    expect(await createDraftEntry({ actorId: otherTeacher.id, studentId: student.id, categoryId: readingId })).toEqual({ ok: false, error: "not_found" });
    expect(await createDraftEntry({ actorId: otherStudent.id, studentId: student.id, categoryId: readingId })).toEqual({ ok: false, error: "not_found" });
    expect(await createDraftEntry({ actorId: guardian.id, studentId: student.id, categoryId: readingId })).toMatchObject({ ok: true, created: true });
    expect(await createDraftEntry({ actorId: teacher.id, studentId: student.id, categoryId: readingId })).toMatchObject({ ok: true, created: false });
  });

  it("through /entries/new: lists the child's categories, creates with CSRF and redirects, opens an existing one", async () => {
    const browser = await browserFor(guardian);
    const page = await run<{ choices: EntryChoices }>(() =>
      newLoader({ request: getRequest(`/entries/new?studentId=${student.id}`, browser), params: {}, context: {} }),
    );
    expect(page.status).toBe(200);
    const names = page.data!.choices.contests.find((c) => c.id === contest.id)!.categories.map((c) => c.name);
    // 美术 is for grades 5–9: not offered to a third-grader.
    expect(names).toEqual(["摄影", "小视频", "征文", "读书"]);
    expect(page.data!.choices.student).toMatchObject({ id: student.id, displayName: "张小明", isSelf: false });

    const noCsrf = await run(() =>
      newAction({ request: postForm("/entries/new", { categoryId: categoryId("ESSAY"), studentId: student.id }, { browser, csrf: "missing" }), params: {}, context: {} }),
    );
    expect(noCsrf.status).toBe(403);
    const created = await run(() =>
      newAction({ request: postForm("/entries/new", { categoryId: categoryId("ESSAY"), studentId: student.id }, { browser }), params: {}, context: {} }),
    );
    expect(created.status).toBe(302);
    const location = created.headers.get("Location")!;
    expect(location).toMatch(/^\/entries\/[a-z0-9]+$/);
    const again = await run(() =>
      newLoader({ request: getRequest(`/entries/new?studentId=${student.id}&categoryId=${categoryId("ESSAY")}`, browser), params: {}, context: {} }),
    );
    expect(again.headers.get("Location")).toBe(location);
    const refused = await run<{ message: string }>(() =>
      newAction({ request: postForm("/entries/new", { categoryId: categoryId("ART"), studentId: student.id }, { browser }), params: {}, context: {} }),
    );
    expect(refused.status).toBe(409);
    expect(refused.data!.message).toBe("这个类别不适合孩子所在的年级，请选择其他类别。");
  });

  it("answers 404 for a child the user may not act for", async () => {
    const browser = await browserFor(otherGuardian);
    const page = await run(() => newLoader({ request: getRequest(`/entries/new?studentId=${student.id}`, browser), params: {}, context: {} }));
    expect(page.status).toBe(404);
    const create = await run(() =>
      newAction({ request: postForm("/entries/new", { categoryId: categoryId("PHOTO"), studentId: student.id }, { browser }), params: {}, context: {} }),
    );
    expect(create.status).toBe(404);
  });
});

describe("who may open an entry", () => {
  let entryId: string;
  beforeAll(async () => {
    entryId = await draftFor("PHOTO");
  });

  it("the child, a linked guardian and the class teacher see it", async () => {
    for (const user of [student, guardian, teacher]) {
      const page = await openPage(user, entryId);
      expect(page.status).toBe(200);
      expect(page.data!.entry.id).toBe(entryId);
    }
    expect((await openPage(guardian, entryId)).data!.student).toEqual({ displayName: "张小明", isSelf: false });
    expect((await openPage(student, entryId)).data).toMatchObject({ editable: true, category: { name: "摄影" }, upload: { endpoint: "/uploads", chunkSize: 5 * 1024 * 1024 } });
  });

  it("another family, another class's teacher and made-up ids get 404; no session goes to login", async () => {
    for (const user of [otherStudent, otherGuardian, otherTeacher]) {
      expect((await openPage(user, entryId)).status).toBe(404);
      expect((await status(user, entryId)).status).toBe(404);
      expect((await post(user, entryId, { intent: "save", title: "改掉", description: "", bodyText: "" })).status).toBe(404);
    }
    expect((await openPage(student, "nonexistent0000")).status).toBe(404);
    expect((await openPage(student, "../../etc/passwd")).status).toBe(404);
    const anonymous = await openPage(null, entryId);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    const anonymousStatus = await status(null, entryId);
    expect(anonymousStatus.status).toBe(404);
    expect(anonymousStatus.headers.get("Cache-Control")).toBe("no-store");
    expect((await getDb().entry.findUniqueOrThrow({ where: { id: entryId } })).title).toBe("");
  });
});

describe("saving the details", () => {
  let essayId: string;
  beforeAll(async () => {
    essayId = await draftFor("ESSAY");
  });

  it("saves cleaned values", async () => {
    const res = await post(guardian, essayId, { intent: "save", title: "  我家的\n年夜饭 ", description: " 全家一起包饺子。 ", bodyText: "除夕夜，\r\n我们包饺子。" });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ ok: true, message: "已保存。" });
    const entry = await getDb().entry.findUniqueOrThrow({ where: { id: essayId } });
    expect(entry).toMatchObject({ title: "我家的 年夜饭", description: "全家一起包饺子。", bodyText: "除夕夜，\n我们包饺子。", status: "DRAFT" });
  });

  it("refuses over-long fields in words, echoes what was typed, and changes nothing", async () => {
    const typed = { title: "题".repeat(51), description: "好", bodyText: "字".repeat(21) };
    const res = await post(student, essayId, { intent: "save", ...typed });
    expect(res.status).toBe(400);
    expect(res.data!.fieldErrors).toEqual({
      title: "作品名称最多 50 个字，请删减一些。",
      bodyText: "作品文字最多 20 个字，现在超出了，请删减一些。",
    });
    expect(res.data!.message).toBe("有内容需要修改，请看上面标红的地方。");
    expect(res.data!.values).toEqual(typed);
    expect((await getDb().entry.findUniqueOrThrow({ where: { id: essayId } })).title).toBe("我家的 年夜饭");
  });

  it("ignores text for a category that takes none, and refuses a flood or a form without CSRF", async () => {
    const photoId = await draftFor("PHOTO");
    expect((await post(student, photoId, { intent: "save", title: "雪", description: "", bodyText: "偷偷塞进来的文字" })).status).toBe(200);
    expect((await getDb().entry.findUniqueOrThrow({ where: { id: photoId } })).bodyText).toBeNull();
    expect((await post(student, photoId, { intent: "save", title: "改", description: "", bodyText: "" }, { csrf: "missing" })).status).toBe(403);
    const flood = await run<ActionData>(() =>
      entryAction({
        request: postForm(`/entries/${photoId}`, { intent: "save", title: "x", description: "长".repeat(200_000), bodyText: "" }, {
          browser: browsers.get(student.id)!,
          // What a browser sends with the body (a Request built here has no Content-Length of its own).
          headers: { "Content-Length": String(200_000 * 9) },
        }),
        params: { entryId: photoId },
        context: {},
      }),
    );
    expect(flood.status).toBe(413);
    expect(flood.data!.message).toBe("填写的内容太多了，请删减一些后再保存。");
    const bogus = await post(student, photoId, { intent: "drop-table" });
    expect(bogus.status).toBe(400);
    expect((await getDb().entry.findUniqueOrThrow({ where: { id: photoId } })).title).toBe("雪");
  });

  it("refuses changes once the window has closed", async () => {
    const closed = await createContest({ orgUnitId: tree.county.id, closesAt: new Date(Date.now() - 60_000) });
    const late = await createEntry({ contestId: closed.id, categoryId: categoryId("PHOTO", closed), studentId: student.id, classUnit: tree.classA, status: "DRAFT", title: "旧标题" });
    const res = await post(student, late.id, { intent: "save", title: "新标题", description: "", bodyText: "" });
    expect(res.status).toBe(409);
    expect(res.data!.message).toBe("作品征集已经截止，不能再修改或提交。");
    expect((await openPage(student, late.id)).data).toMatchObject({ editable: false, reopenable: false, contest: { open: false } });
    expect((await getDb().entry.findUniqueOrThrow({ where: { id: late.id } })).title).toBe("旧标题");
  });
});

describe("submitting", () => {
  it("is refused while a file is not READY, and allowed (once) when all are", async () => {
    const entryId = await draftFor("READING");
    const photo = await makeAsset({ entryId, status: "READY", renditions: ["thumb.webp", "thumb.jpg"] });
    const recording = await makeAsset({ entryId, kind: "AUDIO", status: "PROCESSING", progress: 40, name: "朗读.m4a" });
    const details = { title: "读《西游记》", description: "", bodyText: "孙悟空真勇敢。" };

    const processing = await post(guardian, entryId, { intent: "submit", ...details });
    expect(processing.status).toBe(409);
    expect(processing.data!.message).toBe("内容已保存，但还不能提交：文件正在处理，变成“处理好了”以后才能提交。一般需要几分钟，请稍候。");
    // What was typed is kept even though the entry could not go yet.
    expect(await getDb().entry.findUniqueOrThrow({ where: { id: entryId } })).toMatchObject({ status: "DRAFT", title: "读《西游记》", bodyText: "孙悟空真勇敢。" });
    expect((await openPage(guardian, entryId)).data!.submitBlocker).toBe("files_processing");

    await getDb().mediaAsset.update({ where: { id: recording.id }, data: { status: "FAILED", failureCode: "audio_corrupt" } });
    const failed = await post(guardian, entryId, { intent: "submit", ...details });
    expect(failed.data!.message).toContain("有文件处理失败");

    // Test setup: the worker's result, written directly.
    await getDb().mediaAsset.update({ where: { id: recording.id }, data: { status: "READY", readyAt: new Date(), failureCode: null } });
    const ok = await post(guardian, entryId, { intent: "submit", ...details });
    expect(ok.status).toBe(200);
    expect(ok.data).toMatchObject({ ok: true, message: "作品已提交！截止以后，学校和评委会看到它。" });
    const entry = await getDb().entry.findUniqueOrThrow({ where: { id: entryId } });
    expect(entry).toMatchObject({ status: "SUBMITTED", submittedById: guardian.id });
    expect(entry.submittedAt).toBeInstanceOf(Date);

    // A second tap changes nothing and says so kindly; editing is refused until it is taken back.
    expect((await post(guardian, entryId, { intent: "submit", ...details, title: "别的" })).data!.ok).toBe(true);
    expect((await getDb().entry.findUniqueOrThrow({ where: { id: entryId } })).title).toBe("读《西游记》");
    expect((await post(student, entryId, { intent: "save", ...details })).data!.message).toContain("作品已经提交了");
    expect((await post(student, entryId, { intent: "delete-file", assetId: photo.id })).status).toBe(409);
    expect(await getDb().auditLog.count({ where: { action: "entry.submit", subjectId: entryId } })).toBe(1);

    const reopened = await post(student, entryId, { intent: "reopen" });
    expect(reopened.data).toMatchObject({ ok: true, message: "已改回草稿。改好以后请再提交一次。" });
    expect(await getDb().entry.findUniqueOrThrow({ where: { id: entryId } })).toMatchObject({ status: "DRAFT", submittedAt: null });
  });

  it("says what is missing: a title, files for a photo entry, text or files for an essay", async () => {
    const photoId = await draftFor("PHOTO");
    const noTitle = await post(student, photoId, { intent: "submit", title: " ", description: "", bodyText: "" });
    expect(noTitle.data!.message).toContain("还差作品名称");
    const photoOnly = await createEntry({ contestId: contest.id, categoryId: categoryId("VIDEO"), studentId: otherStudent.id, classUnit: tree.otherClass, status: "DRAFT" });
    const noFiles = await post(otherStudent, photoOnly.id, { intent: "submit", title: "我的视频", description: "", bodyText: "" });
    expect(noFiles.data!.message).toContain("还没有上传作品文件");

    const essay = await createEntry({ contestId: contest.id, categoryId: categoryId("ESSAY"), studentId: otherStudent.id, classUnit: tree.otherClass, status: "DRAFT" });
    const empty = await post(otherGuardian, essay.id, { intent: "submit", title: "我的家乡", description: "", bodyText: "" });
    expect(empty.data!.message).toContain("请输入作品文字，或者上传文件");
    const textOnly = await post(otherGuardian, essay.id, { intent: "submit", title: "我的家乡", description: "", bodyText: "家乡的山很高。" });
    expect(textOnly.data).toMatchObject({ ok: true });
    expect((await getDb().entry.findUniqueOrThrow({ where: { id: essay.id } })).status).toBe("SUBMITTED");
  });
});

describe("the status JSON", () => {
  it("lists each file's honest status with links to renditions only, never to the original", async () => {
    const entryId = await draftFor("PHOTO");
    const ready = await makeAsset({ entryId, status: "READY", renditions: ["thumb.webp", "thumb.jpg", "display.webp", "display.jpg", "large.webp"] });
    const retrying = await makeAsset({ entryId, status: "UPLOADED", attempts: 1, name: "第二张.png" });
    const failed = await makeAsset({ entryId, status: "FAILED", failureCode: "image_too_large_pixels", failureParams: { maxMegapixels: 50 }, name: "大图.jpg" });
    const gone = await makeAsset({ entryId, status: "DELETED" });
    const videoEntry = await draftFor("VIDEO");
    const video = await makeAsset({ entryId: videoEntry, kind: "VIDEO", status: "PROCESSING", progress: 45, name: "寒假vlog.mp4" });

    const res = await status(teacher, entryId);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("Content-Type")).toContain("application/json");
    expect(res.json.entryStatus).toBe("DRAFT");
    expect(res.json.mediaStatus).toBe("failed");
    expect(res.json.files.map((f) => f.id)).toEqual([ready.id, retrying.id, failed.id]);
    expect(res.json.files.map((f) => f.id)).not.toContain(gone.id);
    const [readyFile, retryingFile, failedFile] = res.json.files;
    expect(readyFile).toMatchObject({ kind: "IMAGE", name: "寒假的雪.jpg", sizeBytes: 123_456, status: "ready", progress: 100, failureMessage: null });
    expect(readyFile!.media!.thumb).toMatchObject({ width: 320, height: 240 });
    expect(readyFile!.media!.video).toBeNull();
    expect(retryingFile).toMatchObject({ status: "processing", retrying: true, media: null });
    expect(failedFile).toMatchObject({ status: "failed", failureMessage: "图片像素太多（超过 50 百万像素）。请缩小后重新上传。", media: null });

    // No original: not its key, not a link to it, not even inside a signed token.
    for (const asset of [ready, retrying, failed]) expect(res.text).not.toContain(asset.originalKey);
    expect(res.text).not.toContain("originals/");
    const links = [readyFile!.media!.thumb!.webp, readyFile!.media!.thumb!.jpeg, readyFile!.media!.display!.webp, readyFile!.media!.display!.jpeg];
    for (const link of links) {
      expect(link).toBeTruthy();
      const token = link!.startsWith("/files/") ? link!.slice(7).split(".")[0]! : null;
      if (token) expect(JSON.parse(Buffer.from(token, "base64url").toString("utf8")).k).toContain("/renditions/");
    }
    const thumb = await fetchLink(readyFile!.media!.thumb!.webp!);
    expect(thumb).toEqual({ status: 200, body: "thumb.webp bytes" });

    const videoStatus = await status(student, videoEntry);
    expect(videoStatus.json.files).toEqual([
      expect.objectContaining({ id: video.id, kind: "VIDEO", status: "processing", progress: 45, retrying: false, media: null }),
    ]);
  });

  it("gives a READY video its poster and film, and a recording its audio", async () => {
    const entryId = (await getDb().entry.findFirstOrThrow({ where: { studentId: student.id, categoryId: categoryId("VIDEO") } })).id;
    await getDb().mediaAsset.deleteMany({ where: { entryId } });
    const video = await makeAsset({ entryId, kind: "VIDEO", status: "READY", renditions: ["video.mp4", "poster-display.jpg", "poster-display.webp", "poster-thumb.webp"] });
    const readingId = (await getDb().entry.findFirstOrThrow({ where: { studentId: student.id, categoryId: categoryId("READING") } })).id;
    const audio = await makeAsset({ entryId: readingId, kind: "AUDIO", status: "READY", renditions: ["audio.m4a"] });
    const [videoFile] = (await status(guardian, entryId)).json.files;
    expect(videoFile!.id).toBe(video.id);
    expect(videoFile!.media!.poster).toMatchObject({ jpeg: expect.any(String), webp: expect.any(String) });
    expect(videoFile!.media!.thumb).toMatchObject({ jpeg: null, webp: expect.any(String) });
    expect(videoFile!.media!.video).toMatchObject({ mime: "video/mp4" });
    expect(await fetchLink(videoFile!.media!.video!.url)).toEqual({ status: 200, body: "video.mp4 bytes" });
    const audioFile = (await status(guardian, readingId)).json.files.find((f) => f.id === audio.id)!;
    expect(audioFile.media!.audio).toMatchObject({ mime: "audio/mp4" });
  });
});

describe("removing a file", () => {
  it("marks it DELETED, removes its objects, and refuses another entry's file", async () => {
    const entryId = await draftFor("PHOTO");
    const failed = await makeAsset({ entryId, status: "FAILED", failureCode: "image_corrupt", renditions: [], name: "坏掉的.jpg" });
    const ready = await makeAsset({ entryId, status: "READY", renditions: ["thumb.webp", "display.jpg"] });
    const theirs = await createEntry({ contestId: contest.id, categoryId: categoryId("PHOTO"), studentId: otherStudent.id, classUnit: tree.otherClass, status: "DRAFT" });
    const theirAsset = await makeAsset({ entryId: theirs.id, status: "READY" });

    // Someone else's file id with our entry id: not found, and their file is untouched.
    expect((await post(student, entryId, { intent: "delete-file", assetId: theirAsset.id })).status).toBe(404);
    expect((await getDb().mediaAsset.findUniqueOrThrow({ where: { id: theirAsset.id } })).status).toBe("READY");

    const res = await post(guardian, entryId, { intent: "delete-file", assetId: failed.id });
    expect(res.data).toMatchObject({ ok: true, message: "已删除“坏掉的.jpg”。需要的话，可以点上面的按钮重新上传。" });
    expect((await getDb().mediaAsset.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe("DELETED");
    await expect(store.stat(failed.originalKey)).resolves.toBeNull();
    // A second tap is harmless.
    expect((await post(guardian, entryId, { intent: "delete-file", assetId: failed.id })).status).toBe(200);

    expect((await post(teacher, entryId, { intent: "delete-file", assetId: ready.id })).status).toBe(200);
    expect(await getDb().rendition.count({ where: { assetId: ready.id } })).toBe(0);
    for (const key of [ready.originalKey, ...ready.renditionKeys]) await expect(store.stat(key)).resolves.toBeNull();
    expect((await status(student, entryId)).json.files.map((f) => f.id)).not.toContain(ready.id);
  });
});
