// Home-page data for students and guardians. Every function is scoped to the
// signed-in person: a student sees only their own entries, a guardian only the
// children linked to them.
import { pathIds } from "~/domain/roles.ts";
import type { ConsentScope } from "~/generated/prisma/enums.ts";
import { getDb } from "~/server/db/db.server.ts";
import { categorySelect, toCategorySummary } from "~/view-models/category.ts";
import type { ConsentState, GuardianHome, StudentHome } from "~/view-models/home.ts";

/**
 * Open contests run by the student's county (or any unit above the class),
 * whose submission window contains now, with the categories open to the
 * child's grade; and the child's own entries.
 */
export async function getStudentHome({ studentId, now = new Date() }: { studentId: string; now?: Date }): Promise<StudentHome> {
  const db = getDb();
  const student = await db.user.findUniqueOrThrow({
    where: { id: studentId },
    select: {
      displayName: true,
      studentProfile: {
        select: { class: { select: { name: true, grade: true, path: true, parent: { select: { name: true, shortName: true } } } } },
      },
    },
  });
  const cls = student.studentProfile?.class ?? null;
  const entries = await db.entry.findMany({
    where: { studentId },
    orderBy: { updatedAt: "desc" },
    select: { id: true, categoryId: true, title: true, status: true, updatedAt: true, contest: { select: { title: true } }, category: { select: { name: true } } },
  });
  const contests = cls
    ? await db.contest.findMany({
        where: {
          status: "OPEN",
          orgUnitId: { in: pathIds(cls.path) },
          submissionOpensAt: { lte: now },
          submissionClosesAt: { gte: now },
        },
        orderBy: { submissionClosesAt: "asc" },
        select: {
          id: true,
          title: true,
          description: true,
          submissionOpensAt: true,
          submissionClosesAt: true,
          categories: {
            where: cls.grade ? { gradeMin: { lte: cls.grade }, gradeMax: { gte: cls.grade } } : {},
            orderBy: { sortOrder: "asc" },
            select: categorySelect,
          },
        },
      })
    : [];
  return {
    studentId,
    displayName: student.displayName,
    classInfo: cls ? { name: cls.name, grade: cls.grade, schoolName: cls.parent?.shortName ?? cls.parent?.name ?? null } : null,
    contests: contests.map((c) => ({
      ...c,
      categories: c.categories.map(toCategorySummary),
    })),
    entries: entries.map((e) => ({
      id: e.id,
      categoryId: e.categoryId,
      title: e.title,
      status: e.status,
      updatedAt: e.updatedAt,
      contestTitle: e.contest.title,
      categoryName: e.category.name,
    })),
  };
}

export const CONSENT_SCOPES: readonly ConsentScope[] = ["PUBLIC_WORK", "PUBLIC_NAME"];

/** The guardian's linked children and, per scope, the latest consent record (none: not consented). */
export async function getGuardianHome({ guardianId }: { guardianId: string }): Promise<GuardianHome> {
  const db = getDb();
  const links = await db.guardianLink.findMany({
    where: { guardianId },
    orderBy: { createdAt: "asc" },
    select: {
      relation: true,
      student: {
        select: {
          id: true,
          displayName: true,
          studentProfile: { select: { class: { select: { name: true, parent: { select: { name: true, shortName: true } } } } } },
        },
      },
    },
  });
  const studentIds = links.map((l) => l.student.id);
  // Append-only history: the newest record per (student, scope) is the current state.
  const latest = await db.consentRecord.findMany({
    where: { studentId: { in: studentIds } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    distinct: ["studentId", "scope"],
    select: { studentId: true, scope: true, action: true, createdAt: true },
  });
  return {
    children: links.map(({ relation, student }) => {
      const cls = student.studentProfile?.class ?? null;
      const consent = Object.fromEntries(
        CONSENT_SCOPES.map((scope) => {
          const record = latest.find((r) => r.studentId === student.id && r.scope === scope);
          const state: ConsentState = record
            ? { state: record.action === "GIVEN" ? "given" : "withdrawn", since: record.createdAt }
            : { state: "none", since: null };
          return [scope, state];
        }),
      ) as Record<ConsentScope, ConsentState>;
      return {
        id: student.id,
        displayName: student.displayName,
        relation,
        className: cls?.name ?? null,
        schoolName: cls?.parent?.shortName ?? cls?.parent?.name ?? null,
        consent,
      };
    }),
  };
}
