// Policy rows for public galleries, boards, portfolios, sharing and view counts; spread into ROUTE_POLICY (policy.ts).
// The fixtures publish nothing (A's and B's entries are drafts), so every public
// page of a work, board or portfolio is a 404 for everyone, signed in or not:
// tests/integration/gallery.test.ts covers what a published, consented work shows.
import { COUNTY_STAFF, each, type RoutePolicy } from "./policy-kit.ts";

/** A public id of the right shape that nothing has. */
const FORGED = "AAAAAAAAAAAA";

export const GALLERY_ROUTES: Record<string, RoutePolicy> = {
  "routes/gallery._index.tsx": {
    path: "/gallery",
    note: "Public: anyone, no login.",
    GET: [{ name: "the public gallery", url: () => "/gallery", expect: { others: "ok" } }],
    POST: "methodNotAllowed",
  },

  "routes/gallery.c.$contestId.tsx": {
    path: "/gallery/c/:contestId",
    note: "Public listing of an open contest (no works public in the fixtures); unknown contest 404.",
    GET: [
      { name: "an open contest", url: (f) => `/gallery/c/${f.contest}`, expect: { others: "ok" } },
      { name: "no such contest", url: (f) => `/gallery/c/${f.missingId}`, expect: { others: "notFound" } },
    ],
    POST: "methodNotAllowed",
  },

  "routes/e.$publicId.tsx": {
    path: "/e/:publicId",
    GET: [{ name: "a forged short link", url: () => `/e/${FORGED}`, expect: { others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/e.$publicId.qr[.]svg.ts": {
    path: "/e/:publicId/qr.svg",
    GET: [{ name: "a forged short link", url: () => `/e/${FORGED}/qr.svg`, expect: { others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/e.$publicId.poster[.]png.ts": {
    path: "/e/:publicId/poster.png",
    GET: [{ name: "a forged short link", url: () => `/e/${FORGED}/poster.png`, expect: { others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/b.$slug.tsx": {
    path: "/b/:slug",
    GET: [
      { name: "a draft board", url: () => "/b/draftBoard00", expect: { others: "notFound" } },
      { name: "a forged board link", url: () => `/b/${FORGED}`, expect: { others: "notFound" } },
    ],
    POST: "methodNotAllowed",
  },

  "routes/b.$slug.qr[.]svg.ts": {
    path: "/b/:slug/qr.svg",
    GET: [{ name: "a draft board", url: () => "/b/draftBoard00/qr.svg", expect: { others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/p.$portfolioId.tsx": {
    path: "/p/:portfolioId",
    GET: [{ name: "a forged portfolio link", url: () => `/p/${FORGED}`, expect: { others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/p.$portfolioId.qr[.]svg.ts": {
    path: "/p/:portfolioId/qr.svg",
    GET: [{ name: "a forged portfolio link", url: () => `/p/${FORGED}/qr.svg`, expect: { others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/g.m.$publicId.$index.$name.ts": {
    path: "/g/m/:publicId/:index/:name",
    note: "Public media: only renditions of works public now.",
    GET: [{ name: "a forged media link", url: () => `/g/m/${FORGED}/0/thumb.jpg`, expect: { others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/portfolio.$studentId.tsx": {
    path: "/portfolio/:studentId",
    note: "The child and linked guardians only; only a guardian makes the share link.",
    GET: [
      { name: "A's portfolio", url: (f) => `/portfolio/${f.user.studentA}`, expect: { anonymous: "login", studentA: "ok", guardianA: "ok", others: "notFound" } },
      { name: "B's portfolio", url: (f) => `/portfolio/${f.user.studentB}`, expect: { anonymous: "login", studentB: "ok", others: "notFound" } },
    ],
    POST: [
      { name: "no intent", url: (f) => `/portfolio/${f.user.studentA}`, expect: { anonymous: "login", guardianA: "invalid", others: "notFound" } },
      { name: "share A's portfolio", url: (f) => `/portfolio/${f.user.studentA}`, intent: "share", expect: { anonymous: "login", guardianA: "ok", others: "notFound" } },
    ],
  },

  "routes/organiser.gallery._index.tsx": {
    path: "/organiser/gallery",
    GET: [{ name: "the county's gallery", url: () => "/organiser/gallery", expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: [
      { name: "no intent", url: () => "/organiser/gallery", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "empty board form", url: () => "/organiser/gallery", intent: "createBoard", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "publish nothing", url: () => "/organiser/gallery", intent: "publish", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "unpublish nothing", url: () => "/organiser/gallery", intent: "unpublish", expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } },
      { name: "publish A's draft", url: () => "/organiser/gallery", intent: "publish", form: (f) => ({ entryId: f.entryA }), expect: { anonymous: "login", ...each(COUNTY_STAFF, "conflict"), others: "notFound" } },
    ],
  },

  "routes/organiser.gallery.boards.$boardId.tsx": {
    path: "/organiser/gallery/boards/:boardId",
    GET: [
      { name: "the county's board", url: (f) => `/organiser/gallery/boards/${f.board}`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } },
      { name: "no such board", url: (f) => `/organiser/gallery/boards/${f.missingId}`, expect: { anonymous: "login", others: "notFound" } },
    ],
    POST: [{ name: "empty form", url: (f) => `/organiser/gallery/boards/${f.board}`, expect: { anonymous: "login", ...each(COUNTY_STAFF, "invalid"), others: "notFound" } }],
  },

  "routes/organiser.gallery.views.tsx": {
    path: "/organiser/gallery/views",
    GET: [{ name: "the view report", url: () => "/organiser/gallery/views", expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/organiser.gallery.views[.]csv.ts": {
    path: "/organiser/gallery/views.csv",
    GET: [{ name: "the view report", url: () => "/organiser/gallery/views.csv", expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: "methodNotAllowed",
  },

  "routes/organiser.gallery.views[.]xlsx.ts": {
    path: "/organiser/gallery/views.xlsx",
    GET: [{ name: "the view report", url: () => "/organiser/gallery/views.xlsx", expect: { anonymous: "login", ...each(COUNTY_STAFF, "ok"), others: "notFound" } }],
    POST: "methodNotAllowed",
  },
};
