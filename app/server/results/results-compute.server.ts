// Computing the county results (/organiser/contests/:contestId/results,
// intent "compute"): reads the submitted score sheets of the county round and
// writes one ResultSet per (category, grade band) and the proposed Award rows,
// in the caller's transaction (runContestEdit: the contest row locked, the
// page's status checked), so a refusal or a failure writes nothing.
// Refused, with the reason in words, unless the contest is in county judging,
// the county round has closed (its status CLOSED, or the contest's county
// window over) and is not frozen by a notice. A tier an organiser changed by
// hand (with a reason) is kept across recomputations; the rules' tier is kept
// beside it (computedTierId).
import type { Criterion } from "~/domain/judging/index.ts";
import { TierRuleError } from "~/domain/judging/index.ts";
import { computeResults, toRoundingRule, type ResultDetails, type ScoreSheet } from "~/domain/results/compute-results.ts";
import type { Say } from "~/domain/contest-forms.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Db, Tx } from "~/server/db/db.server.ts";

export type ComputeOutcome = { refusals: string[] } | { groups: number; awards: number; normalisedGroups: number };

/** The county round the results come from: the latest one. */
export function findCountyRound(tx: Db | Tx, contestId: string) {
  return tx.judgingRound.findFirst({
    where: { contestId, level: "COUNTY" },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, frozenAt: true, minJudgesPerEntry: true, rubricId: true },
  });
}

/** Why results may not be computed or changed now; empty when they may. */
export async function resultsBlockers(tx: Db | Tx, input: { contestId: string; say: Say; now: Date }): Promise<string[]> {
  const { say } = input;
  const contest = await tx.contest.findUniqueOrThrow({ where: { id: input.contestId }, select: { status: true, countyRoundClosesAt: true } });
  if (contest.status !== "COUNTY_JUDGING") return [say(contest.status === "NOTICE" || contest.status === "FINALISED" ? "results.error.frozen" : "results.error.notJudging")];
  const round = await findCountyRound(tx, input.contestId);
  if (!round) return [say("results.error.noRound")];
  if (round.frozenAt) return [say("results.error.frozen")];
  const closed = round.status === "CLOSED" || (contest.countyRoundClosesAt !== null && contest.countyRoundClosesAt <= input.now);
  if (!closed) return [say("results.error.judgingOpen")];
  return [];
}

function bandFor(bands: readonly { id: string; gradeMin: number; gradeMax: number }[], entry: { gradeBandId: string | null; grade: number }): string | null {
  if (entry.gradeBandId) return entry.gradeBandId;
  return bands.find((b) => entry.grade >= b.gradeMin && entry.grade <= b.gradeMax)?.id ?? null;
}

async function criteriaFor(tx: Tx, contestId: string, roundRubricId: string | null): Promise<(categoryId: string) => Criterion[] | null> {
  const rubrics = await tx.rubric.findMany({
    where: { contestId },
    orderBy: { createdAt: "asc" },
    select: { id: true, categoryId: true, criteria: { orderBy: { sortOrder: "asc" }, select: { id: true, weight: true, maxScore: true } } },
  });
  const asCriteria = (r: (typeof rubrics)[number] | undefined) => (r && r.criteria.length > 0 ? r.criteria.map((c) => ({ id: c.id, weight: Number(c.weight), maxScore: c.maxScore })) : null);
  const roundRubric = rubrics.find((r) => r.id === roundRubricId);
  // The round's own rubric when it names one; else the category's; else the contest's general rubric.
  return (categoryId) => asCriteria(roundRubric) ?? asCriteria(rubrics.find((r) => r.categoryId === categoryId)) ?? asCriteria(rubrics.find((r) => r.categoryId === null));
}

export async function computeContestResults(tx: Tx, input: { contestId: string; threshold: number; say: Say; now: Date }): Promise<ComputeOutcome> {
  const blockers = await resultsBlockers(tx, input);
  if (blockers.length > 0) return { refusals: blockers };
  const { contestId, say } = input;
  const round = (await findCountyRound(tx, contestId))!;
  const [contest, categories, bands, tiers, entries, assignments] = await Promise.all([
    tx.contest.findUniqueOrThrow({ where: { id: contestId }, select: { tierRounding: true } }),
    tx.category.findMany({ where: { contestId }, orderBy: { sortOrder: "asc" }, select: { id: true, name: true } }),
    tx.gradeBand.findMany({ where: { contestId }, orderBy: { sortOrder: "asc" }, select: { id: true, gradeMin: true, gradeMax: true } }),
    tx.awardTier.findMany({ where: { contestId }, orderBy: { rank: "asc" }, select: { id: true, places: true, percent: true } }),
    tx.entry.findMany({ where: { contestId, status: "NOMINATED" }, select: { id: true, categoryId: true, gradeBandId: true, grade: true } }),
    tx.judgeAssignment.findMany({
      where: { roundId: round.id, status: "SUBMITTED" },
      select: { entryId: true, judgeId: true, scores: { select: { criterionId: true, value: true } } },
    }),
  ]);
  if (tiers.length === 0) return { refusals: [say("results.error.noTiers")] };
  if (bands.length === 0) return { refusals: [say("results.error.noBands")] };
  const criteriaOf = await criteriaFor(tx, contestId, round.rubricId);
  const sheets: ScoreSheet[] = assignments.map((a) => ({ entryId: a.entryId, judgeId: a.judgeId, scores: Object.fromEntries(a.scores.map((s) => [s.criterionId, Number(s.value)])) }));
  const awardTiers = tiers.map((t) => (t.places !== null ? { id: t.id, count: t.places } : { id: t.id, percent: Number(t.percent ?? 0) }));
  const results: { categoryId: string; bandId: string; details: ResultDetails }[] = [];
  for (const category of categories) {
    const criteria = criteriaOf(category.id);
    if (!criteria) return { refusals: [say("results.error.noRubric", { category: category.name })] };
    for (const band of bands) {
      const entryIds = entries.filter((e) => e.categoryId === category.id && bandFor(bands, e) === band.id).map((e) => e.id);
      try {
        const details = computeResults({
          entryIds,
          criteria,
          sheets,
          tiers: awardTiers,
          rounding: toRoundingRule(contest.tierRounding),
          minScoresPerJudge: input.threshold,
          minJudgesPerEntry: round.minJudgesPerEntry,
        });
        results.push({ categoryId: category.id, bandId: band.id, details });
      } catch (error) {
        if (error instanceof TierRuleError) return { refusals: [say("results.error.tiersInvalid")] };
        throw error;
      }
    }
  }
  await tx.contest.update({ where: { id: contestId }, data: { normaliseMinScores: input.threshold } });
  await tx.resultSet.deleteMany({ where: { contestId } });
  await tx.resultSet.createMany({
    data: results.map((r) => ({ contestId, categoryId: r.categoryId, gradeBandId: r.bandId, computedAt: input.now, normalised: r.details.normalised, details: r.details as unknown as Prisma.InputJsonValue })),
  });
  const awards = await writeAwards(tx, contestId, results);
  return { groups: results.length, awards, normalisedGroups: results.filter((r) => r.details.normalised).length };
}

/** Proposed awards from the ranking; a hand-changed award keeps its tier and reason. */
async function writeAwards(tx: Tx, contestId: string, results: readonly { categoryId: string; details: ResultDetails }[]): Promise<number> {
  const before = await tx.award.findMany({ where: { contestId }, select: { id: true, entryId: true, changedById: true } });
  const manual = new Map(before.filter((a) => a.changedById !== null).map((a) => [a.entryId, a]));
  const ranked = results.flatMap((r) => r.details.entries.map((e) => ({ ...e, categoryId: r.categoryId })));
  const keep = new Set(manual.keys());
  await tx.award.deleteMany({ where: { contestId, entryId: { notIn: [...keep] } } });
  let count = manual.size;
  for (const e of ranked) {
    const common = { finalScore: e.finalScore.toFixed(3), rank: e.rank, computedTierId: e.tierId };
    if (manual.has(e.entryId)) {
      await tx.award.update({ where: { entryId: e.entryId }, data: common });
      continue;
    }
    if (!e.tierId) continue;
    await tx.award.create({ data: { ...common, contestId, categoryId: e.categoryId, entryId: e.entryId, tierId: e.tierId, status: "PROPOSED" } });
    count++;
  }
  return count;
}
