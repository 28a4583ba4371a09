// The contest editor's forms: one zod schema per form, run in the browser
// (conform's onValidate, so mistakes show as they are typed) and again on the
// server (parseWithZod), where it decides. Messages are already in words: each
// schema is built with `say` (the catalog in the reader's locale), so the same
// text appears on both sides. What needs the database (existing entries, the
// current status) is checked by the server after the schema (contest-changes.ts).
//
// Units on the form are the ones people think in: megabytes, minutes, percent.
import { z } from "zod";
import type { MessageKey } from "../i18n/zh-CN.ts";
import { CATEGORY_KINDS, MEDIA_KINDS } from "./category-presets.ts";
import {
  checkGradeBands,
  CONTEST_STATUSES,
  rubricWeightTotal,
  validateContestWindows,
  type ContestWindowField,
  type ContestWindowProblem,
  type ContestWindows,
} from "./contest.ts";
import { TierRuleError, tierPlaces, type AwardTier } from "./judging/index.ts";
import { parseShanghaiLocal } from "./shanghai-time.ts";

export type Say = (key: MessageKey, params?: Record<string, string | number>) => string;

export const CONTEST_TITLE_MAX = 60;
export const CONTEST_DESCRIPTION_MAX = 2000;
export const CONTEST_YEAR_MIN = 2020;
export const CONTEST_YEAR_MAX = 2099;
export const NORMALISE_MIN_SCORES = { min: 2, max: 50 } as const;

/** Bounds of a category's limits: generous for a county contest, tight enough to catch a slip (0 files, a 10-hour video). */
export const LIMIT_BOUNDS = {
  maxFiles: { min: 1, max: 20 },
  maxFileMb: { min: 1, max: 2048 },
  maxDurationMinutes: { min: 0.5, max: 30 },
  maxTextChars: { min: 100, max: 20_000 },
  quota: { min: 0, max: 100 },
} as const;
export const CATEGORY_NAME_MAX = 20;
export const CATEGORY_DESCRIPTION_MAX = 300;
export const RUBRIC_CRITERIA_MAX = 10;
export const CRITERION_NAME_MAX = 30;
export const CRITERION_DESCRIPTION_MAX = 200;
export const MAX_SCORE_BOUNDS = { min: 1, max: 100 } as const;
export const BAND_NAME_MAX = 20;
export const TIER_NAME_MAX = 20;
export const TIERS_MAX = 10;
export const TIER_COUNT_MAX = 10_000;

const MB = 1024 * 1024;

/** A fallback for issues a schema did not word itself (never zod's English). */
export function fallbackErrorMap(say: Say): z.core.$ZodErrorMap {
  return (issue) => (issue.input === undefined || issue.input === "" ? say("contests.form.required") : say("form.invalid"));
}

/** Every form says which status the page showed, so a change made on a stale page is refused (409), not applied. */
const expectedStatus = (say: Say) => z.enum(CONTEST_STATUSES, { error: say("contests.form.stale") });

const hasAtMostTwoDecimals = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;

function text(say: Say, options: { max: number; required: boolean; requiredKey?: MessageKey; tooLongKey?: MessageKey }) {
  const tooLong = say(options.tooLongKey ?? "contests.form.tooLong", { max: options.max });
  const base = z.string({ error: say(options.requiredKey ?? "contests.form.required") }).trim();
  const checked = options.required ? base.min(1, { error: say(options.requiredKey ?? "contests.form.required") }) : base;
  return checked.refine((s) => Array.from(s).length <= options.max, { error: tooLong });
}

const optionalText = (say: Say, max: number) => text(say, { max, required: false }).optional().transform((s) => s ?? "");

function integer(say: Say, bounds: { min: number; max: number }) {
  const range = say("contests.form.integerRange", bounds);
  return z
    .number({ error: say("contests.form.numberRequired") })
    .int({ error: range })
    .min(bounds.min, { error: range })
    .max(bounds.max, { error: range });
}

// ---------------------------------------------------------------------------
// A new contest, and its details (basics, windows, settings)
// ---------------------------------------------------------------------------

export const SEASONS = ["WINTER", "SUMMER"] as const;

function basicsShape(say: Say) {
  return {
    title: text(say, { max: CONTEST_TITLE_MAX, required: true, requiredKey: "contests.form.titleRequired", tooLongKey: "contests.form.titleTooLong" }),
    description: optionalText(say, CONTEST_DESCRIPTION_MAX),
    season: z.enum(SEASONS, { error: say("contests.form.seasonRequired") }),
    year: integer(say, { min: CONTEST_YEAR_MIN, max: CONTEST_YEAR_MAX }),
  };
}

export function newContestSchema(say: Say) {
  return z.object(basicsShape(say));
}
export type NewContestValues = z.infer<ReturnType<typeof newContestSchema>>;

/** Which field a window problem is shown on. */
export const WINDOW_PROBLEM_FIELD: Record<ContestWindowProblem, ContestWindowField> = {
  submission_closes_before_it_opens: "submissionClosesAt",
  school_round_window_incomplete: "schoolRoundClosesAt",
  county_round_window_incomplete: "countyRoundClosesAt",
  notice_window_incomplete: "noticeEndsAt",
  school_round_closes_before_it_opens: "schoolRoundClosesAt",
  county_round_closes_before_it_opens: "countyRoundClosesAt",
  notice_ends_before_it_starts: "noticeEndsAt",
  school_round_opens_before_submission_closes: "schoolRoundOpensAt",
  county_round_opens_before_school_round_closes: "countyRoundOpensAt",
  notice_starts_before_county_round_closes: "noticeStartsAt",
};

/** A datetime-local value read as Asia/Shanghai time. */
function localTime(say: Say) {
  return z.string({ error: say("contests.form.timeRequired") }).transform((value, ctx) => {
    const date = parseShanghaiLocal(value);
    if (!date) ctx.addIssue({ code: "custom", message: say("contests.form.timeInvalid") });
    return date ?? z.NEVER;
  });
}

/** An optional window end: blank is null. */
const optionalLocalTime = (say: Say) => localTime(say).optional().transform((d) => d ?? null);

export function contestDetailsSchema(say: Say) {
  return z
    .object({
      expectedStatus: expectedStatus(say),
      ...basicsShape(say),
      submissionOpensAt: localTime(say),
      submissionClosesAt: localTime(say),
      schoolRoundOpensAt: optionalLocalTime(say),
      schoolRoundClosesAt: optionalLocalTime(say),
      countyRoundOpensAt: optionalLocalTime(say),
      countyRoundClosesAt: optionalLocalTime(say),
      noticeStartsAt: optionalLocalTime(say),
      noticeEndsAt: optionalLocalTime(say),
      participationCertificates: z.boolean().optional().transform((v) => v ?? false),
      normaliseMinScores: integer(say, NORMALISE_MIN_SCORES),
    })
    .superRefine((v, ctx) => {
      const windows: ContestWindows = v;
      for (const code of validateContestWindows(windows)) {
        ctx.addIssue({ code: "custom", message: say(`contests.window.problem.${code}`), path: [WINDOW_PROBLEM_FIELD[code]] });
      }
    });
}
export type ContestDetailsValues = z.infer<ReturnType<typeof contestDetailsSchema>>;

// ---------------------------------------------------------------------------
// Categories
// ---------------------------------------------------------------------------

export function addCategorySchema(say: Say) {
  return z.object({ expectedStatus: expectedStatus(say), kind: z.enum(CATEGORY_KINDS, { error: say("contests.category.kindRequired") }) });
}

export function removeCategorySchema(say: Say) {
  return z.object({ expectedStatus: expectedStatus(say), categoryId: z.string({ error: say("contests.form.required") }).min(1).max(64) });
}

export function categoryLimitsSchema(say: Say) {
  const b = LIMIT_BOUNDS;
  return z
    .object({
      expectedStatus: expectedStatus(say),
      name: text(say, { max: CATEGORY_NAME_MAX, required: true }),
      description: optionalText(say, CATEGORY_DESCRIPTION_MAX),
      acceptedMediaKinds: z.array(z.enum(MEDIA_KINDS)).optional().transform((kinds) => MEDIA_KINDS.filter((k) => kinds?.includes(k))),
      acceptsText: z.boolean().optional().transform((v) => v ?? false),
      maxTextChars: integer(say, b.maxTextChars).optional(),
      maxFiles: integer(say, b.maxFiles).optional(),
      maxFileMb: integer(say, b.maxFileMb).optional(),
      maxDurationMinutes: z
        .number({ error: say("contests.form.numberRequired") })
        .min(b.maxDurationMinutes.min, { error: say("contests.category.durationRange", b.maxDurationMinutes) })
        .max(b.maxDurationMinutes.max, { error: say("contests.category.durationRange", b.maxDurationMinutes) })
        .refine((m) => Number.isInteger(m * 2), { error: say("contests.category.durationHalfMinutes") })
        .optional(),
      gradeMin: integer(say, { min: 1, max: 9 }),
      gradeMax: integer(say, { min: 1, max: 9 }),
      defaultSchoolQuota: integer(say, b.quota),
    })
    .superRefine((v, ctx) => {
      const problem = (path: string, key: MessageKey) => ctx.addIssue({ code: "custom", message: say(key), path: [path] });
      const media = v.acceptedMediaKinds.length > 0;
      if (!media && !v.acceptsText) problem("acceptedMediaKinds", "contests.category.acceptsNothing");
      if (v.acceptsText && v.maxTextChars === undefined) problem("maxTextChars", "contests.category.textLimitRequired");
      if (media && v.maxFiles === undefined) problem("maxFiles", "contests.category.maxFilesRequired");
      if (media && v.maxFileMb === undefined) problem("maxFileMb", "contests.category.maxFileMbRequired");
      if (v.acceptedMediaKinds.some((k) => k !== "IMAGE") && v.maxDurationMinutes === undefined) problem("maxDurationMinutes", "contests.category.durationRequired");
      if (v.gradeMin > v.gradeMax) problem("gradeMax", "contests.category.gradesReversed");
    })
    .transform((v) => {
      const media = v.acceptedMediaKinds.length > 0;
      const timed = v.acceptedMediaKinds.some((k) => k !== "IMAGE");
      return {
        expectedStatus: v.expectedStatus,
        name: v.name,
        description: v.description,
        defaultSchoolQuota: v.defaultSchoolQuota,
        limits: {
          acceptedMediaKinds: v.acceptedMediaKinds,
          acceptsText: v.acceptsText,
          maxTextChars: v.acceptsText ? (v.maxTextChars ?? null) : null,
          // The schema requires both when media is accepted; a text-only category takes no files.
          maxFiles: media ? (v.maxFiles ?? 0) : 0,
          maxFileBytes: (media ? (v.maxFileMb ?? 1) : 1) * MB,
          maxDurationSeconds: timed && v.maxDurationMinutes !== undefined ? Math.round(v.maxDurationMinutes * 60) : null,
          gradeMin: v.gradeMin,
          gradeMax: v.gradeMax,
        },
      };
    });
}
export type CategoryLimitsValues = z.infer<ReturnType<typeof categoryLimitsSchema>>;

// ---------------------------------------------------------------------------
// Rubrics
// ---------------------------------------------------------------------------

/** "95" or "99.5": a total in hundredths as people read it. */
export function formatHundredths(hundredths: number): string {
  return String(Math.round(hundredths) / 100);
}

/** The message for weights that miss 100: by how much, and in which direction. */
export function weightTotalMessage(say: Say, totalHundredths: number): string {
  const off = totalHundredths - 10_000;
  const params = { total: formatHundredths(totalHundredths), diff: formatHundredths(Math.abs(off)) };
  return say(off < 0 ? "contests.rubric.weightsShort" : "contests.rubric.weightsOver", params);
}

export function rubricSchema(say: Say) {
  const weightRange = say("contests.rubric.weightRange");
  return z
    .object({
      expectedStatus: expectedStatus(say),
      criteria: z
        .array(
          z.object({
            id: z.string().max(64).optional(),
            name: text(say, { max: CRITERION_NAME_MAX, required: true }),
            description: optionalText(say, CRITERION_DESCRIPTION_MAX),
            weight: z
              .number({ error: say("contests.form.numberRequired") })
              .gt(0, { error: weightRange })
              .max(100, { error: weightRange })
              .refine(hasAtMostTwoDecimals, { error: say("contests.rubric.weightDecimals") }),
            maxScore: integer(say, MAX_SCORE_BOUNDS),
          }),
          { error: say("contests.rubric.criteriaRequired") },
        )
        .min(1, { error: say("contests.rubric.criteriaRequired") })
        .max(RUBRIC_CRITERIA_MAX, { error: say("contests.rubric.criteriaTooMany", { max: RUBRIC_CRITERIA_MAX }) }),
    })
    .superRefine((v, ctx) => {
      const { totalHundredths, offByHundredths } = rubricWeightTotal(v.criteria.map((c) => c.weight));
      if (offByHundredths !== 0) ctx.addIssue({ code: "custom", message: weightTotalMessage(say, totalHundredths), path: ["criteria"] });
      const seen = new Set<string>();
      v.criteria.forEach((c, i) => {
        if (seen.has(c.name)) ctx.addIssue({ code: "custom", message: say("contests.form.nameDuplicate"), path: ["criteria", i, "name"] });
        seen.add(c.name);
      });
    });
}
export type RubricValues = z.infer<ReturnType<typeof rubricSchema>>;

// ---------------------------------------------------------------------------
// Grade bands
// ---------------------------------------------------------------------------

export function gradeBandsSchema(say: Say) {
  return z
    .object({
      expectedStatus: expectedStatus(say),
      bands: z
        .array(
          z.object({
            id: z.string().max(64).optional(),
            name: text(say, { max: BAND_NAME_MAX, required: true }),
            gradeMin: integer(say, { min: 1, max: 9 }),
            gradeMax: integer(say, { min: 1, max: 9 }),
          }),
          { error: say("contests.bands.required") },
        )
        .min(1, { error: say("contests.bands.required") })
        .max(9, { error: say("contests.bands.tooMany") }),
    })
    .superRefine((v, ctx) => {
      const index = (name: string) => v.bands.findIndex((b) => b.name === name);
      for (const p of checkGradeBands(v.bands).problems) {
        if (p.code === "band_range_invalid") {
          ctx.addIssue({ code: "custom", message: say("contests.bands.rangeReversed"), path: ["bands", index(p.band), "gradeMax"] });
        } else if (p.code === "band_name_duplicate") {
          ctx.addIssue({ code: "custom", message: say("contests.form.nameDuplicate"), path: ["bands", v.bands.findLastIndex((b) => b.name === p.band), "name"] });
        } else {
          const message = say("contests.bands.overlap", { band: p.band, other: p.other, grades: p.grades.join("、") });
          ctx.addIssue({ code: "custom", message, path: ["bands"] });
        }
      }
    });
}
export type GradeBandsValues = z.infer<ReturnType<typeof gradeBandsSchema>>;

// ---------------------------------------------------------------------------
// Award tiers
// ---------------------------------------------------------------------------

export const TIER_ROUNDINGS = ["FLOOR", "ROUND_HALF_UP", "CEIL"] as const;
export type TierRoundingName = (typeof TIER_ROUNDINGS)[number];
export const TIER_MODES = ["count", "percent"] as const;

/** The judging maths' name for a contest's rounding rule. */
export function toRounding(rounding: TierRoundingName): "floor" | "round_half_up" | "ceil" {
  return rounding.toLowerCase() as "floor" | "round_half_up" | "ceil";
}

/** Form rows as the judging maths takes them (tier id: its row number). */
export function formTiersToAwardTiers(tiers: readonly { mode: "count" | "percent"; value: number }[]): AwardTier[] {
  return tiers.map((t, i) => (t.mode === "count" ? { id: String(i), count: t.value } : { id: String(i), percent: t.value }));
}

export function awardTiersSchema(say: Say) {
  return z
    .object({
      expectedStatus: expectedStatus(say),
      tierRounding: z.enum(TIER_ROUNDINGS, { error: say("contests.tiers.roundingRequired") }),
      tiers: z
        .array(
          z.object({
            id: z.string().max(64).optional(),
            name: text(say, { max: TIER_NAME_MAX, required: true }),
            mode: z.enum(TIER_MODES, { error: say("contests.tiers.modeRequired") }),
            value: z.number({ error: say("contests.tiers.valueRequired") }),
          }),
          { error: say("contests.tiers.required") },
        )
        .min(1, { error: say("contests.tiers.required") })
        .max(TIERS_MAX, { error: say("contests.tiers.tooMany", { max: TIERS_MAX }) }),
    })
    .superRefine((v, ctx) => {
      const seen = new Set<string>();
      v.tiers.forEach((t, i) => {
        if (seen.has(t.name)) ctx.addIssue({ code: "custom", message: say("contests.form.nameDuplicate"), path: ["tiers", i, "name"] });
        seen.add(t.name);
        if (t.mode === "count" && t.value > TIER_COUNT_MAX) {
          ctx.addIssue({ code: "custom", message: say("contests.tiers.countTooLarge", { max: TIER_COUNT_MAX }), path: ["tiers", i, "value"] });
        }
      });
      // TIER_RULES 4 (counts whole and ≥ 0, percentages 0–100 with 2 decimals, ≤ 100 % together) as the judging maths checks it.
      try {
        tierPlaces({ tiers: formTiersToAwardTiers(v.tiers), rankedCount: 100, rounding: toRounding(v.tierRounding) });
      } catch (error) {
        if (!(error instanceof TierRuleError)) throw error;
        const path = error.tierId === null ? ["tiers"] : ["tiers", Number(error.tierId), "value"];
        const total = v.tiers.filter((t) => t.mode === "percent").reduce((sum, t) => sum + Math.round(t.value * 100), 0);
        ctx.addIssue({ code: "custom", message: say(`contests.tiers.rule.${error.code}`, { total: formatHundredths(total) }), path });
      }
    });
}
export type AwardTiersValues = z.infer<ReturnType<typeof awardTiersSchema>>;

// ---------------------------------------------------------------------------
// Nomination quotas (one category at a time)
// ---------------------------------------------------------------------------

export function quotasSchema(say: Say) {
  return z.object({
    expectedStatus: expectedStatus(say),
    categoryId: z.string({ error: say("contests.form.required") }).min(1).max(64),
    defaultSchoolQuota: integer(say, LIMIT_BOUNDS.quota),
    overrides: z
      .array(z.object({ schoolId: z.string().min(1).max(64), quota: integer(say, LIMIT_BOUNDS.quota).optional() }))
      .max(2000)
      .optional()
      .transform((rows) => rows ?? []),
  });
}
export type QuotasValues = z.infer<ReturnType<typeof quotasSchema>>;

// ---------------------------------------------------------------------------
// The next step
// ---------------------------------------------------------------------------

export function transitionSchema(say: Say) {
  return z.object({
    expectedStatus: expectedStatus(say),
    to: z.enum(CONTEST_STATUSES, { error: say("contests.form.required") }),
    closeNow: z.boolean().optional().transform((v) => v ?? false),
  });
}
