import { describe, expect, it } from "vitest";
import {
  CLASS_LIST_MAX_BYTES,
  INTAKE_FILE_ERROR_CODES,
  INTAKE_LINE_ERROR_CODES,
  parsePastedText,
  rowsFromTable,
  validateRows,
  type ExistingChild,
  type IntakeCheck,
  type SourceRow,
} from "./class-list.ts";

const noRoster = { classGrade: 3, existing: [] };

function pasted(text: string): SourceRow[] {
  const result = parsePastedText(text);
  if (!result.ok) throw new Error(`expected text to parse: ${result.error.code}`);
  return result.rows;
}

function checked(result: IntakeCheck) {
  if (!result.ok) throw new Error(`expected a checked list, got ${result.error.code}`);
  return result;
}

describe("parsePastedText", () => {
  it("splits cells copied from Excel or WPS on tabs and keeps line numbers", () => {
    expect(pasted("姓名\t年级\r\n张三\t3\r\n\r\n李四\t3")).toEqual([
      { line: 1, cells: ["姓名", "年级"] },
      { line: 2, cells: ["张三", "3"] },
      { line: 3, cells: [""] },
      { line: 4, cells: ["李四", "3"] },
    ]);
  });
  it("reads a comma-separated table when the first line is a header", () => {
    expect(pasted("姓名,家长手机\n张三,13800138000")).toEqual([
      { line: 1, cells: ["姓名", "家长手机"] },
      { line: 2, cells: ["张三", "13800138000"] },
    ]);
  });
  it("reads names separated by 、 commas or spaces, from one line", () => {
    const rows = pasted("张三、李四，王五 赵六六");
    expect(rows.map((r) => r.cells[0])).toEqual(["张三", "李四", "王五", "赵六六"]);
    expect(rows.every((r) => r.line === 1)).toBe(true);
  });
  it("keeps a padded Chinese name and a Latin name whole", () => {
    expect(pasted("张  三\nAlice Wang\n王小明").map((r) => r.cells[0])).toEqual(["张  三", "Alice Wang", "王小明"]);
  });
  it("refuses more than 1 MB without parsing", () => {
    const result = parsePastedText("张".repeat(CLASS_LIST_MAX_BYTES / 3 + 1));
    expect(result).toEqual({ ok: false, error: { code: "input_too_large", params: { maxBytes: CLASS_LIST_MAX_BYTES } } });
  });
});

describe("validateRows: columns", () => {
  it("finds columns in any order by Chinese or English headers, below a title row", () => {
    const rows = rowsFromTable([
      ["三年级(1)班学生名单"],
      ["Guardian Phone", "学号", "备注", "学生姓名*", "年级"],
      ["138 0013 8000", "2023001", "班长", "张三", "三年级"],
    ]);
    const result = checked(validateRows(rows, noRoster));
    expect(result.errors).toEqual([]);
    expect(result.plan.create).toEqual([
      {
        line: 3,
        child: { name: "张三", grade: 3, studentNumber: "2023001", guardianName: null, guardianPhone: "13800138000" },
      },
    ]);
    expect(result.notices).toEqual([
      { line: 2, code: "rows_before_header_skipped", params: { count: 1 } },
      { line: 2, code: "column_ignored", params: { header: "备注", column: 3 } },
    ]);
  });
  it("accepts a list of names alone, without a header", () => {
    const result = checked(validateRows(pasted("张三\n李四\n\n王五"), noRoster));
    expect(result.plan.create.map((c) => [c.line, c.child.name, c.child.grade])).toEqual([
      [1, "张三", 3],
      [2, "李四", 3],
      [4, "王五", 3],
    ]);
  });
  it("refuses a table without a name column as a whole", () => {
    const result = validateRows(rowsFromTable([["学号", "年级"], ["1", "3"]]), noRoster);
    expect(result).toEqual({ ok: false, error: { code: "name_column_missing", params: {} } });
  });
  it("refuses more than 200 children as a whole, and checks no line", () => {
    const rows = rowsFromTable([["姓名"], ...Array.from({ length: 201 }, () => ["张三3"])]);
    expect(validateRows(rows, noRoster)).toEqual({
      ok: false,
      error: { code: "too_many_rows", params: { max: 200, count: 201 } },
    });
  });
  it("refuses an empty list and a header alone", () => {
    expect(validateRows(pasted("\n \n"), noRoster)).toEqual({ ok: false, error: { code: "no_children", params: {} } });
    expect(validateRows(pasted("姓名\t年级"), noRoster)).toEqual({ ok: false, error: { code: "no_children", params: {} } });
  });
});

describe("validateRows: lines", () => {
  it("reports every problem with the line the teacher sees and the field", () => {
    const rows = rowsFromTable([
      ["姓名", "年级", "家长手机", "家长姓名"],
      ["", "3", "", ""],
      ["张三3", "四年级", "12345", "王建军1"],
      ["李四", "", "13800138000", ""],
    ]);
    const result = checked(validateRows(rows, noRoster));
    expect(result.errors.map((e) => [e.line, e.column, e.field, e.code])).toEqual([
      [2, 1, "name", "name_missing"],
      [3, 1, "name", "name_invalid"],
      [3, 2, "grade", "grade_mismatch"],
      [3, 3, "guardianPhone", "phone_invalid"],
      [3, 4, "guardianName", "guardian_name_invalid"],
    ]);
    expect(result.errors[2]?.params).toEqual({ grade: 4, classGrade: 3, value: "四年级" });
    expect(result.plan.create.map((c) => c.line)).toEqual([4]);
  });
  it("needs a grade on every line when the class has none", () => {
    const result = checked(validateRows(pasted("姓名\t年级\n张三\t\n李四\t初一"), { classGrade: null, existing: [] }));
    expect(result.errors.map((e) => [e.line, e.column, e.code])).toEqual([[2, 2, "grade_missing"]]);
    expect(result.plan.create[0]?.child.grade).toBe(7);
  });
  it("reports a duplicate on the later line, naming the earlier one", () => {
    const rows = pasted("姓名\t学号\n张三\t\n李四\tA1\n张三\t\n王五\ta1\n李四\t");
    const result = checked(validateRows(rows, noRoster));
    expect(result.errors).toEqual([
      { line: 4, column: 1, field: "name", code: "duplicate_in_file", params: { firstLine: 2, value: "张三" } },
      { line: 5, column: 2, field: "studentNumber", code: "duplicate_in_file", params: { firstLine: 3, value: "王五" } },
      { line: 6, column: 1, field: "name", code: "duplicate_in_file", params: { firstLine: 3, value: "李四" } },
    ]);
  });
  it("allows two children of the same name told apart by student numbers", () => {
    const result = checked(validateRows(pasted("姓名\t学号\n张伟\t1\n张伟\t2"), noRoster));
    expect(result.errors).toEqual([]);
    expect(result.plan.create).toHaveLength(2);
  });
});

describe("validateRows: the plan against the class roster", () => {
  const existing: ExistingChild[] = [
    { id: "c1", name: "张三", grade: 3, studentNumber: null, guardianPhone: "13800138000" },
    { id: "c2", name: "李四", grade: 3, studentNumber: "2023002" },
    { id: "c3", name: "张伟", grade: 3, studentNumber: "7" },
    { id: "c4", name: "张伟", grade: 3, studentNumber: "8" },
  ];
  const options = { classGrade: 3, existing };

  it("matches by student number, else by name and grade, and says what changes", () => {
    const rows = pasted("姓名\t学号\t家长手机\n张三\t\t\n李思\t2023002\t\n赵六\t\t\n张三\t\t13900139000");
    const result = checked(validateRows(rows.slice(0, 4), options));
    expect(result.plan).toEqual({
      unchanged: [{ line: 2, existingId: "c1" }],
      update: [
        {
          line: 3,
          existingId: "c2",
          changed: ["name"],
          child: { name: "李思", grade: 3, studentNumber: "2023002", guardianName: null, guardianPhone: null },
        },
      ],
      create: [
        { line: 4, child: { name: "赵六", grade: 3, studentNumber: null, guardianName: null, guardianPhone: null } },
      ],
    });
    const changedPhone = checked(validateRows([rows[0]!, rows[4]!], options));
    expect(changedPhone.plan.update[0]).toMatchObject({ line: 5, existingId: "c1", changed: ["guardianPhone"] });
  });
  it("adds a student number to a child first imported without one", () => {
    const result = checked(validateRows(pasted("姓名\t学号\n张三\t2023001"), options));
    expect(result.plan.update).toMatchObject([{ existingId: "c1", changed: ["studentNumber"] }]);
  });
  it("refuses to guess between two children of the same name", () => {
    const result = checked(validateRows(pasted("张伟"), options));
    expect(result.errors).toEqual([
      { line: 1, column: 1, field: "name", code: "match_ambiguous", params: { value: "张伟" } },
    ]);
    expect(result.plan.create).toEqual([]);
  });
  it("does not let two lines change the same child", () => {
    const result = checked(validateRows(pasted("姓名\t学号\n李思\t2023002\n李四\t"), options));
    expect(result.errors).toEqual([
      { line: 3, column: 1, field: "name", code: "duplicate_in_file", params: { firstLine: 2, value: "李四" } },
    ]);
  });
});

describe("error codes", () => {
  it("are listed for the catalog without repeats", () => {
    const all = [...INTAKE_FILE_ERROR_CODES, ...INTAKE_LINE_ERROR_CODES];
    expect(new Set(all).size).toBe(all.length);
    expect(INTAKE_LINE_ERROR_CODES).toContain("phone_invalid");
  });
});
