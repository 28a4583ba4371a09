// The county's organisation tree for its admins and organisers (/admin/org):
// townships, schools and classes with their staff and student counts, and
// adding one unit at a time. Codes are generated from the parent's code;
// classes are named from grade and number ("三年级(1)班"). Every addition is
// audited. A unit outside the user's counties does not exist for them.
import {
  checkUnitName,
  classCodeBase,
  className,
  compareClasses,
  compareUnitNames,
  nextNumberedCode,
  schoolCodePrefix,
  schoolYearOf,
  SHORT_NAME_MAX_CHARS,
  townshipCodePrefix,
  uniqueCode,
  type UnitNameProblem,
} from "~/domain/people/org-units.ts";
import type { Role } from "~/domain/roles.ts";
import type { OrgKind } from "~/generated/prisma/client.ts";
import type { OrgCounty, OrgStaff, OrgTreeView } from "~/view-models/people.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb, type Tx } from "~/server/db/db.server.ts";
import { getCountyScopes, getUnitInCounty } from "./access.server.ts";

const STAFF_ROLES: Role[] = ["ADMIN", "ORGANISER", "JUDGE", "SCHOOL_COORDINATOR", "TEACHER"];

/** The tree of every county the user administers; empty when none. */
export async function getOrgTree(userId: string): Promise<OrgTreeView> {
  const scopes = await getCountyScopes(userId);
  const db = getDb();
  const counties: OrgCounty[] = [];
  for (const scope of scopes) {
    const units = await db.orgUnit.findMany({
      where: { path: { startsWith: scope.unit.path } },
      select: { id: true, kind: true, name: true, shortName: true, code: true, grade: true, parentId: true },
    });
    const unitIds = units.map((u) => u.id);
    const [counts, roles] = await Promise.all([
      db.studentProfile.groupBy({ by: ["classId"], where: { classId: { in: unitIds } }, _count: { _all: true } }),
      db.roleAssignment.findMany({
        where: { orgUnitId: { in: unitIds }, role: { in: STAFF_ROLES } },
        orderBy: { createdAt: "asc" },
        select: { id: true, role: true, orgUnitId: true, user: { select: { id: true, displayName: true, status: true } } },
      }),
    ]);
    const staffOf = (unitId: string): OrgStaff[] =>
      roles
        .filter((r) => r.orgUnitId === unitId)
        .map((r) => ({ assignmentId: r.id, userId: r.user.id, name: r.user.displayName, role: r.role, active: r.user.status === "ACTIVE" }));
    const childrenOf = (parentId: string, kind: OrgKind) => units.filter((u) => u.parentId === parentId && u.kind === kind);
    const county = units.find((u) => u.id === scope.unit.id);
    if (!county) continue;
    counties.push({
      id: county.id,
      name: county.name,
      code: county.code,
      staff: staffOf(county.id),
      townships: childrenOf(county.id, "TOWNSHIP")
        .sort(compareUnitNames)
        .map((t) => ({
          id: t.id,
          name: t.name,
          code: t.code,
          schools: childrenOf(t.id, "SCHOOL")
            .sort(compareUnitNames)
            .map((s) => ({
              id: s.id,
              name: s.name,
              shortName: s.shortName,
              code: s.code,
              staff: staffOf(s.id),
              classes: childrenOf(s.id, "CLASS")
                .sort(compareClasses)
                .map((c) => ({ id: c.id, name: c.name, grade: c.grade, code: c.code, staff: staffOf(c.id), students: counts.find((x) => x.classId === c.id)?._count._all ?? 0 })),
            })),
        })),
    });
  }
  return { counties };
}

export type AddUnitResult =
  | { ok: true; id: string; name: string }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "name"; problem: UnitNameProblem; field: "name" | "shortName" }
  | { ok: false; error: "duplicate"; name: string };

/** Creates a unit under a parent (with its path and code) inside a transaction that locks the parent, so two adds of one name make one unit. */
async function createUnder(
  tx: Tx,
  parent: { id: string; path: string },
  data: { kind: OrgKind; name: string; shortName?: string | null; code: string; grade?: number; schoolYear?: number },
): Promise<{ id: string } | "duplicate"> {
  await tx.$queryRaw`SELECT "id" FROM "OrgUnit" WHERE "id" = ${parent.id} FOR UPDATE`;
  const same = await tx.orgUnit.findFirst({ where: { parentId: parent.id, kind: data.kind, name: data.name }, select: { id: true } });
  if (same) return "duplicate";
  const row = await tx.orgUnit.create({ data: { ...data, shortName: data.shortName ?? null, parentId: parent.id, path: parent.path }, select: { id: true } });
  await tx.orgUnit.update({ where: { id: row.id }, data: { path: `${parent.path}${row.id}/` } });
  return row;
}

async function takenCodes(tx: Tx, prefix: string): Promise<Set<string>> {
  const rows = await tx.orgUnit.findMany({ where: { code: { startsWith: prefix } }, select: { code: true } });
  return new Set(rows.map((r) => r.code));
}

async function addUnit(input: {
  userId: string;
  parentId: string;
  parentKind: OrgKind;
  kind: OrgKind;
  name: string;
  shortName?: string | null;
  grade?: number;
  ip: string | null;
  code: (tx: Tx, parent: { code: string; path: string }) => Promise<string>;
}): Promise<AddUnitResult> {
  const parent = await getUnitInCounty(input.userId, input.parentId);
  if (!parent || parent.kind !== input.parentKind) return { ok: false, error: "not_found" };
  const created = await getDb().$transaction(async (tx) => {
    const extra = input.kind === "CLASS" ? { grade: input.grade, schoolYear: schoolYearOf(new Date()) } : {};
    const row = await createUnder(tx, parent, { kind: input.kind, name: input.name, shortName: input.shortName, code: await input.code(tx, parent), ...extra });
    if (row === "duplicate") return row;
    const data = { kind: input.kind, name: input.name, parentId: parent.id };
    await audit({ actorId: input.userId, action: "org.unit_added", subjectType: "OrgUnit", subjectId: row.id, orgUnitId: parent.id, data, ip: input.ip }, tx);
    return row;
  });
  return created === "duplicate" ? { ok: false, error: "duplicate", name: input.name } : { ok: true, id: created.id, name: input.name };
}

export async function addTownship(input: { userId: string; countyId: string; name: string; ip: string | null }): Promise<AddUnitResult> {
  const problem = checkUnitName(input.name);
  if (problem) return { ok: false, error: "name", problem, field: "name" };
  return addUnit({
    ...input,
    parentId: input.countyId,
    parentKind: "COUNTY",
    kind: "TOWNSHIP",
    code: async (tx, county) => nextNumberedCode(townshipCodePrefix(county.code), await takenCodes(tx, townshipCodePrefix(county.code))),
  });
}

export async function addSchool(input: { userId: string; townshipId: string; name: string; shortName: string; ip: string | null }): Promise<AddUnitResult> {
  const problem = checkUnitName(input.name);
  if (problem) return { ok: false, error: "name", problem, field: "name" };
  const shortProblem = input.shortName === "" ? null : checkUnitName(input.shortName, SHORT_NAME_MAX_CHARS);
  if (shortProblem) return { ok: false, error: "name", problem: shortProblem, field: "shortName" };
  const township = await getUnitInCounty(input.userId, input.townshipId);
  if (!township || township.kind !== "TOWNSHIP") return { ok: false, error: "not_found" };
  const county = await getDb().orgUnit.findUniqueOrThrow({ where: { id: township.parentId ?? "" }, select: { code: true } });
  const prefix = schoolCodePrefix(county.code);
  return addUnit({
    ...input,
    shortName: input.shortName || null,
    parentId: township.id,
    parentKind: "TOWNSHIP",
    kind: "SCHOOL",
    code: async (tx) => nextNumberedCode(prefix, await takenCodes(tx, prefix)),
  });
}

export async function addClass(input: { userId: string; schoolId: string; grade: number; number: number; ip: string | null }): Promise<AddUnitResult> {
  const name = className(input.grade, input.number);
  return addUnit({
    ...input,
    name,
    parentId: input.schoolId,
    parentKind: "SCHOOL",
    kind: "CLASS",
    code: async (tx, school) => {
      const base = classCodeBase(school.code, { schoolYear: schoolYearOf(new Date()), grade: input.grade, number: input.number });
      return uniqueCode(base, await takenCodes(tx, base));
    },
  });
}
