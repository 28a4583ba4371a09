// Policy rows for results, the public notice, objections, certificates and exports; spread into ROUTE_POLICY (policy.ts).
// The fixtures' open contest has no results: organisers see the page, and every empty form is a 400.
// `finalContest` is finalised with a closed notice and A's and B's participation certificates.
import { COUNTY_STAFF, each, type RoutePolicy } from "./policy-kit.ts";
import type { Fixtures } from "./fixtures.ts";

const results = (f: Fixtures) => `/organiser/contests/${f.contest}/results`;
const emptyForm = (intent: string) => ({ name: `${intent}: empty form`, url: results, intent, expect: { anonymous: "login" as const, ...each(COUNTY_STAFF, "invalid"), others: "notFound" as const } });

export const RESULTS_ROUTES: Record<string, RoutePolicy> = {
  "routes/organiser.contests.$contestId.results.tsx": {
    path: "/organiser/contests/:contestId/results",
    note: "Organisers of the contest's county only: compute, change a tier (with a reason), publish, answer objections, finalise. Anyone else: 404 before the form is read.",
    GET: [{ name: "the county's contest", url: results, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: [
      { name: "no intent", url: results, expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      emptyForm("answer"),
      emptyForm("change-tier"),
      emptyForm("compute"),
      emptyForm("finalise"),
      emptyForm("publish"),
      {
        name: "answer: a made-up objection on the open contest",
        url: results,
        intent: "answer",
        form: (f) => ({ expectedStatus: "OPEN", objectionId: f.missingId, decision: "dismissed", response: "不成立" }),
        expect: { anonymous: "login", ...each(COUNTY_STAFF, "conflict"), others: "notFound" },
      },
    ],
  },

  "routes/organiser.contests.$contestId.results[.]csv.ts": {
    path: "/organiser/contests/:contestId/results.csv",
    GET: [
      { name: "awards", url: (f) => `/organiser/contests/${f.finalContest}/results.csv`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } },
      { name: "participation", url: (f) => `/organiser/contests/${f.finalContest}/results.csv?table=participation`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } },
    ],
    POST: "methodNotAllowed",
  },

  "routes/organiser.contests.$contestId.results[.]xlsx.ts": {
    path: "/organiser/contests/:contestId/results.xlsx",
    GET: [{ name: "awards", url: (f) => `/organiser/contests/${f.finalContest}/results.xlsx`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/notice.$contestId.tsx": {
    path: "/notice/:contestId",
    note: "Public, no login. A contest without a notice does not exist here; after the window every objection is refused (409).",
    GET: [
      { name: "the finalised contest's notice", url: (f) => `/notice/${f.finalContest}`, expect: { others: "ok" } },
      { name: "a contest without a notice", url: (f) => `/notice/${f.contest}`, expect: { others: "notFound" } },
    ],
    POST: [
      { name: "empty form, window over", url: (f) => `/notice/${f.finalContest}`, expect: { others: "conflict" } },
      { name: "empty form, no notice", url: (f) => `/notice/${f.contest}`, expect: { others: "notFound" } },
    ],
  },

  "routes/verify.$code.tsx": {
    path: "/verify/:code",
    note: "Public: the masked name, contest, category and award of a certificate, nothing more.",
    GET: [
      { name: "A's certificate", url: (f) => `/verify/${f.verifyCodeA}`, expect: { others: "ok" } },
      { name: "no such code", url: () => "/verify/0000000000AB", expect: { others: "ok" } },
    ],
    POST: "methodNotAllowed",
  },

  "routes/certificates.$file.ts": {
    path: "/certificates/:file",
    note: "The child and linked guardians only (coordinators get their school's as the ZIP).",
    GET: [
      { name: "A's certificate", url: (f) => `/certificates/${f.certificateA}.pdf`, expect: { anonymous: "login", studentA: "ok", guardianA: "ok", others: "notFound" } },
      { name: "B's certificate", url: (f) => `/certificates/${f.certificateB}.pdf`, expect: { anonymous: "login", studentB: "ok", others: "notFound" } },
      { name: "no such certificate", url: (f) => `/certificates/${f.missingId}.pdf`, expect: { anonymous: "login", others: "notFound" } },
    ],
    POST: "methodNotAllowed",
  },

  "routes/school.contests.$contestId.certificates[.]zip.ts": {
    path: "/school/contests/:contestId/certificates.zip",
    note: "Coordinators of a school in the contest's county: their own school's certificates only; a contest not yet final: 404.",
    GET: [
      { name: "finalised contest", url: (f) => `/school/contests/${f.finalContest}/certificates.zip`, expect: { anonymous: "login", coordinatorA: "ok", coordinatorB: "ok", others: "notFound" } },
      { name: "open contest", url: (f) => `/school/contests/${f.contest}/certificates.zip`, expect: { anonymous: "login", others: "notFound" } },
    ],
    POST: "methodNotAllowed",
  },
};
