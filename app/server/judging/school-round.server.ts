// The school round (/school/contests/:contestId/round?school=…): a school's
// submitted works per category and grade band; its teachers score them with
// the category's rubric (a SCHOOL JudgingRound; one assignment per teacher and
// work, made when the teacher starts scoring; never their own class's work);
// the coordinator nominates up to the school's quota with a reason and may
// take a nomination back until the round closes. A nomination locks the work
// (Entry NOMINATED: the family's edits are refused, entry-commands.server.ts).
//
// Nominating and withdrawing lock the contest row first (a status step waits,
// so nothing is nominated after the round closed), then change the entry's
// status through applyEntryEvent (the transition table's compare-and-set), so
// two taps, two coordinators or a family's last-second withdrawal cannot both
// win; the quota is counted under that lock.
import type { ContestStatus } from "~/domain/contest.ts";
import { effectiveQuota, nominationRefusal, NOMINATION_REASON_MAX, NOMINATION_REASON_MIN, withdrawalRefusal } from "~/domain/nomination.ts";
import { weightedTotal } from "~/domain/judging/scoring.ts";
import { isWithinPath, pathIds } from "~/domain/roles.ts";
import { t, type Locale } from "~/i18n/t.ts";
import type { JudgingReply, SchoolRoundEntry, SchoolRoundView } from "~/view-models/judging.ts";
import { getRoleScopes } from "~/server/auth/auth.server.ts";
import { isPlausibleId } from "~/server/contests/contest-access.server.ts";
import { applyEntryEvent } from "~/server/entries/entry-status.server.ts";
import { getDb, type Tx } from "~/server/db/db.server.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { blindMedia, ensureRound, ensureRubric, findRound, ROUND_OPEN_IN } from "./judging-common.server.ts";

type Say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => string;

export type SchoolRoundAccess = {
  contest: { id: string; title: string; status: ContestStatus; orgUnitId: string };
  school: { id: string; name: string };
  schools: { id: string; name: string }[];
  isCoordinator: boolean;
  /** Classes of this school the user teaches. */
  teacherClassIds: string[];
};

/**
 * The contest and one of the user's schools in it: coordinators of the school,
 * teachers of one of its classes; the contest past its draft. Null otherwise
 * (404): another school's id, another county's contest.
 */
export async function findSchoolRoundAccess(userId: string, contestId: string, schoolId: string | null): Promise<SchoolRoundAccess | null> {
  if (!isPlausibleId(contestId) || (schoolId !== null && !isPlausibleId(schoolId))) return null;
  const db = getDb();
  const [scopes, contest] = await Promise.all([
    getRoleScopes(userId, ["SCHOOL_COORDINATOR", "TEACHER"]),
    db.contest.findUnique({ where: { id: contestId }, select: { id: true, title: true, status: true, orgUnitId: true, orgUnit: { select: { path: true } } } }),
  ]);
  if (!contest || contest.status === "DRAFT") return null;
  const inCounty = scopes.filter((s) => isWithinPath(s.unit.path, contest.orgUnit.path));
  const coordinated = inCounty.filter((s) => s.role === "SCHOOL_COORDINATOR" && s.unit.kind === "SCHOOL").map((s) => s.unit.id);
  const taught = inCounty.filter((s) => s.role === "TEACHER" && s.unit.kind === "CLASS").map((s) => ({ classId: s.unit.id, schoolId: pathIds(s.unit.path).at(-2) ?? "" }));
  const schoolIds = [...new Set([...coordinated, ...taught.map((c) => c.schoolId)])];
  const chosenId = schoolId ?? schoolIds[0] ?? null;
  if (!chosenId || !schoolIds.includes(chosenId)) return null;
  const units = await db.orgUnit.findMany({ where: { id: { in: schoolIds }, kind: "SCHOOL" }, select: { id: true, name: true, shortName: true }, orderBy: { name: "asc" } });
  const school = units.find((u) => u.id === chosenId);
  if (!school) return null;
  return {
    contest: { id: contest.id, title: contest.title, status: contest.status, orgUnitId: contest.orgUnitId },
    school: { id: school.id, name: school.shortName ?? school.name },
    schools: units.map((u) => ({ id: u.id, name: u.shortName ?? u.name })),
    isCoordinator: coordinated.includes(chosenId),
    teacherClassIds: taught.filter((c) => c.schoolId === chosenId).map((c) => c.classId),
  };
}

async function quotasFor(db: ReturnType<typeof getDb> | Tx, contestId: string, schoolId: string) {
  const [categories, overrides, used] = await Promise.all([
    db.category.findMany({ where: { contestId }, orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }], select: { id: true, name: true, kind: true, defaultSchoolQuota: true } }),
    db.nominationQuota.findMany({ where: { contestId, schoolId }, select: { categoryId: true, quota: true } }),
    db.nomination.groupBy({ by: ["categoryId"], where: { contestId, schoolId, status: "NOMINATED" }, _count: { _all: true } }),
  ]);
  return categories.map((c) => ({
    ...c,
    quota: effectiveQuota({ override: overrides.find((o) => o.categoryId === c.id)?.quota, categoryDefault: c.defaultSchoolQuota }),
    used: used.find((u) => u.categoryId === c.id)?._count._all ?? 0,
  }));
}

export async function getSchoolRound(input: { userId: string; contestId: string; schoolId: string | null }): Promise<SchoolRoundView | null> {
  const access = await findSchoolRoundAccess(input.userId, input.contestId, input.schoolId);
  if (!access) return null;
  const db = getDb();
  const { contest, school } = access;
  const [categories, bands, entries, round] = await Promise.all([
    quotasFor(db, contest.id, school.id),
    db.gradeBand.findMany({ where: { contestId: contest.id }, orderBy: [{ sortOrder: "asc" }, { gradeMin: "asc" }], select: { id: true, name: true } }),
    db.entry.findMany({
      where: { contestId: contest.id, schoolId: school.id, status: { in: ["SUBMITTED", "NOMINATED"] } },
      orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        title: true,
        status: true,
        categoryId: true,
        gradeBandId: true,
        classId: true,
        student: { select: { displayName: true } },
        class: { select: { name: true } },
        nominations: { where: { status: "NOMINATED" }, select: { id: true, reason: true }, take: 1 },
      },
    }),
    findRound(db, contest.id, "SCHOOL"),
  ]);
  const ids = entries.map((e) => e.id);
  const [media, assignments, criteria] = await Promise.all([
    blindMedia(ids),
    round
      ? db.judgeAssignment.findMany({ where: { roundId: round.id, entryId: { in: ids }, status: { not: "RECUSED" } }, select: { id: true, entryId: true, judgeId: true, status: true, scores: { select: { criterionId: true, value: true } } } })
      : [],
    db.rubricCriterion.findMany({ where: { rubric: { contestId: contest.id } }, select: { id: true, weight: true, maxScore: true, rubric: { select: { categoryId: true } } } }),
  ]);
  const roundOpen = contest.status === ROUND_OPEN_IN.SCHOOL;
  const totalOf = (categoryId: string, scores: { criterionId: string; value: unknown }[]) => {
    const rubric = criteria.filter((c) => c.rubric.categoryId === categoryId).map((c) => ({ id: c.id, weight: Number(c.weight), maxScore: c.maxScore }));
    try {
      return weightedTotal(rubric, Object.fromEntries(scores.map((s) => [s.criterionId, Number(s.value)])));
    } catch {
      return null; // a partial sheet has no total yet
    }
  };
  const toRow = (e: (typeof entries)[number]): SchoolRoundEntry => {
    const mine = assignments.find((a) => a.entryId === e.id && a.judgeId === input.userId) ?? null;
    const totals = assignments.filter((a) => a.entryId === e.id && a.status === "SUBMITTED").map((a) => totalOf(e.categoryId, a.scores)).filter((v): v is number => v !== null);
    return {
      id: e.id,
      title: e.title,
      studentName: e.student.displayName,
      className: e.class.name,
      status: e.status as "SUBMITTED" | "NOMINATED",
      nomination: e.nominations[0] ?? null,
      thumb: media.get(e.id)?.find((m) => m.thumb)?.thumb ?? null,
      scores: { count: totals.length, mean: totals.length > 0 ? Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 10) / 10 : null },
      canScore: roundOpen && access.teacherClassIds.length > 0 && !access.teacherClassIds.includes(e.classId),
      myAssignmentId: mine?.id ?? null,
      myStatus: mine?.status ?? null,
    };
  };
  return {
    contest: { id: contest.id, title: contest.title, status: contest.status },
    school,
    otherSchools: access.schools.filter((s) => s.id !== school.id),
    isCoordinator: access.isCoordinator,
    isTeacher: access.teacherClassIds.length > 0,
    roundOpen,
    categories: categories.map((c) => {
      const mine = entries.filter((e) => e.categoryId === c.id);
      const groups = [...bands.map((b) => ({ id: b.id as string | null, name: b.name as string | null })), { id: null, name: null }];
      return {
        id: c.id,
        name: c.name,
        quota: c.quota,
        used: c.used,
        bands: groups.map((g) => ({ ...g, entries: mine.filter((e) => (e.gradeBandId ?? null) === g.id && (g.id !== null || !bands.some((b) => b.id === e.gradeBandId))).map(toRow) })).filter((g) => g.entries.length > 0),
      };
    }),
  };
}

export type RoundOutcome = { status: 404 } | { status: 200 | 400 | 409; reply: JudgingReply; redirectTo?: string };

class Refused extends Error {}

async function lockContestStatus(tx: Tx, contestId: string): Promise<ContestStatus> {
  const rows = await tx.$queryRaw<{ status: ContestStatus }[]>`SELECT "status"::text AS "status" FROM "Contest" WHERE "id" = ${contestId} FOR UPDATE`;
  return rows[0]!.status;
}

/** Nominates one of the school's submitted works with a reason, within the quota. Coordinators only. */
export async function nominateEntry(input: { userId: string; contestId: string; schoolId: string | null; entryId: string; reason: string; locale: Locale }): Promise<RoundOutcome> {
  const say: Say = (key, params) => t(input.locale, key, params);
  const access = await findSchoolRoundAccess(input.userId, input.contestId, input.schoolId);
  if (!access?.isCoordinator) return { status: 404 };
  const reason = input.reason.trim();
  if (!isPlausibleId(input.entryId)) return { status: 400, reply: { ok: false, message: say("judging.nominate.entryRequired") } };
  if (reason.length < NOMINATION_REASON_MIN || reason.length > NOMINATION_REASON_MAX) {
    return { status: 400, reply: { ok: false, message: say("judging.nominate.reasonLength", { min: NOMINATION_REASON_MIN, max: NOMINATION_REASON_MAX }), fieldErrors: { reason: say("judging.nominate.reasonLength", { min: NOMINATION_REASON_MIN, max: NOMINATION_REASON_MAX }) } } };
  }
  // Another school's work (or another contest's) is not found: nothing confirms it exists.
  const entry = await getDb().entry.findFirst({ where: { id: input.entryId, contestId: access.contest.id, schoolId: access.school.id }, select: { id: true, categoryId: true, title: true } });
  if (!entry) return { status: 404 };
  try {
    await getDb().$transaction(async (tx) => {
      const status = await lockContestStatus(tx, access.contest.id);
      const current = await tx.entry.findUniqueOrThrow({ where: { id: entry.id }, select: { status: true } });
      const quota = (await quotasFor(tx, access.contest.id, access.school.id)).find((c) => c.id === entry.categoryId)!;
      const refusal = nominationRefusal({ contestStatus: status, entryStatus: current.status, used: quota.used, quota: quota.quota });
      if (refusal) throw new Refused(say(`judging.nominate.refused.${refusal}`, { quota: quota.quota, category: quota.name }));
      if (!(await applyEntryEvent(tx, { entryId: entry.id, event: "nominate", actorId: input.userId, now: new Date(), reason }))) throw new Refused(say("judging.nominate.refused.not_submitted"));
      const nomination = await tx.nomination.create({
        data: { contestId: access.contest.id, categoryId: entry.categoryId, schoolId: access.school.id, entryId: entry.id, nominatedById: input.userId, reason },
        select: { id: true },
      });
      await audit({ actorId: input.userId, action: "nomination.created", subjectType: "Nomination", subjectId: nomination.id, orgUnitId: access.school.id, data: { entryId: entry.id, categoryId: entry.categoryId, reason, used: quota.used + 1, quota: quota.quota } }, tx);
    });
  } catch (error) {
    if (error instanceof Refused) return { status: 409, reply: { ok: false, message: error.message } };
    throw error;
  }
  return { status: 200, reply: { ok: true, message: say("judging.nominate.done", { title: entry.title || say("entry.untitled") }) } };
}

/** Takes a nomination back while the school round is open: the work is SUBMITTED again, the slot free. Coordinators only. */
export async function withdrawNomination(input: { userId: string; contestId: string; schoolId: string | null; nominationId: string; locale: Locale }): Promise<RoundOutcome> {
  const say: Say = (key, params) => t(input.locale, key, params);
  const access = await findSchoolRoundAccess(input.userId, input.contestId, input.schoolId);
  if (!access?.isCoordinator) return { status: 404 };
  if (!isPlausibleId(input.nominationId)) return { status: 400, reply: { ok: false, message: say("judging.nominate.entryRequired") } };
  const nomination = await getDb().nomination.findFirst({ where: { id: input.nominationId, contestId: access.contest.id, schoolId: access.school.id }, select: { id: true, entryId: true } });
  if (!nomination) return { status: 404 };
  try {
    await getDb().$transaction(async (tx) => {
      const status = await lockContestStatus(tx, access.contest.id);
      const current = await tx.nomination.findUniqueOrThrow({ where: { id: nomination.id }, select: { status: true } });
      const refusal = withdrawalRefusal({ contestStatus: status, nominationStatus: current.status });
      if (refusal) throw new Refused(say(`judging.withdraw.refused.${refusal}`));
      if (!(await applyEntryEvent(tx, { entryId: nomination.entryId, event: "unnominate", actorId: input.userId, now: new Date() }))) throw new Refused(say("judging.withdraw.refused.not_nominated"));
      await tx.nomination.update({ where: { id: nomination.id }, data: { status: "WITHDRAWN", withdrawnAt: new Date() } });
      await audit({ actorId: input.userId, action: "nomination.withdrawn", subjectType: "Nomination", subjectId: nomination.id, orgUnitId: access.school.id, data: { entryId: nomination.entryId } }, tx);
    });
  } catch (error) {
    if (error instanceof Refused) return { status: 409, reply: { ok: false, message: error.message } };
    throw error;
  }
  return { status: 200, reply: { ok: true, message: say("judging.withdraw.done") } };
}

/**
 * A teacher starts (or goes back to) scoring one of the school's works: their
 * assignment in the school round, made on first use. Not their own class's
 * work; only while the school round is open.
 */
export async function startSchoolScoring(input: { userId: string; contestId: string; schoolId: string | null; entryId: string; locale: Locale }): Promise<RoundOutcome> {
  const say: Say = (key, params) => t(input.locale, key, params);
  const access = await findSchoolRoundAccess(input.userId, input.contestId, input.schoolId);
  if (!access || access.teacherClassIds.length === 0) return { status: 404 };
  if (!isPlausibleId(input.entryId)) return { status: 400, reply: { ok: false, message: say("judging.nominate.entryRequired") } };
  const entry = await getDb().entry.findFirst({
    where: { id: input.entryId, contestId: access.contest.id, schoolId: access.school.id, status: { in: ["SUBMITTED", "NOMINATED"] } },
    select: { id: true, classId: true, category: { select: { id: true, kind: true } } },
  });
  if (!entry) return { status: 404 };
  if (access.teacherClassIds.includes(entry.classId)) return { status: 409, reply: { ok: false, message: say("judging.school.ownClass") } };
  if (access.contest.status !== ROUND_OPEN_IN.SCHOOL) return { status: 409, reply: { ok: false, message: say("judging.score.roundClosed") } };
  const assignment = await getDb().$transaction(async (tx) => {
    const round = await ensureRound(tx, { contestId: access.contest.id, level: "SCHOOL", name: say("judging.school.roundName") });
    await ensureRubric(tx, { contestId: access.contest.id, category: entry.category });
    const existing = await tx.judgeAssignment.findUnique({ where: { roundId_entryId_judgeId: { roundId: round.id, entryId: entry.id, judgeId: input.userId } }, select: { id: true, status: true } });
    if (existing) return existing;
    return tx.judgeAssignment.create({ data: { roundId: round.id, entryId: entry.id, judgeId: input.userId }, select: { id: true, status: true } });
  });
  if (assignment.status === "RECUSED") return { status: 409, reply: { ok: false, message: say("judging.school.recused") } };
  return { status: 200, reply: { ok: true, message: "" }, redirectTo: `/judge/assignments/${assignment.id}` };
}
