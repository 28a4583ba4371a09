// Whether a change to a contest's setup may be written: pure rules over the
// contest's status, the values before and after, and counts of the existing
// entries the change would touch (the server counts them with the proposed
// values, inside the transaction that writes them). A refusal names the
// category and how many entries it would hit; nothing is written when there
// is one.
//
// Why entries of every status count: a withdrawn or disqualified entry still
// exists (an objection may reinstate it, a family may bring a withdrawn one
// back before the deadline), and its files and text would no longer fit its
// category. "Files" are a category's media files that are not deleted.
import { canEditContest, checkGradeBands, gradesOutside, limitsOnlyLoosen, type ContestEditPart, type ContestStatus, type GradeBandSpec } from "./contest.ts";
import type { MediaKind } from "./category-presets.ts";

export interface CategoryLimitValues {
  acceptedMediaKinds: readonly MediaKind[];
  acceptsText: boolean;
  maxTextChars: number | null;
  maxFiles: number;
  maxFileBytes: number;
  maxDurationSeconds: number | null;
  gradeMin: number;
  gradeMax: number;
}

/** Entries of the category that the proposed limits would leave outside them. */
export interface CategoryConflictCounts {
  /** Per media kind: entries with a (non-deleted) file of that kind. */
  usingKind: Readonly<Partial<Record<MediaKind, number>>>;
  /** Entries with typed text. */
  withText: number;
  /** Entries whose text is longer than the proposed maxTextChars. */
  overTextLimit: number;
  /** Entries with more files than the proposed maxFiles. */
  overFileCount: number;
  /** Entries with a file larger than the proposed maxFileBytes. */
  overFileSize: number;
  /** Entries with a processed video or recording longer than the proposed maxDurationSeconds. */
  overDuration: number;
  /** Entries whose grade is outside the proposed grade range. */
  outsideGrades: number;
}

export const NO_CONFLICTS: CategoryConflictCounts = {
  usingKind: {},
  withText: 0,
  overTextLimit: 0,
  overFileCount: 0,
  overFileSize: 0,
  overDuration: 0,
  outsideGrades: 0,
};

export type LimitName = "mediaKinds" | "text" | "textLength" | "files" | "fileSize" | "duration" | "grades";

export type ContestChangeRefusal =
  | { code: "stage_frozen"; part: ContestEditPart }
  | { code: "limit_tightened_after_open"; category: string; limit: LimitName }
  | { code: "kind_in_use"; category: string; kind: MediaKind; entries: number }
  | { code: "text_in_use"; category: string; entries: number }
  | { code: "text_limit_below_entries"; category: string; entries: number; value: number }
  | { code: "file_count_below_entries"; category: string; entries: number; value: number }
  | { code: "file_size_below_entries"; category: string; entries: number; value: number }
  | { code: "duration_below_entries"; category: string; entries: number; value: number }
  | { code: "grades_exclude_entries"; category: string; entries: number; grades: number[] }
  | { code: "category_has_entries"; category: string; entries: number }
  | { code: "entries_outside_bands"; entries: number; grades: number[] }
  | { code: "criterion_has_scores"; category: string; criterion: string }
  | { code: "quota_below_nominations"; category: string; school: string; nominated: number; value: number }
  | { code: "tier_has_awards"; tier: string };

/** Which limits the proposed values make stricter than the current ones. */
export function tightenedLimits(current: CategoryLimitValues, proposed: CategoryLimitValues): LimitName[] {
  const tighter: LimitName[] = [];
  const lower = (a: number | null, b: number | null) => a === null ? b !== null : b !== null && b < a;
  if (current.acceptedMediaKinds.some((k) => !proposed.acceptedMediaKinds.includes(k))) tighter.push("mediaKinds");
  if (current.acceptsText && !proposed.acceptsText) tighter.push("text");
  else if (current.acceptsText && lower(current.maxTextChars, proposed.maxTextChars)) tighter.push("textLength");
  if (proposed.maxFiles < current.maxFiles) tighter.push("files");
  if (proposed.maxFileBytes < current.maxFileBytes) tighter.push("fileSize");
  // A duration limit only means something for kinds that have one.
  const timed = (kinds: readonly MediaKind[]) => kinds.some((k) => k !== "IMAGE");
  if (timed(current.acceptedMediaKinds) && timed(proposed.acceptedMediaKinds) && lower(current.maxDurationSeconds, proposed.maxDurationSeconds)) {
    tighter.push("duration");
  }
  if (proposed.gradeMin > current.gradeMin || proposed.gradeMax < current.gradeMax) tighter.push("grades");
  return tighter;
}

/**
 * Why new limits for a category may not be written. In DRAFT they may change
 * freely as long as existing entries still fit; from OPEN they may only be
 * loosened; once submission has closed they are frozen (app/domain/contest.ts).
 */
export function categoryLimitRefusals(input: {
  status: ContestStatus;
  category: string;
  current: CategoryLimitValues;
  proposed: CategoryLimitValues;
  conflicts: CategoryConflictCounts;
}): ContestChangeRefusal[] {
  const { status, category, current, proposed, conflicts } = input;
  if (!canEditContest("limits", status)) return [{ code: "stage_frozen", part: "limits" }];
  const refusals: ContestChangeRefusal[] = [];
  if (limitsOnlyLoosen(status)) {
    for (const limit of tightenedLimits(current, proposed)) refusals.push({ code: "limit_tightened_after_open", category, limit });
  }
  for (const kind of current.acceptedMediaKinds) {
    const entries = conflicts.usingKind[kind] ?? 0;
    if (!proposed.acceptedMediaKinds.includes(kind) && entries > 0) refusals.push({ code: "kind_in_use", category, kind, entries });
  }
  if (!proposed.acceptsText && conflicts.withText > 0) refusals.push({ code: "text_in_use", category, entries: conflicts.withText });
  const counted: [number, ContestChangeRefusal["code"], number | null][] = [
    [proposed.acceptsText ? conflicts.overTextLimit : 0, "text_limit_below_entries", proposed.maxTextChars],
    [conflicts.overFileCount, "file_count_below_entries", proposed.maxFiles],
    [conflicts.overFileSize, "file_size_below_entries", proposed.maxFileBytes],
    [conflicts.overDuration, "duration_below_entries", proposed.maxDurationSeconds],
  ];
  for (const [entries, code, value] of counted) {
    if (entries > 0 && value !== null) refusals.push({ code, category, entries, value } as ContestChangeRefusal);
  }
  if (conflicts.outsideGrades > 0) {
    const grades = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((g) => g < proposed.gradeMin || g > proposed.gradeMax);
    refusals.push({ code: "grades_exclude_entries", category, entries: conflicts.outsideGrades, grades });
  }
  return refusals;
}

/** A category may be removed in DRAFT only, and never with entries (of any status). */
export function categoryRemovalRefusals(input: { status: ContestStatus; category: string; entries: number }): ContestChangeRefusal[] {
  if (!canEditContest("removeCategory", input.status)) return [{ code: "stage_frozen", part: "removeCategory" }];
  return input.entries > 0 ? [{ code: "category_has_entries", category: input.category, entries: input.entries }] : [];
}

/**
 * New grade bands may not leave an existing entry outside every band (it
 * could not be ranked). `entryGrades`: the contest's entries counted by grade.
 * Form problems (overlap, bad ranges) are the form schema's; this checks them
 * again so that the rule holds whoever calls it.
 */
export function gradeBandRefusals(input: {
  status: ContestStatus;
  bands: readonly GradeBandSpec[];
  entryGrades: readonly { grade: number; entries: number }[];
}): ContestChangeRefusal[] {
  if (!canEditContest("bands", input.status)) return [{ code: "stage_frozen", part: "bands" }];
  const valid = checkGradeBands(input.bands).problems.length === 0 ? input.bands : [];
  const outside = input.entryGrades.filter((g) => g.entries > 0 && gradesOutside([g.grade], valid).length > 0);
  if (outside.length === 0) return [];
  return [{ code: "entries_outside_bands", entries: outside.reduce((n, g) => n + g.entries, 0), grades: outside.map((g) => g.grade).sort((a, b) => a - b) }];
}

/**
 * A rubric may change until county judging starts; a criterion that judges
 * have already scored (in the school round) may be renamed or reweighted but
 * not removed: the scores would lose their meaning.
 */
export function rubricRefusals(input: { status: ContestStatus; category: string; removedScored: readonly string[] }): ContestChangeRefusal[] {
  if (!canEditContest("rubrics", input.status)) return [{ code: "stage_frozen", part: "rubrics" }];
  return input.removedScored.map((criterion) => ({ code: "criterion_has_scores", category: input.category, criterion }));
}

/**
 * Tiers may change until the notice (the announced results were computed
 * with them); a tier already given to entries may not be removed.
 */
export function tierRefusals(input: { status: ContestStatus; removedWithAwards: readonly string[] }): ContestChangeRefusal[] {
  if (!canEditContest("tiers", input.status)) return [{ code: "stage_frozen", part: "tiers" }];
  return input.removedWithAwards.map((tier) => ({ code: "tier_has_awards", tier }));
}

/**
 * Parts of a form whose values changed while the contest's stage no longer
 * allows changing them (an unchanged frozen field is not a change).
 */
export function frozenChanges(status: ContestStatus, changed: readonly ContestEditPart[]): ContestChangeRefusal[] {
  return [...new Set(changed)].filter((part) => !canEditContest(part, status)).map((part) => ({ code: "stage_frozen", part }));
}

/**
 * A school's quota may not drop below the nominations it has already made in
 * that category (nominations are locked once made).
 */
export function quotaRefusals(input: {
  status: ContestStatus;
  category: string;
  quotas: readonly { school: string; quota: number; nominated: number }[];
}): ContestChangeRefusal[] {
  if (!canEditContest("quotas", input.status)) return [{ code: "stage_frozen", part: "quotas" }];
  return input.quotas
    .filter((q) => q.quota < q.nominated)
    .map((q) => ({ code: "quota_below_nominations", category: input.category, school: q.school, nominated: q.nominated, value: q.quota }));
}
