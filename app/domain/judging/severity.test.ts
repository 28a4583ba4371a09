import { describe, expect, it } from "vitest";
import type { JudgeScore } from "./judge-scores.ts";
import { DEFAULT_SEVERITY_THRESHOLD_SD, judgeSeverity } from "./severity.ts";

const scores = (rows: [string, string, number][]): JudgeScore[] => rows.map(([entryId, judgeId, total]) => ({ entryId, judgeId, total }));

// Three judges on two entries, and D alone on a third.
//   e1: A 90, B 80, C 70      e2: A 80, B 70, C 60      e3: D 75
const PANEL = scores([
  ["e1", "A", 90], ["e1", "B", 80], ["e1", "C", 70],
  ["e2", "A", 80], ["e2", "B", 70], ["e2", "C", 60],
  ["e3", "D", 75],
]);

describe("judgeSeverity", () => {
  it("compares each judge with the others on the same entries (hand-worked)", () => {
    // Panel totals 90 80 70 80 70 60 75: mean 75, squares 225+25+25+25+25+225+0 = 550, sd √(550/7) ≈ 8.864.
    // Threshold 0.5·sd ≈ 4.432.
    // A: e1 90 − (80+70)/2 = 15, e2 80 − 65 = 15 → +15 lenient. B: 80 − 80 = 0, 70 − 70 = 0 → typical.
    // C: 70 − 85 = −15, 60 − 75 = −15 → severe. D: shared nothing → not comparable.
    const report = judgeSeverity(PANEL);
    expect(DEFAULT_SEVERITY_THRESHOLD_SD).toBe(0.5);
    expect(report.panelSd).toBeCloseTo(Math.sqrt(550 / 7), 12);
    expect(report.threshold).toBeCloseTo(0.5 * Math.sqrt(550 / 7), 12);
    expect(report.judges).toEqual([
      { judgeId: "A", count: 2, mean: 85, sd: 5, comparedEntries: 2, meanDifference: 15, classification: "lenient" },
      { judgeId: "B", count: 2, mean: 75, sd: 5, comparedEntries: 2, meanDifference: 0, classification: "typical" },
      { judgeId: "C", count: 2, mean: 65, sd: 5, comparedEntries: 2, meanDifference: -15, classification: "severe" },
      { judgeId: "D", count: 1, mean: 75, sd: 0, comparedEntries: 0, meanDifference: null, classification: "not_comparable" },
    ]);
  });
  it("classifies by |difference| > threshold × panel sd, the threshold itself being typical", () => {
    // Two judges, totals 52/48 and 50/50: panel mean 50, squares 4+4+0+0 = 8, sd √2.
    // X: (52 − 48 + 50 − 50)/2 = +2, Y: −2. With thresholdSd = √2 the threshold is exactly 2.
    const pair = scores([["e1", "X", 52], ["e1", "Y", 48], ["e2", "X", 50], ["e2", "Y", 50]]);
    expect(judgeSeverity(pair, { thresholdSd: Math.SQRT2 }).judges.map((j) => j.classification)).toEqual(["typical", "typical"]);
    expect(judgeSeverity(pair, { thresholdSd: 1.4 }).judges.map((j) => [j.meanDifference, j.classification])).toEqual([
      [2, "lenient"],
      [-2, "severe"],
    ]);
  });
  it("handles no scores and refuses a bad threshold", () => {
    expect(judgeSeverity([])).toEqual({ panelSd: 0, threshold: 0, judges: [] });
    expect(() => judgeSeverity(PANEL, { thresholdSd: -1 })).toThrow(RangeError);
    expect(() => judgeSeverity(PANEL, { thresholdSd: Number.NaN })).toThrow(RangeError);
  });
});
