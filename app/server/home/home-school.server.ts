// Home-page data for teachers and school coordinators. Each function checks
// the caller's role on the org unit it reads (deny by default: null means
// "not found or not yours", and the route answers 404).
import type { EntryStatus } from "~/generated/prisma/enums.ts";
import { getRoleScopes, scopeCovers } from "~/server/auth/auth.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import type { ClassRoster, CoordinatorHome, SchoolOverview, TeacherHome } from "~/view-models/home.ts";

/** Who may read a class roster: its teacher, or staff above it. */
const ROSTER_ROLES = ["TEACHER", "SCHOOL_COORDINATOR", "ORGANISER", "ADMIN"] as const;

/** The class's students with their entry counts, or null if the class does not exist or is outside the user's scope. */
export async function getClassRoster({ classId, userId }: { classId: string; userId: string }): Promise<ClassRoster | null> {
  const db = getDb();
  const cls = await db.orgUnit.findUnique({
    where: { id: classId },
    select: { id: true, kind: true, name: true, grade: true, path: true, parent: { select: { name: true, shortName: true } } },
  });
  if (!cls || cls.kind !== "CLASS") return null;
  if (!scopeCovers(await getRoleScopes(userId, ROSTER_ROLES), cls.path)) return null;

  const [profiles, counts, teaches] = await Promise.all([
    db.studentProfile.findMany({
      where: { classId },
      select: { studentNumber: true, user: { select: { id: true, displayName: true, username: true, status: true } } },
    }),
    db.entry.groupBy({ by: ["studentId", "status"], where: { classId }, _count: { _all: true } }),
    db.roleAssignment.findFirst({ where: { userId, role: "TEACHER", orgUnitId: classId }, select: { id: true } }),
  ]);
  const countOf = (studentId: string, status: EntryStatus) =>
    counts.find((c) => c.studentId === studentId && c.status === status)?._count._all ?? 0;
  return {
    classId: cls.id,
    className: cls.name,
    grade: cls.grade,
    schoolName: cls.parent?.shortName ?? cls.parent?.name ?? null,
    viewerTeaches: teaches !== null,
    students: profiles.sort(byRosterOrder).map(({ studentNumber, user }) => ({
      id: user.id,
      displayName: user.displayName,
      username: user.username,
      studentNumber,
      active: user.status === "ACTIVE",
      submitted: countOf(user.id, "SUBMITTED"),
      drafts: countOf(user.id, "DRAFT"),
    })),
  };
}

const collator = new Intl.Collator("zh-CN", { numeric: true });

/** Student number when the school uses them, else the name in pinyin order (what a teacher's register looks like). */
function byRosterOrder(
  a: { studentNumber: string | null; user: { displayName: string } },
  b: { studentNumber: string | null; user: { displayName: string } },
): number {
  if (a.studentNumber && b.studentNumber) return collator.compare(a.studentNumber, b.studentNumber);
  if (a.studentNumber || b.studentNumber) return a.studentNumber ? -1 : 1;
  return collator.compare(a.user.displayName, b.user.displayName);
}

/** Every class the user teaches, each with its roster. */
export async function getTeacherHome({ teacherId }: { teacherId: string }): Promise<TeacherHome> {
  const scopes = (await getRoleScopes(teacherId, ["TEACHER"])).filter((s) => s.unit.kind === "CLASS");
  const rosters = await Promise.all(scopes.map((s) => getClassRoster({ classId: s.unit.id, userId: teacherId })));
  return { classes: rosters.filter((r): r is ClassRoster => r !== null) };
}

/** Contest statuses in which a school still follows its entries (finalised: for the certificates' ZIP). */
const ACTIVE_CONTEST_STATUSES = ["OPEN", "SCHOOL_ROUND", "COUNTY_JUDGING", "NOTICE", "FINALISED"] as const;

async function getSchoolOverview(school: { id: string; name: string; shortName: string | null; path: string }): Promise<SchoolOverview> {
  const db = getDb();
  const classes = await db.orgUnit.findMany({
    where: { parentId: school.id, kind: "CLASS" },
    orderBy: [{ grade: "asc" }, { name: "asc" }],
    select: { id: true, name: true, grade: true },
  });
  const [studentCounts, contests, entryCounts] = await Promise.all([
    db.studentProfile.groupBy({ by: ["classId"], where: { classId: { in: classes.map((c) => c.id) } }, _count: { _all: true } }),
    db.contest.findMany({
      where: { status: { in: [...ACTIVE_CONTEST_STATUSES] }, orgUnitId: { in: school.path.split("/").filter(Boolean) } },
      orderBy: { submissionClosesAt: "asc" },
      select: { id: true, title: true, status: true, categories: { orderBy: { sortOrder: "asc" }, select: { id: true, name: true } } },
    }),
    db.entry.groupBy({ by: ["categoryId"], where: { schoolId: school.id, status: "SUBMITTED" }, _count: { _all: true } }),
  ]);
  const submittedIn = (categoryId: string) => entryCounts.find((c) => c.categoryId === categoryId)?._count._all ?? 0;
  return {
    schoolId: school.id,
    schoolName: school.shortName ?? school.name,
    classes: classes.map((c) => ({ ...c, students: studentCounts.find((s) => s.classId === c.id)?._count._all ?? 0 })),
    contests: contests.map((contest) => {
      const categories = contest.categories.map((cat) => ({ ...cat, submitted: submittedIn(cat.id) }));
      return { id: contest.id, title: contest.title, status: contest.status, total: categories.reduce((n, c) => n + c.submitted, 0), categories };
    }),
  };
}

/** Each school the user coordinates: classes with student counts, submitted entries by category of the running contests. */
export async function getCoordinatorHome({ coordinatorId }: { coordinatorId: string }): Promise<CoordinatorHome> {
  const scopes = (await getRoleScopes(coordinatorId, ["SCHOOL_COORDINATOR"])).filter((s) => s.unit.kind === "SCHOOL");
  return { schools: await Promise.all(scopes.map((s) => getSchoolOverview(s.unit))) };
}
