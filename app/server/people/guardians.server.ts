// Guardians: registering with the link code from a child's slip (the code is
// the proof that this person holds the child's slip; no SMS), linking more
// children with their codes (at most MAX_CHILDREN_PER_GUARDIAN), and the
// list of one's own children. A code is single use: consuming it and
// creating the link happen in one transaction that locks the child's row.
import { currentConsentFrom, type CurrentConsent } from "~/domain/consent.ts";
import { findPasswordWeakness, type PasswordWeakness } from "~/domain/password-rules.ts";
import { GUARDIAN_USERNAME_PREFIX, MAX_CHILDREN_PER_GUARDIAN, type GuardianRelationName } from "~/domain/people/forms.ts";
import { maskPhone } from "~/domain/people/phone.ts";
import { Prisma } from "~/server/db/db.server.ts";
import type { GuardianChildren, LinkCodeProblem } from "~/view-models/people.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb, type Tx } from "~/server/db/db.server.ts";
import { hashPassword } from "~/server/auth/password.server.ts";
import { createSession } from "~/server/auth/session.server.ts";
import { countyIdOf } from "./access.server.ts";
import { drawUniqueUsernames, linkCodeState, readTypedLinkCode } from "./credentials.server.ts";
import { beginLinkCodeAttempt } from "./link-code-limits.server.ts";

type Refusal = { ok: false; problem: LinkCodeProblem; retryAfterSeconds?: number };

type FoundCode = { studentId: string; childName: string; classPath: string } | { problem: "link_code_wrong" | "link_code_used" | "link_code_expired"; studentId?: string };

async function findByCode(digest: string, db: Tx | ReturnType<typeof getDb> = getDb(), now = new Date()): Promise<FoundCode> {
  const profile = await db.studentProfile.findUnique({
    where: { linkCodeHash: digest },
    select: {
      userId: true,
      linkCodeHash: true,
      linkCodeEnc: true,
      linkCodeExpiresAt: true,
      class: { select: { path: true } },
      user: { select: { displayName: true, status: true } },
    },
  });
  if (!profile || profile.user.status !== "ACTIVE") return { problem: "link_code_wrong" };
  const state = linkCodeState(profile, now);
  if (state === "used") return { problem: "link_code_used", studentId: profile.userId };
  if (state === "expired") return { problem: "link_code_expired" };
  return { studentId: profile.userId, childName: profile.user.displayName, classPath: profile.class.path };
}

/** Locks the child's row and reads the code again: the second of two guardians using one code at once gets "used". */
async function claimCode(tx: Tx, digest: string): Promise<FoundCode> {
  await tx.$queryRaw`SELECT "userId" FROM "StudentProfile" WHERE "linkCodeHash" = ${digest} FOR UPDATE`;
  return findByCode(digest, tx);
}

async function linkInTransaction(tx: Tx, input: { guardianId: string; found: { studentId: string; classPath: string }; relation: GuardianRelationName; ip: string | null; digest: string; action: string }) {
  const countyId = countyIdOf({ path: input.found.classPath });
  await tx.roleAssignment.createMany({ data: [{ userId: input.guardianId, role: "GUARDIAN", orgUnitId: countyId }], skipDuplicates: true });
  const link = await tx.guardianLink.create({ data: { guardianId: input.guardianId, studentId: input.found.studentId, relation: input.relation }, select: { id: true } });
  // Single use: the sealed copy goes (nothing to reprint), the digest stays so that the code reads as "used", not "wrong".
  await tx.studentProfile.update({ where: { linkCodeHash: input.digest }, data: { linkCodeEnc: null } });
  const data = { studentId: input.found.studentId, relation: input.relation, linkId: link.id };
  await audit({ actorId: input.guardianId, action: input.action, subjectType: "GuardianLink", subjectId: link.id, data, ip: input.ip }, tx);
}

class Refused extends Error {
  constructor(readonly problem: LinkCodeProblem) {
    super(problem);
  }
}

function isUniqueClash(error: unknown, field: string): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && JSON.stringify(error.meta ?? {}).includes(field);
}

export type RegisterResult =
  | { ok: true; studentId: string; setCookie: string }
  | { ok: false; weakness: PasswordWeakness }
  | Refusal;

/**
 * One form, one transaction: the account (phone + password), the GUARDIAN
 * role in the child's county, the link, the code consumed. Signs the new
 * guardian in (a grandparent should not have to type it all again).
 */
export async function registerGuardian(input: {
  phone: string;
  password: string;
  linkCode: string;
  relation: GuardianRelationName;
  displayName: string;
  ip: string | null;
  userAgent: string | null;
}): Promise<RegisterResult> {
  const weakness = findPasswordWeakness(input.password, { phone: input.phone });
  if (weakness) return { ok: false, weakness };
  const typed = readTypedLinkCode(input.linkCode);
  if (!typed.ok) return { ok: false, problem: typed.reason };
  const attempt = await beginLinkCodeAttempt({ account: `phone:${input.phone}`, ip: input.ip });
  if (!attempt.ok) return { ok: false, problem: "rate_limited", retryAfterSeconds: attempt.retryAfterSeconds };
  const found = await findByCode(typed.digest);
  if ("problem" in found) return attempt.failed().then(() => ({ ok: false as const, problem: found.problem }));
  const db = getDb();
  if (await db.user.findUnique({ where: { phone: input.phone }, select: { id: true } })) {
    await attempt.failed();
    return { ok: false, problem: "phone_taken" };
  }
  const [username] = await drawUniqueUsernames(GUARDIAN_USERNAME_PREFIX, 1);
  const passwordHash = await hashPassword(input.password);
  try {
    const { userId, studentId } = await db.$transaction(async (tx) => {
      const claimed = await claimCode(tx, typed.digest);
      if ("problem" in claimed) throw new Refused(claimed.problem);
      const user = await tx.user.create({
        data: { username: username!, phone: input.phone, displayName: input.displayName || maskPhone(input.phone), passwordHash },
        select: { id: true },
      });
      await linkInTransaction(tx, { guardianId: user.id, found: claimed, relation: input.relation, ip: input.ip, digest: typed.digest, action: "people.guardian_registered" });
      return { userId: user.id, studentId: claimed.studentId };
    });
    await attempt.succeeded();
    const { setCookie } = await createSession({ userId, ip: input.ip, userAgent: input.userAgent });
    return { ok: true, studentId, setCookie };
  } catch (error) {
    if (error instanceof Refused) return attempt.failed().then(() => ({ ok: false as const, problem: error.problem }));
    if (isUniqueClash(error, "phone")) return attempt.failed().then(() => ({ ok: false as const, problem: "phone_taken" as const }));
    throw error;
  }
}

export type LinkChildResult = { ok: true; studentId: string; childName: string } | Refusal;

/** Links one more child to a signed-in guardian with the code from that child's slip. */
export async function linkChild(input: { guardianId: string; linkCode: string; relation: GuardianRelationName; ip: string | null }): Promise<LinkChildResult> {
  const typed = readTypedLinkCode(input.linkCode);
  if (!typed.ok) return { ok: false, problem: typed.reason };
  const db = getDb();
  if ((await db.guardianLink.count({ where: { guardianId: input.guardianId } })) >= MAX_CHILDREN_PER_GUARDIAN) return { ok: false, problem: "too_many_children" };
  const attempt = await beginLinkCodeAttempt({ account: `user:${input.guardianId}`, ip: input.ip });
  if (!attempt.ok) return { ok: false, problem: "rate_limited", retryAfterSeconds: attempt.retryAfterSeconds };
  const found = await findByCode(typed.digest);
  const linked = async (studentId: string | undefined) =>
    studentId !== undefined && (await db.guardianLink.findUnique({ where: { guardianId_studentId: { guardianId: input.guardianId, studentId } }, select: { id: true } })) !== null;
  if ("problem" in found) {
    // Their own used code again: say the child is already theirs.
    if (found.problem === "link_code_used" && (await linked(found.studentId))) return attempt.succeeded().then(() => ({ ok: false as const, problem: "already_linked" as const }));
    return attempt.failed().then(() => ({ ok: false as const, problem: found.problem }));
  }
  if (await linked(found.studentId)) return attempt.succeeded().then(() => ({ ok: false as const, problem: "already_linked" as const }));
  try {
    await db.$transaction(async (tx) => {
      // The guardian's row lock makes "at most ten" hold against two codes typed at once.
      await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${input.guardianId} FOR UPDATE`;
      if ((await tx.guardianLink.count({ where: { guardianId: input.guardianId } })) >= MAX_CHILDREN_PER_GUARDIAN) throw new Refused("too_many_children");
      const claimed = await claimCode(tx, typed.digest);
      if ("problem" in claimed) throw new Refused(claimed.problem);
      await linkInTransaction(tx, { guardianId: input.guardianId, found: claimed, relation: input.relation, ip: input.ip, digest: typed.digest, action: "people.guardian_linked" });
    });
  } catch (error) {
    if (error instanceof Refused) return attempt.failed().then(() => ({ ok: false as const, problem: error.problem }));
    if (isUniqueClash(error, "guardianId")) return attempt.succeeded().then(() => ({ ok: false as const, problem: "already_linked" as const }));
    throw error;
  }
  await attempt.succeeded();
  return { ok: true, studentId: found.studentId, childName: found.childName };
}

/** The guardian's children, oldest link first, with each one's consent at a glance. */
export async function getGuardianChildren(guardianId: string): Promise<GuardianChildren> {
  const db = getDb();
  const links = await db.guardianLink.findMany({
    where: { guardianId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      relation: true,
      student: {
        select: { id: true, displayName: true, studentProfile: { select: { class: { select: { name: true, parent: { select: { name: true, shortName: true } } } } } } },
      },
    },
  });
  const records = await db.consentRecord.findMany({
    where: { studentId: { in: links.map((l) => l.student.id) } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, studentId: true, scope: true, action: true, createdAt: true },
  });
  const consentOf = (id: string): CurrentConsent => currentConsentFrom(records.filter((r) => r.studentId === id));
  return {
    maxChildren: MAX_CHILDREN_PER_GUARDIAN,
    children: links.map(({ relation, student }) => {
      const cls = student.studentProfile?.class ?? null;
      const consent = consentOf(student.id).scopes;
      return {
        id: student.id,
        name: student.displayName,
        relation: relation as GuardianRelationName,
        className: cls?.name ?? null,
        schoolName: cls?.parent ? (cls.parent.shortName ?? cls.parent.name) : null,
        consent: { PUBLIC_WORK: consent.PUBLIC_WORK.state, PUBLIC_NAME: consent.PUBLIC_NAME.state, PUBLIC_FEEDBACK: consent.PUBLIC_FEEDBACK.state },
      };
    }),
  };
}
