// Results and participation as downloads (…/results.csv, …/results.xlsx;
// ?table=participation for the counts): organisers of the contest's county
// only; the same writers as the progress downloads (UTF-8 CSV with a BOM, no
// formula ever reaches a spreadsheet program).
// - awards: every award by school and category, with rank, score, tier, status.
// - participation: per school and category, entries submitted, nominated,
//   awarded per tier, and participation certificates.
import type { Locale, MessageKey } from "~/i18n/t.ts";
import { t } from "~/i18n/t.ts";
import { findOrganisedContest } from "~/server/contests/contest-access.server.ts";
import { contentDisposition, safeFileName, type ProgressDownload } from "~/server/contests/contest-progress-export.server.ts";
import { shanghaiDateStamp } from "~/server/contests/contest-progress.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { writeCsv, writeXlsx, type Table } from "~/server/documents/sheets/sheets.server.ts";

export type ResultsTable = "awards" | "participation";

export function parseResultsTable(value: string | null): ResultsTable {
  return value === "participation" ? "participation" : "awards";
}

async function awardsTable(contestId: string, say: (k: MessageKey) => string): Promise<Table> {
  const awards = await getDb().award.findMany({
    where: { contestId },
    orderBy: [{ entry: { school: { name: "asc" } } }, { category: { sortOrder: "asc" } }, { tier: { rank: "asc" } }, { rank: "asc" }],
    select: {
      rank: true,
      finalScore: true,
      status: true,
      changeReason: true,
      tier: { select: { name: true } },
      category: { select: { name: true } },
      entry: { select: { title: true, student: { select: { displayName: true } }, school: { select: { name: true } }, township: { select: { name: true } }, gradeBand: { select: { name: true } } } },
    },
  });
  return {
    headers: ["township", "school", "category", "band", "rank", "score", "tier", "status", "entry", "student", "changeReason"].map((k) => say(`results.export.${k}` as MessageKey)),
    rows: awards.map((a) => [
      a.entry.township.name,
      a.entry.school.name,
      a.category.name,
      a.entry.gradeBand?.name ?? "",
      a.rank,
      a.finalScore === null ? null : Number(a.finalScore),
      a.status === "REVOKED" ? say("results.noAward") : a.tier.name,
      say(`results.awardStatus.${a.status}` as MessageKey),
      a.entry.title,
      a.entry.student.displayName,
      a.changeReason ?? "",
    ]),
  };
}

async function participationTable(contestId: string, say: (k: MessageKey) => string): Promise<Table> {
  const db = getDb();
  const [tiers, entries, awards, certificates] = await Promise.all([
    db.awardTier.findMany({ where: { contestId }, orderBy: { rank: "asc" }, select: { id: true, name: true } }),
    db.entry.findMany({
      where: { contestId, status: { in: ["SUBMITTED", "NOMINATED"] } },
      select: { id: true, status: true, schoolId: true, categoryId: true, studentId: true, school: { select: { name: true } }, township: { select: { name: true } }, category: { select: { name: true, sortOrder: true } } },
    }),
    db.award.findMany({ where: { contestId, status: { not: "REVOKED" } }, select: { entryId: true, tierId: true } }),
    db.certificate.findMany({ where: { contestId, kind: "PARTICIPATION", revokedAt: null }, select: { entryId: true } }),
  ]);
  const tierOf = new Map(awards.map((a) => [a.entryId, a.tierId]));
  const certified = new Set(certificates.map((c) => c.entryId));
  const groups = new Map<string, { township: string; school: string; category: string; order: number; submitted: number; nominated: number; tiers: Map<string, number>; certificates: number }>();
  for (const e of entries) {
    const key = `${e.schoolId}:${e.categoryId}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { township: e.township.name, school: e.school.name, category: e.category.name, order: e.category.sortOrder, submitted: 0, nominated: 0, tiers: new Map(), certificates: 0 }));
    g.submitted++;
    if (e.status === "NOMINATED") g.nominated++;
    const tier = tierOf.get(e.id);
    if (tier) g.tiers.set(tier, (g.tiers.get(tier) ?? 0) + 1);
    if (certified.has(e.id)) g.certificates++;
  }
  const sorted = [...groups.values()].sort((a, b) => a.township.localeCompare(b.township, "zh-CN") || a.school.localeCompare(b.school, "zh-CN") || a.order - b.order);
  return {
    headers: [say("results.export.township"), say("results.export.school"), say("results.export.category"), say("results.export.submitted"), say("results.export.nominated"), ...tiers.map((t) => t.name), say("results.export.certificates")],
    rows: sorted.map((g) => [g.township, g.school, g.category, g.submitted, g.nominated, ...tiers.map((t) => g.tiers.get(t.id) ?? 0), g.certificates]),
  };
}

export async function getResultsDownload(input: { userId: string; contestId: string; table: ResultsTable; format: "csv" | "xlsx"; locale: Locale; now?: Date }): Promise<ProgressDownload | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const say = (key: MessageKey) => t(input.locale, key);
  const table = input.table === "participation" ? await participationTable(row.id, say) : await awardsTable(row.id, say);
  const stamp = shanghaiDateStamp(input.now ?? new Date());
  const label = say(input.table === "participation" ? "results.export.participationFile" : "results.export.awardsFile");
  const base = safeFileName(`${row.title}-${label}-${stamp}`).trim().slice(0, 120);
  const body = input.format === "csv" ? writeCsv(table) : await writeXlsx(table, { sheetName: label });
  return {
    body,
    contentType: input.format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    contentDisposition: contentDisposition(`${base}.${input.format}`, `contest-${input.table}-${stamp}.${input.format}`),
  };
}
