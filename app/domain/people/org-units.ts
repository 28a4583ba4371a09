// Names, order and codes of the county's townships, schools and classes.
// Pure. Classes are read the way a school lists them: by grade, then by
// number (三年级(1)班, 三年级(2)班, … 三年级(10)班, 四年级(1)班), never by the
// pinyin of their names, which would put 四年级 before 三年级.
import { parseGrade } from "../intake/fields.ts";

export const GRADE_NAMES = ["", "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级"] as const;
export const CLASS_NUMBER_MAX = 40;
export const UNIT_NAME_MAX_CHARS = 40;
export const SHORT_NAME_MAX_CHARS = 12;

/** The name every class gets: "三年级(1)班" (half-width brackets, as the seed and most school systems write it). */
export function className(grade: number, number: number): string {
  return `${GRADE_NAMES[grade] ?? `${grade}年级`}(${number})班`;
}

const CHINESE_DIGITS = "一二三四五六七八九";

/** "1" "01" "一" "十" "十二" "二十" → the number; anything else null. */
function numberFromText(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const match = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(text);
  if (!match || text === "") return null;
  const [, tens, ten, ones] = match;
  if (!ten) return tens && !ones ? CHINESE_DIGITS.indexOf(tens) + 1 : null;
  return (tens ? CHINESE_DIGITS.indexOf(tens) + 1 : 1) * 10 + (ones ? CHINESE_DIGITS.indexOf(ones) + 1 : 0);
}

/**
 * The class number in a 班级 cell: "1", "(1)", "（1）班", "1班", "一班",
 * "三年级(1)班", "3年级2班", "三(2)班". Null when there is none or it is 0 or
 * above CLASS_NUMBER_MAX.
 */
export function parseClassNumber(raw: string): number | null {
  const text = raw
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/^.*年级/u, "")
    .replace(/^(?:初[一二三]|[一二三四五六七八九1-9])(?=\()/u, "")
    .replace(/班$/u, "");
  const inner = /^\(?([0-9一二三四五六七八九十]+)\)?$/u.exec(text);
  if (!inner?.[1]) return null;
  const value = numberFromText(inner[1]);
  return value !== null && value >= 1 && value <= CLASS_NUMBER_MAX ? value : null;
}

/** The number of a class from its name, for sorting: "三年级(12)班" → 12; null when the name has none. */
export function classNumberFromName(name: string): number | null {
  const text = name.normalize("NFKC");
  const bracketed = /[(（]\s*(\d{1,3})\s*[)）]/u.exec(text) ?? /(\d{1,3})\s*班/u.exec(text);
  return bracketed?.[1] ? Number(bracketed[1]) : null;
}

const collator = new Intl.Collator("zh-CN", { numeric: true });

/** Townships and schools: by name as a Chinese reader sorts them. */
export function compareUnitNames(a: { name: string }, b: { name: string }): number {
  return collator.compare(a.name, b.name);
}

/** Classes: grade, then class number, then name (numbers in names compared as numbers); classes without a grade last. */
export function compareClasses(a: { name: string; grade: number | null }, b: { name: string; grade: number | null }): number {
  const grade = (a.grade ?? 99) - (b.grade ?? 99);
  if (grade !== 0) return grade;
  const na = classNumberFromName(a.name);
  const nb = classNumberFromName(b.name);
  if (na !== null && nb !== null && na !== nb) return na - nb;
  return collator.compare(a.name, b.name);
}

/** Grade from a cell ("三年级", "3", "初一"), or null. */
export function gradeFromCell(raw: string): number | null {
  const parsed = parseGrade(raw);
  return parsed.ok ? parsed.value : null;
}

/**
 * The school year a date falls in: 2026 for September 2026 to August 2027
 * (Asia/Shanghai), so the winter holiday of January 2027 belongs to 2026.
 */
export function schoolYearOf(date: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Shanghai", year: "numeric", month: "numeric" }).formatToParts(date);
  const year = Number(parts.find((p) => p.type === "year")?.value);
  const month = Number(parts.find((p) => p.type === "month")?.value);
  return month >= 9 ? year : year - 1;
}

// ---------------------------------------------------------------------------
// Codes. OrgUnit.code is unique across the platform; codes are built from the
// parent's code so that they read as an address ("DEMO-S03-2026-G3C1") and
// never depend on a name (names get corrected, codes stay).
// ---------------------------------------------------------------------------

/** The first `prefix`NN (two digits or more) nobody has. */
export function nextNumberedCode(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const code = `${prefix}${String(n).padStart(2, "0")}`;
    if (!taken.has(code)) return code;
  }
}

/** `base`, or base-2, base-3 … when taken. */
export function uniqueCode(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export function townshipCodePrefix(countyCode: string): string {
  return `${countyCode}-T`;
}

export function schoolCodePrefix(countyCode: string): string {
  return `${countyCode}-S`;
}

export function classCodeBase(schoolCode: string, c: { schoolYear: number; grade: number; number: number }): string {
  return `${schoolCode}-${c.schoolYear}-G${c.grade}C${c.number}`;
}

/** A unit name as typed: spaces trimmed and collapsed, full-width brackets kept (names are shown as the county writes them). */
export function normaliseUnitName(raw: string): string {
  return raw.normalize("NFC").replace(/[\u3000\s]+/g, " ").trim();
}

export type UnitNameProblem = "missing" | "too_long" | "invalid";

/** Letters, digits, spaces, brackets, "·" and "-": nothing that could be markup or a formula. */
export function checkUnitName(name: string, maxChars = UNIT_NAME_MAX_CHARS): UnitNameProblem | null {
  if (name === "") return "missing";
  if (Array.from(name).length > maxChars) return "too_long";
  return /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} ()（）·-]*$/u.test(name) ? null : "invalid";
}
