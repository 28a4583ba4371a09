import { describe, expect, it } from "vitest";
import { classNumberFromName, className, compareClasses, nextNumberedCode, parseClassNumber, schoolYearOf, uniqueCode, checkUnitName } from "./org-units.ts";

describe("classes in a school's order", () => {
  it("sorts by grade, then class number as a number, never by pinyin", () => {
    const names = [
      { name: "四年级(1)班", grade: 4 },
      { name: "三年级(10)班", grade: 3 },
      { name: "三年级(2)班", grade: 3 },
      { name: "一年级(1)班", grade: 1 },
      { name: "三年级(1)班", grade: 3 },
      { name: "兴趣班", grade: null },
      { name: "九年级(1)班", grade: 9 },
    ];
    expect([...names].sort(compareClasses).map((c) => c.name)).toEqual([
      "一年级(1)班",
      "三年级(1)班",
      "三年级(2)班",
      "三年级(10)班",
      "四年级(1)班",
      "九年级(1)班",
      "兴趣班",
    ]);
  });

  it("names classes from grade and number, and reads the number back", () => {
    expect(className(3, 1)).toBe("三年级(1)班");
    expect(className(9, 12)).toBe("九年级(12)班");
    expect(classNumberFromName("三年级（12）班")).toBe(12);
    expect(classNumberFromName("3年级2班")).toBe(2);
    expect(classNumberFromName("兴趣班")).toBeNull();
  });

  it("reads the class cell of a sheet however a school writes it", () => {
    for (const [cell, number] of [
      ["1", 1],
      ["01", 1],
      ["(2)", 2],
      ["（3）班", 3],
      ["4班", 4],
      ["五班", 5],
      ["十二班", 12],
      ["三年级(1)班", 1],
      ["3年级2班", 2],
      ["三(2)班", 2],
      ["初一(3)班", 3],
    ] as const) {
      expect(parseClassNumber(cell), cell).toBe(number);
    }
    for (const cell of ["", "0", "41", "甲班", "1-2", "三年级"]) expect(parseClassNumber(cell), cell).toBeNull();
  });
});

describe("codes", () => {
  it("takes the first free number and suffixes a taken base", () => {
    expect(nextNumberedCode("DEMO-S", new Set(["DEMO-S01", "DEMO-S02", "DEMO-S04"]))).toBe("DEMO-S03");
    expect(uniqueCode("X-G3C1", new Set())).toBe("X-G3C1");
    expect(uniqueCode("X-G3C1", new Set(["X-G3C1", "X-G3C1-2"]))).toBe("X-G3C1-3");
  });
});

it("places the winter holiday in the school year that began in September", () => {
  expect(schoolYearOf(new Date("2027-01-20T02:00:00Z"))).toBe(2026);
  expect(schoolYearOf(new Date("2026-09-01T02:00:00Z"))).toBe(2026);
  expect(schoolYearOf(new Date("2026-08-31T02:00:00Z"))).toBe(2025);
});

it("accepts unit names as counties write them and refuses markup and formulas", () => {
  expect(checkUnitName("示范县实验小学（东校区）")).toBeNull();
  expect(checkUnitName("")).toBe("missing");
  expect(checkUnitName("=HYPERLINK(1)")).toBe("invalid");
  expect(checkUnitName("<b>小学</b>")).toBe("invalid");
  expect(checkUnitName("很".repeat(41))).toBe("too_long");
});
