import { describe, expect, it } from "vitest";
import {
  ClassListChildSchema,
  parseChildName,
  parseGrade,
  parseGuardianName,
  parseGuardianPhone,
  parseStudentNumber,
} from "./fields.ts";

describe("parseChildName", () => {
  it.each([
    ["张三", "张三"],
    ["  王小明 ", "王小明"],
    ["张  三", "张三"],
    ["张\u3000三", "张三"],
    ["欧阳娜娜", "欧阳娜娜"],
    ["阿依古丽·买买提", "阿依古丽·买买提"],
    ["阿依古丽.买买提", "阿依古丽·买买提"],
    ["阿依古丽 • 买买提", "阿依古丽·买买提"],
    ["Alice  Wang", "Alice Wang"],
    ["𠮷田", "𠮷田"],
    ["龑", "龑"],
    ["e\u0301lise", "élise"],
  ])("accepts %j as %j", (raw, expected) => {
    expect(parseChildName(raw)).toEqual({ ok: true, value: expected });
  });
  it.each([
    ["", "name_missing"],
    ["   ", "name_missing"],
    ["张三3", "name_invalid"],
    ["张三\u0007", "name_invalid"],
    ["张三😀", "name_invalid"],
    ["·张三", "name_invalid"],
    ["张三（转学）", "name_invalid"],
    ["欧".repeat(21), "name_too_long"],
  ])("refuses %j with %s", (raw, code) => {
    expect(parseChildName(raw)).toEqual({ ok: false, code });
  });
  it("counts characters outside the BMP as one", () => {
    expect(parseChildName("𠮷".repeat(20)).ok).toBe(true);
  });
});

describe("parseGrade", () => {
  it.each([
    ["3", 3],
    ["03", 3],
    ["３", 3],
    ["三年级", 3],
    ["3年级", 3],
    ["小学三年级", 3],
    ["三年级(1)班", 3],
    ["3年级2班", 3],
    ["七年级", 7],
    ["初一", 7],
    ["初二", 8],
    ["初中三年级", 9],
    ["九年级", 9],
    ["Grade 8", 8],
    ["g2", 2],
  ])("reads %j as %i", (raw, grade) => {
    expect(parseGrade(raw)).toEqual({ ok: true, value: grade });
  });
  it.each(["0", "10", "十年级", "高一", "初四", "三班", "3.5", "abc", ""])("refuses %j", (raw) => {
    expect(parseGrade(raw)).toEqual({ ok: false, code: "grade_invalid" });
  });
});

describe("parseGuardianPhone", () => {
  it.each(["13800138000", "+86 138-0013-8000", "138 0013 8000", "８６１３８００１３８０００", "0086 13800138000", "(138)00138000"])(
    "normalises %j",
    (raw) => {
      expect(parseGuardianPhone(raw)).toEqual({ ok: true, value: "13800138000" });
    },
  );
  it("treats an empty cell as not given", () => {
    expect(parseGuardianPhone("  ")).toEqual({ ok: true, value: null });
  });
  it.each(["1380013800", "12800138000", "0571-88888888", "138001380001", "手机13800138000"])("refuses %j", (raw) => {
    expect(parseGuardianPhone(raw)).toEqual({ ok: false, code: "phone_invalid" });
  });
});

describe("student numbers and guardian names", () => {
  it("accepts letters, digits and dashes up to 32", () => {
    expect(parseStudentNumber(" G1101012016-0001 ")).toEqual({ ok: true, value: "G1101012016-0001" });
    expect(parseStudentNumber("")).toEqual({ ok: true, value: null });
    expect(parseStudentNumber("1".repeat(33))).toEqual({ ok: false, code: "student_number_invalid" });
    expect(parseStudentNumber("2023 001")).toEqual({ ok: false, code: "student_number_invalid" });
  });
  it("checks a guardian's name like a child's, under its own code", () => {
    expect(parseGuardianName("王建军")).toEqual({ ok: true, value: "王建军" });
    expect(parseGuardianName("")).toEqual({ ok: true, value: null });
    expect(parseGuardianName("王建军13800138000")).toEqual({ ok: false, code: "guardian_name_invalid" });
  });
});

describe("ClassListChildSchema", () => {
  it("normalises a single child from a form", () => {
    const parsed = ClassListChildSchema.parse({
      name: " 张  三 ",
      grade: "三年级",
      studentNumber: "",
      guardianName: "",
      guardianPhone: "+86 138 0013 8000",
    });
    expect(parsed).toEqual({ name: "张三", grade: 3, studentNumber: null, guardianName: null, guardianPhone: "13800138000" });
  });
  it("reports field error codes as issue messages", () => {
    const result = ClassListChildSchema.safeParse({
      name: "张三3",
      grade: "十",
      studentNumber: "",
      guardianName: "",
      guardianPhone: "123",
    });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toEqual([
      ["name", "name_invalid"],
      ["grade", "grade_invalid"],
      ["guardianPhone", "phone_invalid"],
    ]);
  });
});
