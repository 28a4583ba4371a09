// The severity chart's geometry (drawn by app/components/results/severity-chart.tsx).
import { describe, expect, it } from "vitest";
import { severityChartLayout } from "./results.ts";

describe("severityChartLayout", () => {
  it("draws lenient judges right of the zero line and severe ones left, to scale", () => {
    const judge = (label: string, meanDifference: number | null) => ({ label, count: 5, mean: 70, sd: 5, meanDifference, classification: "" });
    const layout = severityChartLayout([judge("甲", 10), judge("乙", -5), judge("丙", null)], { width: 416, rowHeight: 30, labelWidth: 200 });
    // Plot 200 wide, zero at 300, ±10 points span 100 px each way.
    expect(layout.zero).toBe(300);
    expect(layout.bars.map((b) => [b.x, b.width])).toEqual([
      [300, 100],
      [250, 50],
      [300, 0],
    ]);
    expect(layout.height).toBe(3 * 30 + 24);
  });
});
