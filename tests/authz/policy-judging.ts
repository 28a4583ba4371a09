// Policy rows for the school round, county assignment and judges' pages; spread into ROUTE_POLICY (policy.ts).
// The fixture contest is OPEN: the school round shows but takes no nominations or scores (409), and the
// judges' rounds take no scores (409): what is authorised is still told apart from what is not found.
import { CLASS_MANAGERS_A, CLASS_MANAGERS_B, COUNTY_STAFF, each, type RoutePolicy } from "./policy-kit.ts";

/** Who may open a judge's queue: judges, and teachers (the school round). */
const JUDGE_PAGES = ["judge", "teacherA", "teacherB"] as const;
const roundOfA = (f: { contest: string; schoolA: string }) => `/school/contests/${f.contest}/round?school=${f.schoolA}`;

export const JUDGING_ROUTES: Record<string, RoutePolicy> = {
  "routes/school.contests.$contestId.round.tsx": {
    path: "/school/contests/:contestId/round",
    note: "The school's coordinator and teachers, their own school only; a teacher's nominate and a non-teacher's score are 400s in words (the page is theirs, the button is not).",
    GET: [
      { name: "own school", url: (f) => `/school/contests/${f.contest}/round`, expect: { anonymous: "login", ...each([...CLASS_MANAGERS_A, ...CLASS_MANAGERS_B], "ok"), others: "notFound" } },
      { name: "school A named", url: roundOfA, expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "ok"), others: "notFound" } },
    ],
    POST: [
      { name: "no intent", url: roundOfA, expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "invalid"), others: "notFound" } },
      { name: "empty nomination", url: roundOfA, intent: "nominate", expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "invalid"), others: "notFound" } },
      {
        name: "nominate B's entry for school A",
        url: roundOfA,
        intent: "nominate",
        form: (f) => ({ entryId: f.entryB, reason: "构图完整，很有想法" }),
        expect: { anonymous: "login", coordinatorA: "notFound", teacherA: "invalid", others: "notFound" },
      },
      {
        name: "nominate A's entry (contest not in the school round)",
        url: roundOfA,
        intent: "nominate",
        form: (f) => ({ entryId: f.entryA, reason: "构图完整，很有想法" }),
        expect: { anonymous: "login", coordinatorA: "conflict", teacherA: "invalid", others: "notFound" },
      },
      { name: "empty withdrawal", url: roundOfA, intent: "withdraw", expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "invalid"), others: "notFound" } },
      { name: "empty score", url: roundOfA, intent: "score", expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "invalid"), others: "notFound" } },
    ],
  },

  "routes/organiser.contests.$contestId.nominations.tsx": {
    path: "/organiser/contests/:contestId/nominations",
    GET: [{ name: "the county's contest", url: (f) => `/organiser/contests/${f.contest}/nominations`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/organiser.contests.$contestId.judging.tsx": {
    path: "/organiser/contests/:contestId/judging",
    GET: [{ name: "the county's contest", url: (f) => `/organiser/contests/${f.contest}/judging`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: [
      { name: "no intent", url: (f) => `/organiser/contests/${f.contest}/judging`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty k", url: (f) => `/organiser/contests/${f.contest}/judging`, intent: "settings", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty panel", url: (f) => `/organiser/contests/${f.contest}/judging`, intent: "panel", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty assignment", url: (f) => `/organiser/contests/${f.contest}/judging`, intent: "assign", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      {
        name: "assign (contest not in county judging)",
        url: (f) => `/organiser/contests/${f.contest}/judging`,
        intent: "assign",
        form: (f) => ({ categoryId: f.category }),
        expect: { anonymous: "login", ...each(COUNTY_STAFF, "conflict"), others: "notFound" },
      },
    ],
  },

  "routes/judge._index.tsx": {
    path: "/judge",
    note: "Each judge's own queue only (nothing in the URL names anyone).",
    GET: [{ name: "own queue", url: () => "/judge", expect: { anonymous: "login", ...each(JUDGE_PAGES, "ok"), others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/judge.assignments.$assignmentId.tsx": {
    path: "/judge/assignments/:assignmentId",
    note: "Only the assignment's own judge: a judge cannot read or score a work not assigned to them.",
    GET: [
      { name: "the judge's work", url: (f) => `/judge/assignments/${f.judgeAssignment}`, expect: { anonymous: "login", judge: "ok", others: "notFound" } },
      { name: "teacher B's work", url: (f) => `/judge/assignments/${f.teacherBAssignment}`, expect: { anonymous: "login", teacherB: "ok", others: "notFound" } },
    ],
    POST: [
      { name: "no intent", url: (f) => `/judge/assignments/${f.judgeAssignment}`, expect: { anonymous: "login", judge: "invalid", others: "notFound" } },
      { name: "empty submit (round not open)", url: (f) => `/judge/assignments/${f.judgeAssignment}`, intent: "submit", expect: { anonymous: "login", judge: "conflict", others: "notFound" } },
      { name: "empty recusal", url: (f) => `/judge/assignments/${f.judgeAssignment}`, intent: "recuse", expect: { anonymous: "login", judge: "invalid", others: "notFound" } },
      { name: "submit teacher B's work", url: (f) => `/judge/assignments/${f.teacherBAssignment}`, intent: "submit", expect: { anonymous: "login", teacherB: "conflict", others: "notFound" } },
    ],
  },

  "routes/judge.assignments.$assignmentId_.autosave.ts": {
    path: "/judge/assignments/:assignmentId/autosave",
    note: "POST only (the sheet's autosave); a GET finds nothing.",
    GET: [{ name: "the judge's work", url: (f) => `/judge/assignments/${f.judgeAssignment}/autosave`, expect: { anonymous: "login", ...each(["judge", "teacherA", "teacherB"], "notFound"), others: "notFound" } }],
    POST: [
      { name: "empty save (round not open)", url: (f) => `/judge/assignments/${f.judgeAssignment}/autosave`, expect: { anonymous: "login", judge: "conflict", others: "notFound" } },
      { name: "teacher B's work", url: (f) => `/judge/assignments/${f.teacherBAssignment}/autosave`, expect: { anonymous: "login", teacherB: "conflict", others: "notFound" } },
    ],
  },
};
