import { describe, expect, it } from "vitest";
import { ContestStatus as PrismaContestStatus } from "~/generated/prisma/enums.ts";
import { DEFAULT_GRADE_BANDS } from "./category-presets.ts";
import {
  assertContestTransition,
  canEditContest,
  canTransitionContest,
  checkGradeBands,
  CONTEST_EDIT_PARTS,
  CONTEST_STATUSES,
  CONTEST_TRANSITIONS,
  ContestTransitionError,
  contestPhase,
  contestTransitionProblems,
  isSubmissionOpen,
  limitsOnlyLoosen,
  nextStep,
  planContestWindows,
  rubricWeightTotal,
  submissionDaysLeft,
  suggestedNextStatus,
  validateContestWindows,
  windowEditProblems,
  windowsClosedNow,
  type ContestEditPart,
  type ContestFacts,
  type ContestStatus,
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

// ---------------------------------------------------------------------------
// The contest's life: every pair of statuses, and each step's checks
// ---------------------------------------------------------------------------

const ALLOWED = new Set([
  "DRAFT>OPEN",
  "DRAFT>ARCHIVED",
  "OPEN>SCHOOL_ROUND",
  "SCHOOL_ROUND>COUNTY_JUDGING",
  "COUNTY_JUDGING>NOTICE",
  "NOTICE>FINALISED",
  "NOTICE>COUNTY_JUDGING",
  "FINALISED>ARCHIVED",
]);

const windows = planContestWindows({ submissionOpensAt: t0, submissionDays: 30 });

/** A contest that meets every step's conditions (at the right moment). */
function readyFacts(overrides: Partial<ContestFacts> = {}): ContestFacts {
  return {
    ...windows,
    categories: [
      { name: "读书", gradeMin: 1, gradeMax: 9, rubricWeights: [30, 30, 25, 15] },
      { name: "美术", gradeMin: 1, gradeMax: 6, rubricWeights: [33.33, 33.33, 33.34] },
    ],
    gradeBands: [...DEFAULT_GRADE_BANDS],
    tiers: [
      { name: "一等奖", places: 5, percent: null },
      { name: "二等奖", places: null, percent: 20 },
    ],
    resultsComputed: true,
    unresolvedObjections: 0,
    upheldObjections: 1,
    ...overrides,
  };
}

/** A moment at which the step's time check passes. */
function readyMoment(from: ContestStatus, to: ContestStatus): Date {
  if (to === "OPEN") return plus(-1);
  if (to === "SCHOOL_ROUND") return windows.schoolRoundOpensAt;
  if (from === "SCHOOL_ROUND" && to === "COUNTY_JUDGING") return windows.countyRoundOpensAt;
  if (to === "NOTICE") return windows.noticeStartsAt;
  if (to === "FINALISED") return windows.noticeEndsAt;
  return plus(100);
}

describe("the contest's life, every pair of statuses", () => {
  const pairs = CONTEST_STATUSES.flatMap((from) => CONTEST_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)("%s → %s is allowed exactly when the table says so", (from, to) => {
    const allowed = ALLOWED.has(`${from}>${to}`);
    expect(canTransitionContest(from, to)).toBe(allowed);
    const problems = contestTransitionProblems({ from, to, facts: readyFacts(), now: readyMoment(from, to) });
    expect(problems).toEqual(allowed ? [] : [{ code: "transition_not_allowed" }]);
  });

  it("has 49 pairs, 8 of them steps, and nothing leaves ARCHIVED", () => {
    expect(pairs).toHaveLength(49);
    expect(pairs.filter(([f, t]) => canTransitionContest(f, t))).toHaveLength(ALLOWED.size);
    expect(CONTEST_TRANSITIONS.ARCHIVED).toEqual([]);
  });

  it("matches the database enum ContestStatus, in order", () => {
    expect(Object.values(PrismaContestStatus)).toEqual([...CONTEST_STATUSES]);
  });
});

describe("opening (DRAFT → OPEN)", () => {
  const open = (facts: ContestFacts, now = plus(-1)) => contestTransitionProblems({ from: "DRAFT", to: "OPEN", facts, now });

  it("needs a category", () => {
    expect(open(readyFacts({ categories: [] }))).toEqual([{ code: "no_categories" }]);
  });

  it("needs all eight windows, in order", () => {
    expect(open(readyFacts({ noticeStartsAt: null, noticeEndsAt: null }))).toEqual([{ code: "windows_incomplete", windows: ["noticeStartsAt", "noticeEndsAt"] }]);
    expect(open(readyFacts({ countyRoundOpensAt: plus(31) }))).toEqual([{ code: "county_round_opens_before_school_round_closes" }]);
  });

  it("is refused once submission would already be closed", () => {
    expect(open(readyFacts(), windows.submissionClosesAt)).toEqual([{ code: "submission_already_closed", at: windows.submissionClosesAt }]);
  });

  it("needs a rubric per category whose weights add up to exactly 100", () => {
    const facts = readyFacts({
      categories: [
        { name: "读书", gradeMin: 1, gradeMax: 9, rubricWeights: null },
        { name: "征文", gradeMin: 1, gradeMax: 9, rubricWeights: [30, 30, 35] },
        { name: "摄影", gradeMin: 1, gradeMax: 9, rubricWeights: [] },
      ],
    });
    expect(open(facts)).toEqual([
      { code: "category_without_rubric", category: "读书" },
      { code: "rubric_weights_off", category: "征文", totalHundredths: 9500 },
      { code: "category_without_rubric", category: "摄影" },
    ]);
  });

  it("needs grade bands that do not overlap and cover every grade a category takes", () => {
    expect(open(readyFacts({ gradeBands: [] }))).toEqual([{ code: "no_grade_bands" }]);
    expect(open(readyFacts({ gradeBands: [{ name: "低", gradeMin: 1, gradeMax: 4 }, { name: "高", gradeMin: 4, gradeMax: 9 }] }))).toEqual([{ code: "grade_bands_invalid" }]);
    const primaryOnly = [{ name: "小学", gradeMin: 1, gradeMax: 6 }];
    expect(open(readyFacts({ gradeBands: primaryOnly }))).toEqual([{ code: "category_grades_without_band", category: "读书", grades: [7, 8, 9] }]);
  });
});

describe("the school round (OPEN → SCHOOL_ROUND)", () => {
  const step = (now: Date, closeNow = false, facts = readyFacts()) => contestTransitionProblems({ from: "OPEN", to: "SCHOOL_ROUND", facts, now, closeNow });

  it("starts only once submission has closed (the closing instant counts as closed)", () => {
    expect(step(plus(10))).toEqual([{ code: "submission_not_closed", at: windows.submissionClosesAt }]);
    expect(step(windows.submissionClosesAt)).toEqual([]);
  });

  it("may close submission now, which moves the closing time to now", () => {
    expect(step(plus(10), true)).toEqual([]);
    expect(windowsClosedNow(windows, "OPEN", "SCHOOL_ROUND", plus(10)).submissionClosesAt).toEqual(plus(10));
    // Closing never moves a time that has passed.
    expect(windowsClosedNow(windows, "OPEN", "SCHOOL_ROUND", plus(40)).submissionClosesAt).toEqual(windows.submissionClosesAt);
  });

  it("cannot close submission before it opened", () => {
    expect(step(plus(-2), true)).toEqual([{ code: "submission_not_yet_open", at: t0 }]);
  });
});

describe("county judging (SCHOOL_ROUND → COUNTY_JUDGING, NOTICE → COUNTY_JUDGING)", () => {
  const step = (now: Date, closeNow = false, facts = readyFacts()) => contestTransitionProblems({ from: "SCHOOL_ROUND", to: "COUNTY_JUDGING", facts, now, closeNow });

  it("starts only after the school round closed, or when it is closed now", () => {
    const during = new Date(windows.schoolRoundOpensAt.getTime() + day);
    expect(step(during)).toEqual([{ code: "school_round_not_closed", at: windows.schoolRoundClosesAt }]);
    expect(step(windows.schoolRoundClosesAt)).toEqual([]);
    expect(step(during, true)).toEqual([]);
  });

  it("needs the school round's window, and cannot close a round that has not begun", () => {
    expect(step(plus(200), false, readyFacts({ schoolRoundOpensAt: null, schoolRoundClosesAt: null }))).toEqual([{ code: "school_round_window_missing" }]);
    expect(step(plus(30.5), true)).toEqual([{ code: "school_round_not_yet_open", at: windows.schoolRoundOpensAt }]);
  });

  it("reopens from the notice only when an objection was upheld", () => {
    const reopen = (upheldObjections: number) => contestTransitionProblems({ from: "NOTICE", to: "COUNTY_JUDGING", facts: readyFacts({ upheldObjections }), now: plus(60) });
    expect(reopen(0)).toEqual([{ code: "no_upheld_objection" }]);
    expect(reopen(1)).toEqual([]);
  });
});

describe("the public notice (COUNTY_JUDGING → NOTICE)", () => {
  const step = (facts: ContestFacts, now = windows.noticeStartsAt, closeNow = false) => contestTransitionProblems({ from: "COUNTY_JUDGING", to: "NOTICE", facts, now, closeNow });

  it("needs the results first", () => {
    expect(step(readyFacts({ resultsComputed: false }))).toEqual([{ code: "results_not_computed" }]);
  });

  it("needs county judging closed (or closed now)", () => {
    const during = new Date(windows.countyRoundOpensAt.getTime() + day);
    expect(step(readyFacts(), during)).toEqual([{ code: "county_round_not_closed", at: windows.countyRoundClosesAt }]);
    expect(step(readyFacts(), during, true)).toEqual([]);
  });

  it("needs complete, valid award tiers", () => {
    expect(step(readyFacts({ tiers: [] }))).toEqual([{ code: "award_tiers_missing" }]);
    expect(step(readyFacts({ tiers: [{ name: "优秀奖", places: null, percent: null }] }))).toEqual([{ code: "award_tiers_invalid" }]);
    expect(step(readyFacts({ tiers: [{ name: "一", places: null, percent: 60 }, { name: "二", places: null, percent: 50 }] }))).toEqual([{ code: "award_tiers_invalid" }]);
  });

  it("needs a notice window that has not already ended", () => {
    expect(step(readyFacts({ noticeStartsAt: null, noticeEndsAt: null }))).toEqual([{ code: "notice_window_missing" }]);
    expect(step(readyFacts(), windows.noticeEndsAt)).toEqual([{ code: "notice_window_passed", at: windows.noticeEndsAt }]);
  });
});

describe("finalising (NOTICE → FINALISED)", () => {
  const step = (facts: ContestFacts, now = windows.noticeEndsAt) => contestTransitionProblems({ from: "NOTICE", to: "FINALISED", facts, now });

  it("waits for the whole notice period (it cannot be closed early)", () => {
    const during = new Date(windows.noticeEndsAt.getTime() - 1000);
    expect(step(readyFacts(), during)).toEqual([{ code: "notice_not_ended", at: windows.noticeEndsAt }]);
    expect(contestTransitionProblems({ from: "NOTICE", to: "FINALISED", facts: readyFacts(), now: during, closeNow: true })).toEqual([
      { code: "notice_not_ended", at: windows.noticeEndsAt },
    ]);
  });

  it("needs the results and every objection settled", () => {
    expect(step(readyFacts({ resultsComputed: false, unresolvedObjections: 2 }))).toEqual([{ code: "results_not_computed" }, { code: "objections_unresolved", count: 2 }]);
  });

  it("archives a finalised contest or a draft at any time", () => {
    expect(contestTransitionProblems({ from: "FINALISED", to: "ARCHIVED", facts: readyFacts({ resultsComputed: false }), now: t0 })).toEqual([]);
    expect(contestTransitionProblems({ from: "DRAFT", to: "ARCHIVED", facts: readyFacts({ categories: [] }), now: t0 })).toEqual([]);
  });
});

describe("what may be edited in each status", () => {
  const table: Record<ContestEditPart, ContestStatus[]> = {
    basics: ["DRAFT", "OPEN", "SCHOOL_ROUND", "COUNTY_JUDGING", "NOTICE", "FINALISED"],
    windows: ["DRAFT", "OPEN", "SCHOOL_ROUND", "COUNTY_JUDGING", "NOTICE"],
    addCategory: ["DRAFT", "OPEN"],
    removeCategory: ["DRAFT"],
    limits: ["DRAFT", "OPEN"],
    rubrics: ["DRAFT", "OPEN", "SCHOOL_ROUND"],
    bands: ["DRAFT", "OPEN", "SCHOOL_ROUND"],
    tiers: ["DRAFT", "OPEN", "SCHOOL_ROUND", "COUNTY_JUDGING"],
    normalisation: ["DRAFT", "OPEN", "SCHOOL_ROUND", "COUNTY_JUDGING"],
    quotas: ["DRAFT", "OPEN", "SCHOOL_ROUND"],
    certificates: ["DRAFT", "OPEN", "SCHOOL_ROUND", "COUNTY_JUDGING", "NOTICE"],
  };

  it.each(CONTEST_EDIT_PARTS)("%s follows its rule in every status", (part) => {
    for (const status of CONTEST_STATUSES) expect([part, status, canEditContest(part, status)]).toEqual([part, status, table[part].includes(status)]);
  });

  it("rubrics freeze when county judging starts; limits only loosen after DRAFT", () => {
    expect(canEditContest("rubrics", "SCHOOL_ROUND")).toBe(true);
    expect(canEditContest("rubrics", "COUNTY_JUDGING")).toBe(false);
    expect(limitsOnlyLoosen("DRAFT")).toBe(false);
    expect(CONTEST_STATUSES.filter((s) => s !== "DRAFT").every(limitsOnlyLoosen)).toBe(true);
  });
});

describe("moving windows", () => {
  it("keeps them in order, and complete once opened", () => {
    expect(windowEditProblems({ status: "DRAFT", windows: { ...windows, noticeStartsAt: null, noticeEndsAt: null }, now: t0 })).toEqual([]);
    expect(windowEditProblems({ status: "OPEN", windows: { ...windows, noticeStartsAt: null, noticeEndsAt: null }, now: t0 })).toEqual([
      { code: "windows_incomplete", windows: ["noticeStartsAt", "noticeEndsAt"] },
    ]);
    expect(windowEditProblems({ status: "OPEN", windows: { ...windows, submissionClosesAt: plus(-1) }, now: t0 })).toEqual([{ code: "submission_closes_before_it_opens" }]);
  });

  it("lets an open contest's deadline move later, but not a passed window into the future", () => {
    const later = { ...windows, submissionClosesAt: plus(31), schoolRoundOpensAt: plus(32) };
    expect(windowEditProblems({ status: "OPEN", windows: later, now: plus(10) })).toEqual([]);
    expect(windowEditProblems({ status: "SCHOOL_ROUND", windows: later, now: plus(30.5) })).toEqual([{ code: "window_already_passed", window: "submissionClosesAt" }]);
    expect(windowEditProblems({ status: "SCHOOL_ROUND", windows, now: plus(30.5) })).toEqual([]);
  });

  it("lets county judging run again after an objection reopened it", () => {
    const extended = { ...windows, countyRoundClosesAt: plus(80), noticeStartsAt: plus(81), noticeEndsAt: plus(88) };
    expect(windowEditProblems({ status: "COUNTY_JUDGING", windows: extended, now: plus(70) })).toEqual([]);
    expect(windowEditProblems({ status: "NOTICE", windows: extended, now: plus(70) })).toEqual([{ code: "window_already_passed", window: "countyRoundClosesAt" }]);
  });

  it("freezes them once the results are final", () => {
    expect(windowEditProblems({ status: "FINALISED", windows, now: plus(100) })).toEqual([{ code: "windows_frozen" }]);
  });
});

describe("grade bands and rubric weights", () => {
  it("says which grades no band covers, and which bands overlap", () => {
    expect(checkGradeBands(DEFAULT_GRADE_BANDS)).toEqual({ problems: [], uncovered: [] });
    expect(checkGradeBands([{ name: "小学", gradeMin: 1, gradeMax: 6 }]).uncovered).toEqual([7, 8, 9]);
    expect(checkGradeBands([{ name: "甲", gradeMin: 1, gradeMax: 5 }, { name: "乙", gradeMin: 4, gradeMax: 9 }]).problems).toEqual([
      { code: "bands_overlap", band: "甲", other: "乙", grades: [4, 5] },
    ]);
    expect(checkGradeBands([{ name: "甲", gradeMin: 5, gradeMax: 3 }, { name: "甲", gradeMin: 7, gradeMax: 9 }]).problems).toEqual([
      { code: "band_range_invalid", band: "甲" },
      { code: "band_name_duplicate", band: "甲" },
    ]);
  });

  it("adds weights in hundredths, so thirds add up exactly", () => {
    expect(rubricWeightTotal([33.33, 33.33, 33.34])).toEqual({ totalHundredths: 10_000, offByHundredths: 0 });
    expect(rubricWeightTotal([30, 30, 35])).toEqual({ totalHundredths: 9500, offByHundredths: -500 });
    expect(rubricWeightTotal([0.1, 0.2, 99.8])).toEqual({ totalHundredths: 10_010, offByHundredths: 10 });
  });
});

describe("next step for the list", () => {
  it("follows the status and the dates", () => {
    expect(nextStep(contest({ status: "DRAFT" }), t0)).toEqual({ code: "finish_setup" });
    expect(nextStep(contest(), plus(-1))).toEqual({ code: "wait_for_opening", at: t0 });
    expect(nextStep(contest(), plus(1))).toEqual({ code: "collecting", at: plus(30) });
    expect(nextStep(contest(), plus(30))).toEqual({ code: "start_school_round" });
    expect(nextStep(contest({ status: "NOTICE" }), windows.noticeEndsAt)).toEqual({ code: "finalise" });
    expect(nextStep(contest({ status: "ARCHIVED" }), t0)).toEqual({ code: "none" });
  });
});
