import { describe, expect, it } from "vitest";
import { allocateTiers, displayScore, rankEntries, RankingInputError, TIE_RULES, TIER_RULES, tierPlaces, TierRuleError, type RankingInput } from "./ranking.ts";

const entry = (entryId: string, finalScore: number, median = 0, heaviestCriterionMean = 0): RankingInput => ({ entryId, finalScore, median, heaviestCriterionMean });

describe("rankEntries", () => {
  it("states its rules in order", () => {
    expect(TIE_RULES.map((r) => [r.order, r.key])).toEqual([
      [1, "final_score"],
      [2, "median"],
      [3, "heaviest_criterion_mean"],
      [4, "shared_rank"],
    ]);
  });

  it("ranks by final score, best first", () => {
    const ranked = rankEntries([entry("c", 70), entry("a", 90), entry("b", 80)]);
    expect(ranked.map((r) => [r.entryId, r.rank, r.decidedBy])).toEqual([
      ["a", 1, null],
      ["b", 2, "final_score"],
      ["c", 3, "final_score"],
    ]);
  });

  it("compares at 3 decimals: differences below half a thousandth fall to the next rule", () => {
    // 85.0004 and 85.0001 both round to 85.000 → the median decides; 85.0006 rounds to 85.001 and leads.
    const ranked = rankEntries([entry("x", 85.0001, 90), entry("y", 85.0004, 80), entry("z", 85.0006, 10)]);
    expect(ranked.map((r) => [r.entryId, r.rank, r.decidedBy])).toEqual([
      ["z", 1, null],
      ["x", 2, "final_score"],
      ["y", 3, "median"],
    ]);
  });

  it("falls to the heaviest criterion, then shares the rank and skips the next (1, 1, 3)", () => {
    const ranked = rankEntries([
      entry("d", 80, 80, 30),
      entry("c", 88, 87, 31.0004),
      entry("b", 88, 87, 31),
      entry("a", 88, 87, 32),
    ]);
    expect(ranked.map((r) => [r.entryId, r.rank, r.decidedBy])).toEqual([
      ["a", 1, null],
      ["b", 2, "heaviest_criterion_mean"],
      ["c", 2, "shared_rank"],
      ["d", 4, "final_score"],
    ]);
  });

  it("gives equal entries the same rank at the top too, listed by id whatever the input order", () => {
    const input = [entry("b", 90, 90, 9), entry("a", 90, 90, 9), entry("c", 70, 70, 7)];
    const expected = [
      ["a", 1, null],
      ["b", 1, "shared_rank"],
      ["c", 3, "final_score"],
    ];
    expect(rankEntries(input).map((r) => [r.entryId, r.rank, r.decidedBy])).toEqual(expected);
    expect(rankEntries([...input].reverse()).map((r) => [r.entryId, r.rank, r.decidedBy])).toEqual(expected);
  });

  it("displays scores at the precision rule 1 compares them", () => {
    expect([90, 85.0004, 85.0006, 72.49999].map(displayScore)).toEqual(["90.000", "85.000", "85.001", "72.500"]);
  });

  it("refuses duplicate entries and non-finite values", () => {
    expect(() => rankEntries([entry("a", 1), entry("a", 2)])).toThrow(RankingInputError);
    expect(() => rankEntries([entry("a", 1, Number.NaN)])).toThrow(expect.objectContaining({ code: "value_not_finite", entryId: "a" }));
  });
});

/** Rankings from ranks alone: entries a, b, c, … */
const ranking = (ranks: number[]) => ranks.map((rank, i) => ({ entryId: String.fromCharCode(97 + i), rank }));
const distinct = (n: number) => ranking(Array.from({ length: n }, (_, i) => i + 1));

describe("tierPlaces", () => {
  const tiers = [
    { id: "first", percent: 15 },
    { id: "second", percent: 25 },
    { id: "third", percent: 33 },
  ];
  it.each([
    // Of 10 entries: 1.5, 2.5 and 3.3 places.
    ["floor", [1, 2, 3]],
    ["round_half_up", [2, 3, 3]],
    ["ceil", [2, 3, 4]],
  ] as const)("rounds percentages with %s", (rounding, expected) => {
    expect(tierPlaces({ tiers, rankedCount: 10, rounding }).map((t) => t.places)).toEqual(expected);
  });
  it("computes exact percentages exactly (30 % of 10 is 3 even when rounding up)", () => {
    // In floating point 0.3 × 10 = 3.0000000000000004, which ceil would turn into 4.
    expect(tierPlaces({ tiers: [{ id: "t", percent: 30 }], rankedCount: 10, rounding: "ceil" })).toEqual([{ tierId: "t", places: 3 }]);
    // 14.35 % of 20 = 2.87; 12.5 % of 4 = 0.5 (half up: 1).
    expect(tierPlaces({ tiers: [{ id: "t", percent: 14.35 }], rankedCount: 20, rounding: "floor" })[0]?.places).toBe(2);
    expect(tierPlaces({ tiers: [{ id: "t", percent: 12.5 }], rankedCount: 4, rounding: "round_half_up" })[0]?.places).toBe(1);
    expect(tierPlaces({ tiers: [{ id: "t", percent: 12.5 }], rankedCount: 4, rounding: "floor" })[0]?.places).toBe(0);
  });
  it("takes counts as they are and allows exactly 100 %", () => {
    expect(tierPlaces({ tiers: [{ id: "a", count: 2 }, { id: "b", percent: 60 }, { id: "c", percent: 40 }], rankedCount: 5, rounding: "floor" })).toEqual([
      { tierId: "a", places: 2 },
      { tierId: "b", places: 3 },
      { tierId: "c", places: 2 },
    ]);
  });
  it.each([
    [[{ id: "a", count: -1 }], "count_negative", "a"],
    [[{ id: "a", count: 1.5 }], "count_not_integer", "a"],
    [[{ id: "a", percent: 101 }], "percent_out_of_range", "a"],
    [[{ id: "a", percent: -5 }], "percent_out_of_range", "a"],
    [[{ id: "a", percent: Number.NaN }], "percent_out_of_range", "a"],
    [[{ id: "a", percent: 12.345 }], "percent_too_precise", "a"],
    [[{ id: "a", percent: 60 }, { id: "b", percent: 40.01 }], "percent_total_over_100", null],
    [[{ id: "a", count: 1 }, { id: "a", count: 2 }], "duplicate_tier", "a"],
  ])("refuses %j: %s", (bad, code, tierId) => {
    expect(() => tierPlaces({ tiers: bad, rankedCount: 10, rounding: "floor" })).toThrow(TierRuleError);
    expect(() => allocateTiers({ ranking: distinct(10), tiers: bad, rounding: "floor" })).toThrow(expect.objectContaining({ code, tierId }));
  });
});

describe("allocateTiers", () => {
  it("states its rules in order", () => {
    expect(TIER_RULES.map((r) => r.key)).toEqual(["places_from_quota", "cumulative_cuts", "ties_take_better_tier", "quota_limits"]);
  });

  it("hands places out down the ranking with each rounding rule", () => {
    // 10 entries; 15 % / 25 % / 33 %: cuts floor 1, 3, 6 — half up 2, 5, 8 — ceil 2, 5, 9.
    const tiers = [
      { id: "first", percent: 15 },
      { id: "second", percent: 25 },
      { id: "third", percent: 33 },
    ];
    const tiersOf = (rounding: "floor" | "round_half_up" | "ceil") => allocateTiers({ ranking: distinct(10), tiers, rounding }).entries.map((e) => e.tierId?.[0] ?? "-").join("");
    expect(tiersOf("floor")).toBe("fssttt----");
    expect(tiersOf("round_half_up")).toBe("ffsssttt--");
    expect(tiersOf("ceil")).toBe("ffssstttt-");
  });

  it("gives a tie across a cut the better tier; the next tier keeps its cut and shrinks", () => {
    // Ranks 1 2 3 3 5 6 7 8, tiers 3 / 2 / 2 places: cuts 3, 5, 7.
    const result = allocateTiers({
      ranking: ranking([1, 2, 3, 3, 5, 6, 7, 8]),
      tiers: [{ id: "first", count: 3 }, { id: "second", count: 2 }, { id: "third", count: 2 }],
      rounding: "floor",
    });
    expect(result.tiers).toEqual([
      { tierId: "first", places: 3, cut: 3, entryIds: ["a", "b", "c", "d"] },
      { tierId: "second", places: 2, cut: 5, entryIds: ["e"] },
      { tierId: "third", places: 2, cut: 7, entryIds: ["f", "g"] },
    ]);
    expect(result.entries.at(-1)).toEqual({ entryId: "h", rank: 8, tierId: null });
    expect(result.notices).toEqual([
      { code: "tier_exceeded_by_ties", tierId: "first", places: 3, awarded: 4 },
      { code: "tier_reduced_by_ties", tierId: "second", places: 2, awarded: 1 },
    ]);
  });

  it("lets a tie swallow a whole tier, and reports a tier short of entries", () => {
    const swallowed = allocateTiers({ ranking: ranking([1, 1, 1, 4]), tiers: [{ id: "gold", count: 1 }, { id: "silver", count: 2 }], rounding: "floor" });
    expect(swallowed.tiers.map((t) => t.entryIds)).toEqual([["a", "b", "c"], []]);
    expect(swallowed.notices.map((n) => [n.code, n.tierId])).toEqual([
      ["tier_exceeded_by_ties", "gold"],
      ["tier_reduced_by_ties", "silver"],
    ]);
    const short = allocateTiers({ ranking: distinct(3), tiers: [{ id: "gold", count: 1 }, { id: "silver", count: 5 }], rounding: "floor" });
    expect(short.notices).toEqual([{ code: "tier_not_filled", tierId: "silver", places: 5, awarded: 2 }]);
  });

  it("gives nothing to a tier with no places and goes on with the next", () => {
    const result = allocateTiers({ ranking: distinct(3), tiers: [{ id: "special", count: 0 }, { id: "gold", count: 1 }], rounding: "floor" });
    expect(result.tiers.map((t) => [t.tierId, t.entryIds])).toEqual([
      ["special", []],
      ["gold", ["a"]],
    ]);
    expect(result.notices).toEqual([]);
  });

  it("works on the output of rankEntries", () => {
    const ranked = rankEntries([entry("p", 90), entry("q", 88), entry("r", 88), entry("s", 70)]);
    const result = allocateTiers({ ranking: ranked, tiers: [{ id: "gold", percent: 25 }, { id: "silver", percent: 25 }], rounding: "round_half_up" });
    expect(result.entries.map((e) => [e.entryId, e.rank, e.tierId])).toEqual([
      ["p", 1, "gold"],
      ["q", 2, "silver"],
      ["r", 2, "silver"],
      ["s", 4, null],
    ]);
  });
});
