// Who may manage which people, read from the database on every call (never
// from a session's copy of the roles). Deny by default: each function answers
// null for "not found or not yours", and the routes answer 404 for both.
//
// - County staff (ADMIN, ORGANISER): their county units and everything under
//   them. An admin is scoped like an organiser, to the units assigned.
// - Class managers: the class's own TEACHER, and the SCHOOL_COORDINATOR of its
//   school. Organisers do not enrol children (the school does).
import { isWithinPath } from "~/domain/roles.ts";
import type { OrgKind } from "~/generated/prisma/client.ts";
import { getRoleScopes, type RoleScope } from "~/server/auth/auth.server.ts";
import { getDb } from "~/server/db/db.server.ts";

export const COUNTY_STAFF_ROLES = ["ADMIN", "ORGANISER"] as const;
export const CLASS_MANAGER_ROLES = ["TEACHER", "SCHOOL_COORDINATOR"] as const;

export type ScopedUnit = { id: string; kind: OrgKind; name: string; shortName: string | null; code: string; path: string; grade: number | null; parentId: string | null };

const unitSelect = { id: true, kind: true, name: true, shortName: true, code: true, path: true, grade: true, parentId: true } as const;

/** The county units an admin or organiser works in (their assignments on COUNTY units). */
export async function getCountyScopes(userId: string): Promise<RoleScope[]> {
  return (await getRoleScopes(userId, COUNTY_STAFF_ROLES)).filter((s) => s.unit.kind === "COUNTY");
}

export async function isAdmin(userId: string): Promise<boolean> {
  return (await getRoleScopes(userId, ["ADMIN"])).length > 0;
}

/** A unit inside one of the user's counties (the county itself included), or null. */
export async function getUnitInCounty(userId: string, unitId: string): Promise<ScopedUnit | null> {
  const [scopes, unit] = await Promise.all([getCountyScopes(userId), getDb().orgUnit.findUnique({ where: { id: unitId }, select: unitSelect })]);
  if (!unit || !scopes.some((s) => isWithinPath(unit.path, s.unit.path))) return null;
  return unit;
}

/** The county (first id of the path) a unit belongs to. */
export function countyIdOf(unit: { path: string }): string {
  return unit.path.split("/").filter(Boolean)[0] ?? "";
}

export type ClassAccess = {
  class: ScopedUnit;
  school: { id: string; name: string; shortName: string | null; path: string };
  /** The viewer is this class's own teacher (not only the school's coordinator). */
  teaches: boolean;
};

/**
 * The class, when the user is its teacher or the coordinator of its school;
 * null otherwise (including for organisers, and for a unit that is not a class).
 */
export async function getClassAccess(userId: string, classId: string): Promise<ClassAccess | null> {
  const db = getDb();
  const cls = await db.orgUnit.findUnique({ where: { id: classId }, select: { ...unitSelect, parent: { select: { id: true, name: true, shortName: true, path: true } } } });
  if (!cls || cls.kind !== "CLASS" || !cls.parent) return null;
  const scopes = await getRoleScopes(userId, CLASS_MANAGER_ROLES);
  const teaches = scopes.some((s) => s.role === "TEACHER" && s.unit.id === cls.id);
  const coordinates = scopes.some((s) => s.role === "SCHOOL_COORDINATOR" && s.unit.kind === "SCHOOL" && isWithinPath(cls.path, s.unit.path));
  if (!teaches && !coordinates) return null;
  const { parent, ...unit } = cls;
  return { class: unit, school: parent, teaches };
}
