// What the contest pages show (issue 10): the shapes the server builds and the
// components draw, plus pure helpers both sides use (messages for checks and
// refusals, the progress table). Types and pure functions only: no server
// module, no React. Dates travel as ISO strings (loaders serialise to JSON).
import type { SubmissionResult } from "@conform-to/react";
import type { CategoryKind, MediaKind } from "~/domain/category-presets.ts";
import type { ContestChangeRefusal, LimitName } from "~/domain/contest-changes.ts";
import {
  CONTEST_WINDOW_PROBLEMS,
  type ContestCheck,
  type ContestCheckCode,
  type ContestStatus,
  type ContestWindowField,
  type ContestWindowProblem,
  type NextStep,
  type WindowEditProblem,
} from "~/domain/contest.ts";
import { formatHundredths, type Say, type TierRoundingName } from "~/domain/contest-forms.ts";
import { shanghaiClock } from "~/domain/shanghai-time.ts";
import { formatDate, formatDuration, formatList, formatMegabytes, type Locale, type MessageKey } from "~/i18n/t.ts";

export type { Say };

// ---------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------

export type ContestHeader = {
  id: string;
  title: string;
  status: ContestStatus;
  season: "WINTER" | "SUMMER";
  year: number;
  countyName: string;
};

/** What a form action answers: conform's result, plus a line for the whole form (saved, refused, stale). */
export type ContestFormReply = {
  form: string;
  result: SubmissionResult<string[]>;
  message: string | null;
  ok: boolean;
  /** The page was stale (the contest moved on): the page offers to reload. */
  stale?: boolean;
};

/** "2026年1月20日 08:00" in Asia/Shanghai. */
export function formatContestTime(locale: Locale, iso: string | Date): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return `${formatDate(locale, date)} ${shanghaiClock(date)}`;
}

export const STATUS_KEYS: Record<ContestStatus, MessageKey> = {
  DRAFT: "contest.status.DRAFT",
  OPEN: "contest.status.OPEN",
  SCHOOL_ROUND: "contest.status.SCHOOL_ROUND",
  COUNTY_JUDGING: "contest.status.COUNTY_JUDGING",
  NOTICE: "contest.status.NOTICE",
  FINALISED: "contest.status.FINALISED",
  ARCHIVED: "contest.status.ARCHIVED",
};

export function seasonLabel(say: Say, header: Pick<ContestHeader, "season" | "year">): string {
  return say(header.season === "WINTER" ? "contests.season.yearWinter" : "contests.season.yearSummer", { year: header.year });
}

// ---------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------

export type ContestListItem = ContestHeader & { next: { code: NextStep["code"]; at: string | null }; categories: number };
export type ContestListView = { counties: { id: string; name: string }[]; contests: ContestListItem[]; canCreate: boolean };

export function describeNextStep(say: Say, locale: Locale, next: ContestListItem["next"]): string {
  const at = next.at ? formatContestTime(locale, next.at) : say("contests.next.noDate");
  return say(`contests.next.${next.code}`, { at });
}

// ---------------------------------------------------------------------------
// The overview: the contest's life and the next step
// ---------------------------------------------------------------------------

export type TransitionOption = {
  to: ContestStatus;
  /** Problems in words; empty when the step may be taken now. */
  problems: string[];
  /**
   * The step can close its window now ("close submission now"): which window,
   * when it would otherwise close, and the problems left if it is closed now.
   */
  closeNow: { field: ContestWindowField; at: string; problems: string[] } | null;
};

export type ContestOverviewView = {
  header: ContestHeader;
  windows: { field: ContestWindowField; at: string | null }[];
  options: TransitionOption[];
  counts: { categories: number; bands: number; tiers: number; entries: number };
};

export const LIFE_STEPS: readonly ContestStatus[] = ["DRAFT", "OPEN", "SCHOOL_ROUND", "COUNTY_JUDGING", "NOTICE", "FINALISED", "ARCHIVED"];

export const WINDOW_KEYS: Record<ContestWindowField, MessageKey> = {
  submissionOpensAt: "contests.window.submissionOpensAt",
  submissionClosesAt: "contests.window.submissionClosesAt",
  schoolRoundOpensAt: "contests.window.schoolRoundOpensAt",
  schoolRoundClosesAt: "contests.window.schoolRoundClosesAt",
  countyRoundOpensAt: "contests.window.countyRoundOpensAt",
  countyRoundClosesAt: "contests.window.countyRoundClosesAt",
  noticeStartsAt: "contests.window.noticeStartsAt",
  noticeEndsAt: "contests.window.noticeEndsAt",
};

/** A problem with a step, in words. */
export function describeCheck(say: Say, locale: Locale, check: ContestCheck): string {
  if ((CONTEST_WINDOW_PROBLEMS as readonly string[]).includes(check.code)) return say(`contests.window.problem.${check.code as ContestWindowProblem}`);
  const grades = (check.grades ?? []).join("、");
  const windows = formatList(locale, (check.windows ?? []).map((w) => say(WINDOW_KEYS[w])));
  return say(`contests.check.${check.code as Exclude<ContestCheckCode, ContestWindowProblem>}`, {
    category: check.category ?? "",
    grades,
    total: check.totalHundredths === undefined ? "" : formatHundredths(check.totalHundredths),
    count: check.count ?? 0,
    at: check.at ? formatContestTime(locale, check.at) : "",
    windows,
  });
}

const LIMIT_KEYS: Record<LimitName, MessageKey> = {
  mediaKinds: "contests.limit.mediaKinds",
  text: "contests.limit.text",
  textLength: "contests.limit.textLength",
  files: "contests.limit.files",
  fileSize: "contests.limit.fileSize",
  duration: "contests.limit.duration",
  grades: "contests.limit.grades",
};

export const MEDIA_KIND_KEYS: Record<MediaKind, MessageKey> = {
  IMAGE: "category.media.IMAGE",
  VIDEO: "category.media.VIDEO",
  AUDIO: "category.media.AUDIO",
};

/** Why a change was refused, in words that name the category and the entries it would hit. */
export function describeRefusal(say: Say, locale: Locale, refusal: ContestChangeRefusal): string {
  switch (refusal.code) {
    case "stage_frozen":
      return say(`contests.refusal.frozen.${refusal.part}`);
    case "limit_tightened_after_open":
      return say("contests.refusal.limit_tightened_after_open", { category: refusal.category, limit: say(LIMIT_KEYS[refusal.limit]) });
    case "kind_in_use":
      return say("contests.refusal.kind_in_use", { category: refusal.category, kind: say(MEDIA_KIND_KEYS[refusal.kind]), entries: refusal.entries });
    case "text_in_use":
    case "category_has_entries":
      return say(`contests.refusal.${refusal.code}`, { category: refusal.category, entries: refusal.entries });
    case "text_limit_below_entries":
    case "file_count_below_entries":
      return say(`contests.refusal.${refusal.code}`, { category: refusal.category, entries: refusal.entries, value: refusal.value });
    case "file_size_below_entries":
      return say("contests.refusal.file_size_below_entries", {
        category: refusal.category,
        entries: refusal.entries,
        value: formatMegabytes(locale, refusal.value),
      });
    case "duration_below_entries":
      return say("contests.refusal.duration_below_entries", { category: refusal.category, entries: refusal.entries, value: formatDuration(locale, refusal.value) });
    case "grades_exclude_entries":
      return say("contests.refusal.grades_exclude_entries", { category: refusal.category, entries: refusal.entries, grades: refusal.grades.join("、") });
    case "entries_outside_bands":
      return say("contests.refusal.entries_outside_bands", { entries: refusal.entries, grades: refusal.grades.join("、") });
    case "criterion_has_scores":
      return say("contests.refusal.criterion_has_scores", { category: refusal.category, criterion: refusal.criterion });
    case "tier_has_awards":
      return say("contests.refusal.tier_has_awards", { tier: refusal.tier });
    case "quota_below_nominations":
      return say("contests.refusal.quota_below_nominations", {
        category: refusal.category,
        school: refusal.school,
        nominated: refusal.nominated,
        value: refusal.value,
      });
  }
}

/** A problem with new windows, in words. */
export function describeWindowProblem(say: Say, locale: Locale, problem: WindowEditProblem): string {
  switch (problem.code) {
    case "windows_frozen":
      return say("contests.refusal.frozen.windows");
    case "windows_incomplete":
      return describeCheck(say, locale, { code: "windows_incomplete", windows: problem.windows });
    case "window_already_passed":
      return say("contests.refusal.window_already_passed", { window: say(WINDOW_KEYS[problem.window]) });
    default:
      return say(`contests.window.problem.${problem.code}`);
  }
}

// ---------------------------------------------------------------------------
// Details (basics, windows, settings)
// ---------------------------------------------------------------------------

export type ContestDetailsView = {
  header: ContestHeader;
  /** The form's values: windows as datetime-local strings in Asia/Shanghai. */
  values: {
    title: string;
    description: string;
    season: "WINTER" | "SUMMER";
    year: number;
    participationCertificates: boolean;
    normaliseMinScores: number;
  } & Record<ContestWindowField, string>;
  editable: { basics: boolean; windows: boolean; normalisation: boolean; certificates: boolean };
  /** A version of what the form shows: a new one after each save remounts the form with fresh values. */
  version: string;
};

// ---------------------------------------------------------------------------
// Categories, limits and rubrics
// ---------------------------------------------------------------------------

export type CategoryLimitsForm = {
  name: string;
  description: string;
  acceptedMediaKinds: MediaKind[];
  acceptsText: boolean;
  maxTextChars: number | null;
  maxFiles: number;
  maxFileMb: number;
  maxDurationMinutes: number | null;
  gradeMin: number;
  gradeMax: number;
  defaultSchoolQuota: number;
};

export type CategorySummary = CategoryLimitsForm & {
  id: string;
  kind: CategoryKind;
  entries: number;
  rubric: { criteria: number; totalHundredths: number } | null;
};

export type CategoriesView = {
  header: ContestHeader;
  categories: CategorySummary[];
  /** Preset kinds not yet in the contest. */
  addable: CategoryKind[];
  canAdd: boolean;
  canRemove: boolean;
};

export type CategoryLimitsView = {
  header: ContestHeader;
  category: CategorySummary;
  canEdit: boolean;
  onlyLoosen: boolean;
  version: string;
};

export type RubricCriterionForm = { id: string; name: string; description: string; weight: number; maxScore: number };

export type RubricView = {
  header: ContestHeader;
  category: { id: string; name: string; kind: CategoryKind };
  criteria: RubricCriterionForm[];
  /** The preset's rubric is shown until one is saved. */
  fromPreset: boolean;
  canEdit: boolean;
  version: string;
};

// ---------------------------------------------------------------------------
// Grade bands, award tiers, quotas
// ---------------------------------------------------------------------------

export type GradeBandsView = {
  header: ContestHeader;
  bands: { id: string; name: string; gradeMin: number; gradeMax: number }[];
  fromDefault: boolean;
  uncovered: number[];
  canEdit: boolean;
  version: string;
};

export type TierForm = { id: string; name: string; mode: "count" | "percent"; value: number | null };

export type AwardTiersView = {
  header: ContestHeader;
  tierRounding: TierRoundingName;
  tiers: TierForm[];
  fromPreset: boolean;
  canEdit: boolean;
  /** The worked example's number of entries (from ?example=, default 40). */
  exampleEntries: number;
  version: string;
};

export type QuotasView = {
  header: ContestHeader;
  categories: { id: string; name: string; defaultSchoolQuota: number }[];
  category: { id: string; name: string; defaultSchoolQuota: number } | null;
  townships: { id: string; name: string; schools: { id: string; name: string; quota: number | null; nominated: number }[] }[];
  canEdit: boolean;
  version: string;
};

// ---------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------

export const PROGRESS_ENTRY_STATUSES = ["DRAFT", "SUBMITTED", "NOMINATED", "WITHDRAWN", "DISQUALIFIED"] as const;
export type ProgressEntryStatus = (typeof PROGRESS_ENTRY_STATUSES)[number];

export type ProgressCounts = {
  /** Children in the school's classes (active accounts). */
  enrolled: number;
  entries: Record<ProgressEntryStatus, number>;
  /** Entries handed in (submitted or nominated) per category, in the order of `categories`. */
  byCategory: number[];
  /** Files of the contest's entries that failed processing. */
  failedFiles: number;
  /** Nominations made (status NOMINATED). */
  nominated: number;
  /** The school's quotas summed over the categories. */
  quota: number;
};

export type ProgressSchool = ProgressCounts & { id: string; name: string };
export type ProgressTownship = { id: string; name: string; schools: ProgressSchool[]; subtotal: ProgressCounts };

export type ContestProgressView = {
  header: ContestHeader;
  level: "county" | "school";
  scopeNames: string[];
  categories: { id: string; name: string }[];
  townships: ProgressTownship[];
  total: ProgressCounts;
  generatedAt: string;
  /** Where the same table downloads (CSV, XLSX). */
  downloads: { csv: string; xlsx: string };
};

export function entriesTotal(counts: ProgressCounts): number {
  return PROGRESS_ENTRY_STATUSES.reduce((n, s) => n + counts.entries[s], 0);
}

/** Handed in: submitted or nominated (what the chart draws). */
export function handedIn(counts: ProgressCounts): number {
  return counts.entries.SUBMITTED + counts.entries.NOMINATED;
}

export type ProgressTableCell = string | number;

/** Schools directly under the county form a group without a township name. */
export function townshipName(say: Say, township: { name: string }): string {
  return township.name || say("contests.progress.countyDirect");
}

/**
 * The progress table as the page shows it and the downloads write it: one
 * row per school, a subtotal per township, the total last. Numbers stay
 * numbers (the XLSX keeps them as numbers).
 */
export function progressTable(say: Say, view: Pick<ContestProgressView, "categories" | "townships" | "total">): { headers: string[]; rows: ProgressTableCell[][] } {
  const headers = [
    say("contests.progress.col.township"),
    say("contests.progress.col.school"),
    say("contests.progress.col.enrolled"),
    say("contests.progress.col.entries"),
    ...PROGRESS_ENTRY_STATUSES.map((s) => say(`contests.progress.status.${s}`)),
    ...view.categories.map((c) => say("contests.progress.col.category", { category: c.name })),
    say("contests.progress.col.failedFiles"),
    say("contests.progress.col.nominated"),
    say("contests.progress.col.quota"),
  ];
  const row = (township: string, school: string, c: ProgressCounts): ProgressTableCell[] => [
    township,
    school,
    c.enrolled,
    entriesTotal(c),
    ...PROGRESS_ENTRY_STATUSES.map((s) => c.entries[s]),
    ...c.byCategory,
    c.failedFiles,
    c.nominated,
    c.quota,
  ];
  const rows: ProgressTableCell[][] = [];
  for (const township of view.townships) {
    const name = townshipName(say, township);
    for (const school of township.schools) rows.push(row(name, school.name, school));
    rows.push(row(name, say("contests.progress.subtotal"), township.subtotal));
  }
  rows.push(row(say("contests.progress.total"), "", view.total));
  return { headers, rows };
}
