// A category's rubric (/organiser/contests/:contestId/categories/:categoryId/rubric):
// criteria with name, description, weight and maximum score; the weights add
// up to 100 (the schema says by how much they miss). The preset's rubric is
// created with the category; frozen once county judging starts. Criteria keep
// their ids across saves, so scores already given in the school round stay
// attached; a scored criterion cannot be removed.
import { getCategoryPreset } from "~/domain/category-presets.ts";
import { canEditContest } from "~/domain/contest.ts";
import { rubricRefusals } from "~/domain/contest-changes.ts";
import { rubricSchema } from "~/domain/contest-forms.ts";
import type { Locale } from "~/i18n/t.ts";
import { describeRefusal, type RubricView } from "~/view-models/contests.ts";
import { getDb, type Db, type Tx } from "~/server/db/db.server.ts";
import { findOrganisedContest, toHeader } from "./contest-access.server.ts";
import { categoryExists, findCategory } from "./contest-categories.server.ts";
import { runContestEdit, type EditOutcome } from "./contest-edit.server.ts";

function findRubric(db: Db | Tx, contestId: string, categoryId: string) {
  return db.rubric.findFirst({
    where: { contestId, categoryId },
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, criteria: { orderBy: { sortOrder: "asc" }, select: { id: true, name: true, description: true, weight: true, maxScore: true } } },
  });
}

export async function getRubric(input: { userId: string; contestId: string; categoryId: string }): Promise<RubricView | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const db = getDb();
  const category = await findCategory(db, row.id, input.categoryId);
  if (!category) return null;
  const rubric = await findRubric(db, row.id, category.id);
  const criteria = rubric
    ? rubric.criteria.map((c) => ({ id: c.id, name: c.name, description: c.description, weight: Number(c.weight), maxScore: c.maxScore }))
    : getCategoryPreset(category.kind).rubric.criteria.map((c) => ({ id: "", ...c }));
  return {
    header: toHeader(row),
    category: { id: category.id, name: category.name, kind: category.kind },
    criteria,
    fromPreset: !rubric,
    canEdit: canEditContest("rubrics", row.status),
    version: `${rubric?.id ?? "preset"}:${row.updatedAt.toISOString()}:${criteria.map((c) => `${c.id}/${c.weight}`).join(",")}`,
  };
}

export async function saveRubric(input: { userId: string; contestId: string; categoryId: string; formData: FormData; locale: Locale }): Promise<EditOutcome> {
  if (!(await categoryExists(input))) return { status: 404 };
  return runContestEdit({
    ...input,
    form: "rubric",
    schema: rubricSchema,
    apply: async ({ tx, contest, value, say }) => {
      const category = await findCategory(tx, contest.id, input.categoryId);
      if (!category) return { refusals: [say("contests.category.notFound")] };
      const existing = await findRubric(tx, contest.id, category.id);
      const kept = new Set(value.criteria.map((c) => c.id).filter((id): id is string => Boolean(id)));
      const removed = (existing?.criteria ?? []).filter((c) => !kept.has(c.id));
      const scored = removed.length === 0 ? [] : await tx.score.groupBy({ by: ["criterionId"], where: { criterionId: { in: removed.map((c) => c.id) } } });
      const refusals = rubricRefusals({
        status: contest.status,
        category: category.name,
        removedScored: removed.filter((c) => scored.some((s) => s.criterionId === c.id)).map((c) => c.name),
      });
      if (refusals.length > 0) return { refusals: refusals.map((r) => describeRefusal(say, input.locale, r)) };

      const rubricId =
        existing?.id ??
        (await tx.rubric.create({ data: { contestId: contest.id, categoryId: category.id, name: getCategoryPreset(category.kind).rubric.name }, select: { id: true } })).id;
      const ownIds = new Set((existing?.criteria ?? []).map((c) => c.id));
      if (removed.length > 0) await tx.rubricCriterion.deleteMany({ where: { id: { in: removed.map((c) => c.id) } } });
      for (const [index, c] of value.criteria.entries()) {
        const data = { name: c.name, description: c.description, weight: c.weight, maxScore: c.maxScore, sortOrder: index + 1 };
        // An id that is not this rubric's is treated as a new criterion, never as a way to edit another rubric.
        if (c.id && ownIds.has(c.id)) await tx.rubricCriterion.update({ where: { id: c.id }, data });
        else await tx.rubricCriterion.create({ data: { ...data, rubricId } });
      }
      const describe = (list: readonly { name: string; weight: unknown; maxScore: number }[]) => list.map((c) => ({ name: c.name, weight: Number(c.weight), maxScore: c.maxScore }));
      return {
        audit: {
          action: "contest.rubric_changed",
          data: { categoryId: category.id, category: category.name, before: describe(existing?.criteria ?? []), after: describe(value.criteria) },
        },
      };
    },
  });
}
