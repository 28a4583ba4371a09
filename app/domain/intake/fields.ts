// One cell of a class list, normalised the way a person would read it, or
// refused with a code the message catalog turns into a sentence. Shared by
// the batch intake and by a form that adds one child, so that a name typed
// in either place ends up the same.
import { z } from "zod";

export type FieldResult<T> = { ok: true; value: T } | { ok: false; code: FieldErrorCode };

export const FIELD_ERROR_CODES = [
  "name_missing",
  "name_too_long",
  "name_invalid",
  "grade_invalid",
  "student_number_invalid",
  "guardian_name_invalid",
  "phone_invalid",
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export const NAME_MAX_CHARS = 20;
export const STUDENT_NUMBER_MAX_CHARS = 32;
export const GRADE_MIN = 1;
export const GRADE_MAX = 9;

// Middle dots people type in minority names (阿依古丽·买买提): the Latin-1
// dot is the one GB 18030 and ID cards use, so every look-alike becomes it.
const DOT_LOOKALIKES = /[•・‧∙⋅．.]/gu;
// Letters of any script (Han is \p{Lo}; 𠮷 outside the BMP included), with
// combining marks, in words joined by one space or one middle dot.
const NAME_PATTERN = /^[\p{L}\p{M}]+(?:[ ·][\p{L}\p{M}]+)*$/u;
const HAN_GAP = /(?<=[^\p{Script=Latin}\s])\s+(?=[^\p{Script=Latin}\s])/gu;

/**
 * Teachers pad two-character names to line up with three-character ones
 * ("张  三"), so spaces between non-Latin characters go; a space between
 * Latin words ("Alice Wang") stays, as one space.
 */
function normaliseNameText(raw: string): string {
  return raw
    .normalize("NFC")
    .replace(/\u3000/g, " ")
    .trim()
    .replace(DOT_LOOKALIKES, "·")
    .replace(HAN_GAP, "")
    .replace(/\s+/g, " ")
    .replace(/ ?· ?/g, "·");
}

function parseName(raw: string): FieldResult<string> {
  const name = normaliseNameText(raw);
  if (name === "") return { ok: false, code: "name_missing" };
  if (Array.from(name).length > NAME_MAX_CHARS) return { ok: false, code: "name_too_long" };
  if (!NAME_PATTERN.test(name)) return { ok: false, code: "name_invalid" };
  return { ok: true, value: name };
}

/** A child's name: 1–20 letters (CJK, any script), middle dots, no digits or symbols. */
export function parseChildName(raw: string): FieldResult<string> {
  return parseName(raw);
}

/** A guardian's name: the same rules as a child's; empty means not given. */
export function parseGuardianName(raw: string): FieldResult<string | null> {
  if (raw.trim() === "") return { ok: true, value: null };
  const result = parseName(raw);
  return result.ok ? result : { ok: false, code: "guardian_name_invalid" };
}

const CHINESE_NUMERALS = "一二三四五六七八九";
// "三年级(1)班", "3年级2班": the class part says nothing about the grade.
const CLASS_SUFFIX = /[(（]?[0-9一二三四五六七八九十]+[)）]?班$/u;

function numeral(text: string): number | null {
  if (/^0?[1-9]$/.test(text)) return Number(text);
  const index = CHINESE_NUMERALS.indexOf(text);
  return text.length === 1 && index >= 0 ? index + 1 : null;
}

function gradeFromText(text: string): number | null {
  const junior = /^初中?(.)(?:年级)?$/u.exec(text);
  if (junior?.[1]) {
    const year = numeral(junior[1]);
    return year !== null && year <= 3 ? year + 6 : null;
  }
  const other = /^(?:小学|grade|g)?(.+?)(?:年级)?$/u.exec(text);
  return other?.[1] ? numeral(other[1]) : null;
}

/**
 * "3", "３", "03", "三年级", "3年级", "小学三年级", "三年级(1)班", "七年级",
 * "初一", "初中二年级", "Grade 8" → 1–9. Junior middle school counts on from
 * primary (初一 = 7), as in the 六三制 most counties follow.
 */
export function parseGrade(raw: string): FieldResult<number> {
  const text = raw.normalize("NFKC").toLowerCase().replace(/\s+/g, "").replace(CLASS_SUFFIX, "");
  const grade = gradeFromText(text);
  if (grade === null || grade < GRADE_MIN || grade > GRADE_MAX) return { ok: false, code: "grade_invalid" };
  return { ok: true, value: grade };
}

/** 学号 / 学籍号: letters, digits and "-", at most 32; empty means not given. */
export function parseStudentNumber(raw: string): FieldResult<string | null> {
  const text = raw.normalize("NFKC").trim();
  if (text === "") return { ok: true, value: null };
  const valid = text.length <= STUDENT_NUMBER_MAX_CHARS && /^[A-Za-z0-9-]+$/.test(text);
  return valid ? { ok: true, value: text } : { ok: false, code: "student_number_invalid" };
}

/**
 * A mainland mobile number as 11 digits: "+86 138-0013-8000", "138 0013 8000",
 * full-width digits and "0086" all become "13800138000". Landlines and
 * anything else are refused: the number is for reaching a parent by SMS.
 */
export function parseGuardianPhone(raw: string): FieldResult<string | null> {
  const text = raw.normalize("NFKC").trim();
  if (text === "") return { ok: true, value: null };
  const digits = text.replace(/[\s\-()]/g, "").replace(/^(?:\+|00)?86(?=1\d{10}$)/, "");
  return /^1[3-9]\d{9}$/.test(digits) ? { ok: true, value: digits } : { ok: false, code: "phone_invalid" };
}

function refine<T>(parse: (raw: string) => FieldResult<T>) {
  return z.string().transform((raw, ctx): T => {
    const result = parse(raw);
    if (result.ok) return result.value;
    ctx.addIssue({ code: "custom", message: result.code });
    return z.NEVER;
  });
}

/**
 * One child as a form submits it (the single-child form and the intake
 * share it); an issue's message is a FieldErrorCode for the catalog.
 */
export const ClassListChildSchema = z.object({
  name: refine(parseChildName),
  grade: refine(parseGrade),
  studentNumber: refine(parseStudentNumber),
  guardianName: refine(parseGuardianName),
  guardianPhone: refine(parseGuardianPhone),
});
export type ClassListChild = z.infer<typeof ClassListChildSchema>;
