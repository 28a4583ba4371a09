// The results of one (category, grade band) from the county round's submitted
// score sheets, with the judging maths of app/domain/judging (not rewritten
// here): sheet → weighted total per judge; per-judge z-normalisation only
// when every judge scored ≥ the contest's threshold (else raw, with the reason
// as warning codes); mean, or trimmed mean with 5+ judges; ranking by the
// stated tie rules; tiers by the contest's places and rounding; agreement
// (ICC, Kendall's W) and judge severity on the raw totals, since they describe
// the judges as they scored. Pure: the server reads the rows and stores what
// this returns (ResultSet.details, Award rows).
import {
  aggregateScores,
  agreementForPanel,
  allocateTiers,
  heaviestCriterion,
  judgeSeverity,
  normaliseScores,
  rankEntries,
  weightedTotal,
  type AwardTier,
  type Criterion,
  type JudgeScore,
  type NormalisationWarning,
  type PanelAgreement,
  type Rounding,
  type SeverityReport,
  type TierNotice,
} from "~/domain/judging/index.ts";

export interface ScoreSheet {
  entryId: string;
  judgeId: string;
  /** criterionId → value. */
  scores: Record<string, number>;
}

export interface ResultsInput {
  /** Entries that should be ranked (nominated to the county, in this category and band). */
  entryIds: readonly string[];
  criteria: readonly Criterion[];
  sheets: readonly ScoreSheet[];
  tiers: readonly AwardTier[];
  rounding: Rounding;
  minScoresPerJudge: number;
  /** Judges each entry should have had (the round's minimum): fewer is reported. */
  minJudgesPerEntry: number;
}

export type ResultWarning =
  | NormalisationWarning
  | { code: "entry_not_scored"; entryId: string }
  | { code: "entry_few_judges"; entryId: string; judges: number; expected: number }
  | { code: "sheet_incomplete"; entryId: string; judgeId: string };

export interface EntryResult {
  entryId: string;
  finalScore: number;
  median: number;
  judgeCount: number;
  method: "mean" | "trimmed_mean";
  rank: number;
  decidedBy: string | null;
  tierId: string | null;
}

/** What ResultSet.details holds (JSON). */
export interface ResultDetails {
  version: 1;
  normalised: boolean;
  threshold: number;
  warnings: ResultWarning[];
  entries: EntryResult[];
  notices: TierNotice[];
  agreement: PanelAgreement;
  severity: SeverityReport;
  /** Judge ids in the order the page labels them (评委 1, 2 …). */
  judgeIds: string[];
}

/** Sheets that are not complete (a criterion missing or out of range) are left out and reported, never guessed. */
function totalsOf(input: ResultsInput, warnings: ResultWarning[]): { totals: JudgeScore[]; heaviest: Map<string, number[]> } {
  const heaviestId = input.criteria.length > 0 ? heaviestCriterion(input.criteria).id : null;
  const wanted = new Set(input.entryIds);
  const totals: JudgeScore[] = [];
  const heaviest = new Map<string, number[]>();
  for (const sheet of input.sheets) {
    if (!wanted.has(sheet.entryId)) continue;
    let total: number;
    try {
      total = weightedTotal(input.criteria, sheet.scores);
    } catch {
      warnings.push({ code: "sheet_incomplete", entryId: sheet.entryId, judgeId: sheet.judgeId });
      continue;
    }
    totals.push({ entryId: sheet.entryId, judgeId: sheet.judgeId, total });
    const h = heaviestId ? (sheet.scores[heaviestId] ?? 0) : 0;
    heaviest.set(sheet.entryId, [...(heaviest.get(sheet.entryId) ?? []), h]);
  }
  return { totals, heaviest };
}

export function computeResults(input: ResultsInput): ResultDetails {
  const warnings: ResultWarning[] = [];
  const { totals, heaviest } = totalsOf(input, warnings);
  const normalisation = normaliseScores(totals, { minScoresPerJudge: input.minScoresPerJudge });
  warnings.push(...normalisation.warnings);
  const aggregates = aggregateScores(normalisation.scores);
  const scored = new Set(aggregates.map((a) => a.entryId));
  for (const entryId of input.entryIds) if (!scored.has(entryId)) warnings.push({ code: "entry_not_scored", entryId });
  for (const a of aggregates) {
    if (a.judgeCount < input.minJudgesPerEntry) warnings.push({ code: "entry_few_judges", entryId: a.entryId, judges: a.judgeCount, expected: input.minJudgesPerEntry });
  }
  const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
  const ranked = rankEntries(aggregates.map((a) => ({ entryId: a.entryId, finalScore: a.finalScore, median: a.median, heaviestCriterionMean: mean(heaviest.get(a.entryId) ?? []) })));
  const allocation = allocateTiers({ ranking: ranked, tiers: input.tiers, rounding: input.rounding });
  const tierOf = new Map(allocation.entries.map((e) => [e.entryId, e.tierId]));
  const aggregateOf = new Map(aggregates.map((a) => [a.entryId, a]));
  const entries = ranked
    .map((r): EntryResult => {
      const a = aggregateOf.get(r.entryId)!;
      return { entryId: r.entryId, finalScore: r.finalScore, median: r.median, judgeCount: a.judgeCount, method: a.method, rank: r.rank, decidedBy: r.decidedBy, tierId: tierOf.get(r.entryId) ?? null };
    })
    .sort((x, y) => x.rank - y.rank || (x.entryId < y.entryId ? -1 : 1));
  return {
    version: 1,
    normalised: normalisation.applied,
    threshold: input.minScoresPerJudge,
    warnings,
    entries,
    notices: allocation.notices,
    agreement: agreementForPanel(totals),
    severity: judgeSeverity(totals),
    judgeIds: [...new Set(totals.map((s) => s.judgeId))].sort(),
  };
}

/** The contest's TierRounding as the judging maths names it. */
export function toRoundingRule(value: "FLOOR" | "ROUND_HALF_UP" | "CEIL"): Rounding {
  return value === "FLOOR" ? "floor" : value === "CEIL" ? "ceil" : "round_half_up";
}

/** Bounds for the normalisation threshold the organiser may set (below 2 a judge has no spread at all). */
export const THRESHOLD_MIN = 2;
export const THRESHOLD_MAX = 100;
