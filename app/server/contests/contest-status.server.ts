// The contest's life (/organiser/contests/:contestId): where it stands, what
// the next step needs, and taking the step. The status is written in one
// place, here: a compare-and-set (UPDATE … WHERE status = <the status the
// page showed>) inside a transaction that first locks the row and checks the
// step's rules (contestTransitionProblems) against facts read in that same
// transaction. A stale page gets 409 with the current status in words.
import { parseWithZod } from "@conform-to/zod/v4";
import {
  CONTEST_TRANSITIONS,
  CONTEST_WINDOW_FIELDS,
  closeNowField,
  contestTransitionProblems,
  type ContestCheck,
  type ContestFacts,
  type ContestStatus,
} from "~/domain/contest.ts";
import { transitionSchema } from "~/domain/contest-forms.ts";
import type { Locale } from "~/i18n/t.ts";
import { describeCheck, STATUS_KEYS, type ContestOverviewView, type TransitionOption } from "~/view-models/contests.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb, type Db, type Tx } from "~/server/db/db.server.ts";
import { applyResultsStep } from "~/server/results/results-steps.server.ts";
import { findOrganisedContest, toHeader } from "./contest-access.server.ts";
import { fallbackErrorMap, lockContest, sayIn, staleMessage, type EditOutcome } from "./contest-edit.server.ts";

/**
 * Everything the step rules read, in a handful of queries. Results are
 * "computed" when every category has a ResultSet (the judging work writes
 * them); objections are those of the notice now running.
 */
export async function gatherContestFacts(db: Db | Tx, contestId: string): Promise<ContestFacts> {
  const [contest, categories, generalRubric, bands, tiers, resultCategories, objections] = await Promise.all([
    db.contest.findUniqueOrThrow({ where: { id: contestId }, select: Object.fromEntries(CONTEST_WINDOW_FIELDS.map((f) => [f, true])) as Record<(typeof CONTEST_WINDOW_FIELDS)[number], true> }),
    db.category.findMany({
      where: { contestId },
      orderBy: { sortOrder: "asc" },
      select: {
        id: true,
        name: true,
        gradeMin: true,
        gradeMax: true,
        rubrics: { orderBy: { createdAt: "asc" }, take: 1, select: { criteria: { select: { weight: true } } } },
      },
    }),
    db.rubric.findFirst({ where: { contestId, categoryId: null }, orderBy: { createdAt: "asc" }, select: { criteria: { select: { weight: true } } } }),
    db.gradeBand.findMany({ where: { contestId }, select: { name: true, gradeMin: true, gradeMax: true } }),
    db.awardTier.findMany({ where: { contestId }, orderBy: { rank: "asc" }, select: { name: true, places: true, percent: true } }),
    db.resultSet.groupBy({ by: ["categoryId"], where: { contestId } }),
    db.objection.groupBy({ by: ["status"], where: { notice: { contestId, status: "ACTIVE" } }, _count: { _all: true } }),
  ]);
  const objectionCount = (statuses: string[]) => objections.filter((o) => statuses.includes(o.status)).reduce((n, o) => n + o._count._all, 0);
  const withResults = new Set(resultCategories.map((r) => r.categoryId));
  return {
    ...contest,
    categories: categories.map((c) => {
      // A category without its own rubric uses the contest's general one (categoryId null), if any.
      const rubric = c.rubrics[0] ?? generalRubric;
      return { name: c.name, gradeMin: c.gradeMin, gradeMax: c.gradeMax, rubricWeights: rubric ? rubric.criteria.map((k) => Number(k.weight)) : null };
    }),
    gradeBands: bands,
    tiers: tiers.map((tier) => ({ name: tier.name, places: tier.places, percent: tier.percent === null ? null : Number(tier.percent) })),
    resultsComputed: categories.length > 0 && categories.every((c) => withResults.has(c.id)),
    unresolvedObjections: objectionCount(["OPEN", "ANSWERED"]),
    upheldObjections: objectionCount(["RESOLVED"]),
  } as ContestFacts;
}

export async function getContestOverview(input: { userId: string; contestId: string; locale: Locale; now?: Date }): Promise<ContestOverviewView | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const db = getDb();
  const now = input.now ?? new Date();
  const say = sayIn(input.locale);
  const [facts, counts] = await Promise.all([
    gatherContestFacts(db, row.id),
    Promise.all([db.category.count({ where: { contestId: row.id } }), db.gradeBand.count({ where: { contestId: row.id } }), db.awardTier.count({ where: { contestId: row.id } }), db.entry.count({ where: { contestId: row.id } })]),
  ]);
  const describe = (problems: ReturnType<typeof contestTransitionProblems>) => problems.map((p) => describeCheck(say, input.locale, p));
  const options: TransitionOption[] = CONTEST_TRANSITIONS[row.status].map((to) => {
    const problems = contestTransitionProblems({ from: row.status, to, facts, now });
    const field = closeNowField(row.status, to);
    const closes = field ? facts[field] : null;
    const closeNow =
      field && closes && now < closes ? { field, at: closes.toISOString(), problems: describe(contestTransitionProblems({ from: row.status, to, facts, now, closeNow: true })) } : null;
    return { to, problems: describe(problems), closeNow };
  });
  return {
    header: toHeader(row),
    windows: CONTEST_WINDOW_FIELDS.map((field) => ({ field, at: facts[field]?.toISOString() ?? null })),
    options,
    counts: { categories: counts[0], bands: counts[1], tiers: counts[2], entries: counts[3] },
  };
}

/**
 * Takes the next step the form asks for. With closeNow, the step's closing
 * time (closeNowField) becomes now in the same write. Audited with who, the
 * step, and the moved time.
 */
export async function changeContestStatus(input: { userId: string; contestId: string; formData: FormData; locale: Locale; now?: Date }): Promise<EditOutcome> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return { status: 404 };
  const say = sayIn(input.locale);
  const submission = parseWithZod(input.formData, { schema: transitionSchema(say), error: fallbackErrorMap(say) });
  // A refusal's reasons go in the form's errors (listed on the page); the message line sums up.
  const reply = (ok: boolean, messages: string[], status: 200 | 400 | 409, stale = false) => ({
    status,
    reply: {
      form: "status",
      ok,
      stale,
      message: stale ? (messages[0] ?? null) : say(status === 400 ? "contests.form.fixErrors" : "contests.status.refused"),
      result: submission.reply(ok ? { resetForm: true } : { formErrors: messages }),
    },
  });
  if (submission.status !== "success") return reply(false, [say("contests.form.fixErrors")], 400);
  const { expectedStatus: from, to, closeNow } = submission.value;
  const now = input.now ?? new Date();
  return getDb().$transaction(
    async (tx) => {
      const current = await lockContest(tx, row.id);
      if (current !== from) return reply(false, [staleMessage(say, current)], 409, true);
      const facts = await gatherContestFacts(tx, row.id);
      const problems = contestTransitionProblems({ from, to, facts, now, closeNow });
      if (problems.length > 0) return reply(false, problems.map((p) => describeCheck(say, input.locale, p)), 409);
      const written = await writeStatus(tx, { contestId: row.id, from, to, closeNow, facts, now, actorId: input.userId });
      if (!written) return reply(false, [staleMessage(say, await lockContest(tx, row.id))], 409, true);
      await audit(
        {
          actorId: input.userId,
          action: "contest.status_changed",
          subjectType: "Contest",
          subjectId: row.id,
          orgUnitId: row.orgUnitId,
          data: { from, to, closeNow, moved: written.moved ? { [written.moved.field]: [written.moved.from, now.toISOString()] } : null },
        },
        tx,
      );
      return { status: 200 as const, reply: { form: "status", ok: true, message: say("contests.status.changed", { status: say(STATUS_KEYS[to]) }), result: submission.reply({ resetForm: true }) } };
    },
    { timeout: 20_000 },
  );
}

/** The compare-and-set: changes nothing (and answers null) unless the status is still `from`. */
async function writeStatus(
  tx: Tx,
  input: { contestId: string; from: ContestStatus; to: ContestStatus; closeNow: boolean; facts: ContestFacts; now: Date; actorId: string | null },
): Promise<{ moved: { field: string; from: string | null } | null } | null> {
  const field = input.closeNow ? closeNowField(input.from, input.to) : null;
  const closes = field ? input.facts[field] : null;
  const move = field && closes && input.now < closes ? field : null;
  const result = await tx.contest.updateMany({
    where: { id: input.contestId, status: input.from },
    data: {
      status: input.to,
      ...(move ? { [move]: input.now } : {}),
      ...(input.to === "FINALISED" ? { finalisedAt: input.now } : {}),
    },
  });
  if (result.count !== 1) return null;
  // Freezing, announcing, confirming awards and issuing certificates commit with the status (results-steps.server.ts).
  await applyResultsStep(tx, { contestId: input.contestId, to: input.to, now: input.now, actorId: input.actorId });
  return { moved: move ? { field: move, from: closes?.toISOString() ?? null } : null };
}

/**
 * A step taken by another page (the results page publishes the notice and
 * finalises) inside its own transaction, which has locked the contest row
 * and seen `from`: the same rules, the same compare-and-set and effects.
 * Answers the problems (empty: taken) or null when the status moved on.
 */
export async function takeContestStep(tx: Tx, input: { contestId: string; from: ContestStatus; to: ContestStatus; now: Date; actorId: string }): Promise<ContestCheck[] | null> {
  const facts = await gatherContestFacts(tx, input.contestId);
  const problems = contestTransitionProblems({ from: input.from, to: input.to, facts, now: input.now });
  if (problems.length > 0) return problems;
  const written = await writeStatus(tx, { ...input, closeNow: false, facts });
  return written ? [] : null;
}
