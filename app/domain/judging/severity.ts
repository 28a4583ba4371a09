// Which judges score high or low compared with the others on the same
// entries. Data only: the organiser's screen draws it (and may decide to
// normalise, or to talk to the judge); nothing here changes a score.
import { assertValidJudgeScores, groupSorted, type JudgeScore } from "./judge-scores.ts";
import { mean, populationSd } from "./stats.ts";

/**
 * A judge is "lenient" or "severe" when their mean difference from the other
 * judges exceeds half the panel's sd of totals: on a panel whose totals spread
 * by 10 points, a judge 5 points above the others on the same entries moves
 * an entry past a good part of the field.
 */
export const DEFAULT_SEVERITY_THRESHOLD_SD = 0.5;

export type SeverityClass = "lenient" | "severe" | "typical" | "not_comparable";

export interface JudgeSeverity {
  judgeId: string;
  /** Entries this judge scored. */
  count: number;
  mean: number;
  /** Population sd of this judge's totals. */
  sd: number;
  /** Entries this judge shared with at least one other judge. */
  comparedEntries: number;
  /** Mean over the shared entries of (this judge's total − the other judges' mean total); positive = lenient. null when none shared. */
  meanDifference: number | null;
  classification: SeverityClass;
}

export interface SeverityReport {
  /** Population sd of all totals of the panel (0 when there are none). */
  panelSd: number;
  /** thresholdSd × panelSd, in points: |meanDifference| above it is lenient/severe. */
  threshold: number;
  judges: JudgeSeverity[];
}

export function judgeSeverity(scores: readonly JudgeScore[], options: { thresholdSd?: number } = {}): SeverityReport {
  const thresholdSd = options.thresholdSd ?? DEFAULT_SEVERITY_THRESHOLD_SD;
  if (!(thresholdSd >= 0 && Number.isFinite(thresholdSd))) throw new RangeError(`thresholdSd must be a finite number ≥ 0, got ${thresholdSd}`);
  assertValidJudgeScores(scores);
  const panelSd = scores.length > 0 ? populationSd(scores.map((s) => s.total)) : 0;
  const threshold = thresholdSd * panelSd;
  const byEntry = groupSorted(scores, (s) => s.entryId, (s) => s);
  const byJudge = groupSorted(scores, (s) => s.judgeId, (s) => s);
  const judges = [...byJudge].map(([judgeId, own]): JudgeSeverity => {
    const differences = own.flatMap((score) => {
      const others = (byEntry.get(score.entryId) ?? []).filter((s) => s.judgeId !== judgeId).map((s) => s.total);
      return others.length > 0 ? [score.total - mean(others)] : [];
    });
    const totals = own.map((s) => s.total);
    const meanDifference = differences.length > 0 ? mean(differences) : null;
    return { judgeId, count: own.length, mean: mean(totals), sd: populationSd(totals), comparedEntries: differences.length, meanDifference, classification: classify(meanDifference, threshold) };
  });
  return { panelSd, threshold, judges };
}

function classify(meanDifference: number | null, threshold: number): SeverityClass {
  if (meanDifference === null) return "not_comparable";
  if (meanDifference > threshold) return "lenient";
  if (meanDifference < -threshold) return "severe";
  return "typical";
}
