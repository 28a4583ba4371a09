// The entry's life through the real routes (issue 10 item 6): the family
// withdraws and restores before the deadline, the county disqualifies with a
// reason the family reads and reinstates, a nominated entry is locked, and
// two people changing one entry at once leave exactly one change, because
// every status write is the one compare-and-set of entry-status.server.ts.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENTRY_EVENT_RULES, ENTRY_EVENTS, ENTRY_STATUSES } from "~/domain/entry-status.ts";
import { action as entryAction, loader as entryLoader } from "~/routes/entries.$entryId.tsx";
import { action as reviewAction, loader as reviewLoader } from "~/routes/organiser.contests.$contestId.entries.tsx";
import { getDb } from "~/server/db/db.server.ts";
import { applyEntryEvent, MissingReasonError } from "~/server/entries/entry-status.server.ts";
import type { ReviewPage } from "~/view-models/entry-review.ts";
import type { EntryPageData } from "~/view-models/entries.ts";
import { createContest, createEntry, createOrgTree, createOrgUnit, createUser, linkGuardian, type OrgTree, type TestContest, type TestUser } from "../factories/index.ts";
import { getRequest, postForm, signedInBrowser, type Browser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";

let tree: OrgTree;
let contest: TestContest;
let student: TestUser;
let guardian: TestUser;
let organiser: TestUser;
let otherOrganiser: TestUser;
const browsers = new Map<string, Browser>();

async function browserFor(user: TestUser): Promise<Browser> {
  if (!browsers.has(user.id)) browsers.set(user.id, await signedInBrowser(user.id));
  return browsers.get(user.id)!;
}

type ActionData = { ok: boolean; message: string };

async function family(user: TestUser, entryId: string, intent: string, fields: Record<string, string> = {}) {
  const request = postForm(`/entries/${entryId}`, { intent, ...fields }, { browser: await browserFor(user) });
  return run<ActionData>(() => entryAction({ request, params: { entryId }, context: {} }));
}

async function page(user: TestUser, entryId: string) {
  return run<EntryPageData>(() => entryLoader({ request: getRequest(`/entries/${entryId}`, null, { Cookie: browsers.get(user.id)!.cookie }), params: { entryId }, context: {} }));
}

async function county(user: TestUser, fields: Record<string, string>, contestId = contest.id) {
  const request = postForm(`/organiser/contests/${contestId}/entries`, fields, { browser: await browserFor(user) });
  return run<ActionData>(() => reviewAction({ request, params: { contestId }, context: {} }));
}

const status = async (entryId: string) => (await getDb().entry.findUniqueOrThrow({ where: { id: entryId } })).status;
const photo = () => contest.categories.find((c) => c.kind === "PHOTO")!.id;

let entryCount = 0;
/** A fresh child of class A with an entry in the photo category (one entry per child and category). */
async function entryIn(entryStatus: "DRAFT" | "SUBMITTED" | "NOMINATED" | "WITHDRAWN", c: TestContest = contest): Promise<{ id: string; child: TestUser }> {
  const child = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, displayName: `孩子${++entryCount}` });
  await linkGuardian({ guardianId: guardian.id, studentId: child.id });
  const entry = await createEntry({ contestId: c.id, categoryId: c.categories.find((x) => x.kind === "PHOTO")!.id, studentId: child.id, classUnit: tree.classA, status: entryStatus, title: "雪" });
  return { id: entry.id, child };
}

beforeAll(async () => {
  tree = await createOrgTree();
  contest = await createContest({ orgUnitId: tree.county.id });
  student = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
  guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.classA.id });
  await linkGuardian({ guardianId: guardian.id, studentId: student.id });
  organiser = await createUser({ role: "ORGANISER", orgUnitId: tree.county.id });
  const otherCounty = await createOrgUnit({ kind: "COUNTY", name: "邻县" });
  otherOrganiser = await createUser({ role: "ORGANISER", orgUnitId: otherCounty.id });
  for (const u of [student, guardian, organiser, otherOrganiser]) await browserFor(u);
});

afterAll(() => browsers.clear());

describe("the family withdraws and restores", () => {
  it("takes a submitted entry out of the contest and brings it back as a draft, each audited; a repeat is harmless", async () => {
    const { id } = await entryIn("SUBMITTED");
    const withdrawn = await family(guardian, id, "withdraw");
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.data).toMatchObject({ ok: true, message: "已撤回。这件作品不参加评选。" });
    const row = await getDb().entry.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "WITHDRAWN", submittedAt: null });
    expect(row.withdrawnAt).toBeInstanceOf(Date);
    expect((await family(guardian, id, "withdraw")).status).toBe(200);

    const shown = await page(guardian, id);
    expect(shown.data).toMatchObject({ restorable: true, withdrawable: false, editable: false });

    // A withdrawn entry is not a draft: its details cannot be changed until it is restored.
    expect((await family(guardian, id, "save", { title: "新标题", description: "", bodyText: "" })).status).toBe(409);

    expect((await family(guardian, id, "restore")).data).toMatchObject({ ok: true, message: "已恢复成草稿。改好以后请在截止前提交。" });
    expect(await getDb().entry.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DRAFT", withdrawnAt: null });
    const actions = (await getDb().auditLog.findMany({ where: { subjectId: id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["entry.withdraw", "entry.restore"]);
  });

  it("is refused after the deadline, and for an entry the school has nominated, with words that say why", async () => {
    const closed = await createContest({ orgUnitId: tree.county.id, opensAt: new Date(Date.now() - 10 * 86_400_000), closesAt: new Date(Date.now() - 86_400_000) });
    const late = await entryIn("SUBMITTED", closed);
    const refused = await family(guardian, late.id, "withdraw");
    expect(refused.status).toBe(409);
    expect(refused.data?.message).toBe("作品征集已经截止，不能再修改或提交。");
    expect(await status(late.id)).toBe("SUBMITTED");

    const nominated = await entryIn("NOMINATED");
    const locked = await family(guardian, nominated.id, "withdraw");
    expect(locked.status).toBe(409);
    expect(locked.data?.message).toBe("这件作品现在不能撤回（已经被学校推荐或者已经撤回了）。");
    // Nobody in the family can change a nominated entry's details either.
    const edit = await family(guardian, nominated.id, "save", { title: "偷偷改一下", description: "", bodyText: "" });
    expect(edit.status).toBe(409);
    expect((await getDb().entry.findUniqueOrThrow({ where: { id: nominated.id } })).title).toBe("雪");
    expect((await page(guardian, nominated.id)).data).toMatchObject({ editable: false, withdrawable: false, reopenable: false });
  });
});

describe("the county disqualifies and reinstates", () => {
  it("needs a reason, shows it to the family, frees the school's nomination, and can be undone with a reason", async () => {
    const { id } = await entryIn("NOMINATED");
    const organiserId = organiser.id;
    const nomination = await getDb().nomination.create({
      data: { contestId: contest.id, categoryId: photo(), schoolId: tree.school.id, entryId: id, nominatedById: organiserId, reason: "构图好" },
    });

    const noReason = await county(organiser, { intent: "disqualify", entryId: id, reason: "  " });
    expect(noReason.status).toBe(400);
    expect(noReason.data?.message).toBe("请写明原因。");
    expect(await status(id)).toBe("NOMINATED");

    const tooLong = await county(organiser, { intent: "disqualify", entryId: id, reason: "长".repeat(201) });
    expect(tooLong.status).toBe(400);

    const done = await county(organiser, { intent: "disqualify", entryId: id, reason: "与活动主题无关" });
    expect(done.data).toMatchObject({ ok: true });
    const row = await getDb().entry.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "DISQUALIFIED", disqualifiedReason: "与活动主题无关", disqualifiedById: organiserId });
    expect(await getDb().nomination.findUniqueOrThrow({ where: { id: nomination.id } })).toMatchObject({ status: "RELEASED" });
    expect((await page(guardian, id)).data?.entry).toMatchObject({ status: "DISQUALIFIED", disqualifiedReason: "与活动主题无关" });

    const list = await run<ReviewPage>(() =>
      reviewLoader({ request: getRequest(`/organiser/contests/${contest.id}/entries?status=DISQUALIFIED`, null, { Cookie: browsers.get(organiser.id)!.cookie }), params: { contestId: contest.id }, context: {} }),
    );
    expect(list.data?.entries.map((e) => e.id)).toContain(id);
    expect(list.data?.counts.DISQUALIFIED).toBeGreaterThanOrEqual(1);

    const back = await county(organiser, { intent: "reinstate", entryId: id, reason: "复核后确认符合主题" });
    expect(back.data).toMatchObject({ ok: true });
    expect(await getDb().entry.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SUBMITTED", disqualifiedReason: null, disqualifiedAt: null });
    const audit = await getDb().auditLog.findMany({ where: { subjectId: id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, (a.data as { reason?: string }).reason])).toEqual([
      ["entry.disqualify", "与活动主题无关"],
      ["entry.reinstate", "复核后确认符合主题"],
    ]);
  });

  it("is another county's business: 404, nothing changes", async () => {
    const { id } = await entryIn("SUBMITTED");
    expect((await county(otherOrganiser, { intent: "disqualify", entryId: id, reason: "抄袭" })).status).toBe(404);
    expect(await status(id)).toBe("SUBMITTED");
    // An entry of another contest named under this one: not found either.
    const elsewhere = await createContest({ orgUnitId: tree.county.id, title: "另一个活动" });
    const other = await entryIn("SUBMITTED", elsewhere);
    expect((await county(organiser, { intent: "disqualify", entryId: other.id, reason: "抄袭" })).status).toBe(404);
    expect(await status(other.id)).toBe("SUBMITTED");
  });
});

describe("one compare-and-set for every status write", () => {
  it("lets exactly one of two people win when they change one entry at once", async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await entryIn("SUBMITTED");
      const [withdraw, disqualify] = await Promise.all([family(guardian, id, "withdraw"), county(organiser, { intent: "disqualify", entryId: id, reason: "重复提交" })]);
      const wins = [withdraw.data?.ok, disqualify.data?.ok].filter(Boolean).length;
      expect(wins).toBe(1);
      const final = await status(id);
      expect(final).toBe(withdraw.data?.ok ? "WITHDRAWN" : "DISQUALIFIED");
      expect(await getDb().auditLog.count({ where: { subjectId: id, action: { in: ["entry.withdraw", "entry.disqualify"] } } })).toBe(1);
    }
  });

  it("writes nothing for an event the status does not allow, and refuses an event that needs a reason without one", async () => {
    const { id } = await entryIn("WITHDRAWN");
    const db = getDb();
    expect(await db.$transaction((tx) => applyEntryEvent(tx, { entryId: id, event: "nominate", actorId: organiser.id, now: new Date(), reason: "好" }))).toBe(false);
    expect(await status(id)).toBe("WITHDRAWN");
    await expect(db.$transaction((tx) => applyEntryEvent(tx, { entryId: id, event: "disqualify", actorId: organiser.id, now: new Date() }))).rejects.toBeInstanceOf(
      MissingReasonError,
    );
    expect(await status(id)).toBe("WITHDRAWN");
    expect(await db.auditLog.count({ where: { subjectId: id } })).toBe(0);
  });

  it("applies every event from every status exactly when the table allows it", async () => {
    const db = getDb();
    const cells: string[] = [];
    for (const event of ENTRY_EVENTS) {
      for (const from of ENTRY_STATUSES) {
        const child = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
        const entry = await createEntry({ contestId: contest.id, categoryId: photo(), studentId: child.id, classUnit: tree.classA, status: from, title: "表" });
        const changed = await db.$transaction((tx) => applyEntryEvent(tx, { entryId: entry.id, event, actorId: organiser.id, now: new Date(), reason: "表格检查" }));
        const rule = ENTRY_EVENT_RULES[event];
        const expected = rule.from.includes(from);
        const after = await status(entry.id);
        if (changed !== expected || after !== (expected ? rule.to : from)) cells.push(`${event} from ${from}: changed=${changed}, now ${after}`);
      }
    }
    expect(cells).toEqual([]);
  });

  it("has no other status write for entries anywhere in the app or the worker", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, name.name);
        if (name.isDirectory()) {
          if (name.name !== "generated" && name.name !== "node_modules") walk(file);
        } else if (/\.(ts|tsx)$/.test(name.name) && !/\.test\.tsx?$/.test(name.name) && !file.endsWith("entry-status.server.ts")) {
          const source = fs.readFileSync(file, "utf8");
          // An update of Entry rows whose data names the status (a create of a DRAFT is the start of the life, not a change).
          for (const match of source.matchAll(/\.entry\.(update|updateMany|upsert|updateManyAndReturn)\(([\s\S]*?)\)\s*;/g)) {
            if (/\bstatus\s*:/.test(match[2]!.replace(/where\s*:\s*\{[^}]*\}/g, ""))) offenders.push(path.relative(process.cwd(), file));
          }
          if (/\$executeRaw[\s\S]{0,200}UPDATE\s+"Entry"[\s\S]{0,200}"status"/.test(source)) offenders.push(path.relative(process.cwd(), file));
        }
      }
    };
    walk(path.resolve("app"));
    walk(path.resolve("media-worker"));
    expect(offenders).toEqual([]);
  });
});
