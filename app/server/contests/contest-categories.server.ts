// A contest's categories (/organiser/contests/:contestId/categories and
// /categories/:categoryId): added from the five presets (with the preset's
// limits and rubric), removed while the contest is a draft and the category
// has no entries, and their limits edited within the rules of
// app/domain/contest-changes.ts: never below what existing entries already
// hold, and from OPEN only loosened.
import { getCategoryPreset, CATEGORY_KINDS, type CategoryKind, type MediaKind } from "~/domain/category-presets.ts";
import { canEditContest, limitsOnlyLoosen, rubricWeightTotal } from "~/domain/contest.ts";
import {
  categoryLimitRefusals,
  categoryRemovalRefusals,
  frozenChanges,
  type CategoryConflictCounts,
  type CategoryLimitValues,
} from "~/domain/contest-changes.ts";
import { addCategorySchema, categoryLimitsSchema, removeCategorySchema } from "~/domain/contest-forms.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Locale } from "~/i18n/t.ts";
import { categorySelect as summarySelect } from "~/view-models/category.ts";
import { describeRefusal, type CategoriesView, type CategoryLimitsView, type CategorySummary } from "~/view-models/contests.ts";
import { getDb, type Db, type Tx } from "~/server/db/db.server.ts";
import { findOrganisedContest, isPlausibleId, toHeader } from "./contest-access.server.ts";
import { changedFields, runContestEdit, type EditOutcome } from "./contest-edit.server.ts";

const MB = 1024 * 1024;

/** What the entry pages read of a category (view-models/category.ts), and what the editor needs besides. */
const categorySelect = {
  ...summarySelect,
  defaultSchoolQuota: true,
  updatedAt: true,
  rubrics: { orderBy: { createdAt: "asc" }, take: 1, select: { criteria: { select: { weight: true } } } },
  _count: { select: { entries: true } },
} satisfies Prisma.CategorySelect;

type CategoryRow = Prisma.CategoryGetPayload<{ select: typeof categorySelect }>;

function limitValues(row: Pick<CategoryRow, keyof CategoryLimitValues>): CategoryLimitValues {
  return {
    acceptedMediaKinds: row.acceptedMediaKinds,
    acceptsText: row.acceptsText,
    maxTextChars: row.maxTextChars,
    maxFiles: row.maxFiles,
    maxFileBytes: Number(row.maxFileBytes),
    maxDurationSeconds: row.maxDurationSeconds,
    gradeMin: row.gradeMin,
    gradeMax: row.gradeMax,
  };
}

function toSummary(row: CategoryRow): CategorySummary {
  const rubric = row.rubrics[0];
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    acceptedMediaKinds: row.acceptedMediaKinds,
    acceptsText: row.acceptsText,
    maxTextChars: row.maxTextChars,
    maxFiles: row.maxFiles,
    // Shown in whole megabytes (the form's unit); presets and the editor store whole megabytes.
    maxFileMb: Math.max(1, Math.round(Number(row.maxFileBytes) / MB)),
    maxDurationMinutes: row.maxDurationSeconds === null ? null : Math.round((row.maxDurationSeconds / 60) * 10) / 10,
    gradeMin: row.gradeMin,
    gradeMax: row.gradeMax,
    defaultSchoolQuota: row.defaultSchoolQuota,
    entries: row._count.entries,
    rubric: rubric ? { criteria: rubric.criteria.length, totalHundredths: rubricWeightTotal(rubric.criteria.map((c) => Number(c.weight))).totalHundredths } : null,
  };
}

export async function getCategories(input: { userId: string; contestId: string }): Promise<CategoriesView | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const categories = await getDb().category.findMany({ where: { contestId: row.id }, orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }], select: categorySelect });
  const present = new Set<CategoryKind>(categories.map((c) => c.kind));
  return {
    header: toHeader(row),
    categories: categories.map(toSummary),
    addable: CATEGORY_KINDS.filter((k) => !present.has(k)),
    canAdd: canEditContest("addCategory", row.status),
    canRemove: canEditContest("removeCategory", row.status),
  };
}

/** Adds a category with its preset's limits and rubric (the organiser adjusts both on its page). */
export async function addCategory(input: { userId: string; contestId: string; formData: FormData; locale: Locale }): Promise<EditOutcome> {
  return runContestEdit({
    ...input,
    form: "add-category",
    schema: addCategorySchema,
    apply: async ({ tx, contest, value, say }) => {
      const preset = getCategoryPreset(value.kind);
      const frozen = frozenChanges(contest.status, ["addCategory"]);
      if (frozen.length > 0) return { refusals: frozen.map((r) => describeRefusal(say, input.locale, r)) };
      if (await tx.category.findFirst({ where: { contestId: contest.id, kind: value.kind }, select: { id: true } })) {
        return { refusals: [say("contests.category.exists", { category: preset.name })] };
      }
      const last = await tx.category.aggregate({ where: { contestId: contest.id }, _max: { sortOrder: true } });
      const { rubric, maxFileBytes, ...limits } = preset;
      const created = await tx.category.create({
        data: { ...limits, contestId: contest.id, maxFileBytes: BigInt(maxFileBytes), sortOrder: (last._max.sortOrder ?? 0) + 1 },
        select: { id: true },
      });
      await tx.rubric.create({
        data: {
          contestId: contest.id,
          categoryId: created.id,
          name: rubric.name,
          criteria: { create: rubric.criteria.map((c, i) => ({ ...c, sortOrder: i + 1 })) },
        },
      });
      return {
        audit: { action: "contest.category_added", data: { categoryId: created.id, kind: value.kind, name: preset.name } },
        message: "contests.category.added",
      };
    },
  });
}

export async function removeCategory(input: { userId: string; contestId: string; formData: FormData; locale: Locale }): Promise<EditOutcome> {
  return runContestEdit({
    ...input,
    form: "remove-category",
    schema: removeCategorySchema,
    apply: async ({ tx, contest, value, say }) => {
      const category = await tx.category.findFirst({
        where: { id: value.categoryId, contestId: contest.id },
        select: { id: true, name: true, kind: true, _count: { select: { entries: true } } },
      });
      if (!category) return { refusals: [say("contests.category.notFound")] };
      const refusals = categoryRemovalRefusals({ status: contest.status, category: category.name, entries: category._count.entries });
      if (refusals.length > 0) return { refusals: refusals.map((r) => describeRefusal(say, input.locale, r)) };
      // Its rubric, quotas and panels go with it (cascade); entries would block it, and there are none.
      await tx.category.delete({ where: { id: category.id } });
      return { audit: { action: "contest.category_removed", data: { categoryId: category.id, kind: category.kind, name: category.name } }, message: "contests.category.removed" };
    },
  });
}

export async function findCategory(db: Db | Tx, contestId: string, categoryId: string): Promise<CategoryRow | null> {
  if (!isPlausibleId(categoryId)) return null;
  return db.category.findFirst({ where: { id: categoryId, contestId }, select: categorySelect });
}

export async function getCategoryLimits(input: { userId: string; contestId: string; categoryId: string }): Promise<CategoryLimitsView | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const category = await findCategory(getDb(), row.id, input.categoryId);
  if (!category) return null;
  return {
    header: toHeader(row),
    category: toSummary(category),
    canEdit: canEditContest("limits", row.status),
    onlyLoosen: limitsOnlyLoosen(row.status),
    version: category.updatedAt.toISOString(),
  };
}

/**
 * How many of the category's entries the proposed limits would leave
 * outside them: two grouped queries over its entries and their non-deleted
 * files, with the proposed values as parameters.
 */
export async function countCategoryConflicts(db: Db | Tx, categoryId: string, proposed: CategoryLimitValues): Promise<CategoryConflictCounts> {
  const maxDurationMs = proposed.maxDurationSeconds === null ? null : proposed.maxDurationSeconds * 1000;
  const maxText = proposed.acceptsText ? (proposed.maxTextChars ?? null) : null;
  const [files, entries] = await Promise.all([
    db.$queryRaw<{ image: number; video: number; audio: number; overFileCount: number; overFileSize: number; overDuration: number }[]>`
      WITH per_entry AS (
        SELECT a."entryId",
               count(*) AS files,
               max(a."byteSize") AS max_bytes,
               max(a."durationMs") AS max_ms,
               bool_or(a."kind" = 'IMAGE') AS image,
               bool_or(a."kind" = 'VIDEO') AS video,
               bool_or(a."kind" = 'AUDIO') AS audio
        FROM "MediaAsset" a JOIN "Entry" e ON e."id" = a."entryId"
        WHERE e."categoryId" = ${categoryId} AND a."status" <> 'DELETED'
        GROUP BY a."entryId"
      )
      SELECT count(*) FILTER (WHERE image)::int AS "image",
             count(*) FILTER (WHERE video)::int AS "video",
             count(*) FILTER (WHERE audio)::int AS "audio",
             count(*) FILTER (WHERE files > ${proposed.maxFiles}::int)::int AS "overFileCount",
             count(*) FILTER (WHERE max_bytes > ${BigInt(proposed.maxFileBytes)}::bigint)::int AS "overFileSize",
             count(*) FILTER (WHERE max_ms > ${maxDurationMs}::int)::int AS "overDuration"
      FROM per_entry`,
    db.$queryRaw<{ withText: number; overTextLimit: number; outsideGrades: number }[]>`
      SELECT count(*) FILTER (WHERE "bodyText" IS NOT NULL AND "bodyText" <> '')::int AS "withText",
             count(*) FILTER (WHERE char_length("bodyText") > ${maxText}::int)::int AS "overTextLimit",
             count(*) FILTER (WHERE "grade" < ${proposed.gradeMin}::int OR "grade" > ${proposed.gradeMax}::int)::int AS "outsideGrades"
      FROM "Entry" WHERE "categoryId" = ${categoryId}`,
  ]);
  const f = files[0];
  const e = entries[0];
  const usingKind: Partial<Record<MediaKind, number>> = { IMAGE: f?.image ?? 0, VIDEO: f?.video ?? 0, AUDIO: f?.audio ?? 0 };
  return {
    usingKind,
    withText: e?.withText ?? 0,
    overTextLimit: e?.overTextLimit ?? 0,
    overFileCount: f?.overFileCount ?? 0,
    overFileSize: f?.overFileSize ?? 0,
    overDuration: f?.overDuration ?? 0,
    outsideGrades: e?.outsideGrades ?? 0,
  };
}

/** 404 for a category that is not this contest's (or a contest that is not the user's). */
export async function categoryExists(input: { userId: string; contestId: string; categoryId: string }): Promise<boolean> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  return row !== null && (await findCategory(getDb(), row.id, input.categoryId)) !== null;
}

export async function saveCategoryLimits(input: { userId: string; contestId: string; categoryId: string; formData: FormData; locale: Locale }): Promise<EditOutcome> {
  if (!(await categoryExists(input))) return { status: 404 };
  return runContestEdit({
    ...input,
    form: "limits",
    schema: categoryLimitsSchema,
    apply: async ({ tx, contest, value, say }) => {
      const category = await findCategory(tx, contest.id, input.categoryId);
      if (!category) return { refusals: [say("contests.category.notFound")] };
      const current = limitValues(category);
      const proposed = value.limits;
      const conflicts = await countCategoryConflicts(tx, category.id, proposed);
      const changes = changedFields(
        { ...current, name: category.name, description: category.description, defaultSchoolQuota: category.defaultSchoolQuota },
        { ...proposed, name: value.name, description: value.description, defaultSchoolQuota: value.defaultSchoolQuota },
      );
      const limitsChanged = Object.keys(changes).some((k) => k in current);
      const refusals = [
        ...(limitsChanged ? categoryLimitRefusals({ status: contest.status, category: category.name, current, proposed, conflicts }) : []),
        ...frozenChanges(contest.status, "defaultSchoolQuota" in changes ? ["quotas"] : []),
        // The name and description follow the basics' rule.
        ...frozenChanges(contest.status, "name" in changes || "description" in changes ? ["basics"] : []),
      ];
      if (refusals.length > 0) return { refusals: refusals.map((r) => describeRefusal(say, input.locale, r)) };
      await tx.category.update({
        where: { id: category.id },
        data: { ...proposed, acceptedMediaKinds: [...proposed.acceptedMediaKinds], maxFileBytes: BigInt(proposed.maxFileBytes), name: value.name, description: value.description, defaultSchoolQuota: value.defaultSchoolQuota },
      });
      return { audit: { action: "contest.category_limits_changed", data: { categoryId: category.id, name: category.name, changes } } };
    },
  });
}
