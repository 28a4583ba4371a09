// The county round (/organiser/contests/:contestId/judging): a panel of the
// county's judges per category, k judges per nominated work, and the
// assignment itself, planned by app/domain/judging/assignment.ts (balanced,
// never a judge's own school — which covers a teacher's own class — nor a
// conflict a judge declared). Assignments already made stay where they are
// (a judge's work is never moved under them); a judge taken off a panel keeps
// what they scored and loses what they had not started; their unscored works
// go to the others. Too few judges: a clear answer and nothing written.
import { assignJudges, AssignmentInfeasibleError, AssignmentInputError, type AssignmentJudge, type JudgePair } from "~/domain/judging/assignment.ts";
import type { ContestStatus } from "~/domain/contest.ts";
import { t, type Locale } from "~/i18n/t.ts";
import type { CountyRoundView, JudgingReply } from "~/view-models/judging.ts";
import { getDb, type Db, type Tx } from "~/server/db/db.server.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { findOrganisedContest, isPlausibleId, type ContestRow } from "~/server/contests/contest-access.server.ts";
import { ensureRound, ensureRubric, findRound } from "./judging-common.server.ts";

/** Panels and k may change until the notice; the assignment runs in county judging (nominations are final then). */
const PANEL_EDITABLE_IN: readonly ContestStatus[] = ["OPEN", "SCHOOL_ROUND", "COUNTY_JUDGING"];
const MAX_K = 9;

/** The county's judges: JUDGE roles on the county or a unit under it. */
async function countyJudges(db: Db | Tx, countyPath: string) {
  const rows = await db.roleAssignment.findMany({
    where: { role: "JUDGE", orgUnit: { path: { startsWith: countyPath } }, user: { status: "ACTIVE" } },
    select: { user: { select: { id: true, displayName: true } } },
    orderBy: { createdAt: "asc" },
  });
  const seen = new Map<string, string>();
  for (const r of rows) seen.set(r.user.id, r.user.displayName);
  return [...seen].map(([id, name]) => ({ id, name }));
}

/** Schools a judge belongs to through their other roles (a teacher's class's school, a coordinator's school). */
async function judgeSchools(db: Db | Tx, judgeIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await db.roleAssignment.findMany({
    where: { userId: { in: [...judgeIds] }, role: { in: ["TEACHER", "SCHOOL_COORDINATOR"] } },
    select: { userId: true, orgUnit: { select: { id: true, kind: true, parentId: true } } },
  });
  const result = new Map<string, string[]>(judgeIds.map((id) => [id, []]));
  for (const r of rows) {
    const school = r.orgUnit.kind === "SCHOOL" ? r.orgUnit.id : r.orgUnit.kind === "CLASS" ? r.orgUnit.parentId : null;
    if (school) result.get(r.userId)?.push(school);
  }
  return result;
}

export type ReplanResult =
  | { ok: true; added: number; kept: number }
  | { ok: false; reason: "infeasible"; short: number; required: number; available: number }
  | { ok: false; reason: "input"; code: string };

/**
 * Re-plans one category's assignment inside the caller's transaction: every
 * nominated work gets k active judges, keeping the assignments in place.
 * Writes nothing unless the whole plan fits.
 */
export async function replanCategory(tx: Tx, input: { contestId: string; roundId: string; categoryId: string; actorId: string }): Promise<ReplanResult> {
  const round = await tx.judgingRound.findUniqueOrThrow({ where: { id: input.roundId }, select: { minJudgesPerEntry: true } });
  const [panel, entries, existing, conflicts] = await Promise.all([
    tx.panelMember.findMany({ where: { panel: { roundId: input.roundId, categoryId: input.categoryId } }, select: { judgeId: true } }),
    tx.entry.findMany({ where: { contestId: input.contestId, categoryId: input.categoryId, status: "NOMINATED" }, select: { id: true, schoolId: true, classId: true } }),
    tx.judgeAssignment.findMany({
      where: { roundId: input.roundId, entry: { categoryId: input.categoryId }, status: { not: "RECUSED" } },
      select: { id: true, entryId: true, judgeId: true, status: true, _count: { select: { scores: true } } },
    }),
    tx.judgeConflict.findMany({ where: { contestId: input.contestId }, select: { judgeId: true, entryId: true, schoolId: true } }),
  ]);
  const panelIds = new Set(panel.map((p) => p.judgeId));
  const entryIds = new Set(entries.map((e) => e.id));
  // Off the panel and not started: taken back (the work goes to someone else below).
  const dropped = existing.filter((a) => !panelIds.has(a.judgeId) && a.status !== "SUBMITTED" && a._count.scores === 0);
  const keptRows = existing.filter((a) => entryIds.has(a.entryId) && !dropped.includes(a));
  const judgeIds = [...new Set([...panelIds, ...keptRows.map((a) => a.judgeId)])];
  const schools = await judgeSchools(tx, judgeIds);
  const judges: AssignmentJudge[] = judgeIds.map((id) => ({
    id,
    conflicts: {
      schoolIds: [...(schools.get(id) ?? []), ...conflicts.filter((c) => c.judgeId === id && c.schoolId).map((c) => c.schoolId!)],
      entryIds: conflicts.filter((c) => c.judgeId === id && c.entryId).map((c) => c.entryId!),
    },
  }));
  const keep: JudgePair[] = keptRows.map((a) => ({ entryId: a.entryId, judgeId: a.judgeId }));
  let plan;
  try {
    plan = assignJudges({ entries, judges, k: round.minJudgesPerEntry, keep, exclude: judgeIds.filter((id) => !panelIds.has(id)) });
  } catch (error) {
    if (error instanceof AssignmentInfeasibleError) {
      const worst = error.entries.reduce((a, b) => (b.available < a.available ? b : a));
      return { ok: false, reason: "infeasible", short: error.entries.length, required: worst.required, available: worst.available };
    }
    if (error instanceof AssignmentInputError) return { ok: false, reason: "input", code: error.code };
    throw error;
  }
  const added = plan.assignments.filter((a) => !a.kept);
  if (dropped.length > 0) await tx.judgeAssignment.deleteMany({ where: { id: { in: dropped.map((a) => a.id) } } });
  if (added.length > 0) await tx.judgeAssignment.createMany({ data: added.map((a) => ({ roundId: input.roundId, entryId: a.entryId, judgeId: a.judgeId, status: "ASSIGNED" as const })) });
  if (added.length > 0 || dropped.length > 0) {
    await audit(
      {
        actorId: input.actorId,
        action: "judging.assigned",
        subjectType: "JudgingRound",
        subjectId: input.roundId,
        data: { categoryId: input.categoryId, k: round.minJudgesPerEntry, added: added.map((a) => [a.entryId, a.judgeId]), removed: dropped.map((a) => [a.entryId, a.judgeId]), balance: plan.balance },
      },
      tx,
    );
  }
  return { ok: true, added: added.length, kept: keep.length };
}

export async function getCountyRound(input: { userId: string; contestId: string }): Promise<CountyRoundView | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const db = getDb();
  const [round, categories, judges] = await Promise.all([
    findRound(db, row.id, "COUNTY"),
    db.category.findMany({ where: { contestId: row.id }, orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }], select: { id: true, name: true } }),
    countyJudges(db, row.orgUnit.path),
  ]);
  const schools = await judgeSchools(db, judges.map((j) => j.id));
  const schoolNames = new Map(
    (await db.orgUnit.findMany({ where: { id: { in: [...new Set([...schools.values()].flat())] } }, select: { id: true, name: true, shortName: true } })).map((u) => [u.id, u.shortName ?? u.name]),
  );
  const names = new Map(judges.map((j) => [j.id, j.name]));
  const [panels, nominated, assignments] = await Promise.all([
    round ? db.panelMember.findMany({ where: { panel: { roundId: round.id } }, select: { judgeId: true, panel: { select: { categoryId: true } } } }) : [],
    db.entry.groupBy({ by: ["categoryId"], where: { contestId: row.id, status: "NOMINATED" }, _count: { _all: true } }),
    round
      ? db.judgeAssignment.findMany({
          where: { roundId: round.id, status: { not: "RECUSED" }, entry: { status: "NOMINATED" } },
          select: { entryId: true, judgeId: true, status: true, entry: { select: { categoryId: true } }, judge: { select: { displayName: true } } },
        })
      : [],
  ]);
  const k = round?.minJudgesPerEntry ?? 3;
  return {
    contest: { id: row.id, title: row.title, status: row.status },
    round: round ? { id: round.id, k } : null,
    canEdit: PANEL_EDITABLE_IN.includes(row.status),
    judges: judges.map((j) => ({ id: j.id, name: j.name, affiliation: (schools.get(j.id) ?? []).map((s) => schoolNames.get(s) ?? "").filter(Boolean).join("、") || null })),
    categories: categories.map((c) => {
      const mine = assignments.filter((a) => a.entry.categoryId === c.id);
      const panel = panels.filter((p) => p.panel.categoryId === c.id).map((p) => p.judgeId);
      const perEntry = new Map<string, number>();
      for (const a of mine) perEntry.set(a.entryId, (perEntry.get(a.entryId) ?? 0) + 1);
      const count = nominated.find((n) => n.categoryId === c.id)?._count._all ?? 0;
      const covered = [...perEntry.values()].filter((n) => n >= k).length;
      const loadJudges = [...new Set([...panel, ...mine.map((a) => a.judgeId)])];
      return {
        id: c.id,
        name: c.name,
        nominated: count,
        panel,
        short: mine.length === 0 ? 0 : count - covered,
        loads: loadJudges.map((judgeId) => ({
          judgeId,
          name: names.get(judgeId) ?? mine.find((a) => a.judgeId === judgeId)?.judge.displayName ?? "",
          load: mine.filter((a) => a.judgeId === judgeId).length,
          submitted: mine.filter((a) => a.judgeId === judgeId && a.status === "SUBMITTED").length,
          inPanel: panel.includes(judgeId),
        })),
      };
    }),
  };
}

export type CountyOutcome = { status: 404 } | { status: 200 | 400 | 409; reply: JudgingReply };

type CountyCommand = { intent: "settings"; k: string } | { intent: "panel"; categoryId: string; judgeIds: string[] } | { intent: "assign"; categoryId: string };

/** The organiser's three changes; each in one transaction under the contest's row lock, audited, or nothing written. */
export async function changeCountyRound(input: { userId: string; contestId: string; command: CountyCommand; locale: Locale }): Promise<CountyOutcome> {
  const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(input.locale, key, params);
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return { status: 404 };
  const reply = (status: 200 | 400 | 409, ok: boolean, message: string): CountyOutcome => ({ status, reply: { ok, message } });
  const { command } = input;
  if (command.intent === "settings") {
    const k = Number(command.k);
    if (!Number.isInteger(k) || k < 1 || k > MAX_K) return reply(400, false, say("judging.county.kInvalid", { max: MAX_K }));
  }
  if (command.intent !== "settings") {
    if (!isPlausibleId(command.categoryId)) return reply(400, false, say("judging.county.categoryRequired"));
    const category = await getDb().category.findFirst({ where: { id: command.categoryId, contestId: row.id }, select: { id: true } });
    if (!category) return reply(400, false, say("judging.county.categoryRequired"));
  }
  if (command.intent === "assign" ? row.status !== "COUNTY_JUDGING" : !PANEL_EDITABLE_IN.includes(row.status)) {
    return reply(409, false, say(command.intent === "assign" ? "judging.county.assignNotNow" : "judging.county.panelNotNow"));
  }
  return getDb().$transaction((tx) => applyCountyCommand(tx, { row, command, actorId: input.userId, say, reply }), { timeout: 30_000 });
}

class Rollback extends Error {
  constructor(readonly outcome: CountyOutcome) {
    super("rolled back");
  }
}

async function applyCountyCommand(
  tx: Tx,
  ctx: { row: ContestRow; command: CountyCommand; actorId: string; say: (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => string; reply: (status: 200 | 400 | 409, ok: boolean, message: string) => CountyOutcome },
): Promise<CountyOutcome> {
  const { row, command, say, reply } = ctx;
  const round = await ensureRound(tx, { contestId: row.id, level: "COUNTY", name: say("judging.county.roundName") });
  if (command.intent === "settings") {
    await tx.judgingRound.update({ where: { id: round.id }, data: { minJudgesPerEntry: Number(command.k) } });
    await audit({ actorId: ctx.actorId, action: "judging.round_settings", subjectType: "JudgingRound", subjectId: round.id, orgUnitId: row.orgUnitId, data: { k: [round.minJudgesPerEntry, Number(command.k)] } }, tx);
    return reply(200, true, say("judging.county.kSaved", { k: Number(command.k) }));
  }
  const category = await tx.category.findUniqueOrThrow({ where: { id: command.categoryId }, select: { id: true, kind: true, name: true } });
  await ensureRubric(tx, { contestId: row.id, category });
  if (command.intent === "panel") {
    const allowed = new Set((await countyJudges(tx, row.orgUnit.path)).map((j) => j.id));
    const chosen = [...new Set(command.judgeIds)];
    if (chosen.some((id) => !allowed.has(id))) return reply(400, false, say("judging.county.unknownJudge"));
    const panel =
      (await tx.judgePanel.findFirst({ where: { roundId: round.id, categoryId: category.id }, select: { id: true } })) ??
      (await tx.judgePanel.create({ data: { roundId: round.id, categoryId: category.id, name: category.name }, select: { id: true } }));
    const before = (await tx.panelMember.findMany({ where: { panelId: panel.id }, select: { judgeId: true } })).map((m) => m.judgeId);
    await tx.panelMember.deleteMany({ where: { panelId: panel.id, judgeId: { notIn: chosen } } });
    await tx.panelMember.createMany({ data: chosen.filter((id) => !before.includes(id)).map((judgeId) => ({ panelId: panel.id, judgeId })) });
    await audit({ actorId: ctx.actorId, action: "judging.panel_changed", subjectType: "JudgePanel", subjectId: panel.id, orgUnitId: row.orgUnitId, data: { categoryId: category.id, before, after: chosen } }, tx);
    // Already assigned: a judge taken off hands their unstarted works on now, or nothing changes.
    const assigned = await tx.judgeAssignment.count({ where: { roundId: round.id, entry: { categoryId: category.id } } });
    if (assigned > 0 && row.status === "COUNTY_JUDGING") {
      const plan = await replanCategory(tx, { contestId: row.id, roundId: round.id, categoryId: category.id, actorId: ctx.actorId });
      if (!plan.ok) throw new Rollback(planRefusal(plan, category.name, say, reply));
    }
    return reply(200, true, say("judging.county.panelSaved", { category: category.name, count: chosen.length }));
  }
  const plan = await replanCategory(tx, { contestId: row.id, roundId: round.id, categoryId: category.id, actorId: ctx.actorId });
  if (!plan.ok) throw new Rollback(planRefusal(plan, category.name, say, reply));
  return reply(200, true, say("judging.county.assigned", { category: category.name, added: plan.added }));
}

function planRefusal(
  plan: Exclude<ReplanResult, { ok: true }>,
  category: string,
  say: (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => string,
  reply: (status: 200 | 400 | 409, ok: boolean, message: string) => CountyOutcome,
): CountyOutcome {
  if (plan.reason === "infeasible") return reply(409, false, say("judging.county.tooFewJudges", { category, short: plan.short, required: plan.required, available: plan.available }));
  return reply(409, false, say("judging.county.cannotPlan", { category, code: plan.code }));
}

/** Runs a county change, turning a planned refusal into its answer after the transaction rolled back. */
export async function runCountyChange(input: Parameters<typeof changeCountyRound>[0]): Promise<CountyOutcome> {
  try {
    return await changeCountyRound(input);
  } catch (error) {
    if (error instanceof Rollback) return error.outcome;
    throw error;
  }
}
