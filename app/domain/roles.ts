// Roles as plain strings, shared by the app, the worker and the UI without
// importing the generated Prisma client (app/server/auth/auth.server.ts checks at
// compile time that this list and the Prisma enum agree).

export const ROLES = [
  "ADMIN",
  "ORGANISER",
  "SCHOOL_COORDINATOR",
  "TEACHER",
  "JUDGE",
  "GUARDIAN",
  "STUDENT",
] as const;

export type Role = (typeof ROLES)[number];

/** Staff roles whose scope covers a subtree of the organisation. */
export const STAFF_ROLES = ["ADMIN", "ORGANISER", "SCHOOL_COORDINATOR", "TEACHER"] as const satisfies readonly Role[];

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * The role whose page /home shows first when a user has several: the order of
 * ROLES (widest responsibility first), so a teacher who is also a parent
 * lands on the class, and switches to the children with one tap.
 */
export function primaryRole(roles: readonly Role[]): Role | null {
  return ROLES.find((r) => roles.includes(r)) ?? null;
}

/** Distinct roles in display order. */
export function sortRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

/**
 * Whether an org unit lies inside (or is) the scope unit, using the
 * materialised paths ("/countyId/townshipId/schoolId/classId/").
 */
export function isWithinPath(unitPath: string, scopePath: string): boolean {
  return scopePath.length > 0 && unitPath.startsWith(scopePath);
}

/** The ids along a materialised path, root first. */
export function pathIds(path: string): string[] {
  return path.split("/").filter(Boolean);
}
