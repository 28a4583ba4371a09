// Per-judge z-score normalisation: a lenient judge who gives 85–95 and a
// severe one who gives 60–75 are put on the same footing before their totals
// are averaged, so that which judges an entry happened to draw does not decide
// its prize. z-scores are mapped back onto the panel's own mean and spread so
// the totals stay readable as "points out of 100".
import { assertValidJudgeScores, groupSorted, type JudgeScore } from "./judge-scores.ts";
import { isNegligible, mean, populationSd } from "./stats.ts";

/**
 * Below 8 scores a judge's mean and spread are mostly noise (one unusual
 * entry moves them a lot), and normalising would add more error than it removes.
 */
export const DEFAULT_MIN_SCORES_PER_JUDGE = 8;

export interface NormaliseOptions {
  /** Every judge of the panel must have scored at least this many entries (an integer ≥ 2) for normalisation to apply. */
  minScoresPerJudge?: number;
}

export type NormalisationWarning =
  | { code: "too_few_scores_per_judge"; judgeId: string; count: number; threshold: number }
  | { code: "judge_gave_same_total"; judgeId: string; count: number; total: number };

export interface JudgeScale {
  judgeId: string;
  count: number;
  mean: number;
  /** Population sd (see stats.ts for why). */
  sd: number;
}

export interface NormalisedScore extends JudgeScore {
  /** The total before normalisation; `total` is the normalised one (or this same value when not applied). */
  raw: number;
}

export interface NormalisationResult {
  applied: boolean;
  /** Same order as the input. */
  scores: NormalisedScore[];
  /** Mean and population sd of all raw totals; null when there are none. */
  panel: { mean: number; sd: number } | null;
  judges: JudgeScale[];
  warnings: NormalisationWarning[];
}

/**
 * Applied only when every judge has at least `minScoresPerJudge` scores;
 * otherwise the raw totals come back with one "too_few_scores_per_judge"
 * warning per judge under the threshold. A judge who gave every entry the
 * same total (sd 0) says nothing about which entry is better: their z is 0,
 * so all their entries get the panel mean, with a "judge_gave_same_total" warning.
 */
export function normaliseScores(scores: readonly JudgeScore[], options: NormaliseOptions = {}): NormalisationResult {
  const threshold = options.minScoresPerJudge ?? DEFAULT_MIN_SCORES_PER_JUDGE;
  if (!Number.isInteger(threshold) || threshold < 2) throw new RangeError(`minScoresPerJudge must be an integer ≥ 2, got ${threshold}`);
  assertValidJudgeScores(scores);
  const unchanged = scores.map((s) => ({ ...s, raw: s.total }));
  if (scores.length === 0) return { applied: false, scores: unchanged, panel: null, judges: [], warnings: [] };
  const totals = scores.map((s) => s.total);
  const panel = { mean: mean(totals), sd: populationSd(totals) };
  const judges = [...groupSorted(scores, (s) => s.judgeId, (s) => s.total)].map(([judgeId, own]): JudgeScale => {
    const sd = populationSd(own);
    return { judgeId, count: own.length, mean: mean(own), sd: isNegligible(sd, mean(own)) ? 0 : sd };
  });
  const tooFew = judges.filter((j) => j.count < threshold);
  if (tooFew.length > 0) {
    const warnings = tooFew.map((j): NormalisationWarning => ({ code: "too_few_scores_per_judge", judgeId: j.judgeId, count: j.count, threshold }));
    return { applied: false, scores: unchanged, panel, judges, warnings };
  }
  const scaleOf = new Map(judges.map((j) => [j.judgeId, j]));
  const normalised = unchanged.map((s) => {
    const scale = scaleOf.get(s.judgeId);
    const z = scale && scale.sd > 0 ? (s.raw - scale.mean) / scale.sd : 0;
    return { ...s, total: panel.mean + z * panel.sd };
  });
  const warnings = judges
    .filter((j) => j.sd === 0)
    .map((j): NormalisationWarning => ({ code: "judge_gave_same_total", judgeId: j.judgeId, count: j.count, total: j.mean }));
  return { applied: true, scores: normalised, panel, judges, warnings };
}
