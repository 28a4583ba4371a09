// Home-page data for county organisers, judges and administrators. Scoped by
// the caller's role assignments (subtree of the unit they were given).
import { getRoleScopes } from "~/server/auth/auth.server.ts";
import { compareClasses, compareUnitNames } from "~/domain/people/org-units.ts";
import { getDb } from "~/server/db/db.server.ts";
import type { AdminHome, ContestProgress, JudgeHome, OrganiserHome, OrgTreeRow } from "~/view-models/home.ts";

async function getCountyProgress(unit: { id: string; name: string; path: string }) {
  const db = getDb();
  const [contests, schools] = await Promise.all([
    db.contest.findMany({
      where: { orgUnit: { path: { startsWith: unit.path } }, status: { not: "ARCHIVED" } },
      orderBy: [{ submissionClosesAt: "desc" }],
      select: {
        id: true,
        title: true,
        status: true,
        submissionClosesAt: true,
        categories: { orderBy: { sortOrder: "asc" }, select: { id: true, name: true } },
      },
    }),
    db.orgUnit.findMany({
      where: { kind: "SCHOOL", path: { startsWith: unit.path } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, shortName: true },
    }),
  ]);
  const progress = await Promise.all(
    contests.map(async (contest): Promise<ContestProgress> => {
      const counts = await db.entry.groupBy({
        by: ["schoolId", "categoryId"],
        where: { contestId: contest.id, status: "SUBMITTED" },
        _count: { _all: true },
      });
      const count = (schoolId: string | null, categoryId: string | null) =>
        counts
          .filter((c) => (schoolId === null || c.schoolId === schoolId) && (categoryId === null || c.categoryId === categoryId))
          .reduce((n, c) => n + c._count._all, 0);
      return {
        ...contest,
        total: count(null, null),
        categories: contest.categories.map((cat) => ({ ...cat, submitted: count(null, cat.id) })),
        schools: schools.map((s) => ({
          id: s.id,
          name: s.shortName ?? s.name,
          total: count(s.id, null),
          byCategory: contest.categories.map((cat) => count(s.id, cat.id)),
        })),
      };
    }),
  );
  return { id: unit.id, name: unit.name, contests: progress, schoolCount: schools.length };
}

/** Contests of the organiser's county with submitted entries by category and by school. */
export async function getOrganiserHome({ organiserId }: { organiserId: string }): Promise<OrganiserHome> {
  const scopes = await getRoleScopes(organiserId, ["ORGANISER"]);
  return { counties: await Promise.all(scopes.map((s) => getCountyProgress(s.unit))) };
}

export async function getJudgeHome({ judgeId }: { judgeId: string }): Promise<JudgeHome> {
  const rows = await getDb().judgeAssignment.findMany({
    where: { judgeId },
    orderBy: [{ assignedAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      status: true,
      assignedAt: true,
      round: { select: { name: true, level: true, contest: { select: { title: true } } } },
      entry: { select: { title: true, category: { select: { name: true } } } },
    },
  });
  const assignments = rows.map((r) => ({
    id: r.id,
    status: r.status,
    assignedAt: r.assignedAt,
    roundName: r.round.name,
    roundLevel: r.round.level,
    contestTitle: r.round.contest.title,
    categoryName: r.entry.category.name,
    entryTitle: r.entry.title,
  }));
  const pending = assignments.filter((a) => a.status === "ASSIGNED" || a.status === "IN_PROGRESS").length;
  return { total: assignments.length, pending, assignments };
}

/** The org tree under the admin's units, depth-first, with schools, classes and students counted per subtree. */
export async function getAdminHome({ adminId }: { adminId: string }): Promise<AdminHome> {
  const db = getDb();
  const scopes = await getRoleScopes(adminId, ["ADMIN"]);
  // An admin of a unit inside another admin scope is covered by the outer one.
  const roots = scopes.filter((s) => !scopes.some((o) => o !== s && s.unit.path.startsWith(o.unit.path) && o.unit.path !== s.unit.path));
  const units = (
    await Promise.all(
      roots.map((r) =>
        db.orgUnit.findMany({
          where: { path: { startsWith: r.unit.path } },
          select: { id: true, kind: true, name: true, parentId: true, path: true, grade: true },
        }),
      ),
    )
  ).flat();
  const studentCounts = await db.studentProfile.groupBy({
    by: ["classId"],
    where: { classId: { in: units.filter((u) => u.kind === "CLASS").map((u) => u.id) } },
    _count: { _all: true },
  });
  const studentsIn = new Map(studentCounts.map((c) => [c.classId, c._count._all]));
  const ordered = [...units].sort((a, b) => a.path.localeCompare(b.path));
  const rows: OrgTreeRow[] = [];
  const byParent = new Map<string | null, typeof units>();
  for (const u of units) byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u]);
  const rootIds = new Set(roots.map((r) => r.unit.id));
  const visit = (unit: (typeof units)[number], depth: number): OrgTreeRow => {
    const row: OrgTreeRow = { id: unit.id, kind: unit.kind, name: unit.name, depth, schools: 0, classes: 0, students: 0 };
    rows.push(row);
    if (unit.kind === "SCHOOL") row.schools = 1;
    if (unit.kind === "CLASS") {
      row.classes = 1;
      row.students = studentsIn.get(unit.id) ?? 0;
    }
    // Classes by grade and number (三年级(1)班, 三年级(2)班, 四年级…), never by the pinyin of their names.
    const children = (byParent.get(unit.id) ?? []).sort((a, b) => (a.kind === "CLASS" && b.kind === "CLASS" ? compareClasses(a, b) : compareUnitNames(a, b)));
    for (const child of children) {
      const c = visit(child, depth + 1);
      row.schools += c.schools;
      row.classes += c.classes;
      row.students += c.students;
    }
    return row;
  };
  for (const unit of ordered.filter((u) => rootIds.has(u.id))) visit(unit, 0);
  return { units: rows };
}
