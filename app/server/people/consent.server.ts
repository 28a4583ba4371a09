// The one owner of ConsentRecord: reading a child's current consent (for
// every feature that shows anything in public: galleries, notices, shared
// portfolios call currentConsent) and recording a guardian's choice.
//
// Only a guardian linked to the child may change it; the child's own account
// may read it but never change it (PIPL art. 31: a guardian consents for a
// child under 14), nor may teachers or staff. Each change is a new record
// with who, when, the version of the words shown, the address and the
// browser; nothing is ever updated or deleted.
import {
  CONSENT_SCOPES,
  CONSENT_TEXT_VERSION,
  consentHistoryFrom,
  currentConsentFrom,
  decideConsentChange,
  type ConsentActionName,
  type ConsentScopeName,
  type CurrentConsent,
} from "~/domain/consent.ts";
import { maskName } from "~/domain/mask-name.ts";
import type { GuardianRelationName } from "~/domain/people/forms.ts";
import { GRADE_NAMES } from "~/domain/people/org-units.ts";
import type { ConsentPage } from "~/view-models/people.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb, Prisma, type Db, type Tx } from "~/server/db/db.server.ts";

const recordSelect = { id: true, scope: true, action: true, createdAt: true, textVersion: true, givenById: true } as const;

/**
 * What may be shown in public for this child now: per scope, the latest
 * choice; `effective` says what may actually appear (a name or comments only
 * with the work). No record, or no such child: nothing is public.
 */
export async function currentConsent(studentId: string, db: Db | Tx = getDb()): Promise<CurrentConsent> {
  const records = await db.consentRecord.findMany({ where: { studentId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: recordSelect });
  return currentConsentFrom(records);
}

/**
 * currentConsent's rule as an SQL condition, for listings that must filter
 * in the database (a gallery page 500 pages deep cannot read every child's
 * records first): true while the latest record of `scope` for the child in
 * `studentIdColumn` (a trusted column reference such as `e."studentId"`) is
 * GIVEN. Same order as currentConsentFrom (time, then id). Read on every
 * query, never copied.
 */
export function consentStandsSql(studentIdColumn: string, scope: ConsentScopeName): Prisma.Sql {
  if (!/^[a-z]+\."[A-Za-z]+"$/.test(studentIdColumn)) throw new Error(`not a column reference: ${studentIdColumn}`);
  return Prisma.sql`(SELECT cr."action" FROM "ConsentRecord" cr WHERE cr."studentId" = ${Prisma.raw(studentIdColumn)} AND cr."scope" = ${scope}::"ConsentScope" ORDER BY cr."createdAt" DESC, cr."id" DESC LIMIT 1) = 'GIVEN'`;
}

/** currentConsent for many children at once (one query), e.g. a gallery page. */
export async function currentConsents(studentIds: readonly string[], db: Db | Tx = getDb()): Promise<Map<string, CurrentConsent>> {
  const records = await db.consentRecord.findMany({
    where: { studentId: { in: [...studentIds] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { ...recordSelect, studentId: true },
  });
  return new Map(studentIds.map((id) => [id, currentConsentFrom(records.filter((r) => r.studentId === id))]));
}

type Viewer = { kind: "guardian"; relation: GuardianRelationName } | { kind: "student" };

async function viewerOf(viewerId: string, studentId: string): Promise<Viewer | null> {
  if (viewerId === studentId) return { kind: "student" };
  const link = await getDb().guardianLink.findUnique({ where: { guardianId_studentId: { guardianId: viewerId, studentId } }, select: { relation: true } });
  return link ? { kind: "guardian", relation: link.relation as GuardianRelationName } : null;
}

/** Whether the user is a guardian linked to the child: the only people who may change the child's consent. */
export async function isLinkedGuardian(userId: string, studentId: string): Promise<boolean> {
  return (await viewerOf(userId, studentId))?.kind === "guardian";
}

/** The consent page of a child for a linked guardian (who may change it) or the child (who may only read it); null otherwise. */
export async function getConsentPage(input: { viewerId: string; studentId: string }): Promise<ConsentPage | null> {
  const viewer = await viewerOf(input.viewerId, input.studentId);
  if (!viewer) return null;
  const db = getDb();
  const child = await db.user.findUnique({
    where: { id: input.studentId },
    select: {
      displayName: true,
      studentProfile: { select: { class: { select: { name: true, grade: true, parent: { select: { name: true, shortName: true } } } } } },
      guardedBy: { select: { guardianId: true, relation: true, guardian: { select: { displayName: true } } } },
    },
  });
  if (!child) return null;
  const records = await db.consentRecord.findMany({ where: { studentId: input.studentId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: recordSelect });
  const current = currentConsentFrom(records);
  const cls = child.studentProfile?.class ?? null;
  const schoolName = cls?.parent ? (cls.parent.shortName ?? cls.parent.name) : null;
  const guardians = new Map(child.guardedBy.map((g) => [g.guardianId, g]));
  const caption = [maskName(child.displayName), [schoolName, cls?.grade ? GRADE_NAMES[cls.grade] : null].filter(Boolean).join(" ")].filter(Boolean).join(" · ");
  return {
    studentId: input.studentId,
    childName: child.displayName,
    maskedCaption: caption,
    schoolName,
    className: cls?.name ?? null,
    textVersion: CONSENT_TEXT_VERSION,
    scopes: Object.fromEntries(CONSENT_SCOPES.map((s) => [s, { state: current.scopes[s].state, since: current.scopes[s].since }])) as ConsentPage["scopes"],
    effective: current.effective,
    history: consentHistoryFrom(records).map((r) => {
      const by = guardians.get(r.givenById);
      return {
        id: r.id,
        scope: r.scope,
        action: r.action,
        at: r.createdAt,
        textVersion: r.textVersion,
        by: r.givenById === input.viewerId ? { self: true as const } : { self: false as const, relation: (by?.relation as GuardianRelationName) ?? null, name: by?.guardian.displayName ?? null },
      };
    }),
    canChange: viewer.kind === "guardian",
  };
}

export type ConsentChangeResult = "recorded" | "unchanged" | "text_changed" | "not_found";

/**
 * Records a guardian's choice for one scope. "not_found" for anyone who is
 * not a guardian linked to the child (the child included: the route answers
 * 404); "text_changed" when the words the guardian read are not the current
 * ones (the page was open across an update: read them again); "unchanged"
 * when the choice is already the current state. The child's row is locked,
 * so two taps at once record one change.
 */
export async function changeConsent(input: {
  actorId: string;
  studentId: string;
  scope: ConsentScopeName;
  action: ConsentActionName;
  textVersion: string;
  ip: string | null;
  userAgent: string | null;
}): Promise<ConsentChangeResult> {
  const viewer = await viewerOf(input.actorId, input.studentId);
  if (!viewer || viewer.kind !== "guardian") return "not_found";
  if (input.textVersion !== CONSENT_TEXT_VERSION) return "text_changed";
  return getDb().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${input.studentId} FOR UPDATE`;
    // The link may have been revoked meanwhile.
    const link = await tx.guardianLink.findUnique({ where: { guardianId_studentId: { guardianId: input.actorId, studentId: input.studentId } }, select: { id: true } });
    if (!link) return "not_found";
    const decision = decideConsentChange(await currentConsent(input.studentId, tx), input.scope, input.action);
    if (!decision.write) return "unchanged";
    const record = await tx.consentRecord.create({
      data: {
        studentId: input.studentId,
        givenById: input.actorId,
        scope: input.scope,
        action: input.action,
        textVersion: input.textVersion,
        ip: input.ip,
        userAgent: input.userAgent?.slice(0, 300) ?? null,
      },
      select: { id: true },
    });
    const data = { scope: input.scope, action: input.action, textVersion: input.textVersion, recordId: record.id };
    await audit({ actorId: input.actorId, action: "consent.changed", subjectType: "User", subjectId: input.studentId, data, ip: input.ip }, tx);
    return "recorded";
  });
}
