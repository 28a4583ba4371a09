// Contest windows and status: pure functions over dates, shared by routes,
// the worker and the seed. "now" is always a parameter, never read here.
//
// A contest moves DRAFT → OPEN → JUDGING → NOTICE → PUBLISHED → ARCHIVED, one
// step at a time (an organiser may also archive a draft, or reopen judging
// when an objection during the notice is upheld). Within OPEN the dates decide
// whether children may submit right now.

export const CONTEST_STATUSES = ["DRAFT", "OPEN", "JUDGING", "NOTICE", "PUBLISHED", "ARCHIVED"] as const;
export type ContestStatus = (typeof CONTEST_STATUSES)[number];

export interface ContestWindows {
  submissionOpensAt: Date;
  submissionClosesAt: Date;
  judgingOpensAt?: Date | null;
  judgingClosesAt?: Date | null;
  noticeStartsAt?: Date | null;
  noticeEndsAt?: Date | null;
}

export interface ContestTiming extends ContestWindows {
  status: ContestStatus;
}

const DAY_MS = 24 * 60 * 60 * 1000;

const TRANSITIONS: Record<ContestStatus, readonly ContestStatus[]> = {
  DRAFT: ["OPEN", "ARCHIVED"],
  OPEN: ["JUDGING"],
  // Back to JUDGING: an objection upheld during the public notice reopens judging.
  JUDGING: ["NOTICE"],
  NOTICE: ["PUBLISHED", "JUDGING"],
  PUBLISHED: ["ARCHIVED"],
  ARCHIVED: [],
};

export function canTransitionContest(from: ContestStatus, to: ContestStatus): boolean {
  return TRANSITIONS[from].includes(to);
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

/** Problems with a set of windows, as stable codes for the message catalog; empty when consistent. */
export function validateContestWindows(w: ContestWindows): string[] {
  const problems: string[] = [];
  const before = (a: Date | null | undefined, b: Date | null | undefined, code: string) => {
    if (a && b && !(a.getTime() < b.getTime())) problems.push(code);
  };
  before(w.submissionOpensAt, w.submissionClosesAt, "submission_closes_before_it_opens");
  if (Boolean(w.judgingOpensAt) !== Boolean(w.judgingClosesAt)) problems.push("judging_window_incomplete");
  if (Boolean(w.noticeStartsAt) !== Boolean(w.noticeEndsAt)) problems.push("notice_window_incomplete");
  before(w.judgingOpensAt, w.judgingClosesAt, "judging_closes_before_it_opens");
  before(w.noticeStartsAt, w.noticeEndsAt, "notice_ends_before_it_starts");
  if (w.judgingOpensAt && w.judgingOpensAt < w.submissionClosesAt) problems.push("judging_opens_before_submission_closes");
  const judgingEnd = w.judgingClosesAt ?? w.submissionClosesAt;
  if (w.noticeStartsAt && w.noticeStartsAt < judgingEnd) problems.push("notice_starts_before_judging_closes");
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
  | "judging"
  | "public_notice"
  | "results_published"
  | "archived";

/** What a contest page tells people right now (status first, then the dates within it). */
export function contestPhase(c: ContestTiming, now: Date): ContestPhase {
  switch (c.status) {
    case "DRAFT":
      return "draft";
    case "OPEN":
      if (now < c.submissionOpensAt) return "not_yet_open";
      return now < c.submissionClosesAt ? "accepting_entries" : "submission_closed";
    case "JUDGING":
      return "judging";
    case "NOTICE":
      return "public_notice";
    case "PUBLISHED":
      return "results_published";
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
  if (c.status === "OPEN" && now >= c.submissionClosesAt) return "JUDGING";
  if (c.status === "JUDGING" && c.judgingClosesAt && now >= c.judgingClosesAt) return "NOTICE";
  if (c.status === "NOTICE" && c.noticeEndsAt && now >= c.noticeEndsAt) return "PUBLISHED";
  return null;
}

/**
 * Typical windows for a holiday contest, relative to `start`: submission for
 * `submissionDays`, judging for two weeks after a day's pause for the schools'
 * own round, then a public notice (公示) of seven days.
 */
export function planContestWindows(options: {
  submissionOpensAt: Date;
  submissionDays: number;
  judgingDays?: number;
  noticeDays?: number;
}): Required<{ [K in keyof ContestWindows]: Date }> {
  const { submissionOpensAt, submissionDays, judgingDays = 14, noticeDays = 7 } = options;
  const at = (base: Date, days: number) => new Date(base.getTime() + days * DAY_MS);
  const submissionClosesAt = at(submissionOpensAt, submissionDays);
  const judgingOpensAt = at(submissionClosesAt, 1);
  const judgingClosesAt = at(judgingOpensAt, judgingDays);
  const noticeStartsAt = at(judgingClosesAt, 1);
  const noticeEndsAt = at(noticeStartsAt, noticeDays);
  return { submissionOpensAt, submissionClosesAt, judgingOpensAt, judgingClosesAt, noticeStartsAt, noticeEndsAt };
}
