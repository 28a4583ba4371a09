// The vocabulary of the authorisation policy (tests/authz/policy.ts): actors,
// outcomes, samples and the groups the rules are written in. Feature rows live
// in policy-<feature>.ts files that import this and are spread into ROUTE_POLICY.
import type { Fixtures } from "./fixtures.ts";

export const ACTORS = [
  "anonymous",
  "studentA",
  "studentB",
  "guardianA",
  "teacherA",
  "teacherB",
  "coordinatorA",
  "coordinatorB",
  "judge",
  "organiser",
  "admin",
] as const;
export type Actor = (typeof ACTORS)[number];
export type SignedInActor = Exclude<Actor, "anonymous">;

/** Who each actor is (printed with failures). */
export const ACTOR_DESCRIPTIONS: Record<Actor, string> = {
  anonymous: "no session (a visitor with only the pre-session CSRF cookie)",
  studentA: "student A, class A of school A (township A)",
  studentB: "student B, class B of school B (township B)",
  guardianA: "A's linked guardian",
  teacherA: "teacher of A's class",
  teacherB: "teacher of B's class (another school)",
  coordinatorA: "coordinator of A's school",
  coordinatorB: "coordinator of B's school",
  judge: "a judge of the county",
  organiser: "an organiser of the county",
  admin: "an admin (assigned at the county)",
};

export type Outcome =
  | "ok"
  | "created"
  | "login"
  | "notFound"
  | "invalid"
  | "conflict"
  | "forbidden"
  | "csrf"
  | { redirect: (f: Fixtures) => string };

export type Expectation = Partial<Record<Actor, Outcome>> & { others?: Outcome };

export type Sample = {
  name: string;
  url: (f: Fixtures) => string;
  /** POST: the `intent` field sent (the action dispatches on it). */
  intent?: string;
  /** POST: fields besides `intent` and `csrf`; none means an empty form. */
  form?: (f: Fixtures) => Record<string, string>;
  /** The cell ends its session (logout): each actor gets a session of its own for it. */
  freshSession?: boolean;
  expect: Expectation;
};

/**
 * Samples, or what the route does without a handler for the method:
 * "noLoader" (GET renders the component with no server data: nothing to
 * authorise), "methodNotAllowed" (POST without an action: Remix answers 405).
 */
export type MethodPolicy = readonly Sample[] | "noLoader" | "methodNotAllowed";

export type RoutePolicy = {
  /** The URL pattern the route config gives the file (checked). */
  path: string;
  /** Why the rule is what it is, where the table alone does not say. */
  note?: string;
  GET: readonly Sample[] | "noLoader";
  POST: readonly Sample[] | "methodNotAllowed";
};

export function redirect(to: string | ((f: Fixtures) => string)): Outcome {
  return { redirect: typeof to === "string" ? () => to : to };
}

/** The same outcome for several actors: `{ ...each(ACTS_FOR_A, "ok"), others: "notFound" }`. */
export function each(actors: readonly Actor[], outcome: Outcome): Partial<Record<Actor, Outcome>> {
  return Object.fromEntries(actors.map((a) => [a, outcome]));
}

// Groups the rules are written in.
/** May act for A's entries: the child, a linked guardian, a teacher of the child's class (acting-for.server.ts). */
export const ACTS_FOR_A = ["studentA", "guardianA", "teacherA"] as const;
export const ACTS_FOR_B = ["studentB", "teacherB"] as const;
/** See a class roster: its teacher and staff above it (home-school.server.ts ROSTER_ROLES, scoped). */
export const ROSTER_A = ["teacherA", "coordinatorA", "organiser", "admin"] as const;
export const ROSTER_B = ["teacherB", "coordinatorB", "organiser", "admin"] as const;
/** The media queue: county staff, and coordinators for their own school (MEDIA_QUEUE_ROLES). */
export const MEDIA_STAFF = ["coordinatorA", "coordinatorB", "organiser", "admin"] as const;
/** Media files of school A: its coordinator and county staff. */
export const MEDIA_OF_A = ["coordinatorA", "organiser", "admin"] as const;
export const COUNTY_STAFF = ["organiser", "admin"] as const;
/** Enrol and manage a class's children: its teacher and its school's coordinator (people/access.server.ts). */
export const CLASS_MANAGERS_A = ["teacherA", "coordinatorA"] as const;
export const CLASS_MANAGERS_B = ["teacherB", "coordinatorB"] as const;
/** Signed-in accounts that are not children: anyone may be a parent too. */
export const NOT_CHILDREN = ["guardianA", "teacherA", "teacherB", "coordinatorA", "coordinatorB", "judge", "organiser", "admin"] as const;

export const entryOfA = (f: Fixtures) => `/entries/${f.entryA}`;
export const entryOfB = (f: Fixtures) => `/entries/${f.entryB}`;

/** Keyed by the route file, relative to app/, as the Remix route config names it. */
