// The county's view of the school round (/organiser/contests/:contestId/nominations):
// nominations against quota by school and category, the reasons given, and
// the schools with submitted works that have not nominated yet. A handful of
// grouped queries whatever the number of schools.
import { effectiveQuota } from "~/domain/nomination.ts";
import type { NominationsView } from "~/view-models/judging.ts";
import { getDb } from "~/server/db/db.server.ts";
import { findOrganisedContest } from "~/server/contests/contest-access.server.ts";
import { schoolsByTownship } from "~/server/contests/contest-quotas.server.ts";

export async function getNominations(input: { userId: string; contestId: string }): Promise<NominationsView | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const db = getDb();
  const [groups, categories, overrides, submitted, nominations] = await Promise.all([
    schoolsByTownship(db, { id: row.orgUnitId, path: row.orgUnit.path }),
    db.category.findMany({ where: { contestId: row.id }, orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }], select: { id: true, name: true, defaultSchoolQuota: true } }),
    db.nominationQuota.findMany({ where: { contestId: row.id }, select: { schoolId: true, categoryId: true, quota: true } }),
    db.entry.groupBy({ by: ["schoolId", "categoryId"], where: { contestId: row.id, status: { in: ["SUBMITTED", "NOMINATED"] } }, _count: { _all: true } }),
    db.nomination.findMany({
      where: { contestId: row.id, status: "NOMINATED" },
      orderBy: { createdAt: "asc" },
      select: { id: true, schoolId: true, categoryId: true, reason: true, createdAt: true, entry: { select: { id: true, title: true } } },
    }),
  ]);
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  const schools = groups.flatMap((g) =>
    g.schools.map((s) => {
      const mine = nominations.filter((n) => n.schoolId === s.id);
      return {
        id: s.id,
        name: s.name,
        township: g.name,
        byCategory: categories.map((c) => ({
          nominated: mine.filter((n) => n.categoryId === c.id).length,
          quota: effectiveQuota({ override: overrides.find((o) => o.schoolId === s.id && o.categoryId === c.id)?.quota, categoryDefault: c.defaultSchoolQuota }),
          submitted: submitted.find((x) => x.schoolId === s.id && x.categoryId === c.id)?._count._all ?? 0,
        })),
        nominations: mine.map((n) => ({ id: n.id, entryId: n.entry.id, title: n.entry.title, category: categoryName.get(n.categoryId) ?? "", reason: n.reason, at: n.createdAt.toISOString() })),
      };
    }),
  );
  const notYet = schools
    .map((s) => ({ id: s.id, name: s.name, township: s.township, submitted: s.byCategory.reduce((a, c) => a + c.submitted, 0), nominated: s.nominations.length }))
    .filter((s) => s.submitted > 0 && s.nominated === 0)
    .map(({ nominated: _n, ...s }) => s);
  return { contest: { id: row.id, title: row.title, status: row.status }, categories: categories.map((c) => ({ id: c.id, name: c.name })), schools, notYet };
}
