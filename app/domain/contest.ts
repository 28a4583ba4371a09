// Contest windows and status: pure functions over dates, shared by routes,
// the worker and the seed. "now" is always a parameter, never read here.
//
// A contest moves DRAFT → OPEN (entries) → SCHOOL_ROUND (schools pre-select
// and nominate) → COUNTY_JUDGING (county panels score the nominated entries) →
// NOTICE (公示: ranks frozen, objections heard) → FINALISED (results final,
// certificates) → ARCHIVED, one step at a time, each step taken by an
// organiser (nothing moves on its own; the dates suggest the next step). An
// organiser may archive a draft, and an objection upheld during the notice
// reopens county judging. Each step has its time check (canEnterStatus).

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
