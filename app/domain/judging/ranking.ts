// Ranks within one category and award tiers. Every rule is written out in
// TIE_RULES and TIER_RULES so that the organiser's screen and the public notice
// (张榜公示) can show exactly how places were decided: during the notice anyone
// may object, and "why is she 3rd and not 2nd?" must have a visible answer.
import { compareIds } from "./judge-scores.ts";
import { toThousandths } from "./stats.ts";

export type TieRuleKey = "final_score" | "median" | "heaviest_criterion_mean" | "shared_rank";

export interface RuleDescriptor<K extends string> {
  order: number;
  /** Stable key for the message catalog (the zh-CN text lives there). */
  key: K;
  /** The rule in English, for developers, exports and audits. */
  description: string;
}

/** Applied in order; a later rule is consulted only when all earlier ones tie. */
export const TIE_RULES = [
  { order: 1, key: "final_score", description: "Higher final score first, compared at 3 decimals (rounded to the nearest thousandth)." },
  { order: 2, key: "median", description: "Higher median of the judges' totals first, compared at 3 decimals." },
  {
    order: 3,
    key: "heaviest_criterion_mean",
    description: "Higher mean score on the heaviest-weighted criterion first (the first such criterion in rubric order when weights tie), compared at 3 decimals.",
  },
  { order: 4, key: "shared_rank", description: "Still equal: the same rank (并列), and the next rank skips the places taken (1, 1, 3)." },
] as const satisfies readonly RuleDescriptor<TieRuleKey>[];

/**
 * A score as rule 1 compares it, for display ("85.001"): showing anything
 * else could put two entries that look equal on screen in different ranks.
 */
export function displayScore(value: number): string {
  return (toThousandths(value) / 1000).toFixed(3);
}

export interface RankingInput {
  entryId: string;
  finalScore: number;
  median: number;
  /** Mean over the judges of this entry's score on the heaviest criterion (scoring.ts `heaviestCriterion`). */
  heaviestCriterionMean: number;
}

export interface RankedEntry extends RankingInput {
  /** Competition rank: 1 + the number of entries strictly ahead. */
  rank: number;
  /** The rule that placed this entry below the one above it; "shared_rank" when tied with it; null for the first. */
  decidedBy: TieRuleKey | null;
}

export type RankingInputErrorCode = "duplicate_entry" | "value_not_finite";

export class RankingInputError extends Error {
  override name = "RankingInputError";
  readonly code: RankingInputErrorCode;
  readonly entryId: string;
  constructor(code: RankingInputErrorCode, entryId: string) {
    super(`${code}: entry ${entryId}`);
    this.code = code;
    this.entryId = entryId;
  }
}

/** Rules 1–3 as the fields they compare; rule 4 is what remains when all three are equal. */
const COMPARED = [
  { field: "finalScore", rule: "final_score" },
  { field: "median", rule: "median" },
  { field: "heaviestCriterionMean", rule: "heaviest_criterion_mean" },
] as const;

type ComparedField = (typeof COMPARED)[number]["field"];
type Keyed = { entry: RankingInput; thousandths: Record<ComparedField, number> };

/**
 * Best first, by TIE_RULES: (1) higher final score at 3 decimals; if equal,
 * (2) higher median of the judges' totals at 3 decimals; if equal, (3) higher
 * mean on the heaviest criterion at 3 decimals; if still equal, (4) the same
 * rank, and the next entry's rank skips the places taken (1, 1, 3).
 * Entries sharing a rank are listed by entry id, for a stable display only.
 */
export function rankEntries(entries: readonly RankingInput[]): RankedEntry[] {
  assertRankingInput(entries);
  const keyed: Keyed[] = entries.map((entry) => ({
    entry,
    thousandths: {
      finalScore: toThousandths(entry.finalScore),
      median: toThousandths(entry.median),
      heaviestCriterionMean: toThousandths(entry.heaviestCriterionMean),
    },
  }));
  keyed.sort((a, b) => firstDifference(a, b)?.order || compareIds(a.entry.entryId, b.entry.entryId));
  const ranked: RankedEntry[] = [];
  let above: { keyed: Keyed; rank: number } | null = null;
  for (const [position, current] of keyed.entries()) {
    const difference = above && firstDifference(above.keyed, current);
    const rank: number = above && !difference ? above.rank : position + 1;
    const decidedBy = above === null ? null : (difference?.rule ?? "shared_rank");
    ranked.push({ ...current.entry, rank, decidedBy });
    above = { keyed: current, rank };
  }
  return ranked;
}

/** The first compared field where `a` and `b` differ; `order` < 0 when `a` ranks ahead (higher is better). */
function firstDifference(a: Keyed, b: Keyed): { rule: TieRuleKey; order: number } | null {
  for (const { field, rule } of COMPARED) {
    const order = b.thousandths[field] - a.thousandths[field];
    if (order !== 0) return { rule, order };
  }
  return null;
}

function assertRankingInput(entries: readonly RankingInput[]): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.entryId)) throw new RankingInputError("duplicate_entry", entry.entryId);
    seen.add(entry.entryId);
    if (!COMPARED.every(({ field }) => Number.isFinite(entry[field]))) throw new RankingInputError("value_not_finite", entry.entryId);
  }
}

// ---------------------------------------------------------------------------
// Award tiers

export type Rounding = "floor" | "round_half_up" | "ceil";

/** A tier's places: a fixed count, or a percentage of the ranked entries of the category. */
export type AwardTier = { id: string; count: number } | { id: string; percent: number };

export type TierRuleKey = "places_from_quota" | "cumulative_cuts" | "ties_take_better_tier" | "quota_limits";

/** How tiers are handed out; the same rules as the doc comment of `allocateTiers`. */
export const TIER_RULES = [
  {
    order: 1,
    key: "places_from_quota",
    description:
      "A count tier has that many places. A percentage tier has percent × (number of ranked entries) / 100 places, rounded by the contest's rule: floor (down), round_half_up (x.5 up) or ceil (up).",
  },
  {
    order: 2,
    key: "cumulative_cuts",
    description:
      "Tiers are filled down the ranking, best tier first: tier i covers the ranks after the places of the tiers above it, up to the sum of the places of tiers 1..i (its cut).",
  },
  {
    order: 3,
    key: "ties_take_better_tier",
    description:
      "Entries tied across a cut all get the better tier, which then has more entries than places; the cuts do not move, so the next tier has that many fewer. Each tier whose number of entries differs from its places is reported as a notice.",
  },
  {
    order: 4,
    key: "quota_limits",
    description: "Counts are whole numbers ≥ 0; percentages are 0–100 with at most 2 decimals and together at most 100 %.",
  },
] as const satisfies readonly RuleDescriptor<TierRuleKey>[];

export type TierRuleErrorCode =
  | "duplicate_tier"
  | "count_negative"
  | "count_not_integer"
  | "percent_out_of_range"
  | "percent_too_precise"
  | "percent_total_over_100";

export class TierRuleError extends Error {
  override name = "TierRuleError";
  readonly code: TierRuleErrorCode;
  /** The tier concerned; null for the total. */
  readonly tierId: string | null;
  constructor(code: TierRuleErrorCode, tierId: string | null) {
    super(tierId === null ? code : `${code}: tier ${tierId}`);
    this.code = code;
    this.tierId = tierId;
  }
}

export type TierNotice = {
  code: "tier_exceeded_by_ties" | "tier_reduced_by_ties" | "tier_not_filled";
  tierId: string;
  places: number;
  awarded: number;
};

export interface TierResult {
  tierId: string;
  places: number;
  /** Sum of the places of this tier and the tiers above it. */
  cut: number;
  entryIds: string[];
}

export interface TierAllocation {
  tiers: TierResult[];
  /** Every ranked entry, best first, with its tier (null: no award). */
  entries: { entryId: string; rank: number; tierId: string | null }[];
  notices: TierNotice[];
}

/** Percentages in hundredths of a percent, so that places are computed in integers (30 % of 10 is 3, not 3.0000000000000004). */
const BASIS_POINTS = 10_000;

/**
 * Hands out award tiers down a ranking (TIER_RULES):
 * 1. places: a count tier has `count`; a percentage tier has
 *    percent × ranked entries / 100, rounded by `rounding` (floor, x.5 up, ceil);
 * 2. tier i's cut is the sum of the places of tiers 1..i, and each entry gets
 *    the first tier whose cut is ≥ its rank;
 * 3. tied entries share the rank of the first of them, so a tie across a cut
 *    lands wholly in the better tier, which then exceeds its places; the cuts
 *    stay, so the next tier is that much smaller ("tier_exceeded_by_ties",
 *    "tier_reduced_by_ties"); a tier that runs out of entries is "tier_not_filled";
 * 4. counts are integers ≥ 0; percentages 0–100, at most 2 decimals, ≤ 100 % in
 *    total (TierRuleError otherwise).
 */
export function allocateTiers(options: {
  /** The output of rankEntries (any order). */
  ranking: readonly Pick<RankedEntry, "entryId" | "rank">[];
  tiers: readonly AwardTier[];
  rounding: Rounding;
}): TierAllocation {
  const { ranking, tiers, rounding } = options;
  let cut = 0;
  const results: TierResult[] = tierPlaces({ tiers, rankedCount: ranking.length, rounding }).map(({ tierId, places }) => {
    cut += places;
    return { tierId, places, cut, entryIds: [] };
  });
  const sorted = [...ranking].sort((a, b) => a.rank - b.rank || compareIds(a.entryId, b.entryId));
  const entries = sorted.map(({ entryId, rank }) => {
    // A tier with 0 places has the cut of the tier above, which always matches first.
    const tier = results.find((t) => rank <= t.cut);
    tier?.entryIds.push(entryId);
    return { entryId, rank, tierId: tier?.tierId ?? null };
  });
  return { tiers: results, entries, notices: results.flatMap((t) => noticeFor(t, ranking.length)) };
}

function noticeFor(tier: TierResult, rankedCount: number): TierNotice[] {
  const awarded = tier.entryIds.length;
  if (awarded === tier.places) return [];
  const base = { tierId: tier.tierId, places: tier.places, awarded };
  if (awarded > tier.places) return [{ code: "tier_exceeded_by_ties", ...base }];
  return [{ code: tier.cut > rankedCount ? "tier_not_filled" : "tier_reduced_by_ties", ...base }];
}

/** Validates the tiers (TIER_RULES 4) and returns their places, in tier order. */
export function tierPlaces(options: { tiers: readonly AwardTier[]; rankedCount: number; rounding: Rounding }): { tierId: string; places: number }[] {
  const { tiers, rankedCount, rounding } = options;
  const ids = new Set<string>();
  let percentTotal = 0;
  const places = tiers.map((tier) => {
    if (ids.has(tier.id)) throw new TierRuleError("duplicate_tier", tier.id);
    ids.add(tier.id);
    if ("count" in tier) {
      if (!Number.isInteger(tier.count)) throw new TierRuleError("count_not_integer", tier.id);
      if (tier.count < 0) throw new TierRuleError("count_negative", tier.id);
      return { tierId: tier.id, places: tier.count };
    }
    if (!(tier.percent >= 0 && tier.percent <= 100)) throw new TierRuleError("percent_out_of_range", tier.id);
    const basisPoints = Math.round(tier.percent * 100);
    if (Math.abs(tier.percent * 100 - basisPoints) > 1e-6) throw new TierRuleError("percent_too_precise", tier.id);
    percentTotal += basisPoints;
    return { tierId: tier.id, places: roundPlaces(basisPoints * rankedCount, rounding) };
  });
  if (percentTotal > BASIS_POINTS) throw new TierRuleError("percent_total_over_100", null);
  return places;
}

/** `scaled` / 10 000 rounded by the rule; `scaled` is an integer, so the rounding is exact. */
function roundPlaces(scaled: number, rounding: Rounding): number {
  if (rounding === "floor") return Math.floor(scaled / BASIS_POINTS);
  if (rounding === "ceil") return Math.ceil(scaled / BASIS_POINTS);
  return Math.floor((2 * scaled + BASIS_POINTS) / (2 * BASIS_POINTS));
}
