// One final score per entry from its judges' totals. School panels are small
// and uneven: with 5 or more judges the single highest and lowest totals are
// dropped, so that one lenient (or harsh) judge cannot decide the result alone;
// with fewer, dropping two would leave too little, and the plain mean is used.
import { assertValidJudgeScores, groupSorted, type JudgeScore } from "./judge-scores.ts";
import { mean, median } from "./stats.ts";

/** From this many judges on, the highest and the lowest total are dropped. */
export const TRIM_FROM_JUDGES = 5;

export interface EntryAggregate {
  entryId: string;
  /** Mean of the totals, or the trimmed mean with 5 or more judges. */
  finalScore: number;
  /** Median of all the judges' totals (none dropped): ranking tie rule 2. */
  median: number;
  judgeCount: number;
  method: "mean" | "trimmed_mean";
}

/** One aggregate per entry that has at least one score, sorted by entry id. */
export function aggregateScores(scores: readonly JudgeScore[]): EntryAggregate[] {
  assertValidJudgeScores(scores);
  return [...groupSorted(scores, (s) => s.entryId, (s) => s.total)].map(([entryId, totals]) => {
    const trimmed = totals.length >= TRIM_FROM_JUDGES;
    // Dropping one highest and one lowest; which of several equal extremes goes does not change the mean.
    const kept = trimmed ? [...totals].sort((a, b) => a - b).slice(1, -1) : totals;
    return { entryId, finalScore: mean(kept), median: median(totals), judgeCount: totals.length, method: trimmed ? "trimmed_mean" : "mean" };
  });
}
