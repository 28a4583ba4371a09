import { describe, expect, it } from "vitest";
import { iccFromMatrix, kendallW } from "./agreement.ts";
import { JudgeScoresError, type JudgeScore } from "./judge-scores.ts";
import { agreementForPanel } from "./panel-agreement.ts";

/** Observations from rows of [entryId, judgeId, total]. */
const scores = (rows: [string, string, number][]): JudgeScore[] => rows.map(([entryId, judgeId, total]) => ({ entryId, judgeId, total }));

// Shrout & Fleiss (1979) Table 2 (see agreement.test.ts), as database rows.
const SHROUT_FLEISS = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];
const crossed = SHROUT_FLEISS.flatMap((row, t) => row.map((total, j): JudgeScore => ({ entryId: `t${t + 1}`, judgeId: `j${j + 1}`, total })));

describe("agreementForPanel", () => {
  it("computes every figure on a fully crossed panel, whatever the row order", () => {
    const result = agreementForPanel([...crossed].reverse());
    if (result.design !== "fully_crossed") throw new Error(`expected fully_crossed, got ${result.design}`);
    expect(result.reason).toBe("every_judge_scored_every_entry");
    expect(result.entryIds).toEqual(["t1", "t2", "t3", "t4", "t5", "t6"]);
    expect(result.judgeIds).toEqual(["j1", "j2", "j3", "j4"]);
    // Shrout & Fleiss (1979) Table 4: ICC(2,1) = .29, ICC(3,4) = .91.
    expect(result.icc.values.icc21).toBeCloseTo(0.29, 2);
    expect(result.icc.values.icc3k).toBeCloseTo(0.91, 2);
    expect(result.icc).toEqual(iccFromMatrix(SHROUT_FLEISS));
    expect(result.iccLevels.icc3k).toBe("excellent");
    expect(result.concordance).toMatchObject(kendallW(SHROUT_FLEISS));
  });

  it("falls back to ICC(1) from groups when judges differ per entry (hand-worked in agreement.test.ts)", () => {
    const result = agreementForPanel(
      scores([
        ["a", "j1", 7], ["a", "j2", 9], ["a", "j3", 8],
        ["b", "j1", 4], ["b", "j4", 6],
        ["c", "j2", 9], ["c", "j3", 10], ["c", "j4", 9], ["c", "j5", 8],
        ["d", "j1", 5],
      ]),
    );
    if (result.design !== "incomplete") throw new Error(`expected incomplete, got ${result.design}`);
    expect(result.reason).toBe("some_judges_missed_some_entries");
    expect(result.groups.icc1).toBeCloseTo(44 / 57, 12);
    expect(result.groups.level).toBe("good");
    expect(result.entriesWithOneScore).toEqual(["d"]);
    // {j2, j3} scored a and c only: no block of 2 judges × 3 entries.
    expect(result.crossedBlock).toBeNull();
    expect(result.crossedBlockReason).toBe("no_block_of_2_judges_by_3_entries");
  });

  it("adds Kendall's W over the largest crossed block", () => {
    // j1 and j2 both scored e1, e2, e3. Ranks j1 (90 80 70) → 3 2 1, j2 (85 75 80) → 3 1 2;
    // rank sums 6 3 3, mean 4, S = 4 + 1 + 1 = 6; W = 12·6 / (2²·(3³ − 3)) = 72/96 = 0.75.
    const result = agreementForPanel(
      scores([
        ["e1", "j1", 90], ["e1", "j2", 85], ["e1", "j3", 60],
        ["e2", "j1", 80], ["e2", "j2", 75],
        ["e3", "j1", 70], ["e3", "j2", 80],
        ["e4", "j3", 66], ["e4", "j4", 71],
      ]),
    );
    if (result.design !== "incomplete") throw new Error(`expected incomplete, got ${result.design}`);
    expect(result.crossedBlockReason).toBe("largest_crossed_block");
    expect(result.crossedBlock).toEqual({
      judgeIds: ["j1", "j2"],
      entryIds: ["e1", "e2", "e3"],
      concordance: { w: 0.75, s: 6, tieCorrection: 0, level: "strong" },
    });
  });

  it("prefers more judges between blocks of the same size, and finds blocks that are no entry's own judge set", () => {
    // {j1, j2, j3} × {e1..e4} = 12 scores = {j1, j2} × {e1..e6}; the first wins.
    // No entry has exactly {j1, j2, j3}: each of e1..e4 also has a fourth judge.
    const rows: [string, string, number][] = [];
    ["e1", "e2", "e3", "e4"].forEach((e, i) => rows.push([e, "j1", 60 + i], [e, "j2", 61 + i], [e, "j3", 62 + i], [e, `x${i}`, 50]));
    ["e5", "e6"].forEach((e, i) => rows.push([e, "j1", 70 + i], [e, "j2", 72 + i]));
    const result = agreementForPanel(scores(rows));
    if (result.design !== "incomplete") throw new Error(`expected incomplete, got ${result.design}`);
    expect(result.crossedBlock?.judgeIds).toEqual(["j1", "j2", "j3"]);
    expect(result.crossedBlock?.entryIds).toEqual(["e1", "e2", "e3", "e4"]);
    expect(result.crossedBlock?.concordance.w).toBe(1);
  });

  it("says when there is too little to compute anything", () => {
    const insufficient = { design: "insufficient", reason: "fewer_than_2_entries_with_2_scores" };
    expect(agreementForPanel([])).toEqual(insufficient);
    expect(agreementForPanel(scores([["a", "j1", 5], ["b", "j1", 6]]))).toEqual(insufficient);
    expect(agreementForPanel(scores([["a", "j1", 5], ["a", "j2", 6], ["b", "j1", 6]]))).toEqual(insufficient);
  });

  it("refuses a judge scoring the same entry twice", () => {
    expect(() => agreementForPanel(scores([["a", "j1", 5], ["a", "j1", 6]]))).toThrow(JudgeScoresError);
  });
});
