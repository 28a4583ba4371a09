// How far the judges of a panel agree, on a targets × judges matrix (rows =
// entries, columns = judges, every cell scored). The organiser reads these
// before publishing: a panel that does not agree should not decide prizes on
// fine score differences.
//
// ICC forms and their mean squares: Shrout, P.E. & Fleiss, J.L. (1979).
// Intraclass correlations: uses in assessing rater reliability. Psychological
// Bulletin 86(2), 420–428, Table 1 and equations 1–6.
// Kendall's W with ties: Kendall, M.G. (1948) Rank correlation methods; the
// same formula as R's irr::kendall(correct = TRUE) and DescTools::KendallW.
import { isNegligible, mean, sum } from "./stats.ts";

export type AgreementInputErrorCode =
  | "too_few_targets"
  | "too_few_judges"
  | "not_rectangular"
  | "score_not_finite"
  | "too_few_groups"
  | "group_too_small";

export class AgreementInputError extends Error {
  override name = "AgreementInputError";
  readonly code: AgreementInputErrorCode;
  constructor(code: AgreementInputErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.code = code;
  }
}

/** At least 2 targets × 2 judges, every row as long as the first, finite numbers only. */
export function assertScoreMatrix(matrix: readonly (readonly number[])[]): void {
  if (matrix.length < 2) throw new AgreementInputError("too_few_targets", `${matrix.length} row(s), 2 needed`);
  const judges = matrix[0]?.length ?? 0;
  if (judges < 2) throw new AgreementInputError("too_few_judges", `${judges} column(s), 2 needed`);
  matrix.forEach((row, i) => {
    if (row.length !== judges) throw new AgreementInputError("not_rectangular", `row ${i} has ${row.length} scores, row 0 has ${judges}`);
    if (!row.every(Number.isFinite)) throw new AgreementInputError("score_not_finite", `row ${i}`);
  });
}

/** Columns of a matrix as rows (used on validated, rectangular matrices). */
function transpose(matrix: readonly (readonly number[])[]): number[][] {
  const columns = (matrix[0] ?? []).map((): number[] => []);
  for (const row of matrix) row.forEach((x, j) => columns[j]?.push(x));
  return columns;
}

/** The two-way ANOVA of Shrout & Fleiss (1979) Table 1: n targets, k judges, one score per cell. */
export interface MeanSquares {
  targets: number;
  judges: number;
  /** Between targets, df n − 1. */
  bms: number;
  /** Within targets (judges + residual pooled, the one-way model), df n(k − 1). */
  wms: number;
  /** Between judges, df k − 1. */
  jms: number;
  /** Residual, df (n − 1)(k − 1). */
  ems: number;
  grandMean: number;
}

export function twoWayMeanSquares(matrix: readonly (readonly number[])[]): MeanSquares {
  assertScoreMatrix(matrix);
  const n = matrix.length;
  const k = matrix[0]?.length ?? 0;
  const grandMean = mean(matrix.flat());
  const rowMeans = matrix.map((row) => mean(row));
  const columnMeans = transpose(matrix).map((column) => mean(column));
  const total = sum(matrix.flat().map((x) => (x - grandMean) ** 2));
  const betweenTargets = k * sum(rowMeans.map((m) => (m - grandMean) ** 2));
  const betweenJudges = n * sum(columnMeans.map((m) => (m - grandMean) ** 2));
  // Clamped: the subtraction can leave -1e-15 where the true value is 0.
  const residual = Math.max(0, total - betweenTargets - betweenJudges);
  const within = Math.max(0, total - betweenTargets);
  return {
    targets: n,
    judges: k,
    bms: betweenTargets / (n - 1),
    wms: within / (n * (k - 1)),
    jms: betweenJudges / (k - 1),
    ems: residual / ((n - 1) * (k - 1)),
    grandMean,
  };
}

/** ICC(form, 1) is the reliability of one judge's score, ICC(form, k) of the mean of the k judges. */
export type IccKind = "icc11" | "icc21" | "icc31" | "icc1k" | "icc2k" | "icc3k";

export interface IccResult {
  meanSquares: MeanSquares;
  /** null where the ratio is 0/0 (e.g. every score identical): no agreement can be read from such data. */
  values: Record<IccKind, number | null>;
}

/**
 * The six Shrout & Fleiss forms: (1) each target judged by its own random
 * judges; (2) the same random judges, absolute agreement; (3) the same fixed
 * judges, consistency. For our panels ICC(2,1) is the honest single-judge
 * figure and ICC(3,k) the reliability of the panel mean actually used.
 */
export function iccFromMatrix(matrix: readonly (readonly number[])[]): IccResult {
  const ms = twoWayMeanSquares(matrix);
  const { targets: n, judges: k, bms, wms, jms, ems } = ms;
  const ratio = (numerator: number, denominator: number) =>
    isNegligible(denominator, ms.grandMean ** 2) ? null : numerator / denominator;
  return {
    meanSquares: ms,
    values: {
      icc11: ratio(bms - wms, bms + (k - 1) * wms),
      icc21: ratio(bms - ems, bms + (k - 1) * ems + (k * (jms - ems)) / n),
      icc31: ratio(bms - ems, bms + (k - 1) * ems),
      icc1k: ratio(bms - wms, bms),
      icc2k: ratio(bms - ems, bms + (jms - ems) / n),
      icc3k: ratio(bms - ems, bms),
    },
  };
}

/** Ranks 1..n with tied values sharing the mean of their positions; `ties` is Σ(t³ − t) over the tie groups. */
export function averageRanks(values: readonly number[]): { ranks: number[]; ties: number } {
  const positions = new Map<number, number[]>();
  values.forEach((value, index) => {
    const group = positions.get(value);
    if (group) group.push(index);
    else positions.set(value, [index]);
  });
  const ranks = new Array<number>(values.length).fill(0);
  let ties = 0;
  let below = 0;
  for (const [, indices] of [...positions].sort(([a], [b]) => a - b)) {
    const t = indices.length;
    for (const index of indices) ranks[index] = below + (t + 1) / 2;
    ties += t ** 3 - t;
    below += t;
  }
  return { ranks, ties };
}

export interface ConcordanceResult {
  /** null when every judge gave every target the same score (0/0). */
  w: number | null;
  /** Sum of squared deviations of the targets' rank sums from their mean. */
  s: number;
  /** Σ over judges of Σ(t³ − t) over their tie groups. */
  tieCorrection: number;
}

/**
 * Kendall's W over the judges' rankings of the targets, corrected for ties:
 * W = 12S / (m²(n³ − n) − m·ΣT). Scores are equal (a tie) only when exactly
 * equal; round them first if a coarser equality is meant.
 */
export function kendallW(matrix: readonly (readonly number[])[]): ConcordanceResult {
  assertScoreMatrix(matrix);
  const n = matrix.length;
  const m = matrix[0]?.length ?? 0;
  const rankings = transpose(matrix).map((scores) => averageRanks(scores));
  const rankSums = transpose(rankings.map((r) => r.ranks)).map((ranksOfTarget) => sum(ranksOfTarget));
  const tieCorrection = sum(rankings.map((r) => r.ties));
  const meanRankSum = (m * (n + 1)) / 2;
  const s = sum(rankSums.map((r) => (r - meanRankSum) ** 2));
  // Ranks are halves and ΣT an integer: the denominator is exact, so 0 is a true 0.
  const denominator = m * m * (n ** 3 - n) - m * tieCorrection;
  return { w: denominator === 0 ? null : (12 * s) / denominator, s, tieCorrection };
}

/** Koo & Li (2016) bands, read on the point estimate. */
export type IccLevel = "poor" | "moderate" | "good" | "excellent";

/**
 * Koo, T.K. & Li, M.Y. (2016). A guideline of selecting and reporting
 * intraclass correlation coefficients for reliability research. Journal of
 * Chiropractic Medicine 15(2), 155–163: below 0.5 poor, 0.5–0.75 moderate,
 * 0.75–0.9 good, above 0.9 excellent. A value on a boundary takes the band
 * above it, except 0.9 which is still "good" ("greater than 0.90").
 */
export function iccLevel(icc: number): IccLevel {
  if (icc < 0.5) return "poor";
  if (icc < 0.75) return "moderate";
  if (icc <= 0.9) return "good";
  return "excellent";
}

/** The Koo & Li band of each ICC form; null where the ICC itself is undefined. */
export function iccLevelsOf(values: Record<IccKind, number | null>): Record<IccKind, IccLevel | null> {
  const level = (value: number | null) => (value === null ? null : iccLevel(value));
  return {
    icc11: level(values.icc11),
    icc21: level(values.icc21),
    icc31: level(values.icc31),
    icc1k: level(values.icc1k),
    icc2k: level(values.icc2k),
    icc3k: level(values.icc3k),
  };
}

export type ConcordanceLevel = "very_weak" | "weak" | "moderate" | "strong" | "very_strong";

/**
 * Schmidt, R.C. (1997). Managing Delphi surveys using nonparametric
 * statistical techniques. Decision Sciences 28(3), 763–774, Table 1 anchors
 * W = 0.1 very weak, 0.3 weak, 0.5 moderate, 0.7 strong, 0.9 unusually strong.
 * The table gives points, not bands; W is read by its nearest anchor, so the
 * cuts fall halfway between them (0.2, 0.4, 0.6, 0.8, each taking the band above).
 */
export function concordanceLevel(w: number): ConcordanceLevel {
  if (w < 0.2) return "very_weak";
  if (w < 0.4) return "weak";
  if (w < 0.6) return "moderate";
  if (w < 0.8) return "strong";
  return "very_strong";
}

export interface GroupIccResult {
  /** null when every score is identical (0/0). */
  icc1: number | null;
  groups: number;
  observations: number;
  /** The average group size adjusted for imbalance, n0 = (N − Σnᵢ²/N)/(g − 1); equals k when balanced. */
  n0: number;
  msb: number;
  msw: number;
}

/**
 * ICC(1) for targets each scored by their own, differently sized set of
 * judges (the usual incomplete panel): one-way ANOVA with the adjusted group
 * size n0, ICC = (MSB − MSW) / (MSB + (n0 − 1)·MSW). Lessells, C.M. & Boag,
 * P.T. (1987). Unrepeatable repeatabilities: a common mistake. The Auk 104(1),
 * 116–121 (n0 after Sokal & Rohlf); the same estimator as R's ICC::ICCest.
 * With equal groups it is Shrout & Fleiss's ICC(1,1).
 */
export function icc1FromGroups(groups: readonly (readonly number[])[]): GroupIccResult {
  if (groups.length < 2) throw new AgreementInputError("too_few_groups", `${groups.length} group(s), 2 needed`);
  groups.forEach((group, i) => {
    if (group.length < 2) throw new AgreementInputError("group_too_small", `group ${i} has ${group.length} score(s), 2 needed`);
    if (!group.every(Number.isFinite)) throw new AgreementInputError("score_not_finite", `group ${i}`);
  });
  const g = groups.length;
  const sizes = groups.map((group) => group.length);
  const observations = sum(sizes);
  const grandMean = mean(groups.flat());
  const parts = groups.map((group) => {
    const groupMean = mean(group);
    return { size: group.length, groupMean, squares: sum(group.map((x) => (x - groupMean) ** 2)) };
  });
  const msb = sum(parts.map((p) => p.size * (p.groupMean - grandMean) ** 2)) / (g - 1);
  const msw = sum(parts.map((p) => p.squares)) / (observations - g);
  const n0 = (observations - sum(sizes.map((n) => n * n)) / observations) / (g - 1);
  const denominator = msb + (n0 - 1) * msw;
  const icc1 = isNegligible(denominator, grandMean ** 2) ? null : (msb - msw) / denominator;
  return { icc1, groups: g, observations, n0, msb, msw };
}
