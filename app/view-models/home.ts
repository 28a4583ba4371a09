// What each role's home page shows (/home, /classes/:id): the data the
// loaders in app/server/home/ return and the components in
// app/components/home/ render. Types only.
import type { Role } from "~/domain/roles.ts";
import type { AssignmentStatus, ConsentScope, ContestStatus, GuardianRelation, OrgKind, RoundLevel } from "~/generated/prisma/enums.ts";
import type { CategorySummary } from "./category.ts";
import type { EntrySummary } from "./entries.ts";

// ---- student and guardian -------------------------------------------------

export type StudentHome = {
  studentId: string;
  displayName: string;
  classInfo: { name: string; grade: number | null; schoolName: string | null } | null;
  contests: {
    id: string;
    title: string;
    description: string;
    submissionOpensAt: Date;
    submissionClosesAt: Date;
    categories: CategorySummary[];
  }[];
  entries: EntrySummary[];
};

export type ConsentState = { state: "given" | "withdrawn" | "none"; since: Date | null };

export type GuardianHome = {
  children: {
    id: string;
    displayName: string;
    relation: GuardianRelation;
    className: string | null;
    schoolName: string | null;
    consent: Record<ConsentScope, ConsentState>;
  }[];
};

// ---- teacher and school coordinator ---------------------------------------

export type ClassRoster = {
  classId: string;
  className: string;
  grade: number | null;
  schoolName: string | null;
  /** The viewer is this class's teacher, so may start and fill in entries for its children (mayActForStudent). */
  viewerTeaches: boolean;
  students: {
    id: string;
    displayName: string;
    username: string;
    studentNumber: string | null;
    active: boolean;
    submitted: number;
    drafts: number;
  }[];
};

export type TeacherHome = { classes: ClassRoster[] };

export type SchoolOverview = {
  schoolId: string;
  schoolName: string;
  classes: { id: string; name: string; grade: number | null; students: number }[];
  contests: { id: string; title: string; status: string; total: number; categories: { id: string; name: string; submitted: number }[] }[];
};

export type CoordinatorHome = { schools: SchoolOverview[] };

// ---- organiser, judge, admin ----------------------------------------------

export type ContestProgress = {
  id: string;
  title: string;
  status: ContestStatus;
  submissionClosesAt: Date;
  total: number;
  categories: { id: string; name: string; submitted: number }[];
  /** Every school in the county, zero rows included: a school that has sent nothing is news too. */
  schools: { id: string; name: string; total: number; byCategory: number[] }[];
};

export type OrganiserHome = { counties: { id: string; name: string; contests: ContestProgress[]; schoolCount: number }[] };

export type JudgeHome = {
  total: number;
  pending: number;
  assignments: {
    id: string;
    status: AssignmentStatus;
    assignedAt: Date;
    roundName: string;
    roundLevel: RoundLevel;
    contestTitle: string;
    categoryName: string;
    /** Blind judging: the work's title only, never the child's name or school. */
    entryTitle: string;
  }[];
};

export type OrgTreeRow = {
  id: string;
  kind: OrgKind;
  name: string;
  depth: number;
  schools: number;
  classes: number;
  students: number;
};

export type AdminHome = { units: OrgTreeRow[] };

// ---- the page -------------------------------------------------------------

export type HomeView =
  | { role: "STUDENT"; data: StudentHome }
  | { role: "GUARDIAN"; data: GuardianHome }
  | { role: "TEACHER"; data: TeacherHome }
  | { role: "SCHOOL_COORDINATOR"; data: CoordinatorHome }
  | { role: "ORGANISER"; data: OrganiserHome }
  | { role: "JUDGE"; data: JudgeHome }
  | { role: "ADMIN"; data: AdminHome }
  | { role: null; data: null };

export type HomeData = { roles: Role[]; view: HomeView };
