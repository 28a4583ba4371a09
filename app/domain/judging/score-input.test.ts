import { describe, expect, it } from "vitest";
import { parseScoreSheet, parseScoreValue } from "./score-input.ts";

describe("parseScoreValue", () => {
  it("reads plain, decimal and full-width numbers; empty is not scored yet", () => {
    expect(parseScoreValue("8", 10)).toEqual({ value: 8 });
    expect(parseScoreValue(" 7.5 ", 10)).toEqual({ value: 7.5 });
    expect(parseScoreValue("９", 10)).toEqual({ value: 9 });
    expect(parseScoreValue("", 10)).toEqual({ value: null });
    expect(parseScoreValue("0", 10)).toEqual({ value: 0 });
    expect(parseScoreValue("10", 10)).toEqual({ value: 10 });
  });
  it("refuses out of range and non-numbers", () => {
    expect(parseScoreValue("11", 10)).toEqual({ problem: "out_of_range" });
    expect(parseScoreValue("-1", 10)).toEqual({ problem: "out_of_range" });
    expect(parseScoreValue("abc", 10)).toEqual({ problem: "not_a_number" });
    expect(parseScoreValue("1e1", 10)).toEqual({ problem: "not_a_number" });
    expect(parseScoreValue("7.555", 10)).toEqual({ problem: "not_a_number" });
  });
});

describe("parseScoreSheet", () => {
  const criteria = [
    { id: "a", maxScore: 10 },
    { id: "b", maxScore: 5 },
  ];
  it("a partial sheet is fine for a draft, not for submitting", () => {
    const raw = (id: string) => (id === "a" ? "6" : "");
    const draft = parseScoreSheet(criteria, raw, { complete: false });
    expect(draft.ok && [...draft.scores]).toEqual([
      ["a", 6],
      ["b", null],
    ]);
    const done = parseScoreSheet(criteria, raw, { complete: true });
    expect(!done.ok && [...done.problems]).toEqual([["b", "missing"]]);
  });
  it("one bad value refuses the whole sheet", () => {
    const sheet = parseScoreSheet(criteria, (id) => (id === "a" ? "6" : "6"), { complete: false });
    expect(!sheet.ok && [...sheet.problems]).toEqual([["b", "out_of_range"]]);
  });
});
