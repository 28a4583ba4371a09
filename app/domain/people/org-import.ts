// Importing a county's townships, schools and classes from one sheet
// (columns 乡镇, 学校, 学校简称, 年级, 班级), checked line by line against what
// the county already has, and a plan of what to create. Pure: the caller
// reads the sheet (sheets.server.ts) and the tree (db) and writes the plan
// in one transaction. A line with a school and no class adds the school
// only; a school repeated on every class's line is normal.
import type { SourceRow } from "../intake/class-list.ts";
import { normaliseHeader } from "../intake/headers.ts";
import { checkUnitName, gradeFromCell, normaliseUnitName, parseClassNumber, SHORT_NAME_MAX_CHARS, type UnitNameProblem } from "./org-units.ts";

/** A county has a few hundred schools and a few thousand classes at most. */
export const ORG_IMPORT_MAX_LINES = 3000;

export const ORG_FIELDS = ["township", "school", "shortName", "grade", "class"] as const;
export type OrgField = (typeof ORG_FIELDS)[number];

const ALIASES: Record<OrgField, readonly string[]> = {
  township: ["乡镇", "乡镇/社区", "乡镇社区", "乡镇街道", "街道", "社区", "镇", "乡", "township"],
  school: ["学校", "学校名称", "学校全称", "校名", "school", "schoolname"],
  shortName: ["学校简称", "简称", "shortname"],
  grade: ["年级", "grade"],
  class: ["班级", "班", "班级名称", "班号", "class"],
};

const FIELD_BY_HEADER = new Map<string, OrgField>(ORG_FIELDS.flatMap((f) => ALIASES[f].map((a) => [normaliseHeader(a), f] as const)));

export type OrgFileErrorCode = "no_lines" | "too_many_lines" | "header_missing";
export type OrgLineErrorCode =
  | "township_missing"
  | "township_too_long"
  | "township_invalid"
  | "school_missing"
  | "school_too_long"
  | "school_invalid"
  | "short_name_too_long"
  | "short_name_invalid"
  | "short_name_conflict"
  | "grade_invalid"
  | "class_invalid"
  | "class_without_grade"
  | "grade_without_class"
  | "school_in_other_township"
  | "duplicate_class";

export interface OrgLineError {
  line: number;
  field: OrgField;
  code: OrgLineErrorCode;
  params: Record<string, string | number>;
}

/** What the county has now, as the caller loaded it. */
export interface ExistingTree {
  townships: { id: string; name: string }[];
  schools: { id: string; name: string; shortName: string | null; townshipId: string }[];
  classes: { schoolId: string; grade: number | null; number: number | null }[];
}

export interface OrgPlan {
  townships: { line: number; name: string }[];
  schools: { line: number; township: string; name: string; shortName: string | null }[];
  /** An existing school whose short name the sheet sets or changes. */
  shortNames: { line: number; schoolId: string; name: string; shortName: string }[];
  classes: { line: number; school: string; grade: number; number: number }[];
  /** Lines that add nothing (everything on them exists already). */
  unchanged: number;
}

export type OrgImportCheck =
  | { ok: false; error: { code: OrgFileErrorCode; params: Record<string, string | number> } }
  | { ok: true; errors: OrgLineError[]; plan: OrgPlan };

type Columns = Partial<Record<OrgField, number>>;

function findHeader(rows: readonly SourceRow[]): { index: number; columns: Columns } | null {
  for (let i = 0; i < Math.min(rows.length, 5); i++) {
    const columns: Columns = {};
    rows[i]?.cells.forEach((cell, column) => {
      const field = FIELD_BY_HEADER.get(normaliseHeader(cell));
      if (field && columns[field] === undefined) columns[field] = column;
    });
    if (columns.township !== undefined && columns.school !== undefined) return { index: i, columns };
  }
  return null;
}

interface Line {
  line: number;
  township: string;
  school: string;
  shortName: string | null;
  grade: number | null;
  number: number | null;
}

const NAME_CODES: Record<"township" | "school" | "shortName", Record<UnitNameProblem, OrgLineErrorCode | null>> = {
  township: { missing: "township_missing", too_long: "township_too_long", invalid: "township_invalid" },
  school: { missing: "school_missing", too_long: "school_too_long", invalid: "school_invalid" },
  shortName: { missing: null, too_long: "short_name_too_long", invalid: "short_name_invalid" },
};

function readLine(row: SourceRow, columns: Columns): { line?: Line; errors: OrgLineError[] } {
  const cell = (field: OrgField) => (columns[field] === undefined ? "" : (row.cells[columns[field]] ?? ""));
  const errors: OrgLineError[] = [];
  const fail = (field: OrgField, code: OrgLineErrorCode) => errors.push({ line: row.line, field, code, params: { value: cell(field).trim().slice(0, 40) } });
  const names = { township: normaliseUnitName(cell("township")), school: normaliseUnitName(cell("school")), shortName: normaliseUnitName(cell("shortName")) };
  for (const field of ["township", "school", "shortName"] as const) {
    const problem = checkUnitName(names[field], field === "shortName" ? SHORT_NAME_MAX_CHARS : undefined);
    const code = problem ? NAME_CODES[field][problem] : null;
    if (code) fail(field, code);
  }
  const gradeText = cell("grade").trim();
  const classText = cell("class").trim();
  const grade = gradeText === "" ? null : gradeFromCell(gradeText);
  const number = classText === "" ? null : parseClassNumber(classText);
  if (gradeText !== "" && grade === null) fail("grade", "grade_invalid");
  if (classText !== "" && number === null) fail("class", "class_invalid");
  if (classText !== "" && gradeText === "") fail("grade", "class_without_grade");
  if (gradeText !== "" && classText === "") fail("class", "grade_without_class");
  if (errors.length > 0) return { errors };
  return { errors, line: { line: row.line, ...names, shortName: names.shortName || null, grade, number } };
}

const schoolKey = (name: string) => name;
const classKey = (school: string, grade: number, number: number) => `${school}\u0000${grade}\u0000${number}`;

/** Checks every line and plans what to create; nothing is planned from a line with an error. */
export function validateOrgRows(rows: readonly SourceRow[], existing: ExistingTree): OrgImportCheck {
  const filled = rows.filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (filled.length === 0) return { ok: false, error: { code: "no_lines", params: {} } };
  const header = findHeader(filled);
  if (!header) return { ok: false, error: { code: "header_missing", params: {} } };
  const dataRows = filled.slice(header.index + 1);
  if (dataRows.length > ORG_IMPORT_MAX_LINES) return { ok: false, error: { code: "too_many_lines", params: { max: ORG_IMPORT_MAX_LINES, count: dataRows.length } } };
  if (dataRows.length === 0) return { ok: false, error: { code: "no_lines", params: {} } };

  const townshipById = new Map(existing.townships.map((t) => [t.id, t.name]));
  const knownTownships = new Set(existing.townships.map((t) => t.name));
  const knownSchools = new Map(existing.schools.map((s) => [schoolKey(s.name), { ...s, township: townshipById.get(s.townshipId) ?? "" }]));
  const schoolIds = new Map(existing.schools.map((s) => [s.id, s.name]));
  const knownClasses = new Set(
    existing.classes.flatMap((c) => (c.grade !== null && c.number !== null && schoolIds.has(c.schoolId) ? [classKey(schoolIds.get(c.schoolId)!, c.grade, c.number)] : [])),
  );

  const errors: OrgLineError[] = [];
  const plan: OrgPlan = { townships: [], schools: [], shortNames: [], classes: [], unchanged: 0 };
  const fileSchools = new Map<string, { township: string; shortName: string | null; line: number }>();
  const fileClasses = new Map<string, number>();
  for (const row of dataRows) {
    const read = readLine(row, header.columns);
    errors.push(...read.errors);
    const line = read.line;
    if (!line) continue;
    const problem = checkAgainst(line, { knownSchools, fileSchools, fileClasses });
    if (problem) {
      errors.push(problem);
      continue;
    }
    let added = false;
    if (!knownTownships.has(line.township)) {
      knownTownships.add(line.township);
      plan.townships.push({ line: line.line, name: line.township });
      added = true;
    }
    const known = knownSchools.get(schoolKey(line.school));
    if (!known && !fileSchools.has(line.school)) {
      plan.schools.push({ line: line.line, township: line.township, name: line.school, shortName: line.shortName });
      added = true;
    } else if (!known && line.shortName) {
      const planned = plan.schools.find((s) => s.name === line.school);
      const first = fileSchools.get(line.school);
      if (planned && planned.shortName === null) planned.shortName = line.shortName;
      if (first && first.shortName === null) first.shortName = line.shortName;
    } else if (known && line.shortName && line.shortName !== known.shortName && !plan.shortNames.some((s) => s.schoolId === known.id)) {
      plan.shortNames.push({ line: line.line, schoolId: known.id, name: known.name, shortName: line.shortName });
      added = true;
    }
    if (!fileSchools.has(line.school)) fileSchools.set(line.school, { township: line.township, shortName: line.shortName, line: line.line });
    if (line.grade !== null && line.number !== null) {
      const key = classKey(line.school, line.grade, line.number);
      fileClasses.set(key, line.line);
      if (!knownClasses.has(key)) {
        plan.classes.push({ line: line.line, school: line.school, grade: line.grade, number: line.number });
        added = true;
      }
    }
    if (!added) plan.unchanged++;
  }
  return { ok: true, errors: errors.sort((a, b) => a.line - b.line), plan };
}

function checkAgainst(
  line: Line,
  seen: {
    knownSchools: Map<string, { township: string; shortName: string | null }>;
    fileSchools: Map<string, { township: string; shortName: string | null; line: number }>;
    fileClasses: Map<string, number>;
  },
): OrgLineError | null {
  const at = (field: OrgField, code: OrgLineErrorCode, params: Record<string, string | number>) => ({ line: line.line, field, code, params });
  const known = seen.knownSchools.get(schoolKey(line.school));
  if (known && known.township !== line.township) {
    return at("township", "school_in_other_township", { value: line.township, school: line.school, township: known.township });
  }
  const earlier = seen.fileSchools.get(line.school);
  if (earlier && earlier.township !== line.township) {
    return at("township", "school_in_other_township", { value: line.township, school: line.school, township: earlier.township });
  }
  if (earlier && line.shortName && earlier.shortName && earlier.shortName !== line.shortName) {
    return at("shortName", "short_name_conflict", { value: line.shortName, firstLine: earlier.line, shortName: earlier.shortName });
  }
  if (line.grade !== null && line.number !== null) {
    const firstLine = seen.fileClasses.get(classKey(line.school, line.grade, line.number));
    if (firstLine !== undefined) return at("class", "duplicate_class", { value: String(line.number), firstLine });
  }
  return null;
}
