// How a contest is going, by township and school
// (/organiser/contests/:contestId/progress for the county,
// /school/contests/:contestId/progress for a coordinator's own school):
// children enrolled, entries by status and by category, files that failed
// processing, nominations against quota. A fixed handful of grouped queries,
// whatever the number of schools (a county has ~100 schools, ~20k children).
import { shanghaiParts } from "~/domain/shanghai-time.ts";
import type { EntryStatus } from "~/generated/prisma/client.ts";
import {
  PROGRESS_ENTRY_STATUSES,
  type ContestProgressView,
  type ProgressCounts,
  type ProgressSchool,
} from "~/view-models/contests.ts";
import { getDb } from "~/server/db/db.server.ts";
import { isWithinPath } from "~/domain/roles.ts";
import { findOrganisedContest, getSchoolScopes, isPlausibleId, toHeader, type ContestRow } from "./contest-access.server.ts";
import { schoolsByTownship } from "./contest-quotas.server.ts";

export type ProgressScope = { level: "county" } | { level: "school"; schoolId: string | null };

type Resolved = { row: ContestRow; schoolIds: string[] | null; scopeNames: string[] };

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

/**
 * The contest and the schools the user may see in it, or null (404):
 * county staff see the county; a coordinator sees the schools they
 * coordinate in that county (one, if `schoolId` names it), and only once the
 * contest is no longer a draft.
 */
async function resolveScope(userId: string, contestId: string, scope: ProgressScope): Promise<Resolved | null> {
  if (scope.level === "county") {
    const row = await findOrganisedContest(userId, contestId);
    return row ? { row, schoolIds: null, scopeNames: [row.orgUnit.name] } : null;
  }
  if (!isPlausibleId(contestId) || (scope.schoolId !== null && !isPlausibleId(scope.schoolId))) return null;
  const [schools, row] = await Promise.all([getSchoolScopes(userId), getDb().contest.findUnique({ where: { id: contestId }, select: contestSelect })]);
  if (!row || row.status === "DRAFT") return null;
  // Their schools in the contest's county.
  const mine = schools.filter((s) => isWithinPath(s.unit.path, row.orgUnit.path));
  const chosen = scope.schoolId === null ? mine : mine.filter((s) => s.unit.id === scope.schoolId);
  if (chosen.length === 0) return null;
  return { row, schoolIds: chosen.map((s) => s.unit.id), scopeNames: chosen.map((s) => s.unit.shortName ?? s.unit.name) };
}

const zeroCounts = (categories: number): ProgressCounts => ({
  enrolled: 0,
  entries: { DRAFT: 0, SUBMITTED: 0, NOMINATED: 0, WITHDRAWN: 0, DISQUALIFIED: 0 },
  byCategory: Array.from({ length: categories }, () => 0),
  failedFiles: 0,
  nominated: 0,
  quota: 0,
});

function addInto(target: ProgressCounts, add: ProgressCounts): void {
  target.enrolled += add.enrolled;
  for (const s of PROGRESS_ENTRY_STATUSES) target.entries[s] += add.entries[s];
  add.byCategory.forEach((n, i) => (target.byCategory[i] = (target.byCategory[i] ?? 0) + n));
  target.failedFiles += add.failedFiles;
  target.nominated += add.nominated;
  target.quota += add.quota;
}

export async function getContestProgress(input: { userId: string; contestId: string; scope: ProgressScope; now?: Date }): Promise<ContestProgressView | null> {
  const resolved = await resolveScope(input.userId, input.contestId, input.scope);
  if (!resolved) return null;
  const { row, schoolIds } = resolved;
  const db = getDb();
  const entryWhere = { contestId: row.id, ...(schoolIds ? { schoolId: { in: schoolIds } } : {}) };
  const [groups, categories, enrolled, entries, failed, nominations, overrides] = await Promise.all([
    schoolsByTownship(db, { id: row.orgUnitId, path: row.orgUnit.path }, schoolIds ?? undefined),
    db.category.findMany({ where: { contestId: row.id }, orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }], select: { id: true, name: true, defaultSchoolQuota: true } }),
    db.$queryRaw<{ schoolId: string; n: number }[]>`
      SELECT c."parentId" AS "schoolId", count(*)::int AS "n"
      FROM "StudentProfile" sp
      JOIN "OrgUnit" c ON c."id" = sp."classId"
      JOIN "User" u ON u."id" = sp."userId"
      WHERE c."kind" = 'CLASS' AND c."path" LIKE ${`${row.orgUnit.path}%`} AND u."status" = 'ACTIVE'
      GROUP BY c."parentId"`,
    db.entry.groupBy({ by: ["schoolId", "categoryId", "status"], where: entryWhere, _count: { _all: true } }),
    db.$queryRaw<{ schoolId: string; n: number }[]>`
      SELECT e."schoolId", count(*)::int AS "n"
      FROM "MediaAsset" a JOIN "Entry" e ON e."id" = a."entryId"
      WHERE e."contestId" = ${row.id} AND a."status" = 'FAILED'
      GROUP BY e."schoolId"`,
    db.nomination.groupBy({ by: ["schoolId"], where: { ...entryWhere, status: "NOMINATED" }, _count: { _all: true } }),
    db.nominationQuota.findMany({ where: { contestId: row.id, ...(schoolIds ? { schoolId: { in: schoolIds } } : {}) }, select: { schoolId: true, categoryId: true, quota: true } }),
  ]);
  // Indexed once by school, so building ~100 rows reads each grouped result once.
  const categoryIndex = new Map(categories.map((c, i) => [c.id, i]));
  const bySchool = <T extends { schoolId: string }>(rows: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.schoolId, [...(map.get(row.schoolId) ?? []), row]);
    return map;
  };
  const entryGroups = bySchool(entries);
  const enrolledBy = new Map(enrolled.map((e) => [e.schoolId, e.n]));
  const failedBy = new Map(failed.map((f) => [f.schoolId, f.n]));
  const nominatedBy = new Map(nominations.map((n) => [n.schoolId, n._count._all]));
  const overridesBy = bySchool(overrides);
  const countsFor = (schoolId: string): ProgressCounts => {
    const counts = zeroCounts(categories.length);
    counts.enrolled = enrolledBy.get(schoolId) ?? 0;
    for (const g of entryGroups.get(schoolId) ?? []) {
      counts.entries[g.status as EntryStatus] += g._count._all;
      const i = categoryIndex.get(g.categoryId);
      if (i !== undefined && (g.status === "SUBMITTED" || g.status === "NOMINATED")) counts.byCategory[i]! += g._count._all;
    }
    counts.failedFiles = failedBy.get(schoolId) ?? 0;
    counts.nominated = nominatedBy.get(schoolId) ?? 0;
    const own = overridesBy.get(schoolId) ?? [];
    counts.quota = categories.reduce((sum, c) => sum + (own.find((o) => o.categoryId === c.id)?.quota ?? c.defaultSchoolQuota), 0);
    return counts;
  };
  const total = zeroCounts(categories.length);
  const townships = groups.map((g) => {
    const schools: ProgressSchool[] = g.schools.map((s) => ({ id: s.id, name: s.name, ...countsFor(s.id) }));
    const subtotal = zeroCounts(categories.length);
    for (const s of schools) addInto(subtotal, s);
    addInto(total, subtotal);
    return { id: g.id, name: g.name, schools, subtotal };
  });
  const base = input.scope.level === "county" ? `/organiser/contests/${row.id}/progress` : `/school/contests/${row.id}/progress`;
  const query = input.scope.level === "school" && input.scope.schoolId ? `?school=${encodeURIComponent(input.scope.schoolId)}` : "";
  return {
    header: toHeader(row),
    level: input.scope.level,
    scopeNames: resolved.scopeNames,
    categories: categories.map((c) => ({ id: c.id, name: c.name })),
    townships,
    total,
    generatedAt: (input.now ?? new Date()).toISOString(),
    downloads: { csv: `${base}.csv${query}`, xlsx: `${base}.xlsx${query}` },
  };
}

/** "20260120" in Asia/Shanghai, for file names. */
export function shanghaiDateStamp(date: Date): string {
  const p = shanghaiParts(date);
  return `${p.year}${String(p.month).padStart(2, "0")}${String(p.day).padStart(2, "0")}`;
}
