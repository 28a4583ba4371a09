// A contest's grade bands (/organiser/contests/:contestId/bands): entries are
// ranked and awarded within (category, band). A new contest starts with
// DEFAULT_GRADE_BANDS. Bands must not overlap; grades no band covers are
// stated on the page (and a category accepting such a grade stops the
// contest from opening). A change that would leave an existing entry outside
// every band is refused; otherwise the entries' band is recomputed with it.
import { DEFAULT_GRADE_BANDS } from "~/domain/category-presets.ts";
import { canEditContest, checkGradeBands } from "~/domain/contest.ts";
import { gradeBandRefusals } from "~/domain/contest-changes.ts";
import { gradeBandsSchema } from "~/domain/contest-forms.ts";
import type { Locale } from "~/i18n/t.ts";
import { describeRefusal, type GradeBandsView } from "~/view-models/contests.ts";
import { getDb, type Tx } from "~/server/db/db.server.ts";
import { findOrganisedContest, toHeader } from "./contest-access.server.ts";
import { runContestEdit, type EditOutcome } from "./contest-edit.server.ts";

export async function getGradeBands(input: { userId: string; contestId: string }): Promise<GradeBandsView | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const stored = await getDb().gradeBand.findMany({
    where: { contestId: row.id },
    orderBy: [{ sortOrder: "asc" }, { gradeMin: "asc" }],
    select: { id: true, name: true, gradeMin: true, gradeMax: true },
  });
  const bands = stored.length > 0 ? stored : DEFAULT_GRADE_BANDS.map((b) => ({ id: "", ...b }));
  return {
    header: toHeader(row),
    bands,
    fromDefault: stored.length === 0,
    uncovered: checkGradeBands(bands).uncovered,
    canEdit: canEditContest("bands", row.status),
    version: `${row.updatedAt.toISOString()}:${stored.map((b) => `${b.id}/${b.name}/${b.gradeMin}-${b.gradeMax}`).join(",")}`,
  };
}

export async function saveGradeBands(input: { userId: string; contestId: string; formData: FormData; locale: Locale }): Promise<EditOutcome> {
  return runContestEdit({
    ...input,
    form: "bands",
    schema: gradeBandsSchema,
    apply: async ({ tx, contest, value, say }) => {
      const grades = await tx.entry.groupBy({ by: ["grade"], where: { contestId: contest.id }, _count: { _all: true } });
      const refusals = gradeBandRefusals({ status: contest.status, bands: value.bands, entryGrades: grades.map((g) => ({ grade: g.grade, entries: g._count._all })) });
      if (refusals.length > 0) return { refusals: refusals.map((r) => describeRefusal(say, input.locale, r)) };
      const before = await tx.gradeBand.findMany({ where: { contestId: contest.id }, orderBy: { sortOrder: "asc" }, select: { id: true, name: true, gradeMin: true, gradeMax: true } });
      await replaceBands(tx, contest.id, before, value.bands);
      const moved = await tx.$executeRaw`
        UPDATE "Entry" e SET "gradeBandId" = b."id"
        FROM "GradeBand" b
        WHERE e."contestId" = ${contest.id} AND b."contestId" = ${contest.id}
          AND e."grade" BETWEEN b."gradeMin" AND b."gradeMax"
          AND e."gradeBandId" IS DISTINCT FROM b."id"`;
      const describe = (list: readonly { name: string; gradeMin: number; gradeMax: number }[]) => list.map((b) => ({ name: b.name, gradeMin: b.gradeMin, gradeMax: b.gradeMax }));
      return { audit: { action: "contest.grade_bands_changed", data: { before: describe(before), after: describe(value.bands), entriesMoved: moved } } };
    },
  });
}

/**
 * Keeps the rows of bands that stay (entries and results point at them),
 * removes the others, adds new ones. Names are unique per contest, so kept
 * bands are renamed in two steps (a swap of two names must not collide).
 */
async function replaceBands(
  tx: Tx,
  contestId: string,
  before: readonly { id: string }[],
  after: readonly { id?: string; name: string; gradeMin: number; gradeMax: number }[],
): Promise<void> {
  const own = new Set(before.map((b) => b.id));
  const kept = after.filter((b): b is typeof b & { id: string } => Boolean(b.id && own.has(b.id)));
  const keptIds = new Set(kept.map((b) => b.id));
  await tx.gradeBand.deleteMany({ where: { contestId, id: { notIn: [...keptIds] } } });
  for (const band of kept) await tx.gradeBand.update({ where: { id: band.id }, data: { name: `~renaming~${band.id}` } });
  for (const [index, band] of after.entries()) {
    const data = { name: band.name, gradeMin: band.gradeMin, gradeMax: band.gradeMax, sortOrder: index + 1 };
    if (band.id && keptIds.has(band.id)) await tx.gradeBand.update({ where: { id: band.id }, data });
    else await tx.gradeBand.create({ data: { ...data, contestId } });
  }
}
