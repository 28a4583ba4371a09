// THE AUTHORISATION POLICY: every route of the app × every actor → what they
// get, written once. tests/integration/authz-matrix.test.ts calls each route's
// loader (GET) and action (POST) with real Requests (session cookie, valid
// CSRF token, same-origin Origin) for every actor and sample below, and fails
// on any difference, on a route file without a row here, and on a row whose
// route is gone.
//
// Adding a route: run the test; it fails naming your file and printing a row
// to paste into ROUTE_POLICY. Then fill in, per method:
// - samples: the URLs to try, built from the fixtures (tests/authz/fixtures.ts;
//   add an id there if you need a new kind of object). When the answer depends
//   on WHOSE object it is, give one sample per owner (A's entry, B's entry) so
//   that reading or changing someone else's object (IDOR) is covered.
// - POST: one sample per `intent` the action knows (the test reads the route's
//   source for them), each with an EMPTY form first: a wrong role must be
//   refused (404) before the body is read (the test's body is a stream that
//   notes being read: a refusal after reading fails the cell), and the right
//   role gets what an empty form deserves, 400 with its field errors where a
//   field is required (never a 500). Add samples with a form where the answer
//   depends on an object named in the body.
// - expect: an outcome per actor; `others` covers the actors not named.
//
// Outcomes:
//   ok               200
//   created          201 (the tus endpoint)
//   login            302 to /login?redirectTo=<the sample URL> (no session)
//   redirect(to)     302 to `to` (a successful redirect, or where the page sends this actor)
//   notFound         404: what this actor may not know exists (deny by default)
//   invalid          400 with the form's errors as data the page shows (not a bare 400)
//   conflict         409: allowed, but refused by the object's state (by design)
//   forbidden/csrf   403: only where that is the design (e.g. a missing CSRF token)
// And instead of samples, for a method the route has no handler for:
//   GET: "noLoader"          no loader: the page renders without server data
//   POST: "methodNotAllowed" no action: Remix answers 405
import type { Fixtures } from "./fixtures.ts";
import { ACTS_FOR_A, ACTS_FOR_B, CLASS_MANAGERS_A, CLASS_MANAGERS_B, COUNTY_STAFF, MEDIA_OF_A, MEDIA_STAFF, NOT_CHILDREN, ROSTER_A, ROSTER_B, each, entryOfA, entryOfB, redirect, type Expectation, type RoutePolicy } from "./policy-kit.ts";
import { GALLERY_ROUTES } from "./policy-gallery.ts";
import { JUDGING_ROUTES } from "./policy-judging.ts";
import { RESULTS_ROUTES } from "./policy-results.ts";

export * from "./policy-kit.ts";

const CORE_ROUTES: Record<string, RoutePolicy> = {
  "root.tsx": {
    path: "/",
    note: "The layout's loader runs on every page: locale, CSRF token, who is signed in. Nothing private.",
    GET: [{ name: "any page", url: () => "/", expect: { others: "ok" } }],
    POST: "methodNotAllowed",
  },

  "routes/_index.tsx": {
    path: "/",
    GET: [{ name: "the front door", url: () => "/", expect: { anonymous: redirect("/login"), others: redirect("/home") } }],
    POST: "methodNotAllowed",
  },

  "routes/login.tsx": {
    path: "/login",
    GET: [{ name: "the login page", url: () => "/login", expect: { anonymous: "ok", others: redirect("/home") } }],
    POST: [{ name: "empty form", url: () => "/login", expect: { others: "invalid" } }],
  },

  "routes/logout.tsx": {
    path: "/logout",
    note: "POST only signs out (a link or an <img> cannot); without a session it is harmless.",
    GET: [{ name: "a link to /logout", url: () => "/logout", expect: { others: redirect("/home") } }],
    POST: [{ name: "sign out", url: () => "/logout", freshSession: true, expect: { others: redirect("/login") } }],
  },

  "routes/change-password.tsx": {
    path: "/change-password",
    GET: [{ name: "own password", url: () => "/change-password", expect: { anonymous: "login", others: "ok" } }],
    POST: [{ name: "empty form", url: () => "/change-password", expect: { anonymous: "login", others: "invalid" } }],
  },

  "routes/home.tsx": {
    path: "/home",
    note: "One page per role, each showing only the user's own scope (tests/integration/home.test.ts).",
    GET: [{ name: "own home", url: () => "/home", expect: { anonymous: "login", others: "ok" } }],
    POST: "methodNotAllowed",
  },

  "routes/classes.$classId.tsx": {
    path: "/classes/:classId",
    GET: [
      { name: "A's class", url: (f) => `/classes/${f.classA}`, expect: { anonymous: "login", ...each(ROSTER_A, "ok"), others: "notFound" } },
      { name: "B's class", url: (f) => `/classes/${f.classB}`, expect: { anonymous: "login", ...each(ROSTER_B, "ok"), others: "notFound" } },
      { name: "A's school (not a class)", url: (f) => `/classes/${f.schoolA}`, expect: { anonymous: "login", others: "notFound" } },
      { name: "an id nobody has", url: (f) => `/classes/${f.missingId}`, expect: { anonymous: "login", others: "notFound" } },
    ],
    POST: "methodNotAllowed",
  },

  "routes/entries.new.tsx": {
    path: "/entries/new",
    note:
      "The child is named in the URL or form (studentId); any signed-in user may be a guardian or teacher, so who may act " +
      "is known only then. A form without a child is a 400 for everyone (it tells nothing about any child).",
    GET: [
      { name: "own (no studentId)", url: () => "/entries/new", expect: { anonymous: "login", studentA: "ok", studentB: "ok", others: "notFound" } },
      { name: "for A", url: (f) => `/entries/new?studentId=${f.user.studentA}`, expect: { anonymous: "login", ...each(ACTS_FOR_A, "ok"), others: "notFound" } },
      { name: "for B", url: (f) => `/entries/new?studentId=${f.user.studentB}`, expect: { anonymous: "login", ...each(ACTS_FOR_B, "ok"), others: "notFound" } },
      {
        name: "for A, a category A has an entry in",
        url: (f) => `/entries/new?studentId=${f.user.studentA}&categoryId=${f.category}`,
        expect: { anonymous: "login", ...each(ACTS_FOR_A, redirect(entryOfA)), others: "notFound" },
      },
    ],
    POST: [
      { name: "empty form", url: () => "/entries/new", expect: { anonymous: "login", others: "invalid" } },
      {
        name: "start A's entry (A has one: it opens)",
        url: () => "/entries/new",
        form: (f) => ({ studentId: f.user.studentA, categoryId: f.category }),
        expect: { anonymous: "login", ...each(ACTS_FOR_A, redirect(entryOfA)), others: "notFound" },
      },
      {
        name: "start B's entry (B has one: it opens)",
        url: () => "/entries/new",
        form: (f) => ({ studentId: f.user.studentB, categoryId: f.category }),
        expect: { anonymous: "login", ...each(ACTS_FOR_B, redirect(entryOfB)), others: "notFound" },
      },
    ],
  },

  "routes/entries.$entryId.tsx": {
    path: "/entries/:entryId",
    note: "The child, a linked guardian or the class teacher; staff above the class judge and count entries elsewhere.",
    GET: [
      { name: "A's entry", url: entryOfA, expect: { anonymous: "login", ...each(ACTS_FOR_A, "ok"), others: "notFound" } },
      { name: "B's entry", url: entryOfB, expect: { anonymous: "login", ...each(ACTS_FOR_B, "ok"), others: "notFound" } },
      { name: "an id nobody has", url: (f) => `/entries/${f.missingId}`, expect: { anonymous: "login", others: "notFound" } },
    ],
    POST: [
      { name: "A's entry, no intent", url: entryOfA, expect: { anonymous: "login", ...each(ACTS_FOR_A, "invalid"), others: "notFound" } },
      {
        name: "A's entry, empty details (a draft may be saved empty)",
        url: entryOfA,
        intent: "save",
        expect: { anonymous: "login", ...each(ACTS_FOR_A, "ok"), others: "notFound" },
      },
      {
        name: "A's entry, empty details (saved, but no title: not sent)",
        url: entryOfA,
        intent: "submit",
        expect: { anonymous: "login", ...each(ACTS_FOR_A, "conflict"), others: "notFound" },
      },
      { name: "A's entry (a draft already)", url: entryOfA, intent: "reopen", expect: { anonymous: "login", ...each(ACTS_FOR_A, "ok"), others: "notFound" } },
      { name: "A's entry, no file named", url: entryOfA, intent: "delete-file", expect: { anonymous: "login", ...each(ACTS_FOR_A, "invalid"), others: "notFound" } },
      {
        name: "A's entry, A's file (removed once, then already gone)",
        url: entryOfA,
        intent: "delete-file",
        form: (f) => ({ assetId: f.removableAssetA }),
        expect: { anonymous: "login", ...each(ACTS_FOR_A, "ok"), others: "notFound" },
      },
      {
        name: "B's entry, A's file",
        url: entryOfB,
        intent: "delete-file",
        form: (f) => ({ assetId: f.readyAssetA }),
        expect: { anonymous: "login", others: "notFound" },
      },
      // Withdrawn, then restored: A's entry is a draft again for the rows after these.
      { name: "A's entry (withdrawn; again: already)", url: entryOfA, intent: "withdraw", expect: { anonymous: "login", ...each(ACTS_FOR_A, "ok"), others: "notFound" } },
      { name: "A's entry (restored; again: already)", url: entryOfA, intent: "restore", expect: { anonymous: "login", ...each(ACTS_FOR_A, "ok"), others: "notFound" } },
      { name: "B's entry, empty details", url: entryOfB, intent: "save", expect: { anonymous: "login", ...each(ACTS_FOR_B, "ok"), others: "notFound" } },
      { name: "an id nobody has", url: (f) => `/entries/${f.missingId}`, intent: "save", expect: { anonymous: "login", others: "notFound" } },
    ],
  },

  "routes/entries.$entryId.status.ts": {
    path: "/entries/:entryId/status",
    note: "JSON for the page's polling: no session is a 404 too (a fetch must not be redirected to the login page).",
    GET: [
      { name: "A's entry", url: (f) => `/entries/${f.entryA}/status`, expect: { ...each(ACTS_FOR_A, "ok"), others: "notFound" } },
      { name: "B's entry", url: (f) => `/entries/${f.entryB}/status`, expect: { ...each(ACTS_FOR_B, "ok"), others: "notFound" } },
      { name: "an id nobody has", url: (f) => `/entries/${f.missingId}/status`, expect: { others: "notFound" } },
    ],
    POST: "methodNotAllowed",
  },

  "routes/files.$token.ts": {
    path: "/files/:token",
    note: "The local store's signed download links: the short-lived token is the authorisation, not the session.",
    GET: [
      { name: "a valid token", url: (f) => `/files/${f.fileToken}`, expect: { others: "ok" } },
      { name: "a token with a spoilt signature", url: (f) => `/files/${f.badFileToken}`, expect: { others: "notFound" } },
    ],
    POST: "methodNotAllowed",
  },

  "routes/organiser.media.tsx": {
    path: "/organiser/media",
    GET: [{ name: "the queue", url: () => "/organiser/media", expect: { anonymous: "login", ...each(MEDIA_STAFF, "ok"), others: "notFound" } }],
    POST: [
      { name: "no intent", url: () => "/organiser/media", expect: { anonymous: "login", ...each(MEDIA_STAFF, "invalid"), others: "notFound" } },
      { name: "no file named", url: () => "/organiser/media", intent: "retry", expect: { anonymous: "login", ...each(MEDIA_STAFF, "invalid"), others: "notFound" } },
      {
        name: "A's ready file (nothing to retry)",
        url: () => "/organiser/media",
        intent: "retry",
        form: (f) => ({ assetId: f.readyAssetA }),
        expect: { anonymous: "login", ...each(MEDIA_OF_A, "conflict"), others: "notFound" },
      },
      { name: "no kind named", url: () => "/organiser/media", intent: "retry-all", expect: { anonymous: "login", ...each(MEDIA_STAFF, "invalid"), others: "notFound" } },
      {
        name: "photos (none failed)",
        url: () => "/organiser/media",
        intent: "retry-all",
        form: () => ({ kind: "IMAGE" }),
        expect: { anonymous: "login", ...each(COUNTY_STAFF, "conflict"), others: "notFound" },
      },
    ],
  },
  "routes/admin.org.tsx": {
    path: "/admin/org",
    note: "The county's org tree: organisers and admins of the county only.",
    GET: [{ name: "the tree", url: () => "/admin/org", expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: [
      { name: "no intent", url: () => "/admin/org", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty form", url: () => "/admin/org", intent: "add-township", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty form", url: () => "/admin/org", intent: "add-school", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty form", url: () => "/admin/org", intent: "add-class", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
    ],
  },

  "routes/admin.org_.import.tsx": {
    path: "/admin/org/import",
    GET: [{ name: "the import page", url: () => "/admin/org/import", expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: [
      { name: "empty form (preview)", url: () => "/admin/org/import", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty form", url: () => "/admin/org/import", intent: "commit", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
    ],
  },

  "routes/admin.people.tsx": {
    path: "/admin/people",
    note: "Staff of the county (coordinators, teachers, judges): organisers and admins of the county only.",
    GET: [{ name: "the staff", url: () => "/admin/people", expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: [
      { name: "no intent", url: () => "/admin/people", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      ...(["appoint", "disable", "enable", "remove-role", "reset"] as const).map((intent) => ({
        name: "empty form",
        url: () => "/admin/people",
        intent,
        expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } as Expectation,
      })),
    ],
  },

  "routes/classes.$classId_.intake.tsx": {
    path: "/classes/:classId/intake",
    note: "Enrolling children: the class's teacher and the school's coordinator; county staff manage the tree, not children.",
    GET: [
      { name: "A's class", url: (f) => `/classes/${f.classA}/intake`, expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "ok"), others: "notFound" } },
      { name: "B's class", url: (f) => `/classes/${f.classB}/intake`, expect: { anonymous: "login", ...each(CLASS_MANAGERS_B, "ok"), others: "notFound" } },
    ],
    POST: [
      { name: "A's class, empty form (preview)", url: (f) => `/classes/${f.classA}/intake`, expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "invalid"), others: "notFound" } },
      { name: "A's class, empty form", url: (f) => `/classes/${f.classA}/intake`, intent: "commit", expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "invalid"), others: "notFound" } },
      { name: "B's class, empty form (preview)", url: (f) => `/classes/${f.classB}/intake`, expect: { anonymous: "login", ...each(CLASS_MANAGERS_B, "invalid"), others: "notFound" } },
    ],
  },

  "routes/classes.$classId_.accounts.tsx": {
    path: "/classes/:classId/accounts",
    GET: [
      { name: "A's class", url: (f) => `/classes/${f.classA}/accounts`, expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "ok"), others: "notFound" } },
      { name: "B's class", url: (f) => `/classes/${f.classB}/accounts`, expect: { anonymous: "login", ...each(CLASS_MANAGERS_B, "ok"), others: "notFound" } },
    ],
    POST: [
      { name: "A's class, no intent", url: (f) => `/classes/${f.classA}/accounts`, expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "invalid"), others: "notFound" } },
      ...(["reset", "link-code", "revoke"] as const).map((intent) => ({
        name: "A's class, empty form",
        url: (f: Fixtures) => `/classes/${f.classA}/accounts`,
        intent,
        expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "invalid"), others: "notFound" } as Expectation,
      })),
      {
        name: "B's class, A's password",
        url: (f) => `/classes/${f.classB}/accounts`,
        intent: "reset",
        form: (f) => ({ studentId: f.user.studentA }),
        expect: { anonymous: "login", ...each(CLASS_MANAGERS_B, "notFound"), others: "notFound" },
      },
    ],
  },

  "routes/classes.$classId_.slips[.pdf].ts": {
    path: "/classes/:classId/slips.pdf",
    note: "Login slips carry initial passwords: the class's teacher and the school's coordinator only.",
    GET: [
      { name: "A's class", url: (f) => `/classes/${f.classA}/slips.pdf`, expect: { anonymous: "login", ...each(CLASS_MANAGERS_A, "ok"), others: "notFound" } },
      { name: "B's class", url: (f) => `/classes/${f.classB}/slips.pdf`, expect: { anonymous: "login", ...each(CLASS_MANAGERS_B, "ok"), others: "notFound" } },
    ],
    POST: "methodNotAllowed",
  },

  "routes/guardian.register.tsx": {
    path: "/guardian/register",
    note: "Anyone may register as a guardian with a child's link code; signed-in accounts link children on /guardian/children.",
    GET: [{ name: "the form", url: () => "/guardian/register", expect: { anonymous: "ok", others: redirect("/guardian/children") } }],
    POST: [{ name: "empty form", url: () => "/guardian/register", expect: { anonymous: "invalid", others: redirect("/guardian/children") } }],
  },

  "routes/guardian.children.tsx": {
    path: "/guardian/children",
    note: "Any signed-in adult may link their own children with a code; a child's account may not.",
    GET: [{ name: "own children", url: () => "/guardian/children", expect: { anonymous: "login", ...each(NOT_CHILDREN, "ok"), others: "notFound" } }],
    POST: [{ name: "empty form (link a code)", url: () => "/guardian/children", expect: { anonymous: "login", ...each(NOT_CHILDREN, "invalid"), others: "notFound" } }],
  },

  "routes/guardian.children_.$studentId.tsx": {
    path: "/guardian/children/:studentId",
    note: "A child's consent and details: guardians linked to that child only (a child cannot give consent).",
    GET: [
      { name: "A", url: (f) => `/guardian/children/${f.user.studentA}`, expect: { anonymous: "login", guardianA: "ok", others: "notFound" } },
      { name: "B", url: (f) => `/guardian/children/${f.user.studentB}`, expect: { anonymous: "login", others: "notFound" } },
    ],
    POST: [
      { name: "A, empty form", url: (f) => `/guardian/children/${f.user.studentA}`, expect: { anonymous: "login", guardianA: "invalid", others: "notFound" } },
      { name: "B, empty form", url: (f) => `/guardian/children/${f.user.studentB}`, expect: { anonymous: "login", others: "notFound" } },
    ],
  },

  "routes/me.consent.tsx": {
    path: "/me/consent",
    note: "A child sees their consent and its history, read only.",
    GET: [{ name: "own consent", url: () => "/me/consent", expect: { anonymous: "login", studentA: "ok", studentB: "ok", others: "notFound" } }],
    POST: "methodNotAllowed",
  },
  // ---- contests (issue 10): organisers and admins of the contest's county edit; coordinators see their own school's progress

  "routes/organiser.contests._index.tsx": {
    path: "/organiser/contests",
    GET: [{ name: "the county's contests", url: () => "/organiser/contests", expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/organiser.contests.new.tsx": {
    path: "/organiser/contests/new",
    GET: [{ name: "the form", url: () => "/organiser/contests/new", expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: [{ name: "empty form", url: () => "/organiser/contests/new", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } }],
  },

  ...contestEditorRows(),

  "routes/organiser.contests.$contestId.categories._index.tsx": {
    path: "/organiser/contests/:contestId/categories",
    GET: [{ name: "the contest's categories", url: (f) => `/organiser/contests/${f.contest}/categories`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: [
      { name: "no intent", url: (f) => `/organiser/contests/${f.contest}/categories`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty form", url: (f) => `/organiser/contests/${f.contest}/categories`, intent: "add", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty form", url: (f) => `/organiser/contests/${f.contest}/categories`, intent: "remove", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
    ],
  },

  "routes/organiser.contests.$contestId.categories.$categoryId._index.tsx": {
    path: "/organiser/contests/:contestId/categories/:categoryId",
    GET: [
      { name: "the category's limits", url: (f) => `/organiser/contests/${f.contest}/categories/${f.category}`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } },
      { name: "a category id nobody has", url: (f) => `/organiser/contests/${f.contest}/categories/${f.missingId}`, expect: { anonymous: "login", others: "notFound" } },
    ],
    POST: [{ name: "empty form", url: (f) => `/organiser/contests/${f.contest}/categories/${f.category}`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } }],
  },

  "routes/organiser.contests.$contestId.categories.$categoryId.rubric.tsx": {
    path: "/organiser/contests/:contestId/categories/:categoryId/rubric",
    GET: [{ name: "the rubric", url: (f) => `/organiser/contests/${f.contest}/categories/${f.category}/rubric`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: [{ name: "empty form", url: (f) => `/organiser/contests/${f.contest}/categories/${f.category}/rubric`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } }],
  },

  "routes/organiser.contests.$contestId.progress.tsx": {
    path: "/organiser/contests/:contestId/progress",
    GET: [{ name: "county-wide", url: (f) => `/organiser/contests/${f.contest}/progress`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/organiser.contests.$contestId.progress[.]csv.ts": {
    path: "/organiser/contests/:contestId/progress.csv",
    GET: [{ name: "county-wide", url: (f) => `/organiser/contests/${f.contest}/progress.csv`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/organiser.contests.$contestId.progress[.]xlsx.ts": {
    path: "/organiser/contests/:contestId/progress.xlsx",
    GET: [{ name: "county-wide", url: (f) => `/organiser/contests/${f.contest}/progress.xlsx`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/organiser.contests.$contestId.entries.tsx": {
    path: "/organiser/contests/:contestId/entries",
    note: "County staff of the contest's county review its entries; the disqualify and reinstate events need a reason.",
    GET: [
      { name: "the county's contest", url: (f) => `/organiser/contests/${f.contest}/entries`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } },
      { name: "filtered, with a cursor", url: (f) => `/organiser/contests/${f.contest}/entries?status=DRAFT&after=${f.entryA}`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } },
      { name: "an id nobody has", url: (f) => `/organiser/contests/${f.missingId}/entries`, expect: { anonymous: "login", others: "notFound" } },
    ],
    POST: [
      { name: "no intent", url: (f) => `/organiser/contests/${f.contest}/entries`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty form", url: (f) => `/organiser/contests/${f.contest}/entries`, intent: "disqualify", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty form", url: (f) => `/organiser/contests/${f.contest}/entries`, intent: "reinstate", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      {
        name: "B's entry, no reason",
        url: (f) => `/organiser/contests/${f.contest}/entries`,
        intent: "disqualify",
        form: (f) => ({ entryId: f.entryB }),
        expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" },
      },
      {
        name: "A's draft is not disqualified: nothing to reinstate",
        url: (f) => `/organiser/contests/${f.contest}/entries`,
        intent: "reinstate",
        form: (f) => ({ entryId: f.entryA, reason: "核实无误" }),
        expect: { anonymous: "login", ...each(COUNTY_STAFF, "conflict"), others: "notFound" },
      },
      {
        name: "an entry id nobody has",
        url: (f) => `/organiser/contests/${f.contest}/entries`,
        intent: "disqualify",
        form: (f) => ({ entryId: f.missingId, reason: "抄袭" }),
        expect: { anonymous: "login", others: "notFound" },
      },
    ],
  },

  ...schoolProgressRows(),
};

/** The contest editor's sections: the same rule (county staff of the contest's county), one row each. */
function contestEditorRows(): Record<string, RoutePolicy> {
  const sections = { "_index": "", details: "/details", bands: "/bands", awards: "/awards", quotas: "/quotas" } as const;
  return Object.fromEntries(
    Object.entries(sections).map(([file, suffix]) => [
      `routes/organiser.contests.$contestId.${file}.tsx`,
      {
        path: `/organiser/contests/:contestId${suffix}`,
        GET: [
          { name: "the county's contest", url: (f: Fixtures) => `/organiser/contests/${f.contest}${suffix}`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } },
          { name: "an id nobody has", url: (f: Fixtures) => `/organiser/contests/${f.missingId}${suffix}`, expect: { anonymous: "login", others: "notFound" } },
        ],
        POST: [
          { name: "empty form", url: (f: Fixtures) => `/organiser/contests/${f.contest}${suffix}`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
        ],
      } satisfies RoutePolicy,
    ]),
  );
}

/** A coordinator's view of their own school's progress, on the page and as CSV and XLSX. */
function schoolProgressRows(): Record<string, RoutePolicy> {
  const files = { "progress.tsx": "", "progress[.]csv.ts": ".csv", "progress[.]xlsx.ts": ".xlsx" } as const;
  return Object.fromEntries(
    Object.entries(files).map(([file, ext]) => [
      `routes/school.contests.$contestId.${file}`,
      {
        path: `/school/contests/:contestId/progress${ext}`,
        note: "Coordinators of a school in the contest's county, for their own school only (?school= names one of theirs).",
        GET: [
          { name: "own school", url: (f: Fixtures) => `/school/contests/${f.contest}/progress${ext}`, expect: { anonymous: "login", coordinatorA: "ok", coordinatorB: "ok", others: "notFound" } },
          {
            name: "school A named",
            url: (f: Fixtures) => `/school/contests/${f.contest}/progress${ext}?school=${f.schoolA}`,
            expect: { anonymous: "login", coordinatorA: "ok", others: "notFound" },
          },
        ],
        POST: "methodNotAllowed",
      } satisfies RoutePolicy,
    ]),
  );
}

// ---------------------------------------------------------------------------
// HTTP endpoints outside Remix, mounted by express in app/server/http.server.ts
// (the test reads that file and fails on a mount without a row here).
// ---------------------------------------------------------------------------

export type EndpointSample = {
  name: string;
  method: "GET" | "HEAD" | "POST";
  /** Path on the endpoint's server; for tus creations (POST), the endpoint itself. */
  url: (f: Fixtures) => string;
  /** POST: a tus creation for this entry (Upload-Length and Upload-Metadata). */
  create?: (f: Fixtures) => { entryId: string; kind: string; size: number };
  expect: Expectation;
};

export type EndpointPolicy =
  | { note: string; samples: readonly EndpointSample[] }
  /** Not driven here: say which test covers it and why that is enough. */
  | { note: string; coveredBy: string };

export const ENDPOINT_POLICY: Record<string, EndpointPolicy> = {
  "/uploads": {
    note:
      "tus resumable uploads: the child, a linked guardian or the class teacher, else 404 (no session too: it is an API). " +
      "Limits, CSRF (403 without X-CSRF-Token), rate limits and resuming: tests/integration/uploads.test.ts.",
    samples: [
      {
        name: "create a file on A's entry",
        method: "POST",
        url: () => "/uploads",
        create: (f) => ({ entryId: f.entryA, kind: "image", size: 1000 }),
        expect: { ...each(ACTS_FOR_A, "created"), others: "notFound" },
      },
      {
        name: "create a file on B's entry",
        method: "POST",
        url: () => "/uploads",
        create: (f) => ({ entryId: f.entryB, kind: "image", size: 1000 }),
        expect: { ...each(ACTS_FOR_B, "created"), others: "notFound" },
      },
      { name: "where A's upload stands", method: "HEAD", url: (f) => f.uploadPathA, expect: { ...each(ACTS_FOR_A, "ok"), others: "notFound" } },
      { name: "download A's upload (originals only through signed links)", method: "GET", url: (f) => f.uploadPathA, expect: { others: "notFound" } },
    ],
  },
  "/healthz": {
    note: "Public by design: 200 or 503 for load balancers, with no data.",
    coveredBy: "tests/integration/http-limits.test.ts",
  },
  "/assets": {
    note: "The build's fingerprinted JS and CSS (express.static), public by design; no user data is ever written there.",
    coveredBy: "tests/e2e/embedded-smoke.test.ts (pages load their assets)",
  },
};

/** Keyed by the route file, relative to app/, as the Remix route config names it. */
export const ROUTE_POLICY: Record<string, RoutePolicy> = { ...CORE_ROUTES, ...JUDGING_ROUTES, ...RESULTS_ROUTES, ...GALLERY_ROUTES };
