import { describe, expect, it } from "vitest";
import {
  AgreementInputError,
  averageRanks,
  concordanceLevel,
  icc1FromGroups,
  iccFromMatrix,
  iccLevel,
  iccLevelsOf,
  kendallW,
  twoWayMeanSquares,
} from "./agreement.ts";

// Shrout, P.E. & Fleiss, J.L. (1979). Intraclass correlations: uses in
// assessing rater reliability. Psychological Bulletin 86(2), 420–428.
// Table 2: 6 targets × 4 judges. Table 3: its ANOVA (BMS 11.24, WMS 6.26,
// JMS 32.49, EMS 1.02). Table 4: ICC(1,1) .17, ICC(2,1) .29, ICC(3,1) .71,
// ICC(1,4) .44, ICC(2,4) .62, ICC(3,4) .91.
// The same data ship as `sf` in R's psych package (ICC examples).
const SHROUT_FLEISS = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];

describe("twoWayMeanSquares", () => {
  it("reproduces Shrout & Fleiss (1979) Table 3", () => {
    const ms = twoWayMeanSquares(SHROUT_FLEISS);
    expect(ms).toMatchObject({ targets: 6, judges: 4 });
    expect(ms.bms).toBeCloseTo(11.24, 2);
    expect(ms.wms).toBeCloseTo(6.26, 2);
    expect(ms.jms).toBeCloseTo(32.49, 2);
    expect(ms.ems).toBeCloseTo(1.02, 2);
  });
  it("matches the exact fractions worked by hand", () => {
    // Grand mean 127/24. Sums of squares ×24: total 4055, targets 1349, judges 2339,
    // residual 4055 − 1349 − 2339 = 367, within targets 4055 − 1349 = 2706.
    // df: targets 5, judges 3, residual 15, within 18.
    const ms = twoWayMeanSquares(SHROUT_FLEISS);
    expect(ms.grandMean).toBeCloseTo(127 / 24, 12);
    expect(ms.bms).toBeCloseTo(1349 / 120, 12);
    expect(ms.jms).toBeCloseTo(2339 / 72, 12);
    expect(ms.ems).toBeCloseTo(367 / 360, 12);
    expect(ms.wms).toBeCloseTo(2706 / 24 / 18, 12);
  });
});

describe("iccFromMatrix", () => {
  it("reproduces Shrout & Fleiss (1979) Table 4 to the 2 decimals printed", () => {
    const { values } = iccFromMatrix(SHROUT_FLEISS);
    expect(values.icc11).toBeCloseTo(0.17, 2);
    expect(values.icc21).toBeCloseTo(0.29, 2);
    expect(values.icc31).toBeCloseTo(0.71, 2);
    expect(values.icc1k).toBeCloseTo(0.44, 2);
    expect(values.icc2k).toBeCloseTo(0.62, 2);
    expect(values.icc3k).toBeCloseTo(0.91, 2);
  });
  it("matches the exact values from the Table 3 fractions", () => {
    // E.g. ICC(2,1) = (BMS − EMS) / (BMS + 3·EMS + 4(JMS − EMS)/6) = 184/635.
    const { values } = iccFromMatrix(SHROUT_FLEISS);
    expect(values.icc11).toBeCloseTo(448 / 2703, 12);
    expect(values.icc21).toBeCloseTo(184 / 635, 12);
    expect(values.icc31).toBeCloseTo(920 / 1287, 12);
    expect(values.icc1k).toBeCloseTo(1792 / 4047, 12);
    expect(values.icc2k).toBeCloseTo(736 / 1187, 12);
    expect(values.icc3k).toBeCloseTo(3680 / 4047, 12);
  });
  it("is undefined (null) when every score is the same, and 1 for perfect agreement", () => {
    // 50.2 three or six times leaves ~1e-14 of floating-point noise in the sums of squares.
    const same = iccFromMatrix([
      [50.2, 50.2],
      [50.2, 50.2],
      [50.2, 50.2],
    ]);
    expect(Object.values(same.values)).toEqual([null, null, null, null, null, null]);
    const perfect = iccFromMatrix([
      [90, 90],
      [70, 70],
      [50, 50],
    ]);
    expect(Object.values(perfect.values).map((v) => v?.toFixed(12))).toEqual(Array(6).fill((1).toFixed(12)));
  });
  it("gives null only for the forms whose denominator vanishes", () => {
    // 2 × 2 with equal row and column means: BMS = JMS = 0, EMS = 2, and
    // k − 1 − k/n = 0, so ICC(2,1)'s denominator is 0 while ICC(3,1) = −2/2.
    const { values } = iccFromMatrix([
      [1, 2],
      [2, 1],
    ]);
    expect(values.icc21).toBeNull();
    expect(values.icc31).toBe(-1);
  });
});

describe("kendallW", () => {
  it("reproduces the tie-corrected W of R's anxiety data (20 subjects × 3 raters)", () => {
    // DescTools::KendallW(anxiety, correct = TRUE) prints 0.5396569:
    // https://andrisignorell.github.io/DescTools/reference/KendallW.html (the data are listed
    // there; the same set is irr's `anxiety`, whose kendall(anxiety, TRUE) uses this formula).
    const raters = [
      [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
      [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
      [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
    ];
    const matrix = raters[0]?.map((_, i) => raters.map((r) => r[i] ?? Number.NaN)) ?? [];
    expect(kendallW(matrix).w).toBeCloseTo(0.5396569, 7);
  });
  it("applies the tie correction (hand-worked, 4 entries × 3 judges)", () => {
    // Ranks per judge (ascending, ties averaged):
    //   J1 80 70 70 60 → 4 2.5 2.5 1   T = 2³−2 = 6
    //   J2 90 85 60 60 → 4 3 1.5 1.5   T = 6
    //   J3 75 75 75 50 → 3 3 3 1       T = 3³−3 = 24
    // Rank sums 11, 8.5, 7, 3.5; mean 3·5/2 = 7.5; S = 3.5² + 1² + 0.5² + 4² = 29.5.
    // W = 12·29.5 / (9·60 − 3·36) = 354/432 (uncorrected it would be 354/540).
    const result = kendallW([
      [80, 90, 75],
      [70, 85, 75],
      [70, 60, 75],
      [60, 60, 50],
    ]);
    expect(result).toEqual({ w: 354 / 432, s: 29.5, tieCorrection: 36 });
  });
  it("is 1 for identical rankings and null when every judge tied everything", () => {
    expect(kendallW([[3, 30], [2, 20], [1, 10]]).w).toBe(1);
    expect(kendallW([[5, 7], [5, 7], [5, 7]]).w).toBeNull();
  });
});

describe("averageRanks", () => {
  it("shares positions among ties and sums t³ − t", () => {
    expect(averageRanks([10, 20, 10, 30, 10])).toEqual({ ranks: [2, 4, 2, 5, 2], ties: 24 });
  });
});

describe("icc1FromGroups", () => {
  it("equals Shrout & Fleiss ICC(1,1) = .17 on their balanced table, with n0 = k", () => {
    const result = icc1FromGroups(SHROUT_FLEISS);
    expect(result.n0).toBe(4);
    expect(result.icc1).toBeCloseTo(448 / 2703, 12);
  });
  it("uses the adjusted n0 on unbalanced groups (hand-worked)", () => {
    // Groups (7 9 8), (4 6), (9 10 9 8): N = 9, g = 3, means 8, 5, 9, grand mean 70/9.
    // SSB = 3(2/9)² + 2(25/9)² + 4(11/9)² = 194/9, MSB = 97/9 (df 2).
    // SSW = 2 + 2 + 2 = 6, MSW = 6/6 = 1 (df N − g = 6).
    // n0 = (9 − (9 + 4 + 16)/9) / 2 = 26/9 (the plain mean size 3 would give 88/115 instead).
    // ICC(1) = (97/9 − 1) / (97/9 + (26/9 − 1)·1) = 88/114 = 44/57.
    const result = icc1FromGroups([
      [7, 9, 8],
      [4, 6],
      [9, 10, 9, 8],
    ]);
    expect(result.msb).toBeCloseTo(97 / 9, 12);
    expect(result.msw).toBeCloseTo(1, 12);
    expect(result.n0).toBeCloseTo(26 / 9, 12);
    expect(result.icc1).toBeCloseTo(44 / 57, 12);
    expect(result).toMatchObject({ groups: 3, observations: 9 });
  });
  it("refuses groups it cannot use", () => {
    expect(() => icc1FromGroups([[1, 2]])).toThrow(expect.objectContaining({ code: "too_few_groups" }));
    expect(() => icc1FromGroups([[1, 2], [3]])).toThrow(expect.objectContaining({ code: "group_too_small" }));
    expect(() => icc1FromGroups([[1, 2], [3, Number.NaN]])).toThrow(expect.objectContaining({ code: "score_not_finite" }));
  });
});

describe("matrix validation", () => {
  it.each([
    [[[1, 2]], "too_few_targets"],
    [[[1], [2]], "too_few_judges"],
    [[[1, 2], [3]], "not_rectangular"],
    [[[1, 2], [3, Number.POSITIVE_INFINITY]], "score_not_finite"],
  ])("refuses %j with %s", (matrix, code) => {
    expect(() => iccFromMatrix(matrix)).toThrow(AgreementInputError);
    expect(() => kendallW(matrix)).toThrow(expect.objectContaining({ code }));
  });
});

describe("reading levels", () => {
  it("uses the Koo & Li (2016) bands for ICC", () => {
    expect([0.49, 0.5, 0.74, 0.75, 0.9, 0.91, -0.2].map(iccLevel)).toEqual(["poor", "moderate", "moderate", "good", "good", "excellent", "poor"]);
    expect(iccLevelsOf(iccFromMatrix(SHROUT_FLEISS).values)).toEqual({
      icc11: "poor",
      icc21: "poor",
      icc31: "moderate",
      icc1k: "poor",
      icc2k: "moderate",
      icc3k: "excellent",
    });
  });
  it("reads W by the nearest Schmidt (1997) anchor", () => {
    expect([0.1, 0.2, 0.39, 0.5, 0.6, 0.79, 0.8, 1].map(concordanceLevel)).toEqual([
      "very_weak",
      "weak",
      "weak",
      "moderate",
      "strong",
      "strong",
      "very_strong",
      "very_strong",
    ]);
  });
});
