// A contest's award tiers and rounding rule (/organiser/contests/:contestId/awards):
// each tier has a name, a rank (its order on the page) and places per
// (category, grade band), as a count or a percentage of the ranked entries,
// rounded by the contest's rule. The page works the places out for an example
// number of entries with the judging maths (tierPlaces) and states the rules
// (TIER_RULES) that hand them out, ties included. Until saved, the page shows
// AWARD_TIER_PRESETS; the preset "as many as merit it" tier comes blank, to be
// given a number (the notice must state one).
import { AWARD_TIER_PRESETS } from "~/domain/category-presets.ts";
import { canEditContest } from "~/domain/contest.ts";
import { tierRefusals } from "~/domain/contest-changes.ts";
import { awardTiersSchema } from "~/domain/contest-forms.ts";
import type { Locale } from "~/i18n/t.ts";
import { describeRefusal, type AwardTiersView, type TierForm } from "~/view-models/contests.ts";
import { getDb, type Tx } from "~/server/db/db.server.ts";
import { findOrganisedContest, toHeader } from "./contest-access.server.ts";
import { runContestEdit, type EditOutcome } from "./contest-edit.server.ts";

export const DEFAULT_EXAMPLE_ENTRIES = 40;
export const MAX_EXAMPLE_ENTRIES = 100_000;

/** ?example= as a whole number of entries, else the default. */
export function parseExampleEntries(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 && n <= MAX_EXAMPLE_ENTRIES && value !== null && value !== "" ? n : DEFAULT_EXAMPLE_ENTRIES;
}

export async function getAwardTiers(input: { userId: string; contestId: string; exampleEntries?: number }): Promise<AwardTiersView | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const db = getDb();
  const [contest, stored] = await Promise.all([
    db.contest.findUniqueOrThrow({ where: { id: row.id }, select: { tierRounding: true } }),
    db.awardTier.findMany({ where: { contestId: row.id }, orderBy: { rank: "asc" }, select: { id: true, name: true, places: true, percent: true } }),
  ]);
  const tiers: TierForm[] =
    stored.length > 0
      ? stored.map((t) => ({
          id: t.id,
          name: t.name,
          mode: t.places === null && t.percent !== null ? "percent" : "count",
          value: t.places ?? (t.percent === null ? null : Number(t.percent)),
        }))
      : AWARD_TIER_PRESETS.map((t) => ({ id: "", name: t.name, mode: "count", value: t.places }));
  return {
    header: toHeader(row),
    tierRounding: contest.tierRounding,
    tiers,
    fromPreset: stored.length === 0,
    canEdit: canEditContest("tiers", row.status),
    exampleEntries: input.exampleEntries ?? DEFAULT_EXAMPLE_ENTRIES,
    version: `${row.updatedAt.toISOString()}:${stored.map((t) => `${t.id}/${t.places}/${t.percent}`).join(",")}`,
  };
}

export async function saveAwardTiers(input: { userId: string; contestId: string; formData: FormData; locale: Locale }): Promise<EditOutcome> {
  return runContestEdit({
    ...input,
    form: "tiers",
    schema: awardTiersSchema,
    apply: async ({ tx, contest, value, say }) => {
      const [current, before] = await Promise.all([
        tx.contest.findUniqueOrThrow({ where: { id: contest.id }, select: { tierRounding: true } }),
        tx.awardTier.findMany({ where: { contestId: contest.id }, orderBy: { rank: "asc" }, select: { id: true, name: true, places: true, percent: true, _count: { select: { awards: true } } } }),
      ]);
      const kept = new Set(value.tiers.map((t) => t.id).filter(Boolean));
      const removed = before.filter((t) => !kept.has(t.id));
      const refusals = tierRefusals({ status: contest.status, removedWithAwards: removed.filter((t) => t._count.awards > 0).map((t) => t.name) });
      if (refusals.length > 0) return { refusals: refusals.map((r) => describeRefusal(say, input.locale, r)) };
      if (current.tierRounding !== value.tierRounding) await tx.contest.update({ where: { id: contest.id }, data: { tierRounding: value.tierRounding } });
      await replaceTiers(tx, contest.id, before, value.tiers);
      const describe = (list: readonly { name: string; places: number | null; percent: unknown }[]) =>
        list.map((t) => ({ name: t.name, places: t.places, percent: t.percent === null ? null : Number(t.percent) }));
      return {
        audit: {
          action: "contest.award_tiers_changed",
          data: {
            rounding: [current.tierRounding, value.tierRounding],
            before: describe(before),
            after: describe(value.tiers.map((t) => ({ name: t.name, places: t.mode === "count" ? t.value : null, percent: t.mode === "percent" ? t.value : null }))),
          },
        },
      };
    },
  });
}

/** Keeps the rows of tiers that stay (awards point at them); ranks are unique, so they move in two steps. */
async function replaceTiers(
  tx: Tx,
  contestId: string,
  before: readonly { id: string }[],
  after: readonly { id?: string; name: string; mode: "count" | "percent"; value: number }[],
): Promise<void> {
  const own = new Set(before.map((t) => t.id));
  const keptIds = new Set(after.map((t) => t.id).filter((id): id is string => Boolean(id && own.has(id))));
  await tx.awardTier.deleteMany({ where: { contestId, id: { notIn: [...keptIds] } } });
  let parked = 0;
  for (const id of keptIds) await tx.awardTier.update({ where: { id }, data: { rank: -1 - parked++ } });
  for (const [index, tier] of after.entries()) {
    const data = { name: tier.name, rank: index + 1, places: tier.mode === "count" ? tier.value : null, percent: tier.mode === "percent" ? tier.value : null };
    if (tier.id && keptIds.has(tier.id)) await tx.awardTier.update({ where: { id: tier.id }, data });
    else await tx.awardTier.create({ data: { ...data, contestId } });
  }
}
