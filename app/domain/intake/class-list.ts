// Batch intake of a class: what a teacher pasted or uploaded, checked line
// by line, and a plan of which children to create, update or leave alone.
// Pure: the caller reads the file (sheets.server.ts) and the roster (db) and
// writes the plan. Every problem is a code for the message catalog with the
// line the teacher sees in Excel (the header counts) and the field.
import {
  FIELD_ERROR_CODES,
  parseChildName,
  parseGrade,
  parseGuardianName,
  parseGuardianPhone,
  parseStudentNumber,
  type ClassListChild,
} from "./fields.ts";
import { fieldForHeader, mapHeader, type ClassListField, type ColumnMap } from "./headers.ts";

/** One class, at most; a bigger list is almost surely the wrong file (a whole school). */
export const CLASS_LIST_MAX_CHILDREN = 200;
export const CLASS_LIST_MAX_BYTES = 1024 * 1024;
/** For readTable: the children plus a header, title rows and blank lines between. */
export const CLASS_LIST_MAX_TABLE_ROWS = CLASS_LIST_MAX_CHILDREN + 50;
/** A header is looked for in the first rows with content (title rows come first). */
const HEADER_SEARCH_ROWS = 5;

export const INTAKE_FILE_ERROR_CODES = ["input_too_large", "too_many_rows", "name_column_missing", "no_children"] as const;
export type IntakeFileErrorCode = (typeof INTAKE_FILE_ERROR_CODES)[number];

export const INTAKE_LINE_ERROR_CODES = [
  ...FIELD_ERROR_CODES,
  "grade_missing",
  "grade_mismatch",
  "duplicate_in_file",
  "match_ambiguous",
] as const;
export type IntakeLineErrorCode = (typeof INTAKE_LINE_ERROR_CODES)[number];

export const INTAKE_NOTICE_CODES = ["column_ignored", "rows_before_header_skipped"] as const;
export type IntakeNoticeCode = (typeof INTAKE_NOTICE_CODES)[number];

export type Params = Record<string, string | number>;
export interface IntakeFileError {
  code: IntakeFileErrorCode;
  params: Params;
}
export interface IntakeLineError {
  line: number;
  /** 1-based column of the field in the teacher's table; null when the table has no such column. */
  column: number | null;
  field: ClassListField;
  code: IntakeLineErrorCode;
  /** `value`: the cell as typed (for the message); others per code (firstLine, grade, classGrade). */
  params: Params;
}
export interface IntakeNotice {
  line: number;
  code: IntakeNoticeCode;
  params: Params;
}

/** A row of cells and the line the teacher sees it on (1-based, header and blank lines counted). */
export interface SourceRow {
  line: number;
  cells: string[];
}

/** A child already in the class, as the caller loaded it. */
export interface ExistingChild {
  id: string;
  name: string;
  grade: number;
  studentNumber: string | null;
  guardianName?: string | null;
  guardianPhone?: string | null;
}

export interface IntakePlan {
  create: { line: number; child: ClassListChild }[];
  /** `changed`: fields the line gives that differ; an empty cell never erases what is stored. */
  update: { line: number; existingId: string; child: ClassListChild; changed: ClassListField[] }[];
  unchanged: { line: number; existingId: string }[];
}

export type IntakeCheck =
  | { ok: false; error: IntakeFileError }
  | { ok: true; errors: IntakeLineError[]; notices: IntakeNotice[]; plan: IntakePlan };

// ---------------------------------------------------------------------------
// Reading what was pasted
// ---------------------------------------------------------------------------

/**
 * UTF-8 bytes, counted without encoding a copy and stopping past the limit.
 * (Every UTF-16 unit is at least one UTF-8 byte, so a text longer than the
 * limit in units is over it without counting.)
 */
function utf8Length(text: string, stopAbove: number): number {
  let bytes = 0;
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (bytes > stopAbove) break;
  }
  return bytes;
}

const LIST_SEPARATORS = /[,，、;；]/u;

/**
 * Names on one line separated by spaces ("张三 李四 王五", from a WeChat
 * message) are split; a padded name ("张  三") and a Latin name ("Alice
 * Wang") are not: a part is a name only when it has two or more Han
 * characters.
 */
function splitNameLine(line: string): string[] {
  const parts = line.split(LIST_SEPARATORS).map((p) => p.trim()).filter((p) => p !== "");
  return parts.flatMap((part) => {
    const words = part.split(/\s+/u);
    const allHanNames = words.length > 1 && words.every((w) => /^\p{Script=Han}{2,}$/u.test(w));
    return allHanNames ? words : [part];
  });
}

function isCommaTable(lines: string[]): boolean {
  const first = lines.find((l) => l.trim() !== "") ?? "";
  const cells = first.split(/[,，]/u);
  return cells.length > 1 && cells.some((c) => fieldForHeader(c) !== null);
}

/**
 * What a teacher pastes: cells copied from Excel or WPS (tab-separated, a
 * header or not), a comma-separated table with a header, or names alone
 * (one per line, or separated by commas, 、 or spaces).
 */
export function parsePastedText(text: string): { ok: true; rows: SourceRow[] } | { ok: false; error: IntakeFileError } {
  if (text.length > CLASS_LIST_MAX_BYTES || utf8Length(text, CLASS_LIST_MAX_BYTES) > CLASS_LIST_MAX_BYTES) {
    return { ok: false, error: { code: "input_too_large", params: { maxBytes: CLASS_LIST_MAX_BYTES } } };
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const numbered = (cells: (line: string) => string[]) => lines.map((l, i) => ({ line: i + 1, cells: cells(l) }));
  if (lines.some((l) => l.includes("\t"))) return { ok: true, rows: numbered((l) => l.split("\t")) };
  if (isCommaTable(lines)) return { ok: true, rows: numbered((l) => l.split(/[,，]/u)) };
  const rows = lines.flatMap((l, i) => splitNameLine(l).map((name) => ({ line: i + 1, cells: [name] })));
  return { ok: true, rows };
}

/** Rows as readTable returns them: row i is on line i + 1, as in Excel. */
export function rowsFromTable(table: readonly (readonly string[])[]): SourceRow[] {
  return table.map((cells, i) => ({ line: i + 1, cells: [...cells] }));
}

// ---------------------------------------------------------------------------
// Finding the columns
// ---------------------------------------------------------------------------

const hasContent = (row: SourceRow) => row.cells.some((c) => c.trim() !== "");

type Located =
  | { ok: false; error: IntakeFileError }
  | { ok: true; columns: ColumnMap; dataRows: SourceRow[]; notices: IntakeNotice[] };

function locateColumns(rows: readonly SourceRow[]): Located {
  const filled = rows.filter(hasContent);
  if (filled.length === 0) return { ok: false, error: { code: "no_children", params: {} } };
  const headerIndex = filled.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => mapHeader(r.cells).columns.name !== undefined);
  const header = filled[headerIndex];
  if (header === undefined) return locateNameOnly(filled);
  const { columns, ignored } = mapHeader(header.cells);
  const notices: IntakeNotice[] = ignored.map(({ column, header: text }) => ({
    line: header.line,
    code: "column_ignored",
    params: { header: text, column: column + 1 },
  }));
  if (headerIndex > 0) {
    notices.unshift({ line: header.line, code: "rows_before_header_skipped", params: { count: headerIndex } });
  }
  return { ok: true, columns, dataRows: filled.slice(headerIndex + 1), notices };
}

/** No header: accepted only as a list of names, one non-empty cell per row. */
function locateNameOnly(filled: SourceRow[]): Located {
  const single = filled.map((r) => r.cells.filter((c) => c.trim() !== ""));
  if (single.some((cells) => cells.length !== 1)) return { ok: false, error: { code: "name_column_missing", params: {} } };
  const dataRows = filled.map((r, i) => ({ line: r.line, cells: single[i] ?? [] }));
  return { ok: true, columns: { name: 0 }, dataRows, notices: [] };
}

// ---------------------------------------------------------------------------
// Checking one line
// ---------------------------------------------------------------------------

/** A field's outcome on a line: FieldResult, or a grade checked against the class. */
type LineFieldResult<T> = { ok: true; value: T } | { ok: false; code: IntakeLineErrorCode; params?: Params };

/** An empty grade means the class's; a different one is a mistake (wrong class's list). */
function resolveGrade(raw: string, classGrade: number | null): LineFieldResult<number> {
  if (raw.trim() === "") {
    return classGrade === null ? { ok: false, code: "grade_missing" } : { ok: true, value: classGrade };
  }
  const parsed = parseGrade(raw);
  if (!parsed.ok) return parsed;
  if (classGrade !== null && parsed.value !== classGrade) {
    return { ok: false, code: "grade_mismatch", params: { grade: parsed.value, classGrade } };
  }
  return parsed;
}

function columnNumber(columns: ColumnMap, field: ClassListField): number | null {
  const index = columns[field];
  return index === undefined ? null : index + 1;
}

type RowCheck = { ok: true; child: ClassListChild } | { ok: false; errors: IntakeLineError[] };

function checkRow(row: SourceRow, columns: ColumnMap, classGrade: number | null): RowCheck {
  const cell = (field: ClassListField) => {
    const index = columns[field];
    return index === undefined ? "" : (row.cells[index] ?? "");
  };
  const errors: IntakeLineError[] = [];
  function take<T>(field: ClassListField, result: LineFieldResult<T>): T | undefined {
    if (result.ok) return result.value;
    const params = { ...result.params, value: cell(field).trim().slice(0, 40) };
    errors.push({ line: row.line, column: columnNumber(columns, field), field, code: result.code, params });
    return undefined;
  }
  const name = take("name", parseChildName(cell("name")));
  const grade = take("grade", resolveGrade(cell("grade"), classGrade));
  const studentNumber = take("studentNumber", parseStudentNumber(cell("studentNumber")));
  const guardianName = take("guardianName", parseGuardianName(cell("guardianName")));
  const guardianPhone = take("guardianPhone", parseGuardianPhone(cell("guardianPhone")));
  if (
    name === undefined ||
    grade === undefined ||
    studentNumber === undefined ||
    guardianName === undefined ||
    guardianPhone === undefined
  ) {
    return { ok: false, errors };
  }
  return { ok: true, child: { name, grade, studentNumber, guardianName, guardianPhone } };
}

// ---------------------------------------------------------------------------
// Duplicates and the plan
// ---------------------------------------------------------------------------

const numberKey = (n: string) => n.toUpperCase();
const nameGradeKey = (name: string, grade: number) => `${grade}\u0000${name}`;

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) map.set(k, [...(map.get(k) ?? []), item]);
  }
  return map;
}

type Match = { kind: "new" } | { kind: "existing"; child: ExistingChild } | { kind: "ambiguous" };

/**
 * By student number when the line has one. Otherwise, and when no child has
 * that number yet (a first import without numbers, a second with them), by
 * name and grade among children the number cannot contradict. Two children
 * of the same name and grade are real; the teacher must add numbers.
 */
function createMatcher(existing: readonly ExistingChild[]): (child: ClassListChild) => Match {
  const byNumber = groupBy(existing, (e) => (e.studentNumber ? numberKey(e.studentNumber) : null));
  const byNameGrade = groupBy(existing, (e) => nameGradeKey(e.name, e.grade));
  return (child) => {
    const numbered = child.studentNumber ? byNumber.get(numberKey(child.studentNumber))?.[0] : undefined;
    if (numbered) return { kind: "existing", child: numbered };
    const sameName = byNameGrade.get(nameGradeKey(child.name, child.grade)) ?? [];
    const candidates = child.studentNumber ? sameName.filter((e) => !e.studentNumber) : sameName;
    if (candidates.length > 1) return { kind: "ambiguous" };
    return candidates[0] ? { kind: "existing", child: candidates[0] } : { kind: "new" };
  };
}

function changedFields(child: ClassListChild, existing: ExistingChild): ClassListField[] {
  const differs = (given: string | null, stored: string | null | undefined, key = (s: string) => s) =>
    given !== null && (stored === null || stored === undefined || key(given) !== key(stored));
  const changed: ClassListField[] = [];
  if (child.name !== existing.name) changed.push("name");
  if (child.grade !== existing.grade) changed.push("grade");
  if (differs(child.studentNumber, existing.studentNumber, numberKey)) changed.push("studentNumber");
  if (differs(child.guardianName, existing.guardianName)) changed.push("guardianName");
  if (differs(child.guardianPhone, existing.guardianPhone)) changed.push("guardianPhone");
  return changed;
}

/** Lines already planned, to find the earlier line a later one repeats. */
class PlannedLines {
  private byNumber = new Map<string, number>();
  private byNameGrade = new Map<string, { line: number; hasNumber: boolean }[]>();
  private byExistingId = new Map<string, number>();

  /**
   * The same student number; the same name and grade when either line lacks
   * a number (then nothing tells the two apart); or the same child of the
   * roster, reached by number on one line and by name on another.
   */
  earlierLine(child: ClassListChild, existingId: string | null): number | undefined {
    const sameName = this.byNameGrade.get(nameGradeKey(child.name, child.grade)) ?? [];
    const byNumber = child.studentNumber
      ? (this.byNumber.get(numberKey(child.studentNumber)) ?? sameName.find((s) => !s.hasNumber)?.line)
      : sameName[0]?.line;
    return byNumber ?? (existingId === null ? undefined : this.byExistingId.get(existingId));
  }

  add(line: number, child: ClassListChild, existingId: string | null): void {
    if (child.studentNumber) this.byNumber.set(numberKey(child.studentNumber), line);
    const key = nameGradeKey(child.name, child.grade);
    this.byNameGrade.set(key, [...(this.byNameGrade.get(key) ?? []), { line, hasNumber: child.studentNumber !== null }]);
    if (existingId !== null) this.byExistingId.set(existingId, line);
  }
}

function planRows(
  checked: { line: number; child: ClassListChild }[],
  existing: readonly ExistingChild[],
  columns: ColumnMap,
): { plan: IntakePlan; errors: IntakeLineError[] } {
  const plan: IntakePlan = { create: [], update: [], unchanged: [] };
  const errors: IntakeLineError[] = [];
  const match = createMatcher(existing);
  const planned = new PlannedLines();
  for (const { line, child } of checked) {
    const found = match(child);
    const existingId = found.kind === "existing" ? found.child.id : null;
    const firstLine = planned.earlierLine(child, existingId);
    const field = firstLine !== undefined && child.studentNumber ? "studentNumber" : "name";
    const column = columnNumber(columns, field);
    if (firstLine !== undefined) {
      errors.push({ line, column, field, code: "duplicate_in_file", params: { firstLine, value: child.name } });
      continue;
    }
    planned.add(line, child, existingId);
    if (found.kind === "ambiguous") {
      errors.push({ line, column, field, code: "match_ambiguous", params: { value: child.name } });
    } else if (found.kind === "new") {
      plan.create.push({ line, child });
    } else {
      const changed = changedFields(child, found.child);
      if (changed.length === 0) plan.unchanged.push({ line, existingId: found.child.id });
      else plan.update.push({ line, existingId: found.child.id, child, changed });
    }
  }
  return { plan, errors };
}

/**
 * Checks every line and plans the import. A whole-file problem (no name
 * column, more than 200 children) stops everything else; line problems are
 * listed all at once, and the plan covers only the lines without any.
 */
export function validateRows(
  rows: readonly SourceRow[],
  options: { classGrade: number | null; existing: readonly ExistingChild[] },
): IntakeCheck {
  const located = locateColumns(rows);
  if (!located.ok) return located;
  const { columns, dataRows, notices } = located;
  if (dataRows.length > CLASS_LIST_MAX_CHILDREN) {
    return { ok: false, error: { code: "too_many_rows", params: { max: CLASS_LIST_MAX_CHILDREN, count: dataRows.length } } };
  }
  if (dataRows.length === 0) return { ok: false, error: { code: "no_children", params: {} } };
  const errors: IntakeLineError[] = [];
  const checked: { line: number; child: ClassListChild }[] = [];
  for (const row of dataRows) {
    const result = checkRow(row, columns, options.classGrade);
    if (result.ok) checked.push({ line: row.line, child: result.child });
    else errors.push(...result.errors);
  }
  const planned = planRows(checked, options.existing, columns);
  const allErrors = [...errors, ...planned.errors].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return { ok: true, errors: allErrors, notices, plan: planned.plan };
}
