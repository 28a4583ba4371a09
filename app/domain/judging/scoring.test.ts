import { describe, expect, it } from "vitest";
import { heaviestCriterion, ScoringError, weightedTotal, type Criterion } from "./scoring.ts";

// An essay rubric: content 3 parts of 40 points, creativity 2 parts of 30, writing 1 part of 10.
const RUBRIC: Criterion[] = [
  { id: "content", weight: 3, maxScore: 40 },
  { id: "creativity", weight: 2, maxScore: 30 },
  { id: "writing", weight: 1, maxScore: 10 },
];

describe("weightedTotal", () => {
  it("weights the criteria's fractions of their maximum (hand-worked)", () => {
    // 30/40 = 0.75, 24/30 = 0.8, 5/10 = 0.5; (3·0.75 + 2·0.8 + 1·0.5) / 6 · 100 = 4.35/6 · 100 = 72.5.
    expect(weightedTotal(RUBRIC, { content: 30, creativity: 24, writing: 5 })).toBeCloseTo(72.5, 12);
  });
  it("normalises the weights, so only their proportions matter", () => {
    const scaled = RUBRIC.map((c) => ({ ...c, weight: c.weight * 10 }));
    expect(weightedTotal(scaled, { content: 30, creativity: 24, writing: 5 })).toBeCloseTo(72.5, 12);
    // Equal weights would give (0.75 + 0.8 + 0.5) / 3 · 100 = 68.333…
    const equal = RUBRIC.map((c) => ({ ...c, weight: 1 }));
    expect(weightedTotal(equal, { content: 30, creativity: 24, writing: 5 })).toBeCloseTo(205 / 3, 12);
  });
  it("gives exactly 100 for full marks and 0 for nothing", () => {
    const odd: Criterion[] = [
      { id: "a", weight: 0.1, maxScore: 3 },
      { id: "b", weight: 0.7, maxScore: 7 },
      { id: "c", weight: 0.2, maxScore: 9.5 },
    ];
    expect(weightedTotal(odd, { a: 3, b: 7, c: 9.5 })).toBe(100);
    expect(weightedTotal(odd, { a: 0, b: 0, c: 0 })).toBe(0);
  });
  it("lets a criterion of weight 0 be scored without counting", () => {
    const rubric = [...RUBRIC, { id: "bonus", weight: 0, maxScore: 5 }];
    expect(weightedTotal(rubric, { content: 30, creativity: 24, writing: 5, bonus: 5 })).toBeCloseTo(72.5, 12);
  });
  it.each([
    [{ content: 30, creativity: 24 }, "criterion_missing", "writing"],
    [{ content: 41, creativity: 24, writing: 5 }, "score_out_of_range", "content"],
    [{ content: 30, creativity: -1, writing: 5 }, "score_out_of_range", "creativity"],
    [{ content: 30, creativity: 24, writing: Number.NaN }, "score_out_of_range", "writing"],
    [{ content: 30, creativity: 24, writing: 5, style: 3 }, "unknown_criterion", "style"],
  ])("refuses %j: %s", (scores, code, criterionId) => {
    expect(() => weightedTotal(RUBRIC, scores)).toThrow(expect.objectContaining({ name: "ScoringError", code, criterionId }));
  });
  it("does not read a missing criterion from the object prototype", () => {
    expect(() => weightedTotal([{ id: "constructor", weight: 1, maxScore: 10 }], {})).toThrow(
      expect.objectContaining({ code: "criterion_missing", criterionId: "constructor" }),
    );
  });
  it.each([
    [[], "rubric_empty"],
    [[{ id: "a", weight: 1, maxScore: 10 }, { id: "a", weight: 2, maxScore: 10 }], "duplicate_criterion"],
    [[{ id: "a", weight: -1, maxScore: 10 }], "invalid_weight"],
    [[{ id: "a", weight: Number.NaN, maxScore: 10 }], "invalid_weight"],
    [[{ id: "a", weight: 0, maxScore: 10 }], "weights_sum_to_zero"],
    [[{ id: "a", weight: 1, maxScore: 0 }], "invalid_max_score"],
  ])("refuses the rubric %j: %s", (rubric, code) => {
    expect(() => weightedTotal(rubric, { a: 1 })).toThrow(ScoringError);
    expect(() => weightedTotal(rubric, { a: 1 })).toThrow(expect.objectContaining({ code }));
  });
});

describe("heaviestCriterion", () => {
  it("takes the heaviest weight, the first in rubric order when weights tie", () => {
    expect(heaviestCriterion(RUBRIC).id).toBe("content");
    expect(heaviestCriterion([{ id: "x", weight: 1, maxScore: 5 }, { id: "y", weight: 2, maxScore: 5 }, { id: "z", weight: 2, maxScore: 5 }]).id).toBe("y");
  });
});
