// A judge's weighted total for one entry, from the criterion scores of the
// rubric. Totals are on a 0–100 scale whatever the criteria's own maxima, so
// that categories with different rubrics read alike.

export interface Criterion {
  id: string;
  /** Relative weight (any positive scale: 3/2/1 or 0.5/0.3/0.2); normalised to sum 1. */
  weight: number;
  /** Highest score a judge may give on this criterion; the lowest is 0. */
  maxScore: number;
}

/** Criterion id → score given by one judge to one entry. */
export type CriterionScores = Readonly<Record<string, number>>;

export type ScoringErrorCode =
  | "rubric_empty"
  | "duplicate_criterion"
  | "invalid_weight"
  | "weights_sum_to_zero"
  | "invalid_max_score"
  | "criterion_missing"
  | "unknown_criterion"
  | "score_out_of_range";

export class ScoringError extends Error {
  override name = "ScoringError";
  readonly code: ScoringErrorCode;
  /** The criterion concerned, when there is one. */
  readonly criterionId: string | null;
  constructor(code: ScoringErrorCode, criterionId: string | null = null) {
    super(criterionId === null ? code : `${code}: criterion ${criterionId}`);
    this.code = code;
    this.criterionId = criterionId;
  }
}

/** A rubric must have criteria with distinct ids, finite weights ≥ 0 summing above 0, and maxima above 0. */
export function assertValidRubric(criteria: readonly Criterion[]): void {
  if (criteria.length === 0) throw new ScoringError("rubric_empty");
  const ids = new Set<string>();
  let weights = 0;
  for (const c of criteria) {
    if (ids.has(c.id)) throw new ScoringError("duplicate_criterion", c.id);
    ids.add(c.id);
    if (!Number.isFinite(c.weight) || c.weight < 0) throw new ScoringError("invalid_weight", c.id);
    if (!Number.isFinite(c.maxScore) || c.maxScore <= 0) throw new ScoringError("invalid_max_score", c.id);
    weights += c.weight;
  }
  if (weights <= 0) throw new ScoringError("weights_sum_to_zero");
}

/**
 * total = Σ wᵢ · scoreᵢ / maxᵢ · 100 with the weights normalised to sum 1.
 * Every criterion must be scored within [0, max], and no score may name a
 * criterion outside the rubric (it would mean the rubric changed under the judge).
 */
export function weightedTotal(criteria: readonly Criterion[], scores: CriterionScores): number {
  assertValidRubric(criteria);
  const known = new Set(criteria.map((c) => c.id));
  const stray = Object.keys(scores).find((id) => !known.has(id));
  if (stray !== undefined) throw new ScoringError("unknown_criterion", stray);
  let weighted = 0;
  let weights = 0;
  for (const c of criteria) {
    // Object.hasOwn: a criterion id such as "constructor" must not read the prototype.
    if (!Object.hasOwn(scores, c.id)) throw new ScoringError("criterion_missing", c.id);
    const score = scores[c.id];
    if (score === undefined || !Number.isFinite(score) || score < 0 || score > c.maxScore) throw new ScoringError("score_out_of_range", c.id);
    weighted += c.weight * (score / c.maxScore);
    weights += c.weight;
  }
  // Full marks make every score/max exactly 1 and `weighted` the same sum as `weights`: exactly 100.
  return (weighted / weights) * 100;
}

/** The criterion that breaks ties (ranking rule 3): the heaviest weight, the first in rubric order when weights tie. */
export function heaviestCriterion(criteria: readonly Criterion[]): Criterion {
  assertValidRubric(criteria);
  return criteria.reduce((best, c) => (c.weight > best.weight ? c : best));
}
