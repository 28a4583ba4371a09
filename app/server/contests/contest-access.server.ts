// Who may see and change which contest (issue 10). Deny by default: every
// function answers null for "not found or not yours", and the route turns it
// into a 404, so nobody learns that another county's contest exists.
// - ORGANISER and ADMIN: the contests of the counties under their role units.
// - SCHOOL_COORDINATOR: progress only, for their own school(s), of contests of
//   the county above the school that are no longer drafts.
// Scopes are read from the database on every call (getRoleScopes), not from
// the session's copy of the roles.
import { isWithinPath } from "~/domain/roles.ts";
import type { ContestStatus } from "~/domain/contest.ts";
import type { ContestHeader } from "~/view-models/contests.ts";
import { getRoleScopes, type RoleScope } from "~/server/auth/auth.server.ts";
import { getDb, type Db, type Tx } from "~/server/db/db.server.ts";

/** Roles that may open the contest editor. */
export const CONTEST_EDITOR_ROLES = ["ADMIN", "ORGANISER"] as const;
/** Roles that may open a progress page (coordinators: their school's only). */
export const CONTEST_PROGRESS_ROLES = ["ADMIN", "ORGANISER", "SCHOOL_COORDINATOR"] as const;

export function getCountyScopes(userId: string): Promise<RoleScope[]> {
  return getRoleScopes(userId, CONTEST_EDITOR_ROLES);
}

/** Coordinator scopes on school units only: a coordinator role mis-assigned elsewhere widens nothing. */
export async function getSchoolScopes(userId: string): Promise<RoleScope[]> {
  return (await getRoleScopes(userId, ["SCHOOL_COORDINATOR"])).filter((s) => s.unit.kind === "SCHOOL");
}

export function coversPath(scopes: readonly RoleScope[], path: string): boolean {
  return scopes.some((s) => isWithinPath(path, s.unit.path));
}

const contestSelect = {
  id: true,
  title: true,
  status: true,
  season: true,
  year: true,
  orgUnitId: true,
  updatedAt: true,
  orgUnit: { select: { name: true, path: true } },
} as const;

export type ContestRow = {
  id: string;
  title: string;
  status: ContestStatus;
  season: "WINTER" | "SUMMER";
  year: number;
  orgUnitId: string;
  updatedAt: Date;
  orgUnit: { name: string; path: string };
};

export function toHeader(row: ContestRow): ContestHeader {
  return { id: row.id, title: row.title, status: row.status, season: row.season, year: row.year, countyName: row.orgUnit.name };
}

/** The contest if one of the user's county roles covers it; null otherwise. */
export async function findOrganisedContest(userId: string, contestId: string, db: Db | Tx = getDb()): Promise<ContestRow | null> {
  if (!isPlausibleId(contestId)) return null;
  const [scopes, row] = await Promise.all([getCountyScopes(userId), db.contest.findUnique({ where: { id: contestId }, select: contestSelect })]);
  if (!row || !coversPath(scopes, row.orgUnit.path)) return null;
  return row;
}

/** Id-shaped (cuid, or a test's own): anything else is not an id of ours and never reaches a query. */
export function isPlausibleId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id);
}
