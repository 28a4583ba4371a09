// A class's children's accounts for their teacher and the school's
// coordinator (/classes/:classId/accounts): whether each child still has the
// printed password and an unused link code, which guardians are linked, and
// the three things a teacher does about them: reset a password (a new
// initial password, to be changed at first login), make a new link code, and
// revoke a guardian link made by mistake. Every change is audited.
import type { GuardianRelationName } from "~/domain/people/forms.ts";
import { maskPhone } from "~/domain/people/phone.ts";
import type { ClassAccounts, ClassAccountsResult, PasswordState } from "~/view-models/people.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { getClassAccess } from "./access.server.ts";
import { linkCodeState, makeLinkCode, makePrintableInitialPassword, openInitialPassword, openLinkCode } from "./credentials.server.ts";
import { missingPdfCharacters } from "./slips.server.ts";

function passwordState(user: { username: string; initialPasswordEnc: string | null }): PasswordState {
  if (!user.initialPasswordEnc) return "changed";
  return openInitialPassword(user) === null ? "unreadable" : "initial";
}

export async function getClassAccounts(input: { userId: string; classId: string }): Promise<ClassAccounts | null> {
  const access = await getClassAccess(input.userId, input.classId);
  if (!access) return null;
  const profiles = await getDb().studentProfile.findMany({
    where: { classId: access.class.id },
    select: {
      studentNumber: true,
      guardianName: true,
      guardianPhone: true,
      linkCodeHash: true,
      linkCodeEnc: true,
      linkCodeExpiresAt: true,
      user: {
        select: {
          id: true,
          displayName: true,
          username: true,
          status: true,
          initialPasswordEnc: true,
          guardedBy: {
            orderBy: { createdAt: "asc" },
            select: { id: true, relation: true, createdAt: true, guardian: { select: { displayName: true, phone: true } } },
          },
        },
      },
    },
  });
  const collator = new Intl.Collator("zh-CN", { numeric: true });
  profiles.sort((a, b) =>
    a.studentNumber && b.studentNumber ? collator.compare(a.studentNumber, b.studentNumber) : collator.compare(a.user.displayName, b.user.displayName),
  );
  const children = await Promise.all(
    profiles.map(async (p) => ({
      id: p.user.id,
      name: p.user.displayName,
      username: p.user.username,
      studentNumber: p.studentNumber,
      active: p.user.status === "ACTIVE",
      password: passwordState(p.user),
      linkCode: linkCodeState(p) === "ready" ? openLinkCode(p.user.username, p).state : linkCodeState(p),
      linkCodeExpiresAt: p.linkCodeExpiresAt,
      missingCharacters: await missingPdfCharacters(p.user.displayName),
      listedGuardian: p.guardianName || p.guardianPhone ? { name: p.guardianName, phone: p.guardianPhone } : null,
      guardians: p.user.guardedBy.map((g) => ({
        linkId: g.id,
        name: g.guardian.displayName,
        phone: g.guardian.phone ? maskPhone(g.guardian.phone) : null,
        relation: g.relation as GuardianRelationName,
        since: g.createdAt,
      })),
    })),
  );
  return { classId: access.class.id, className: access.class.name, schoolName: access.school.shortName ?? access.school.name, children };
}

async function findChild(classId: string, studentId: string) {
  return getDb().studentProfile.findFirst({
    where: { classId, userId: studentId },
    select: { user: { select: { id: true, username: true, displayName: true } } },
  });
}

/**
 * A new initial password (and, when asked, a new link code) for a child of
 * the class; the child must choose a new password at the next login, and is
 * signed out everywhere. The password is returned once, for the teacher to
 * read out or print.
 */
export async function resetStudentPassword(input: { userId: string; classId: string; studentId: string; newLinkCode: boolean; ip: string | null }): Promise<ClassAccountsResult | null> {
  const access = await getClassAccess(input.userId, input.classId);
  const child = access ? await findChild(access.class.id, input.studentId) : null;
  if (!access || !child) return null;
  const { username, displayName, id } = child.user;
  const made = await makePrintableInitialPassword(username);
  const link = input.newLinkCode ? makeLinkCode(username) : null;
  await getDb().$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: { passwordHash: made.passwordHash, initialPasswordEnc: made.initialPasswordEnc, mustChangePassword: true } });
    if (link) {
      const { code: _code, ...stored } = link;
      await tx.studentProfile.update({ where: { userId: id }, data: stored });
    }
    await tx.session.deleteMany({ where: { userId: id } });
    await audit({ actorId: input.userId, action: "people.student_password_reset", subjectType: "User", subjectId: id, orgUnitId: access.class.id, data: { newLinkCode: link !== null }, ip: input.ip }, tx);
  });
  return { ok: true, kind: "reset", childName: displayName, username, password: made.password, newLinkCode: link !== null, studentId: id };
}

/** A new link code for a child (the old one stops working at once). */
export async function renewLinkCode(input: { userId: string; classId: string; studentId: string; ip: string | null }): Promise<ClassAccountsResult | null> {
  const access = await getClassAccess(input.userId, input.classId);
  const child = access ? await findChild(access.class.id, input.studentId) : null;
  if (!access || !child) return null;
  const { code: _code, ...stored } = makeLinkCode(child.user.username);
  await getDb().$transaction(async (tx) => {
    await tx.studentProfile.update({ where: { userId: child.user.id }, data: stored });
    await audit({ actorId: input.userId, action: "people.link_code_renewed", subjectType: "User", subjectId: child.user.id, orgUnitId: access.class.id, ip: input.ip }, tx);
  });
  return { ok: true, kind: "link_code", childName: child.user.displayName, studentId: child.user.id };
}

/** Removes a guardian's link to a child of the class (a link made by mistake). The guardian's account stays. */
export async function revokeGuardianLink(input: { userId: string; classId: string; linkId: string; ip: string | null }): Promise<ClassAccountsResult | null> {
  const access = await getClassAccess(input.userId, input.classId);
  if (!access) return null;
  const link = await getDb().guardianLink.findFirst({
    where: { id: input.linkId, student: { studentProfile: { classId: access.class.id } } },
    select: { id: true, guardianId: true, studentId: true, relation: true, guardian: { select: { displayName: true } }, student: { select: { displayName: true } } },
  });
  if (!link) return null;
  await getDb().$transaction(async (tx) => {
    await tx.guardianLink.delete({ where: { id: link.id } });
    const data = { guardianId: link.guardianId, studentId: link.studentId, relation: link.relation };
    await audit({ actorId: input.userId, action: "people.guardian_link_revoked", subjectType: "GuardianLink", subjectId: link.id, orgUnitId: access.class.id, data, ip: input.ip }, tx);
  });
  return { ok: true, kind: "revoked", childName: link.student.displayName, guardianName: link.guardian.displayName };
}
