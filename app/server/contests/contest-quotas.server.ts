// Nomination quotas (/organiser/contests/:contestId/quotas?category=…): how
// many entries each school may nominate to the county per category. The
// category's default applies to every school (Category.defaultSchoolQuota);
// a school may have its own number (NominationQuota). One category per
// screen: a county has ~100 schools. A quota may not drop below the
// nominations a school has already made (they are locked once made).
import { canEditContest } from "~/domain/contest.ts";
import { quotaRefusals } from "~/domain/contest-changes.ts";
import { quotasSchema } from "~/domain/contest-forms.ts";
import type { Locale } from "~/i18n/t.ts";
import { describeRefusal, type QuotasView } from "~/view-models/contests.ts";
import { getDb, type Db, type Tx } from "~/server/db/db.server.ts";
import { findOrganisedContest, isPlausibleId, toHeader } from "./contest-access.server.ts";
import { runContestEdit, type EditOutcome } from "./contest-edit.server.ts";

/** The county's schools grouped by township (schools directly under the county form a group of their own). */
export async function schoolsByTownship(db: Db | Tx, county: { id: string; path: string }, onlySchoolIds?: readonly string[]) {
  const units = await db.orgUnit.findMany({
    where: { kind: { in: ["TOWNSHIP", "SCHOOL"] }, path: { startsWith: county.path } },
    orderBy: [{ name: "asc" }],
    select: { id: true, kind: true, name: true, shortName: true, parentId: true },
  });
  const schools = units.filter((u) => u.kind === "SCHOOL" && (!onlySchoolIds || onlySchoolIds.includes(u.id)));
  const townships = [...units.filter((u) => u.kind === "TOWNSHIP"), { id: county.id, kind: "COUNTY" as const, name: "", shortName: null, parentId: null }];
  return townships
    .map((township) => ({
      id: township.id,
      name: township.name,
      schools: schools.filter((s) => s.parentId === township.id).map((s) => ({ id: s.id, name: s.shortName ?? s.name })),
    }))
    .filter((t) => t.schools.length > 0);
}

export async function getQuotas(input: { userId: string; contestId: string; categoryId: string | null }): Promise<QuotasView | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const db = getDb();
  const categories = await db.category.findMany({ where: { contestId: row.id }, orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }], select: { id: true, name: true, defaultSchoolQuota: true } });
  const category = categories.find((c) => c.id === input.categoryId) ?? categories[0] ?? null;
  if (input.categoryId && category?.id !== input.categoryId) return null;
  const [groups, overrides, nominated] = await Promise.all([
    schoolsByTownship(db, { id: row.orgUnitId, path: row.orgUnit.path }),
    category ? db.nominationQuota.findMany({ where: { contestId: row.id, categoryId: category.id }, select: { schoolId: true, quota: true } }) : [],
    category ? db.nomination.groupBy({ by: ["schoolId"], where: { contestId: row.id, categoryId: category.id, status: "NOMINATED" }, _count: { _all: true } }) : [],
  ]);
  return {
    header: toHeader(row),
    categories,
    category,
    townships: groups.map((g) => ({
      ...g,
      schools: g.schools.map((s) => ({
        ...s,
        quota: overrides.find((o) => o.schoolId === s.id)?.quota ?? null,
        nominated: nominated.find((n) => n.schoolId === s.id)?._count._all ?? 0,
      })),
    })),
    canEdit: canEditContest("quotas", row.status),
    version: `${row.updatedAt.toISOString()}:${category?.defaultSchoolQuota}:${overrides.map((o) => `${o.schoolId}/${o.quota}`).join(",")}`,
  };
}

export async function saveQuotas(input: { userId: string; contestId: string; formData: FormData; locale: Locale }): Promise<EditOutcome> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  const categoryId = String(input.formData.get("categoryId") ?? "");
  if (!row) return { status: 404 };
  // No category named: the form's own errors (400). A category named that is not this contest's: 404.
  if (categoryId !== "" && (!isPlausibleId(categoryId) || !(await getDb().category.findFirst({ where: { id: categoryId, contestId: row.id }, select: { id: true } })))) {
    return { status: 404 };
  }
  return runContestEdit({
    ...input,
    form: "quotas",
    schema: quotasSchema,
    apply: async ({ tx, contest, value, say }) => {
      const category = await tx.category.findUniqueOrThrow({ where: { id: value.categoryId }, select: { id: true, name: true, defaultSchoolQuota: true } });
      const groups = await schoolsByTownship(tx, { id: row.orgUnitId, path: row.orgUnit.path });
      const schools = new Map(groups.flatMap((g) => g.schools).map((s) => [s.id, s.name]));
      if (value.overrides.some((o) => !schools.has(o.schoolId))) return { refusals: [say("contests.quotas.unknownSchool")] };
      const [before, nominated] = await Promise.all([
        tx.nominationQuota.findMany({ where: { contestId: contest.id, categoryId: category.id }, select: { schoolId: true, quota: true } }),
        tx.nomination.groupBy({ by: ["schoolId"], where: { contestId: contest.id, categoryId: category.id, status: "NOMINATED" }, _count: { _all: true } }),
      ]);
      const given = new Map(value.overrides.map((o) => [o.schoolId, o.quota ?? null]));
      const effective = (schoolId: string) => (given.has(schoolId) ? given.get(schoolId) : before.find((b) => b.schoolId === schoolId)?.quota) ?? value.defaultSchoolQuota;
      const refusals = quotaRefusals({
        status: contest.status,
        category: category.name,
        quotas: nominated.map((n) => ({ school: schools.get(n.schoolId) ?? n.schoolId, quota: effective(n.schoolId), nominated: n._count._all })),
      });
      if (refusals.length > 0) return { refusals: refusals.map((r) => describeRefusal(say, input.locale, r)) };

      const changes: { school: string; before: number | null; after: number | null }[] = [];
      for (const [schoolId, quota] of given) {
        const old = before.find((b) => b.schoolId === schoolId)?.quota ?? null;
        if (old === quota) continue;
        changes.push({ school: schools.get(schoolId)!, before: old, after: quota });
        const key = { contestId_categoryId_schoolId: { contestId: contest.id, categoryId: category.id, schoolId } };
        if (quota === null) await tx.nominationQuota.delete({ where: key });
        else await tx.nominationQuota.upsert({ where: key, create: { contestId: contest.id, categoryId: category.id, schoolId, quota }, update: { quota } });
      }
      if (category.defaultSchoolQuota !== value.defaultSchoolQuota) await tx.category.update({ where: { id: category.id }, data: { defaultSchoolQuota: value.defaultSchoolQuota } });
      return {
        audit: {
          action: "contest.quotas_changed",
          data: { categoryId: category.id, category: category.name, defaultSchoolQuota: [category.defaultSchoolQuota, value.defaultSchoolQuota], schools: changes },
        },
      };
    },
  });
}
