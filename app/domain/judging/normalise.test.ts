import { describe, expect, it } from "vitest";
import { JudgeScoresError, type JudgeScore } from "./judge-scores.ts";
import { DEFAULT_MIN_SCORES_PER_JUDGE, normaliseScores } from "./normalise.ts";

const scores = (rows: [string, string, number][]): JudgeScore[] => rows.map(([entryId, judgeId, total]) => ({ entryId, judgeId, total }));

// A lenient and a severe judge who agree on the order: A gives 90 80 70, B 70 60 50.
const LENIENT_AND_SEVERE = scores([
  ["e1", "A", 90], ["e2", "A", 80], ["e3", "A", 70],
  ["e1", "B", 70], ["e2", "B", 60], ["e3", "B", 50],
]);

describe("normaliseScores", () => {
  it("puts judges on the panel's scale with population sds (hand-worked)", () => {
    // Judge means 80 and 60, population sd √(200/3) each. Panel: mean 70, population sd √(1000/6).
    // A's 90: z = 10/√(200/3); 70 + z·√(1000/6) = 70 + 10·√2.5 ≈ 85.811. B's 70 gets the same.
    // (Sample sds would give 70 + 1·√200 ≈ 84.142 instead.)
    const result = normaliseScores(LENIENT_AND_SEVERE, { minScoresPerJudge: 3 });
    expect(result.applied).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.panel?.mean).toBeCloseTo(70, 12);
    expect(result.panel?.sd).toBeCloseTo(Math.sqrt(1000 / 6), 12);
    expect(result.judges.map((j) => [j.judgeId, j.count, j.mean])).toEqual([["A", 3, 80], ["B", 3, 60]]);
    expect(result.judges[0]?.sd).toBeCloseTo(Math.sqrt(200 / 3), 12);
    const spread = 10 * Math.sqrt(2.5);
    const expected = [70 + spread, 70, 70 - spread, 70 + spread, 70, 70 - spread];
    result.scores.forEach((s, i) => expect(s.total).toBeCloseTo(expected[i] ?? Number.NaN, 10));
    expect(result.scores.map((s) => s.raw)).toEqual([90, 80, 70, 70, 60, 50]);
    expect(result.scores.map((s) => `${s.entryId}/${s.judgeId}`)).toEqual(["e1/A", "e2/A", "e3/A", "e1/B", "e2/B", "e3/B"]);
  });

  it("keeps raw totals and warns per judge below the threshold (default 8)", () => {
    expect(DEFAULT_MIN_SCORES_PER_JUDGE).toBe(8);
    const fewer = LENIENT_AND_SEVERE.filter((s) => !(s.judgeId === "B" && s.entryId === "e3"));
    const result = normaliseScores(fewer, { minScoresPerJudge: 3 });
    expect(result.applied).toBe(false);
    expect(result.scores.map((s) => s.total)).toEqual([90, 80, 70, 70, 60]);
    expect(result.warnings).toEqual([{ code: "too_few_scores_per_judge", judgeId: "B", count: 2, threshold: 3 }]);
    expect(normaliseScores(LENIENT_AND_SEVERE).warnings).toEqual([
      { code: "too_few_scores_per_judge", judgeId: "A", count: 3, threshold: 8 },
      { code: "too_few_scores_per_judge", judgeId: "B", count: 3, threshold: 8 },
    ]);
  });

  it("gives a judge who scored everybody alike z = 0 (the panel mean), with a warning", () => {
    // Adding C: 75 75 75. Panel mean (240 + 180 + 225)/9 = 215/3; C's three scores all map to it.
    const result = normaliseScores([...LENIENT_AND_SEVERE, ...scores([["e1", "C", 75], ["e2", "C", 75], ["e3", "C", 75]])], { minScoresPerJudge: 3 });
    expect(result.applied).toBe(true);
    const c = result.scores.filter((s) => s.judgeId === "C").map((s) => s.total);
    c.forEach((total) => expect(total).toBeCloseTo(215 / 3, 12));
    expect(result.warnings).toEqual([{ code: "judge_gave_same_total", judgeId: "C", count: 3, total: 75 }]);
  });

  it("treats floating-point noise in an sd as 0", () => {
    // Three times 50.2 has a computed mean of 50.20000000000001 and an sd of 7.1e-15.
    const tenths = scores([["e1", "A", 50.2], ["e2", "A", 50.2], ["e3", "A", 50.2], ["e1", "B", 70], ["e2", "B", 60], ["e3", "B", 50]]);
    expect(normaliseScores(tenths, { minScoresPerJudge: 3 }).warnings.map((w) => w.code)).toEqual(["judge_gave_same_total"]);
  });

  it("returns nothing to do for no scores", () => {
    expect(normaliseScores([])).toEqual({ applied: false, scores: [], panel: null, judges: [], warnings: [] });
  });

  it("refuses a threshold that cannot describe a spread, and bad scores", () => {
    expect(() => normaliseScores(LENIENT_AND_SEVERE, { minScoresPerJudge: 1 })).toThrow(RangeError);
    expect(() => normaliseScores(LENIENT_AND_SEVERE, { minScoresPerJudge: 2.5 })).toThrow(RangeError);
    expect(() => normaliseScores(scores([["e1", "A", Number.NaN]]))).toThrow(expect.objectContaining({ code: "total_not_finite" }));
    expect(() => normaliseScores(scores([["e1", "A", 1], ["e1", "A", 2]]))).toThrow(JudgeScoresError);
  });
});
