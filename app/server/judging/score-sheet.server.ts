// A judge's (or, in the school round, a teacher's) score sheet for one
// assigned work: /judge/assignments/:assignmentId. Only the assignment's own
// judge sees it (anyone else: not found); the work is shown blind. Scores are
// saved as they are typed (partial sheets kept), submitted when complete, and
// may be corrected while the round is open: a change after submission is
// audited. Every write re-checks, inside one transaction holding the
// assignment's row lock, that the round still takes scores, so nothing is
// written after it closed.
import { parseScoreSheet, type ScoreInputProblem } from "~/domain/judging/score-input.ts";
import type { ContestStatus } from "~/domain/contest.ts";
import { t, type Locale } from "~/i18n/t.ts";
import { COMMENT_MAX, RECUSE_REASON_MAX, type AssignmentState, type ScoreSaveReply, type ScoreSheetView } from "~/view-models/judging.ts";
import { getDb, type Tx } from "~/server/db/db.server.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { isPlausibleId } from "~/server/contests/contest-access.server.ts";
import { blindCode, blindMedia, roundTakesScores, rubricCriteria, type RoundLevel } from "./judging-common.server.ts";
import { replanCategory } from "./county-round.server.ts";

const assignmentSelect = {
  id: true,
  judgeId: true,
  status: true,
  comment: true,
  entryId: true,
  submittedAt: true,
  round: { select: { id: true, level: true, status: true, frozenAt: true, contest: { select: { id: true, title: true, status: true } } } },
  entry: { select: { id: true, title: true, description: true, bodyText: true, categoryId: true, category: { select: { name: true } } } },
  scores: { select: { criterionId: true, value: true, updatedAt: true } },
} as const;

async function findOwnAssignment(db: ReturnType<typeof getDb> | Tx, judgeId: string, assignmentId: string) {
  if (!isPlausibleId(assignmentId)) return null;
  const row = await db.judgeAssignment.findFirst({ where: { id: assignmentId, judgeId, status: { not: "RECUSED" } }, select: assignmentSelect });
  return row;
}

/** Whether the work is assigned to this judge (and not recused): the routes ask before reading a form. */
export async function ownsAssignment(judgeId: string, assignmentId: string): Promise<boolean> {
  if (!isPlausibleId(assignmentId)) return false;
  return (await getDb().judgeAssignment.count({ where: { id: assignmentId, judgeId, status: { not: "RECUSED" } } })) === 1;
}

type Owned = NonNullable<Awaited<ReturnType<typeof findOwnAssignment>>>;

function isOpen(row: Owned): boolean {
  return roundTakesScores({ level: row.round.level as RoundLevel, status: row.round.status, frozenAt: row.round.frozenAt }, row.round.contest.status as ContestStatus);
}

/** The judge's next work still to finish in the same round, after this one. */
async function nextInQueue(judgeId: string, roundId: string, currentId: string): Promise<string | null> {
  const rows = await getDb().judgeAssignment.findMany({
    where: { judgeId, roundId, status: { in: ["ASSIGNED", "IN_PROGRESS"] }, id: { not: currentId } },
    orderBy: [{ assignedAt: "asc" }, { id: "asc" }],
    select: { id: true },
    take: 1,
  });
  return rows[0]?.id ?? null;
}

export async function getScoreSheet(input: { judgeId: string; assignmentId: string }): Promise<ScoreSheetView | null> {
  const row = await findOwnAssignment(getDb(), input.judgeId, input.assignmentId);
  if (!row) return null;
  const [criteria, media, next] = await Promise.all([
    rubricCriteria(getDb(), row.round.contest.id, row.entry.categoryId),
    blindMedia([row.entryId]),
    nextInQueue(input.judgeId, row.round.id, row.id),
  ]);
  const given = new Map(row.scores.map((s) => [s.criterionId, Number(s.value)]));
  const savedAt = row.scores.reduce<Date | null>((latest, s) => (!latest || s.updatedAt > latest ? s.updatedAt : latest), null);
  return {
    assignmentId: row.id,
    code: blindCode(row.id),
    contestTitle: row.round.contest.title,
    categoryName: row.entry.category.name,
    level: row.round.level as RoundLevel,
    status: row.status as AssignmentState,
    open: isOpen(row),
    work: { title: row.entry.title, description: row.entry.description, bodyText: row.entry.bodyText, media: media.get(row.entryId) ?? [] },
    criteria: criteria.map((c) => ({ id: c.id, name: c.name, description: c.description, maxScore: c.maxScore, weight: c.weight, value: given.has(c.id) ? String(given.get(c.id)) : "" })),
    comment: row.comment ?? "",
    nextAssignmentId: next,
    savedAt: savedAt?.toISOString() ?? null,
  };
}

export type SaveOutcome = { status: 404 } | { status: 200 | 400 | 409; reply: ScoreSaveReply };

const PROBLEM_KEY: Record<ScoreInputProblem, "judging.score.outOfRange" | "judging.score.notANumber" | "judging.score.missing"> = {
  out_of_range: "judging.score.outOfRange",
  not_a_number: "judging.score.notANumber",
  missing: "judging.score.missing",
};

class RoundClosed extends Error {}

/**
 * Saves the sheet as typed (`submit: false`: partial is fine, the autosave)
 * or submits it (every criterion required). Form fields: `score.<criterionId>`
 * and `comment`.
 */
export async function saveScoreSheet(input: { judgeId: string; assignmentId: string; formData: FormData; submit: boolean; locale: Locale; now?: Date }): Promise<SaveOutcome> {
  const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(input.locale, key, params);
  const row = await findOwnAssignment(getDb(), input.judgeId, input.assignmentId);
  if (!row) return { status: 404 };
  const closed = (): SaveOutcome => ({ status: 409, reply: { ok: false, message: say("judging.score.roundClosed"), fieldErrors: {} } });
  if (!isOpen(row)) return closed();
  const criteria = await rubricCriteria(getDb(), row.round.contest.id, row.entry.categoryId);
  const text = (name: string) => {
    const v = input.formData.get(name);
    return typeof v === "string" ? v : "";
  };
  const sheet = parseScoreSheet(criteria, (id) => text(`score.${id}`), { complete: input.submit });
  const comment = text("comment").trim();
  if (!sheet.ok || comment.length > COMMENT_MAX) {
    const fieldErrors: Record<string, string> = {};
    if (!sheet.ok) {
      for (const c of criteria) {
        const problem = sheet.problems.get(c.id);
        if (problem) fieldErrors[c.id] = say(PROBLEM_KEY[problem], { name: c.name, max: c.maxScore });
      }
    }
    if (comment.length > COMMENT_MAX) fieldErrors.comment = say("judging.comment.tooLong", { max: COMMENT_MAX });
    return { status: 400, reply: { ok: false, message: say("judging.score.fix"), fieldErrors } };
  }
  const now = input.now ?? new Date();
  try {
    const status = await getDb().$transaction(async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "JudgeAssignment" WHERE "id" = ${row.id} FOR UPDATE`;
      const locked = await findOwnAssignment(tx, input.judgeId, row.id);
      if (!locked || !isOpen(locked)) throw new RoundClosed();
      const before = new Map(locked.scores.map((s) => [s.criterionId, Number(s.value)]));
      const changes: { criterionId: string; before: number | null; after: number | null }[] = [];
      for (const [criterionId, value] of sheet.scores) {
        const old = before.get(criterionId) ?? null;
        if (old === value) continue;
        changes.push({ criterionId, before: old, after: value });
        const key = { assignmentId_criterionId: { assignmentId: row.id, criterionId } };
        if (value === null) await tx.score.deleteMany({ where: { assignmentId: row.id, criterionId } });
        else await tx.score.upsert({ where: key, create: { assignmentId: row.id, criterionId, value }, update: { value } });
      }
      const wasSubmitted = locked.status === "SUBMITTED";
      const next: AssignmentState = input.submit || wasSubmitted ? "SUBMITTED" : changes.length > 0 || comment !== "" ? "IN_PROGRESS" : (locked.status as AssignmentState);
      await tx.judgeAssignment.update({
        where: { id: row.id },
        data: { comment: comment === "" ? null : comment, status: next, ...(input.submit && !wasSubmitted ? { submittedAt: now } : {}) },
      });
      const commentChanged = (locked.comment ?? "") !== comment;
      if (wasSubmitted && (changes.length > 0 || commentChanged)) {
        await audit({ actorId: input.judgeId, action: "judging.score_changed_after_submit", subjectType: "JudgeAssignment", subjectId: row.id, data: { entryId: row.entryId, changes, commentChanged } }, tx);
      } else if (input.submit && !wasSubmitted) {
        await audit({ actorId: input.judgeId, action: "judging.scores_submitted", subjectType: "JudgeAssignment", subjectId: row.id, data: { entryId: row.entryId, roundId: row.round.id } }, tx);
      }
      return next;
    });
    const message = input.submit ? say("judging.score.submitted") : say("judging.score.saved");
    return { status: 200, reply: { ok: true, status, savedAt: now.toISOString(), message } };
  } catch (error) {
    if (error instanceof RoundClosed) return closed();
    throw error;
  }
}

export type RecuseOutcome = { status: 404 } | { status: 400 | 409; message: string } | { status: 200; message: string; nextAssignmentId: string | null };

/**
 * "I cannot judge this one" (a relative, a pupil, a school they know): the
 * assignment is set aside (its partial scores kept, not counted), the
 * conflict recorded for this entry, and in the county round the category is
 * re-planned so another judge gets the work. When no other judge can take it
 * the recusal stands and the organiser's page shows the work as short.
 */
export async function recuseAssignment(input: { judgeId: string; assignmentId: string; reason: string; locale: Locale }): Promise<RecuseOutcome> {
  const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(input.locale, key, params);
  const row = await findOwnAssignment(getDb(), input.judgeId, input.assignmentId);
  if (!row) return { status: 404 };
  const reason = input.reason.trim();
  if (reason.length < 2 || reason.length > RECUSE_REASON_MAX) return { status: 400, message: say("judging.recuse.reasonRequired", { max: RECUSE_REASON_MAX }) };
  if (!isOpen(row)) return { status: 409, message: say("judging.score.roundClosed") };
  const reassigned = await getDb().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "JudgeAssignment" WHERE "id" = ${row.id} FOR UPDATE`;
      const locked = await findOwnAssignment(tx, input.judgeId, row.id);
      if (!locked || !isOpen(locked)) return null;
      await tx.judgeAssignment.update({ where: { id: row.id }, data: { status: "RECUSED", recuseReason: reason } });
      await tx.judgeConflict.create({ data: { contestId: row.round.contest.id, judgeId: input.judgeId, entryId: row.entryId, reason } });
      await audit({ actorId: input.judgeId, action: "judging.recused", subjectType: "JudgeAssignment", subjectId: row.id, data: { entryId: row.entryId, reason } }, tx);
      if (row.round.level !== "COUNTY") return { handedOn: false };
      const plan = await replanCategory(tx, { contestId: row.round.contest.id, roundId: row.round.id, categoryId: row.entry.categoryId, actorId: input.judgeId });
      return { handedOn: plan.ok };
    },
    { timeout: 20_000 },
  );
  if (!reassigned) return { status: 409, message: say("judging.score.roundClosed") };
  return {
    status: 200,
    message: say(reassigned.handedOn ? "judging.recuse.handedOn" : "judging.recuse.recorded"),
    nextAssignmentId: await nextInQueue(input.judgeId, row.round.id, row.id),
  };
}
