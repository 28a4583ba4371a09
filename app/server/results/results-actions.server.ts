// The results page's forms (/organiser/contests/:contestId/results), each
// through runContestEdit: access (organisers of the contest's county; else
// 404), the form's schema (400 with field errors in words), one transaction
// that locks the contest, refuses a stale page and writes the change with its
// audit records, or writes nothing (409 with the reasons).
// - compute: results of every (category, band) and proposed awards.
// - change-tier: a manual tier change, only with a reason; audited on the
//   award (before, after, the rules' tier, the reason).
// - publish / finalise: the contest's steps COUNTY_JUDGING → NOTICE and
//   NOTICE → FINALISED with their rules (finalising refuses while any
//   objection is open) and effects (results-steps.server.ts).
// - answer: an organiser's answer to an objection, upheld or dismissed;
//   recorded with who and when, audited.
import type { ContestStatus } from "~/domain/contest.ts";
import { answerSchema, changeTierSchema, computeSchema, NO_TIER, stepSchema } from "~/domain/results/results-forms.ts";
import type { Locale } from "~/i18n/t.ts";
import { describeCheck } from "~/view-models/contests.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { runContestEdit, type ApplyResult, type EditOutcome, type LockedContest } from "~/server/contests/contest-edit.server.ts";
import { takeContestStep } from "~/server/contests/contest-status.server.ts";
import type { Tx } from "~/server/db/db.server.ts";
import type { Say } from "~/domain/contest-forms.ts";
import { computeContestResults, resultsBlockers } from "./results-compute.server.ts";

export const RESULTS_INTENTS = ["compute", "change-tier", "publish", "answer", "finalise"] as const;
export type ResultsIntent = (typeof RESULTS_INTENTS)[number];

type Ctx = { tx: Tx; contest: LockedContest; say: Say; now: Date; userId: string; locale: Locale };

export function runResultsAction(input: { intent: ResultsIntent; userId: string; contestId: string; formData: FormData; locale: Locale }): Promise<EditOutcome> {
  const common = { userId: input.userId, contestId: input.contestId, formData: input.formData, locale: input.locale, form: input.intent };
  const ctx = (c: { tx: Tx; contest: LockedContest; say: Say; now: Date }): Ctx => ({ ...c, userId: input.userId, locale: input.locale });
  switch (input.intent) {
    case "compute":
      return runContestEdit({ ...common, schema: computeSchema, apply: (c) => compute(ctx(c), c.value.threshold) });
    case "change-tier":
      return runContestEdit({ ...common, schema: changeTierSchema, apply: (c) => changeTier(ctx(c), c.value) });
    case "publish":
      return runContestEdit({ ...common, schema: (say) => stepSchema(say, "publish"), apply: (c) => step(ctx(c), "COUNTY_JUDGING", "NOTICE") });
    case "finalise":
      return runContestEdit({ ...common, schema: (say) => stepSchema(say, "finalise"), apply: (c) => step(ctx(c), "NOTICE", "FINALISED") });
    case "answer":
      return runContestEdit({ ...common, schema: answerSchema, apply: (c) => answer(ctx(c), c.value) });
  }
}

async function compute(c: Ctx, threshold: number): Promise<ApplyResult> {
  const outcome = await computeContestResults(c.tx, { contestId: c.contest.id, threshold, say: c.say, now: c.now });
  if ("refusals" in outcome) return outcome;
  return { audit: { action: "results.computed", data: { threshold, ...outcome } }, message: "results.computed" };
}

async function changeTier(c: Ctx, value: { entryId: string; tierId: string; reason: string }): Promise<ApplyResult> {
  const blockers = await resultsBlockers(c.tx, { contestId: c.contest.id, say: c.say, now: c.now });
  if (blockers.length > 0) return { refusals: blockers };
  const entry = await c.tx.entry.findFirst({ where: { id: value.entryId, contestId: c.contest.id, status: "NOMINATED" }, select: { id: true, categoryId: true, award: true } });
  if (!entry) return { refusals: [c.say("results.error.entryUnknown")] };
  const tier = value.tierId === NO_TIER ? null : await c.tx.awardTier.findFirst({ where: { id: value.tierId, contestId: c.contest.id }, select: { id: true } });
  if (value.tierId !== NO_TIER && !tier) return { refusals: [c.say("results.error.tierUnknown")] };
  const before = entry.award ? (entry.award.status === "REVOKED" ? NO_TIER : entry.award.tierId) : NO_TIER;
  if (before === value.tierId) return { refusals: [c.say("results.error.tierUnchanged")] };
  const change = { changeReason: value.reason, changedById: c.userId };
  let awardId: string;
  if (entry.award) {
    const data = tier ? { ...change, tierId: tier.id, status: "PROPOSED" as const } : { ...change, status: "REVOKED" as const };
    awardId = (await c.tx.award.update({ where: { id: entry.award.id }, data, select: { id: true } })).id;
  } else {
    // No award before and no award asked for is "unchanged" above, so a tier is set here.
    const created = await c.tx.award.create({ data: { ...change, contestId: c.contest.id, categoryId: entry.categoryId, entryId: entry.id, tierId: tier!.id, computedTierId: null }, select: { id: true } });
    awardId = created.id;
  }
  const data = { entryId: entry.id, from: before, to: value.tierId, computedTierId: entry.award?.computedTierId ?? null, reason: value.reason };
  await audit({ actorId: c.userId, action: "award.tier_changed", subjectType: "Award", subjectId: awardId, orgUnitId: c.contest.orgUnitId, data }, c.tx);
  return { audit: { action: "results.award_changed", data: { awardId, ...data } }, message: "results.changed" };
}

async function step(c: Ctx, from: ContestStatus, to: ContestStatus): Promise<ApplyResult> {
  if (c.contest.status !== from) return { refusals: [c.say("results.error.wrongStage")] };
  const problems = await takeContestStep(c.tx, { contestId: c.contest.id, from, to, now: c.now, actorId: c.userId });
  if (problems === null) return { refusals: [c.say("results.error.wrongStage")] };
  if (problems.length > 0) return { refusals: problems.map((p) => describeCheck(c.say, c.locale, p)) };
  return { audit: { action: "contest.status_changed", data: { from, to, via: "results" } }, message: to === "NOTICE" ? "results.published" : "results.finalised" };
}

async function answer(c: Ctx, value: { objectionId: string; decision: "upheld" | "dismissed"; response: string }): Promise<ApplyResult> {
  if (c.contest.status !== "NOTICE") return { refusals: [c.say("results.error.answerNotNotice")] };
  const objection = await c.tx.objection.findFirst({ where: { id: value.objectionId, notice: { contestId: c.contest.id } }, select: { id: true, status: true } });
  if (!objection) return { refusals: [c.say("results.error.objectionUnknown")] };
  if (objection.status === "RESOLVED" || objection.status === "REJECTED") return { refusals: [c.say("results.error.objectionAnswered")] };
  const status = value.decision === "upheld" ? ("RESOLVED" as const) : ("REJECTED" as const);
  const written = await c.tx.objection.updateMany({
    where: { id: objection.id, status: objection.status },
    data: { status, response: value.response, respondedById: c.userId, respondedAt: c.now },
  });
  if (written.count !== 1) return { refusals: [c.say("results.error.objectionAnswered")] };
  const data = { decision: value.decision, response: value.response };
  await audit({ actorId: c.userId, action: "objection.answered", subjectType: "Objection", subjectId: objection.id, orgUnitId: c.contest.orgUnitId, data }, c.tx);
  return { audit: { action: "results.objection_answered", data: { objectionId: objection.id, ...data } }, message: "results.answered" };
}
