import { describe, expect, it } from "vitest";
import {
  assertContestTransition,
  canTransitionContest,
  ContestTransitionError,
  contestPhase,
  isSubmissionOpen,
  planContestWindows,
  submissionDaysLeft,
  suggestedNextStatus,
  validateContestWindows,
  type ContestTiming,
} from "./contest.ts";

const day = 24 * 60 * 60 * 1000;
const t0 = new Date("2026-01-20T00:00:00+08:00");
const plus = (days: number) => new Date(t0.getTime() + days * day);

function contest(overrides: Partial<ContestTiming> = {}): ContestTiming {
  return { status: "OPEN", ...planContestWindows({ submissionOpensAt: t0, submissionDays: 30 }), ...overrides };
}

describe("contest windows", () => {
  it("plans consistent windows: submission, the school round, county judging, then a 7 day notice", () => {
    const w = planContestWindows({ submissionOpensAt: t0, submissionDays: 30 });
    expect(validateContestWindows(w)).toEqual([]);
    expect(w.submissionClosesAt).toEqual(plus(30));
    expect(w.schoolRoundOpensAt.getTime()).toBeGreaterThan(w.submissionClosesAt.getTime());
    expect(w.countyRoundOpensAt.getTime()).toBeGreaterThan(w.schoolRoundClosesAt.getTime());
    expect(w.noticeEndsAt.getTime() - w.noticeStartsAt.getTime()).toBe(7 * day);
  });

  it("reports windows in the wrong order", () => {
    expect(validateContestWindows({ submissionOpensAt: plus(5), submissionClosesAt: plus(1) })).toEqual([
      "submission_closes_before_it_opens",
    ]);
    expect(
      validateContestWindows({
        submissionOpensAt: t0,
        submissionClosesAt: plus(10),
        countyRoundOpensAt: plus(5),
        countyRoundClosesAt: plus(12),
        noticeStartsAt: plus(11),
      }),
    ).toEqual(["notice_window_incomplete", "county_round_opens_before_school_round_closes", "notice_starts_before_county_round_closes"]);
  });
});

describe("submission", () => {
  it("is open only while OPEN and inside the window (closing instant excluded)", () => {
    const c = contest();
    expect(isSubmissionOpen(c, plus(-1))).toBe(false);
    expect(isSubmissionOpen(c, t0)).toBe(true);
    expect(isSubmissionOpen(c, plus(29.99))).toBe(true);
    expect(isSubmissionOpen(c, plus(30))).toBe(false);
    expect(isSubmissionOpen({ ...c, status: "DRAFT" }, plus(1))).toBe(false);
  });

  it("counts days left, the last partial day as 1", () => {
    const c = contest();
    expect(submissionDaysLeft(c, t0)).toBe(30);
    expect(submissionDaysLeft(c, plus(29.5))).toBe(1);
    expect(submissionDaysLeft(c, plus(31))).toBeNull();
  });
});

describe("phase and status", () => {
  it("derives the phase from status and dates", () => {
    const c = contest();
    expect(contestPhase(c, plus(-1))).toBe("not_yet_open");
    expect(contestPhase(c, plus(1))).toBe("accepting_entries");
    expect(contestPhase(c, plus(31))).toBe("submission_closed");
    expect(contestPhase({ ...c, status: "NOTICE" }, plus(50))).toBe("public_notice");
  });

  it("suggests the next status once a window has passed", () => {
    const c = contest();
    expect(suggestedNextStatus(c, plus(1))).toBeNull();
    expect(suggestedNextStatus(c, plus(30))).toBe("SCHOOL_ROUND");
    expect(suggestedNextStatus({ ...c, status: "SCHOOL_ROUND" }, c.schoolRoundClosesAt!)).toBe("COUNTY_JUDGING");
    expect(suggestedNextStatus({ ...c, status: "COUNTY_JUDGING" }, c.countyRoundClosesAt!)).toBe("NOTICE");
    expect(suggestedNextStatus({ ...c, status: "NOTICE" }, c.noticeEndsAt!)).toBe("FINALISED");
  });

  it("moves one step at a time, with judging reopened from the notice", () => {
    expect(canTransitionContest("DRAFT", "OPEN")).toBe(true);
    expect(canTransitionContest("OPEN", "FINALISED")).toBe(false);
    expect(canTransitionContest("NOTICE", "COUNTY_JUDGING")).toBe(true);
    expect(canTransitionContest("ARCHIVED", "OPEN")).toBe(false);
    expect(() => assertContestTransition("OPEN", "NOTICE")).toThrow(ContestTransitionError);
  });
});
