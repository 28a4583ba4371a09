import { describe, expect, it } from "vitest";
import { rowsFromTable } from "../intake/class-list.ts";
import { validateOrgRows, type ExistingTree } from "./org-import.ts";

const HEADER = ["乡镇", "学校", "学校简称", "年级", "班级"];
const empty: ExistingTree = { townships: [], schools: [], classes: [] };
const check = (rows: string[][], tree = empty) => validateOrgRows(rowsFromTable([HEADER, ...rows]), tree);

describe("validateOrgRows", () => {
  it("plans townships, schools and classes once each, a school repeated on every class's line", () => {
    const result = check([
      ["城关镇", "示范县实验小学", "实验小学", "三年级", "1"],
      ["城关镇", "示范县实验小学", "", "三年级", "(2)班"],
      ["城关镇", "示范县第二小学", "", "", ""],
      ["青石镇", "青石镇中心小学", "青石小学", "4", "一班"],
    ]);
    if (!result.ok) throw new Error("expected a plan");
    expect(result.errors).toEqual([]);
    expect(result.plan.townships.map((t) => t.name)).toEqual(["城关镇", "青石镇"]);
    expect(result.plan.schools.map((s) => [s.name, s.shortName])).toEqual([
      ["示范县实验小学", "实验小学"],
      ["示范县第二小学", null],
      ["青石镇中心小学", "青石小学"],
    ]);
    expect(result.plan.classes.map((c) => [c.school, c.grade, c.number])).toEqual([
      ["示范县实验小学", 3, 1],
      ["示范县实验小学", 3, 2],
      ["青石镇中心小学", 4, 1],
    ]);
  });

  it("adds nothing that exists and counts those lines as unchanged", () => {
    const tree: ExistingTree = {
      townships: [{ id: "t1", name: "城关镇" }],
      schools: [{ id: "s1", name: "示范县实验小学", shortName: "实验小学", townshipId: "t1" }],
      classes: [{ schoolId: "s1", grade: 3, number: 1 }],
    };
    const result = check([["城关镇", "示范县实验小学", "实验小学", "三年级", "三年级(1)班"]], tree);
    expect(result.ok && result.plan).toEqual({ townships: [], schools: [], shortNames: [], classes: [], unchanged: 1 });
  });

  it("reports each bad line with its line number as in Excel", () => {
    const tree: ExistingTree = { townships: [{ id: "t1", name: "城关镇" }], schools: [{ id: "s1", name: "示范县实验小学", shortName: null, townshipId: "t1" }], classes: [] };
    const result = check(
      [
        ["", "某小学", "", "", ""],
        ["城关镇", "某小学", "", "三年级", ""],
        ["城关镇", "某小学", "", "", "1"],
        ["青石镇", "示范县实验小学", "", "", ""],
        ["城关镇", "某小学", "", "十年级", "1"],
        ["城关镇", "某小学", "", "3", "1"],
        ["城关镇", "某小学", "", "3", "1班"],
        ["城关镇", "=cmd|' /C calc'!A0", "", "", ""],
      ],
      tree,
    );
    if (!result.ok) throw new Error("expected line errors");
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([
      [2, "township_missing"],
      [3, "grade_without_class"],
      [4, "class_without_grade"],
      [5, "school_in_other_township"],
      [6, "grade_invalid"],
      [8, "duplicate_class"],
      [9, "school_invalid"],
    ]);
  });

  it("refuses a sheet without the township and school columns, and more than 3000 lines", () => {
    expect(validateOrgRows(rowsFromTable([["学校", "班级"], ["a", "1"]]), empty)).toEqual({ ok: false, error: { code: "header_missing", params: {} } });
    const big = Array.from({ length: 3001 }, () => ["城关镇", "某小学", "", "", ""]);
    const result = check(big);
    expect(result.ok ? null : result.error.code).toBe("too_many_lines");
  });
});
