// What the organiser's results page shows: per (category, band) the stored
// ResultSet read back into words (the method used and why, warnings, the
// agreement figures with a plain reading, judge severity for the chart), the
// ranking with awards (and hand changes with their reasons), the stated tie
// and tier rules, the notice and its objections. Organisers see names here;
// the public notice shows masked names only.
import { TIE_RULES, TIER_RULES, type PanelAgreement, type SeverityReport } from "~/domain/judging/index.ts";
import type { ResultDetails, ResultWarning } from "~/domain/results/compute-results.ts";
import type { Say } from "~/domain/contest-forms.ts";
import type { Locale, MessageKey } from "~/i18n/t.ts";
import type { ObjectionView, ResultGroupView, ResultsView } from "~/view-models/results.ts";
import { findOrganisedContest, toHeader } from "~/server/contests/contest-access.server.ts";
import { sayIn } from "~/server/contests/contest-edit.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { resultsBlockers } from "./results-compute.server.ts";

const fixed = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? "—" : n.toFixed(digits));

function iccLevelText(say: Say, level: string | null): string {
  return level ? say(`results.level.icc.${level}` as MessageKey) : say("results.level.none");
}

export function describeAgreement(say: Say, a: PanelAgreement): string[] {
  if (a.design === "insufficient") return [say("results.agreement.insufficient")];
  if (a.design === "fully_crossed") {
    const w = a.concordance;
    return [
      say("results.agreement.crossed", { judges: a.judgeIds.length, entries: a.entryIds.length }),
      say("results.agreement.icc21", { value: fixed(a.icc.values.icc21), level: iccLevelText(say, a.iccLevels.icc21) }),
      say("results.agreement.icc3k", { value: fixed(a.icc.values.icc3k), level: iccLevelText(say, a.iccLevels.icc3k) }),
      say("results.agreement.icc1131", { icc11: fixed(a.icc.values.icc11), icc31: fixed(a.icc.values.icc31) }),
      say("results.agreement.w", { value: fixed(w.w), level: w.level ? say(`results.level.w.${w.level}` as MessageKey) : say("results.level.none") }),
    ];
  }
  const lines = [say("results.agreement.incomplete"), say("results.agreement.icc1", { value: fixed(a.groups.icc1), level: iccLevelText(say, a.groups.level), entries: a.groups.groups })];
  if (a.crossedBlock) {
    const w = a.crossedBlock.concordance;
    lines.push(
      say("results.agreement.wBlock", {
        judges: a.crossedBlock.judgeIds.length,
        entries: a.crossedBlock.entryIds.length,
        value: fixed(w.w),
        level: w.level ? say(`results.level.w.${w.level}` as MessageKey) : say("results.level.none"),
      }),
    );
  } else lines.push(say("results.agreement.noBlock"));
  return lines;
}

type Names = { judge: (id: string) => string; entry: (id: string) => string };

function describeWarning(say: Say, w: ResultWarning, names: Names): string {
  switch (w.code) {
    case "too_few_scores_per_judge":
      return say("results.warning.tooFew", { judge: names.judge(w.judgeId), count: w.count, threshold: w.threshold });
    case "judge_gave_same_total":
      return say("results.warning.sameTotal", { judge: names.judge(w.judgeId), total: fixed(w.total) });
    case "entry_not_scored":
      return say("results.warning.notScored", { title: names.entry(w.entryId) });
    case "entry_few_judges":
      return say("results.warning.fewJudges", { title: names.entry(w.entryId), judges: w.judges, expected: w.expected });
    case "sheet_incomplete":
      return say("results.warning.incomplete", { judge: names.judge(w.judgeId), title: names.entry(w.entryId) });
  }
}

function severityOf(say: Say, s: SeverityReport, label: (id: string) => string): ResultGroupView["severity"] {
  return {
    panelSd: s.panelSd,
    threshold: s.threshold,
    judges: s.judges.map((j) => ({
      label: label(j.judgeId),
      count: j.count,
      mean: j.mean,
      sd: j.sd,
      meanDifference: j.meanDifference,
      classification: say(`results.severity.${j.classification}` as MessageKey),
    })),
  };
}

export async function getResultsView(input: { userId: string; contestId: string; locale: Locale; now?: Date }): Promise<ResultsView | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const db = getDb();
  const say = sayIn(input.locale);
  const now = input.now ?? new Date();
  const [contest, sets, tiers, awards, notice] = await Promise.all([
    db.contest.findUniqueOrThrow({ where: { id: row.id }, select: { normaliseMinScores: true } }),
    db.resultSet.findMany({
      where: { contestId: row.id },
      orderBy: [{ category: { sortOrder: "asc" } }, { gradeBand: { sortOrder: "asc" } }],
      select: { computedAt: true, normalised: true, details: true, category: { select: { name: true } }, gradeBand: { select: { name: true } } },
    }),
    db.awardTier.findMany({ where: { contestId: row.id }, orderBy: { rank: "asc" }, select: { id: true, name: true } }),
    db.award.findMany({ where: { contestId: row.id }, select: { entryId: true, tierId: true, computedTierId: true, changeReason: true, status: true } }),
    db.publicNotice.findFirst({ where: { contestId: row.id }, orderBy: { createdAt: "desc" }, select: { id: true, status: true, startsAt: true, endsAt: true } }),
  ]);
  const details = sets.map((s) => s.details as unknown as ResultDetails);
  const entryIds = [...new Set(details.flatMap((d) => [...d.entries.map((e) => e.entryId), ...d.warnings.flatMap((w) => ("entryId" in w ? [w.entryId] : []))]))];
  const judgeIds = [...new Set(details.flatMap((d) => d.judgeIds))];
  const [entries, judges, objections] = await Promise.all([
    db.entry.findMany({ where: { id: { in: entryIds } }, select: { id: true, title: true, student: { select: { displayName: true } }, school: { select: { name: true, shortName: true } } } }),
    db.user.findMany({ where: { id: { in: judgeIds } }, select: { id: true, displayName: true } }),
    notice ? loadObjections(notice.id, say) : Promise.resolve([]),
  ]);
  const entryOf = new Map(entries.map((e) => [e.id, e]));
  const judgeName = new Map(judges.map((j) => [j.id, j.displayName]));
  const tierName = new Map(tiers.map((t) => [t.id, t.name]));
  const awardOf = new Map(awards.map((a) => [a.entryId, a]));
  const names: Names = { judge: (id) => judgeName.get(id) ?? id, entry: (id) => entryOf.get(id)?.title ?? id };
  const groups: ResultGroupView[] = sets.map((set, i) => {
    const d = details[i]!;
    return {
      categoryName: set.category.name,
      bandName: set.gradeBand.name,
      computedAt: set.computedAt.toISOString(),
      normalised: d.normalised,
      method: say(d.normalised ? "results.method.normalised" : "results.method.raw", { threshold: d.threshold }),
      warnings: d.warnings.map((w) => describeWarning(say, w, names)),
      agreement: describeAgreement(say, d.agreement),
      severity: severityOf(say, d.severity, names.judge),
      tierNotices: d.notices.map((n) => say(`results.tierNotice.${n.code}` as MessageKey, { tier: tierName.get(n.tierId) ?? "", places: n.places, awarded: n.awarded })),
      unscored: d.warnings.flatMap((w) => (w.code === "entry_not_scored" ? [names.entry(w.entryId)] : [])),
      rows: d.entries.map((e) => {
        const entry = entryOf.get(e.entryId);
        const award = awardOf.get(e.entryId);
        const current = award && award.status !== "REVOKED" ? award.tierId : null;
        return {
          entryId: e.entryId,
          rank: e.rank,
          title: entry?.title ?? "",
          childName: entry?.student.displayName ?? "",
          schoolName: entry?.school.shortName ?? entry?.school.name ?? "",
          finalScore: e.finalScore.toFixed(3),
          judgeCount: e.judgeCount,
          method: say(e.method === "trimmed_mean" ? "results.aggregate.trimmed" : "results.aggregate.mean"),
          tierName: current ? (tierName.get(current) ?? null) : null,
          computedTierName: award?.changeReason ? (e.tierId ? (tierName.get(e.tierId) ?? null) : say("results.noAward")) : null,
          changeReason: award?.changeReason ?? null,
        };
      }),
    };
  });
  const blockers = await resultsBlockers(db, { contestId: row.id, say, now });
  const open = objections.filter((o) => o.status === "OPEN" || o.status === "ANSWERED").length;
  return {
    header: toHeader(row),
    threshold: contest.normaliseMinScores,
    computeBlockers: blockers,
    canChange: blockers.length === 0 && sets.length > 0,
    canPublish: row.status === "COUNTY_JUDGING" && sets.length > 0,
    canAnswer: row.status === "NOTICE",
    canFinalise: row.status === "NOTICE" && open === 0,
    tieRules: TIE_RULES.map((r) => say(`results.tieRule.${r.key}` as MessageKey)),
    tierRules: TIER_RULES.map((r) => say(`results.tierRule.${r.key}` as MessageKey)),
    tiers,
    groups,
    notice: notice
      ? { status: say(`results.noticeStatus.${notice.status}` as MessageKey), startsAt: notice.startsAt.toISOString(), endsAt: notice.endsAt.toISOString(), publicPath: `/notice/${row.id}` }
      : null,
    objections,
  };
}

async function loadObjections(noticeId: string, say: Say): Promise<ObjectionView[]> {
  const rows = await getDb().objection.findMany({
    where: { noticeId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      createdAt: true,
      body: true,
      submitterContact: true,
      status: true,
      response: true,
      respondedAt: true,
      respondedBy: { select: { displayName: true } },
      award: { select: { tier: { select: { name: true } }, category: { select: { name: true } }, entry: { select: { title: true } } } },
    },
  });
  return rows.map((o) => ({
    id: o.id,
    createdAt: o.createdAt.toISOString(),
    body: o.body,
    contact: o.submitterContact,
    about: o.award ? `${o.award.category.name} · ${o.award.entry.title} · ${o.award.tier.name}` : null,
    status: o.status,
    statusLabel: say(`results.objectionStatus.${o.status}` as MessageKey),
    response: o.response,
    respondedBy: o.respondedBy?.displayName ?? null,
    respondedAt: o.respondedAt?.toISOString() ?? null,
  }));
}
