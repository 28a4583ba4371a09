import { describe, expect, it } from "vitest";
import { aggregateScores, TRIM_FROM_JUDGES } from "./aggregate.ts";
import type { JudgeScore } from "./judge-scores.ts";

const forEntry = (entryId: string, totals: number[]): JudgeScore[] => totals.map((total, i) => ({ entryId, judgeId: `j${i}`, total }));

describe("aggregateScores", () => {
  it("uses the plain mean below 5 judges", () => {
    expect(TRIM_FROM_JUDGES).toBe(5);
    expect(aggregateScores(forEntry("a", [70, 100, 80, 90]))).toEqual([{ entryId: "a", finalScore: 85, median: 85, judgeCount: 4, method: "mean" }]);
  });
  it("drops one highest and one lowest from 5 judges on", () => {
    // 40 78 80 85 95: trimmed (78 + 80 + 85)/3 = 81 (the plain mean would be 75.6); median 80.
    expect(aggregateScores(forEntry("a", [95, 40, 80, 78, 85]))).toEqual([{ entryId: "a", finalScore: 81, median: 80, judgeCount: 5, method: "trimmed_mean" }]);
  });
  it("drops only one of several equal extremes", () => {
    // 60 60 70 80 95 95 → (60 + 70 + 80 + 95)/4 = 76.25; median (70 + 80)/2 = 75.
    expect(aggregateScores(forEntry("a", [95, 95, 70, 80, 60, 60]))[0]).toMatchObject({ finalScore: 76.25, median: 75, judgeCount: 6 });
  });
  it("returns one row per entry, sorted by entry id", () => {
    const result = aggregateScores([...forEntry("b", [60]), ...forEntry("a", [70, 80])]);
    expect(result.map((r) => [r.entryId, r.finalScore, r.median, r.judgeCount])).toEqual([
      ["a", 75, 75, 2],
      ["b", 60, 60, 1],
    ]);
  });
  it("refuses a judge counted twice", () => {
    expect(() => aggregateScores([...forEntry("a", [70]), ...forEntry("a", [80])])).toThrow(expect.objectContaining({ code: "duplicate_score" }));
  });
});
