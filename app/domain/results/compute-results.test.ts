// computeResults on hand-computed data: the judging maths wired together per
// (category, band), with the normalisation guard both ways, unscored entries
// and incomplete sheets reported rather than guessed.
import { describe, expect, it } from "vitest";
import { computeResults, toRoundingRule, type ResultsInput } from "./compute-results.ts";

// One criterion, weight 1, out of 10: a judge's total is 10 × the score.
const criteria = [{ id: "c", weight: 1, maxScore: 10 }];
const sheet = (entryId: string, judgeId: string, score: number) => ({ entryId, judgeId, scores: { c: score } });
const base: ResultsInput = {
  entryIds: ["e1", "e2", "e3"],
  criteria,
  // Judge A: 9, 7, 5; judge B: 8, 8, 4 → means 85, 75, 45.
  sheets: [sheet("e1", "A", 9), sheet("e2", "A", 7), sheet("e3", "A", 5), sheet("e1", "B", 8), sheet("e2", "B", 8), sheet("e3", "B", 4)],
  tiers: [
    { id: "first", count: 1 },
    { id: "second", percent: 50 },
  ],
  rounding: "round_half_up",
  minScoresPerJudge: 8,
  minJudgesPerEntry: 2,
};

describe("computeResults", () => {
  it("uses raw totals below the threshold, says why per judge, ranks and hands out tiers", () => {
    const r = computeResults(base);
    expect(r.normalised).toBe(false);
    expect(r.warnings).toEqual([
      { code: "too_few_scores_per_judge", judgeId: "A", count: 3, threshold: 8 },
      { code: "too_few_scores_per_judge", judgeId: "B", count: 3, threshold: 8 },
    ]);
    expect(r.entries.map((e) => [e.entryId, e.finalScore, e.rank, e.tierId, e.method])).toEqual([
      ["e1", 85, 1, "first", "mean"],
      ["e2", 75, 2, "second", "mean"],
      // 50 % of 3 = 1.5 → 2 places (x.5 up): the cut is rank 3.
      ["e3", 45, 3, "second", "mean"],
    ]);
    expect(r.agreement.design).toBe("fully_crossed");
    expect(r.judgeIds).toEqual(["A", "B"]);
  });

  it("normalises when every judge reached the threshold", () => {
    const r = computeResults({ ...base, minScoresPerJudge: 3 });
    expect(r.normalised).toBe(true);
    expect(r.warnings).toEqual([]);
    // Panel mean 68.333 and population sd 17.717; A (mean 70, sd 16.330) gives e1 z = 1.2247, B (66.667, 18.856) z = 0.7071.
    expect(r.entries.map((e) => e.entryId)).toEqual(["e1", "e2", "e3"]);
    expect(r.entries[0]!.finalScore).toBeCloseTo(68.333 + ((1.2247 + 0.7071) / 2) * 17.717, 2);
  });

  it("reports an unscored entry, an incomplete sheet and too few judges instead of guessing", () => {
    const r = computeResults({
      ...base,
      entryIds: ["e1", "e2", "e3", "e4"],
      sheets: [...base.sheets.filter((s) => !(s.entryId === "e3" && s.judgeId === "B")), { entryId: "e3", judgeId: "B", scores: {} }],
    });
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        { code: "sheet_incomplete", entryId: "e3", judgeId: "B" },
        { code: "entry_not_scored", entryId: "e4" },
        { code: "entry_few_judges", entryId: "e3", judges: 1, expected: 2 },
      ]),
    );
    expect(r.entries.map((e) => e.entryId)).toEqual(["e1", "e2", "e3"]);
    expect(r.entries.find((e) => e.entryId === "e3")!.finalScore).toBe(50);
  });

  it("maps the contest's rounding names", () => {
    expect(["FLOOR", "ROUND_HALF_UP", "CEIL"].map((v) => toRoundingRule(v as "FLOOR"))).toEqual(["floor", "round_half_up", "ceil"]);
  });
});
