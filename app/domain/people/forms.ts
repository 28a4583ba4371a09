// The forms of the people pages (org tree, staff, class intake, guardians,
// consent): one zod schema each, checked by the actions (parseSubmission or
// parseIntent). Issue messages are message-catalog keys. Pure.
import { z } from "zod";
import { CONSENT_ACTIONS, CONSENT_SCOPES } from "../consent.ts";
import { parseGuardianPhone } from "../intake/fields.ts";
import { PASSWORD_MIN_LENGTH } from "../password-rules.ts";
import { CLASS_NUMBER_MAX, GRADE_NAMES } from "./org-units.ts";

/** One guardian account looks after at most this many children; the eleventh link is refused. */
export const MAX_CHILDREN_PER_GUARDIAN = 10;
/** How long a printed link code (家长绑定码) stays valid. A term and a holiday, with room to spare. */
export const LINK_CODE_TTL_DAYS = 90;
/** Usernames of batch-created children ("xs" 学生) and of accounts made for staff and guardians, who sign in with their phone. */
export const STUDENT_USERNAME_PREFIX = "xs";
export const STAFF_USERNAME_PREFIX = "js";
export const GUARDIAN_USERNAME_PREFIX = "jz";

export const GUARDIAN_RELATIONS = ["MOTHER", "FATHER", "GRANDPARENT", "OTHER"] as const;
export type GuardianRelationName = (typeof GUARDIAN_RELATIONS)[number];

/** Roles an organiser appoints, and the kind of unit each is appointed to. */
export const APPOINTABLE_ROLES = { SCHOOL_COORDINATOR: "SCHOOL", TEACHER: "CLASS", JUDGE: "COUNTY" } as const;
export type AppointableRole = keyof typeof APPOINTABLE_ROLES;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "form.invalid");
const phone = z.string().transform((raw, ctx) => {
  const parsed = parseGuardianPhone(raw);
  if (!parsed.ok || parsed.value === null) {
    ctx.addIssue({ code: "custom", message: raw.trim() === "" ? "people.error.phoneRequired" : "people.error.phoneInvalid" });
    return z.NEVER;
  }
  return parsed.value;
});
const personName = z
  .string()
  .transform((s) => s.normalize("NFC").replace(/\s+/g, " ").trim())
  .pipe(z.string().max(20, "people.error.nameTooLong").regex(/^[\p{L}\p{M} ·]*$/u, "people.error.nameInvalid"));

const newPassword = z.string().min(PASSWORD_MIN_LENGTH, "password.error.tooShort").max(128, "password.error.tooLong");

export const GuardianRegisterSchema = z
  .object({
    phone,
    password: newPassword,
    confirmPassword: z.string(),
    linkCode: z.string().trim().min(1, "guardian.error.linkCodeRequired").max(40, "guardian.error.link_code_format"),
    relation: z.enum(GUARDIAN_RELATIONS, "guardian.error.relationRequired"),
    displayName: personName,
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "password.error.mismatch" });

export const LinkChildSchema = z.object({
  linkCode: z.string().trim().min(1, "guardian.error.linkCodeRequired").max(40, "guardian.error.link_code_format"),
  relation: z.enum(GUARDIAN_RELATIONS, "guardian.error.relationRequired"),
});

export const ConsentChangeSchema = z.object({
  scope: z.enum(CONSENT_SCOPES, "form.invalid"),
  action: z.enum(CONSENT_ACTIONS, "form.invalid"),
  textVersion: z.string().max(64, "form.invalid"),
});

/** What a teacher pasted; the size limit is the class list's own (parsePastedText), checked there with its message. */
export const IntakeCommitSchema = z.object({
  text: z.string().min(1, "intake.error.nothingToCommit"),
  token: z.string().regex(/^[0-9a-f]{64}$/, "intake.error.stale"),
});

export const StudentActionSchema = z.object({ studentId: id, newLinkCode: z.string().optional() });
export const RevokeLinkSchema = z.object({ linkId: id });

const grade = z.coerce.number("org.error.gradeInvalid").int("org.error.gradeInvalid").min(1, "org.error.gradeInvalid").max(GRADE_NAMES.length - 1, "org.error.gradeInvalid");
const classNumber = z.coerce.number("org.error.classNumberInvalid").int("org.error.classNumberInvalid").min(1, "org.error.classNumberInvalid").max(CLASS_NUMBER_MAX, "org.error.classNumberInvalid");
const unitName = z.string().transform((s) => s.normalize("NFC").replace(/[\u3000\s]+/g, " ").trim());

export const AddTownshipSchema = z.object({ countyId: id, name: unitName });
export const AddSchoolSchema = z.object({ townshipId: id, name: unitName, shortName: unitName });
export const AddClassSchema = z.object({ schoolId: id, grade, number: classNumber });

export const AppointSchema = z.object({
  role: z.enum(Object.keys(APPOINTABLE_ROLES) as [AppointableRole, ...AppointableRole[]], "people.error.roleRequired"),
  unitId: id,
  phone,
  displayName: personName,
});
export const AccountActionSchema = z.object({ userId: id });
export const RemoveRoleSchema = z.object({ assignmentId: id });
