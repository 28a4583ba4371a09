// Contest windows and status: pure functions over dates, shared by routes,
// the worker and the seed. "now" is always a parameter, never read here.
//
// A contest moves DRAFT → OPEN (entries) → SCHOOL_ROUND (schools pre-select
// and nominate) → COUNTY_JUDGING (county panels score the nominated entries) →
// NOTICE (公示: ranks frozen, objections heard) → FINALISED (results final,
// certificates) → ARCHIVED, one step at a time, each step taken by an
// organiser (nothing moves on its own; the dates suggest the next step). An
// organiser may archive a draft, and an objection upheld during the notice
// reopens county judging. Each step has its checks (contestTransitionProblems).
import { tierPlaces, TierRuleError, type AwardTier } from "./judging/index.ts";

export const CONTEST_STATUSES = ["DRAFT", "OPEN", "SCHOOL_ROUND", "COUNTY_JUDGING", "NOTICE", "FINALISED", "ARCHIVED"] as const;
export type ContestStatus = (typeof CONTEST_STATUSES)[number];

export interface ContestWindows {
  submissionOpensAt: Date;
  submissionClosesAt: Date;
  schoolRoundOpensAt?: Date | null;
  schoolRoundClosesAt?: Date | null;
  countyRoundOpensAt?: Date | null;
  countyRoundClosesAt?: Date | null;
  noticeStartsAt?: Date | null;
  noticeEndsAt?: Date | null;
}

export interface ContestTiming extends ContestWindows {
  status: ContestStatus;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const CONTEST_TRANSITIONS: Readonly<Record<ContestStatus, readonly ContestStatus[]>> = {
  DRAFT: ["OPEN", "ARCHIVED"],
  OPEN: ["SCHOOL_ROUND"],
  SCHOOL_ROUND: ["COUNTY_JUDGING"],
  // Back to COUNTY_JUDGING: an objection upheld during the public notice reopens judging.
  COUNTY_JUDGING: ["NOTICE"],
  NOTICE: ["FINALISED", "COUNTY_JUDGING"],
  FINALISED: ["ARCHIVED"],
  ARCHIVED: [],
};

export function canTransitionContest(from: ContestStatus, to: ContestStatus): boolean {
  return CONTEST_TRANSITIONS[from].includes(to);
}

export class ContestTransitionError extends Error {
  constructor(
    readonly from: ContestStatus,
    readonly to: ContestStatus,
  ) {
    super(`A contest cannot go from ${from} to ${to}`);
    this.name = "ContestTransitionError";
  }
}

export function assertContestTransition(from: ContestStatus, to: ContestStatus): void {
  if (!canTransitionContest(from, to)) throw new ContestTransitionError(from, to);
}

export const CONTEST_WINDOW_PROBLEMS = [
  "submission_closes_before_it_opens",
  "school_round_window_incomplete",
  "county_round_window_incomplete",
  "notice_window_incomplete",
  "school_round_closes_before_it_opens",
  "county_round_closes_before_it_opens",
  "notice_ends_before_it_starts",
  "school_round_opens_before_submission_closes",
  "county_round_opens_before_school_round_closes",
  "notice_starts_before_county_round_closes",
] as const;
export type ContestWindowProblem = (typeof CONTEST_WINDOW_PROBLEMS)[number];

/** Problems with a set of windows, as stable codes for the message catalog; empty when consistent. */
export function validateContestWindows(w: ContestWindows): ContestWindowProblem[] {
  const problems: ContestWindowProblem[] = [];
  const before = (a: Date | null | undefined, b: Date | null | undefined, code: ContestWindowProblem) => {
    if (a && b && !(a.getTime() < b.getTime())) problems.push(code);
  };
  const notAfter = (a: Date | null | undefined, b: Date | null | undefined, code: ContestWindowProblem) => {
    if (a && b && a.getTime() < b.getTime()) problems.push(code);
  };
  before(w.submissionOpensAt, w.submissionClosesAt, "submission_closes_before_it_opens");
  if (Boolean(w.schoolRoundOpensAt) !== Boolean(w.schoolRoundClosesAt)) problems.push("school_round_window_incomplete");
  if (Boolean(w.countyRoundOpensAt) !== Boolean(w.countyRoundClosesAt)) problems.push("county_round_window_incomplete");
  if (Boolean(w.noticeStartsAt) !== Boolean(w.noticeEndsAt)) problems.push("notice_window_incomplete");
  before(w.schoolRoundOpensAt, w.schoolRoundClosesAt, "school_round_closes_before_it_opens");
  before(w.countyRoundOpensAt, w.countyRoundClosesAt, "county_round_closes_before_it_opens");
  before(w.noticeStartsAt, w.noticeEndsAt, "notice_ends_before_it_starts");
  notAfter(w.schoolRoundOpensAt, w.submissionClosesAt, "school_round_opens_before_submission_closes");
  notAfter(w.countyRoundOpensAt, w.schoolRoundClosesAt ?? w.submissionClosesAt, "county_round_opens_before_school_round_closes");
  notAfter(w.noticeStartsAt, w.countyRoundClosesAt ?? w.schoolRoundClosesAt ?? w.submissionClosesAt, "notice_starts_before_county_round_closes");
  return problems;
}

/** Children may submit, fix or withdraw entries only while this is true. */
export function isSubmissionOpen(c: ContestTiming, now: Date): boolean {
  return c.status === "OPEN" && c.submissionOpensAt <= now && now < c.submissionClosesAt;
}

export type ContestPhase =
  | "draft"
  | "not_yet_open"
  | "accepting_entries"
  | "submission_closed"
  | "school_round"
  | "county_judging"
  | "public_notice"
  | "results_final"
  | "archived";

/** What a contest page tells people right now (status first, then the dates within it). */
export function contestPhase(c: ContestTiming, now: Date): ContestPhase {
  switch (c.status) {
    case "DRAFT":
      return "draft";
    case "OPEN":
      if (now < c.submissionOpensAt) return "not_yet_open";
      return now < c.submissionClosesAt ? "accepting_entries" : "submission_closed";
    case "SCHOOL_ROUND":
      return "school_round";
    case "COUNTY_JUDGING":
      return "county_judging";
    case "NOTICE":
      return "public_notice";
    case "FINALISED":
      return "results_final";
    case "ARCHIVED":
      return "archived";
  }
}

/**
 * Whole days left to submit, counting a started day as one ("还剩 3 天"), or
 * null when submission is not open. The last day shows as 1, never 0.
 */
export function submissionDaysLeft(c: ContestTiming, now: Date): number | null {
  if (!isSubmissionOpen(c, now)) return null;
  return Math.max(1, Math.ceil((c.submissionClosesAt.getTime() - now.getTime()) / DAY_MS));
}

/** The next status the dates call for, if any (an organiser confirms it; nothing moves on its own). */
export function suggestedNextStatus(c: ContestTiming, now: Date): ContestStatus | null {
  if (c.status === "OPEN" && now >= c.submissionClosesAt) return "SCHOOL_ROUND";
  if (c.status === "SCHOOL_ROUND" && c.schoolRoundClosesAt && now >= c.schoolRoundClosesAt) return "COUNTY_JUDGING";
  if (c.status === "COUNTY_JUDGING" && c.countyRoundClosesAt && now >= c.countyRoundClosesAt) return "NOTICE";
  if (c.status === "NOTICE" && c.noticeEndsAt && now >= c.noticeEndsAt) return "FINALISED";
  return null;
}

/**
 * Typical windows for a holiday contest, relative to `start`: submission for
 * `submissionDays`, a week for the schools' own round, two weeks of county
 * judging, then a public notice (公示) of seven days, each after a day's pause.
 */
export function planContestWindows(options: {
  submissionOpensAt: Date;
  submissionDays: number;
  schoolRoundDays?: number;
  countyRoundDays?: number;
  noticeDays?: number;
}): Required<{ [K in keyof ContestWindows]: Date }> {
  const { submissionOpensAt, submissionDays, schoolRoundDays = 7, countyRoundDays = 14, noticeDays = 7 } = options;
  const at = (base: Date, days: number) => new Date(base.getTime() + days * DAY_MS);
  const submissionClosesAt = at(submissionOpensAt, submissionDays);
  const schoolRoundOpensAt = at(submissionClosesAt, 1);
  const schoolRoundClosesAt = at(schoolRoundOpensAt, schoolRoundDays);
  const countyRoundOpensAt = at(schoolRoundClosesAt, 1);
  const countyRoundClosesAt = at(countyRoundOpensAt, countyRoundDays);
  const noticeStartsAt = at(countyRoundClosesAt, 1);
  const noticeEndsAt = at(noticeStartsAt, noticeDays);
  return {
    submissionOpensAt,
    submissionClosesAt,
    schoolRoundOpensAt,
    schoolRoundClosesAt,
    countyRoundOpensAt,
    countyRoundClosesAt,
    noticeStartsAt,
    noticeEndsAt,
  };
}

// ---------------------------------------------------------------------------
// The checks of each step. A step is taken by an organiser; before the status
// is written, the server gathers these facts inside the same transaction (the
// contest row locked) and the step is refused with every problem found. Each
// rule, by the status being entered:
//
// - OPEN (from DRAFT): at least one category; all eight windows filled in and
//   in order (validateContestWindows); submission not already closed; every
//   category has a rubric with at least one criterion whose weights add up to
//   100; at least one grade band, bands well-formed and not overlapping, and
//   every grade a category accepts falls in some band (an entry outside every
//   band could not be ranked).
// - SCHOOL_ROUND (from OPEN): only once submission has closed. "Close
//   submission now" (closeNow) moves submissionClosesAt to now, which must be
//   after submission opened; the windows must stay in order.
// - COUNTY_JUDGING (from SCHOOL_ROUND): only once the school round has closed;
//   closeNow moves schoolRoundClosesAt to now (after the school round opened).
// - COUNTY_JUDGING (from NOTICE): only when an objection has been upheld.
// - NOTICE (from COUNTY_JUDGING): only once county judging has closed (closeNow
//   as above); the results are computed; the award tiers are set and valid;
//   the notice window is set and has not already ended (a notice must run for
//   the days it announces).
// - FINALISED (from NOTICE): only once the notice period has ended (it cannot
//   be cut short: that is when anyone may object), the results are computed,
//   and no objection is still open.
// - ARCHIVED (from DRAFT or FINALISED): always.
// ---------------------------------------------------------------------------

export const CONTEST_WINDOW_FIELDS = [
  "submissionOpensAt",
  "submissionClosesAt",
  "schoolRoundOpensAt",
  "schoolRoundClosesAt",
  "countyRoundOpensAt",
  "countyRoundClosesAt",
  "noticeStartsAt",
  "noticeEndsAt",
] as const satisfies readonly (keyof ContestWindows)[];
export type ContestWindowField = (typeof CONTEST_WINDOW_FIELDS)[number];

export interface GradeRange {
  gradeMin: number;
  gradeMax: number;
}

export interface GradeBandSpec extends GradeRange {
  name: string;
}

/** A tier as stored: a count, a percentage, or (an unfinished row) neither. */
export interface TierSpec {
  name: string;
  places: number | null;
  percent: number | null;
}

export interface ContestFacts extends ContestWindows {
  categories: (GradeRange & { name: string; rubricWeights: number[] | null })[];
  gradeBands: GradeBandSpec[];
  tiers: TierSpec[];
  /** Results of county judging exist for every category (the judging work writes them). */
  resultsComputed: boolean;
  /** Objections of the current notice not yet answered with a decision (OPEN or ANSWERED). */
  unresolvedObjections: number;
  /** Objections upheld (RESOLVED): only then may judging reopen. */
  upheldObjections: number;
}

export const CONTEST_CHECK_CODES = [
  "transition_not_allowed",
  "no_categories",
  "windows_incomplete",
  ...CONTEST_WINDOW_PROBLEMS,
  "submission_already_closed",
  "category_without_rubric",
  "rubric_weights_off",
  "no_grade_bands",
  "grade_bands_invalid",
  "category_grades_without_band",
  "submission_not_closed",
  "submission_not_yet_open",
  "school_round_window_missing",
  "school_round_not_closed",
  "school_round_not_yet_open",
  "county_round_window_missing",
  "county_round_not_closed",
  "county_round_not_yet_open",
  "results_not_computed",
  "award_tiers_missing",
  "award_tiers_invalid",
  "notice_window_missing",
  "notice_window_passed",
  "notice_not_ended",
  "objections_unresolved",
  "no_upheld_objection",
] as const;
export type ContestCheckCode = (typeof CONTEST_CHECK_CODES)[number];

/** A problem with a step, with what the message needs (dates stay dates: the page formats them). */
export type ContestCheck = {
  code: ContestCheckCode;
  category?: string;
  grades?: number[];
  /** Rubric weights' total in hundredths (9500 = 95). */
  totalHundredths?: number;
  count?: number;
  at?: Date;
  windows?: ContestWindowField[];
};

/** The closing time that "close now" moves for a step, if the step has one. */
export function closeNowField(from: ContestStatus, to: ContestStatus): "submissionClosesAt" | "schoolRoundClosesAt" | "countyRoundClosesAt" | null {
  if (from === "OPEN" && to === "SCHOOL_ROUND") return "submissionClosesAt";
  if (from === "SCHOOL_ROUND" && to === "COUNTY_JUDGING") return "schoolRoundClosesAt";
  if (from === "COUNTY_JUDGING" && to === "NOTICE") return "countyRoundClosesAt";
  return null;
}

/**
 * The windows after "close now": the step's closing time becomes `now` when
 * it was later (closing never moves a time that has passed).
 */
export function windowsClosedNow<W extends ContestWindows>(windows: W, from: ContestStatus, to: ContestStatus, now: Date): W {
  const field = closeNowField(from, to);
  if (!field) return windows;
  const current = windows[field];
  if (current && current.getTime() <= now.getTime()) return windows;
  return { ...windows, [field]: now };
}

/** Weights in hundredths, so that 33.33 + 33.33 + 33.34 is exactly 100. */
export function toHundredths(value: number): number {
  return Math.round(value * 100);
}

/** The rubric's weights total in hundredths, and how far it is from 100 (negative: short). */
export function rubricWeightTotal(weights: readonly number[]): { totalHundredths: number; offByHundredths: number } {
  const totalHundredths = weights.reduce((sum, w) => sum + toHundredths(w), 0);
  return { totalHundredths, offByHundredths: totalHundredths - 100 * 100 };
}

export type GradeBandProblem =
  | { code: "band_range_invalid"; band: string }
  | { code: "band_name_duplicate"; band: string }
  | { code: "bands_overlap"; band: string; other: string; grades: number[] };

export const GRADES = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/**
 * Grade bands are well-formed (1 ≤ min ≤ max ≤ 9), named uniquely and do not
 * overlap; grades 1–9 no band covers are returned (stated on the page, not an
 * error: a county may run a contest for primary schools only).
 */
export function checkGradeBands(bands: readonly GradeBandSpec[]): { problems: GradeBandProblem[]; uncovered: number[] } {
  const problems: GradeBandProblem[] = [];
  const names = new Set<string>();
  const valid = bands.filter((b) => {
    if (names.has(b.name)) problems.push({ code: "band_name_duplicate", band: b.name });
    names.add(b.name);
    const ok = Number.isInteger(b.gradeMin) && Number.isInteger(b.gradeMax) && b.gradeMin >= 1 && b.gradeMax <= 9 && b.gradeMin <= b.gradeMax;
    if (!ok) problems.push({ code: "band_range_invalid", band: b.name });
    return ok;
  });
  for (let i = 0; i < valid.length; i++) {
    for (let j = i + 1; j < valid.length; j++) {
      const a = valid[i]!;
      const b = valid[j]!;
      const grades = GRADES.filter((g) => g >= Math.max(a.gradeMin, b.gradeMin) && g <= Math.min(a.gradeMax, b.gradeMax));
      if (grades.length > 0) problems.push({ code: "bands_overlap", band: a.name, other: b.name, grades });
    }
  }
  return { problems, uncovered: gradesOutside(GRADES, valid) };
}

/** Grades of `grades` that no band covers. */
export function gradesOutside(grades: readonly number[], bands: readonly GradeRange[]): number[] {
  return grades.filter((g) => !bands.some((b) => g >= b.gradeMin && g <= b.gradeMax));
}

function gradesOf(range: GradeRange): number[] {
  return GRADES.filter((g) => g >= range.gradeMin && g <= range.gradeMax);
}

/** Tiers are complete (a count or a percentage each) and pass TIER_RULES 4 (see app/domain/judging). */
export function tiersAreValid(tiers: readonly TierSpec[]): boolean {
  if (tiers.some((t) => (t.places === null) === (t.percent === null))) return false;
  try {
    tierPlaces({ tiers: tiers.map(toAwardTier), rankedCount: 100, rounding: "floor" });
    return true;
  } catch (error) {
    if (error instanceof TierRuleError) return false;
    throw error;
  }
}

/** A stored tier as the judging maths takes it (the tier's name is its id: names are unique within a contest). */
export function toAwardTier(tier: TierSpec, index: number): AwardTier {
  const id = `${index}:${tier.name}`;
  return tier.places !== null ? { id, count: tier.places } : { id, percent: tier.percent ?? 0 };
}

type StepContext = { facts: ContestFacts; windows: ContestWindows; now: Date; closingNow: boolean };

const before = (a: Date, b: Date) => a.getTime() < b.getTime();

function openChecks({ facts, windows, now }: StepContext): ContestCheck[] {
  const checks: ContestCheck[] = [];
  if (facts.categories.length === 0) checks.push({ code: "no_categories" });
  const missing = CONTEST_WINDOW_FIELDS.filter((f) => !windows[f]);
  if (missing.length > 0) checks.push({ code: "windows_incomplete", windows: missing });
  checks.push(...validateContestWindows(windows).map((code) => ({ code })));
  if (!before(now, windows.submissionClosesAt)) checks.push({ code: "submission_already_closed", at: windows.submissionClosesAt });
  for (const category of facts.categories) {
    if (!category.rubricWeights || category.rubricWeights.length === 0) {
      checks.push({ code: "category_without_rubric", category: category.name });
      continue;
    }
    const { totalHundredths, offByHundredths } = rubricWeightTotal(category.rubricWeights);
    if (offByHundredths !== 0) checks.push({ code: "rubric_weights_off", category: category.name, totalHundredths });
  }
  if (facts.gradeBands.length === 0) checks.push({ code: "no_grade_bands" });
  else if (checkGradeBands(facts.gradeBands).problems.length > 0) checks.push({ code: "grade_bands_invalid" });
  else {
    for (const category of facts.categories) {
      const grades = gradesOutside(gradesOf(category), facts.gradeBands);
      if (grades.length > 0) checks.push({ code: "category_grades_without_band", category: category.name, grades });
    }
  }
  return checks;
}

/** A round that must have closed before the next step: missing, not yet closed, or (closing now) not yet opened. */
function closedRoundChecks(
  ctx: StepContext,
  round: { opens: Date | null | undefined; closes: Date | null | undefined },
  codes: { missing: ContestCheckCode | null; notClosed: ContestCheckCode; notYetOpen: ContestCheckCode },
): ContestCheck[] {
  if (!round.closes) return codes.missing ? [{ code: codes.missing }] : [];
  if (before(ctx.now, round.closes)) return [{ code: codes.notClosed, at: round.closes }];
  if (ctx.closingNow && round.opens && before(ctx.now, round.opens)) return [{ code: codes.notYetOpen, at: round.opens }];
  return [];
}

/** `first`, or when it is empty, what `then` finds (a later check that would only repeat the first problem in other words). */
const orIfNone = (first: ContestCheck[], then: () => ContestCheck[]): ContestCheck[] => (first.length > 0 ? first : then());

const windowOrder = (windows: ContestWindows): ContestCheck[] => validateContestWindows(windows).map((code) => ({ code }));

function resultChecks(facts: ContestFacts): ContestCheck[] {
  return facts.resultsComputed ? [] : [{ code: "results_not_computed" }];
}

const STEP_CHECKS: Partial<Record<`${ContestStatus}>${ContestStatus}`, (ctx: StepContext) => ContestCheck[]>> = {
  "DRAFT>OPEN": openChecks,
  "OPEN>SCHOOL_ROUND": (ctx) =>
    orIfNone(
      closedRoundChecks(
        ctx,
        { opens: ctx.windows.submissionOpensAt, closes: ctx.windows.submissionClosesAt },
        { missing: null, notClosed: "submission_not_closed", notYetOpen: "submission_not_yet_open" },
      ),
      () => windowOrder(ctx.windows),
    ),
  "SCHOOL_ROUND>COUNTY_JUDGING": (ctx) =>
    orIfNone(
      closedRoundChecks(
        ctx,
        { opens: ctx.windows.schoolRoundOpensAt, closes: ctx.windows.schoolRoundClosesAt },
        { missing: "school_round_window_missing", notClosed: "school_round_not_closed", notYetOpen: "school_round_not_yet_open" },
      ),
      () => windowOrder(ctx.windows),
    ),
  "NOTICE>COUNTY_JUDGING": ({ facts }) => (facts.upheldObjections > 0 ? [] : [{ code: "no_upheld_objection" }]),
  "COUNTY_JUDGING>NOTICE": (ctx) => {
    const { facts, windows, now } = ctx;
    const checks = closedRoundChecks(
      ctx,
      { opens: windows.countyRoundOpensAt, closes: windows.countyRoundClosesAt },
      { missing: "county_round_window_missing", notClosed: "county_round_not_closed", notYetOpen: "county_round_not_yet_open" },
    );
    const round = checks.length;
    checks.push(...resultChecks(facts));
    if (facts.tiers.length === 0) checks.push({ code: "award_tiers_missing" });
    else if (!tiersAreValid(facts.tiers)) checks.push({ code: "award_tiers_invalid" });
    if (!windows.noticeStartsAt || !windows.noticeEndsAt) checks.push({ code: "notice_window_missing" });
    else if (!before(now, windows.noticeEndsAt)) checks.push({ code: "notice_window_passed", at: windows.noticeEndsAt });
    // The windows' order is only worth saying once the round itself may close.
    return round > 0 ? checks : [...checks, ...windowOrder(windows)];
  },
  "NOTICE>FINALISED": ({ facts, windows, now }) => {
    const checks: ContestCheck[] = [];
    if (!windows.noticeEndsAt) checks.push({ code: "notice_window_missing" });
    else if (before(now, windows.noticeEndsAt)) checks.push({ code: "notice_not_ended", at: windows.noticeEndsAt });
    checks.push(...resultChecks(facts));
    if (facts.unresolvedObjections > 0) checks.push({ code: "objections_unresolved", count: facts.unresolvedObjections });
    return checks;
  },
};

/**
 * Why the contest may not go from `from` to `to` now (empty: it may). With
 * `closeNow`, the step's closing time (closeNowField) is taken as now first;
 * the caller writes the same moved time with the status.
 */
export function contestTransitionProblems(input: { from: ContestStatus; to: ContestStatus; facts: ContestFacts; now: Date; closeNow?: boolean }): ContestCheck[] {
  const { from, to, facts, now } = input;
  if (!canTransitionContest(from, to)) return [{ code: "transition_not_allowed" }];
  const closingNow = Boolean(input.closeNow) && closeNowField(from, to) !== null;
  const windows = closingNow ? windowsClosedNow(facts, from, to, now) : facts;
  const checks = STEP_CHECKS[`${from}>${to}`];
  return checks ? checks({ facts, windows, now, closingNow }) : [];
}

// ---------------------------------------------------------------------------
// What may be edited in each status. Every rule, and why:
// - basics (title, description, season, year): until archived.
// - windows: until finalised; they may move but must stay in order, be
//   complete once the contest has opened, and a window the contest has
//   already passed (submission once the school round began, the school round
//   once county judging began, county judging once the notice began) stays in
//   the past: moving it later would contradict the status.
// - adding a category: in DRAFT and OPEN (children can still enter it).
// - removing a category: in DRAFT only, and only without entries.
// - category limits: in DRAFT freely (within existing entries), in OPEN only
//   loosened (a family may be uploading right now against the old limits);
//   frozen once submission has closed (the entries are final).
// - rubrics and grade bands: until county judging starts (judges score with
//   the rubric; results are computed per band).
// - award tiers and rounding, normalisation threshold: until the notice
//   (the results announced were computed with them).
// - nomination quotas: until the school round ends (nominations are made
//   there and are locked once made).
// - participation certificates: until finalised (certificates are issued then).
// ---------------------------------------------------------------------------

export const CONTEST_EDIT_PARTS = [
  "basics",
  "windows",
  "addCategory",
  "removeCategory",
  "limits",
  "rubrics",
  "bands",
  "tiers",
  "normalisation",
  "quotas",
  "certificates",
] as const;
export type ContestEditPart = (typeof CONTEST_EDIT_PARTS)[number];

const UNTIL = (last: ContestStatus): readonly ContestStatus[] => CONTEST_STATUSES.slice(0, CONTEST_STATUSES.indexOf(last) + 1);

export const CONTEST_EDITABLE_IN: Readonly<Record<ContestEditPart, readonly ContestStatus[]>> = {
  basics: UNTIL("FINALISED"),
  windows: UNTIL("NOTICE"),
  addCategory: UNTIL("OPEN"),
  removeCategory: ["DRAFT"],
  limits: UNTIL("OPEN"),
  rubrics: UNTIL("SCHOOL_ROUND"),
  bands: UNTIL("SCHOOL_ROUND"),
  tiers: UNTIL("COUNTY_JUDGING"),
  normalisation: UNTIL("COUNTY_JUDGING"),
  quotas: UNTIL("SCHOOL_ROUND"),
  certificates: UNTIL("NOTICE"),
};

export function canEditContest(part: ContestEditPart, status: ContestStatus): boolean {
  return CONTEST_EDITABLE_IN[part].includes(status);
}

/** After DRAFT, limits may only be loosened. */
export function limitsOnlyLoosen(status: ContestStatus): boolean {
  return status !== "DRAFT";
}

/** The closing time each status has put behind it (it must stay in the past). */
const PASSED_WINDOWS: readonly { field: ContestWindowField; from: ContestStatus }[] = [
  { field: "submissionClosesAt", from: "SCHOOL_ROUND" },
  { field: "schoolRoundClosesAt", from: "COUNTY_JUDGING" },
  { field: "countyRoundClosesAt", from: "NOTICE" },
];

export type WindowEditProblem =
  | { code: ContestWindowProblem }
  | { code: "windows_frozen" }
  | { code: "windows_incomplete"; windows: ContestWindowField[] }
  | { code: "window_already_passed"; window: ContestWindowField };

/** Problems with new windows for a contest in `status` (the rules above); empty when they may be saved. */
export function windowEditProblems(input: { status: ContestStatus; windows: ContestWindows; now: Date }): WindowEditProblem[] {
  const { status, windows, now } = input;
  if (!canEditContest("windows", status)) return [{ code: "windows_frozen" }];
  const problems: WindowEditProblem[] = validateContestWindows(windows).map((code) => ({ code }));
  const missing = CONTEST_WINDOW_FIELDS.filter((f) => !windows[f]);
  if (status !== "DRAFT" && missing.length > 0) problems.push({ code: "windows_incomplete", windows: missing });
  const reached = CONTEST_STATUSES.indexOf(status);
  for (const { field, from } of PASSED_WINDOWS) {
    const at = windows[field];
    // An objection upheld sends NOTICE back to COUNTY_JUDGING: county judging may then run again.
    if (reached >= CONTEST_STATUSES.indexOf(from) && at && before(now, at)) problems.push({ code: "window_already_passed", window: field });
  }
  return problems;
}

export type NextStep =
  | { code: "finish_setup" }
  | { code: "wait_for_opening"; at: Date }
  | { code: "collecting"; at: Date }
  | { code: "start_school_round" }
  | { code: "school_round_running"; at: Date | null }
  | { code: "start_county_judging" }
  | { code: "county_judging_running"; at: Date | null }
  | { code: "publish_notice" }
  | { code: "notice_running"; at: Date | null }
  | { code: "finalise" }
  | { code: "archive" }
  | { code: "none" };

/** What the contest list says comes next, from the status and the dates (suggestedNextStatus). */
export function nextStep(c: ContestTiming, now: Date): NextStep {
  const suggested = suggestedNextStatus(c, now);
  switch (c.status) {
    case "DRAFT":
      return { code: "finish_setup" };
    case "OPEN":
      if (suggested) return { code: "start_school_round" };
      return before(now, c.submissionOpensAt) ? { code: "wait_for_opening", at: c.submissionOpensAt } : { code: "collecting", at: c.submissionClosesAt };
    case "SCHOOL_ROUND":
      return suggested ? { code: "start_county_judging" } : { code: "school_round_running", at: c.schoolRoundClosesAt ?? null };
    case "COUNTY_JUDGING":
      return suggested ? { code: "publish_notice" } : { code: "county_judging_running", at: c.countyRoundClosesAt ?? null };
    case "NOTICE":
      return suggested ? { code: "finalise" } : { code: "notice_running", at: c.noticeEndsAt ?? null };
    case "FINALISED":
      return { code: "archive" };
    case "ARCHIVED":
      return { code: "none" };
  }
}
