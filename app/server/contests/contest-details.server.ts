// A contest's details (/organiser/contests/:contestId/details): theme and
// description, season and year, the four windows (entered and shown in
// Asia/Shanghai), participation certificates and the normalisation
// threshold. One form, one save; each part follows its stage's rule
// (canEditContest): an unchanged frozen field is not a change, a changed
// one is refused with the reason.
import { canEditContest, CONTEST_WINDOW_FIELDS, windowEditProblems, type ContestEditPart, type ContestWindows } from "~/domain/contest.ts";
import { frozenChanges } from "~/domain/contest-changes.ts";
import { contestDetailsSchema } from "~/domain/contest-forms.ts";
import { toShanghaiLocal } from "~/domain/shanghai-time.ts";
import type { Locale } from "~/i18n/t.ts";
import { describeRefusal, describeWindowProblem, type ContestDetailsView } from "~/view-models/contests.ts";
import { getDb } from "~/server/db/db.server.ts";
import { findOrganisedContest, toHeader } from "./contest-access.server.ts";
import { changedFields, runContestEdit, type EditOutcome } from "./contest-edit.server.ts";

const detailsSelect = {
  title: true,
  description: true,
  season: true,
  year: true,
  participationCertificates: true,
  normaliseMinScores: true,
  ...Object.fromEntries(CONTEST_WINDOW_FIELDS.map((f) => [f, true])),
} as { title: true; description: true; season: true; year: true; participationCertificates: true; normaliseMinScores: true } & Record<
  (typeof CONTEST_WINDOW_FIELDS)[number],
  true
>;

export async function getContestDetails(input: { userId: string; contestId: string }): Promise<ContestDetailsView | null> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return null;
  const c = await getDb().contest.findUniqueOrThrow({ where: { id: row.id }, select: detailsSelect });
  const windows = Object.fromEntries(CONTEST_WINDOW_FIELDS.map((f) => [f, c[f] ? toShanghaiLocal(c[f]) : ""])) as Record<(typeof CONTEST_WINDOW_FIELDS)[number], string>;
  return {
    header: toHeader(row),
    values: {
      title: c.title,
      description: c.description,
      season: c.season,
      year: c.year,
      participationCertificates: c.participationCertificates,
      normaliseMinScores: c.normaliseMinScores,
      ...windows,
    },
    editable: {
      basics: canEditContest("basics", row.status),
      windows: canEditContest("windows", row.status),
      normalisation: canEditContest("normalisation", row.status),
      certificates: canEditContest("certificates", row.status),
    },
    version: row.updatedAt.toISOString(),
  };
}

/**
 * A window typed on the page has minutes only: the same minute as the stored
 * time keeps the stored time (an untouched field is not a change, even when
 * the seed or "close now" stored seconds).
 */
function keepSameMinute(current: Date | null, proposed: Date | null): Date | null {
  if (current && proposed && toShanghaiLocal(current) === toShanghaiLocal(proposed)) return current;
  return proposed;
}

export async function saveContestDetails(input: { userId: string; contestId: string; formData: FormData; locale: Locale }): Promise<EditOutcome> {
  return runContestEdit({
    ...input,
    form: "details",
    schema: contestDetailsSchema,
    apply: async ({ tx, contest, value, say, now }) => {
      const current = await tx.contest.findUniqueOrThrow({ where: { id: contest.id }, select: detailsSelect });
      const windows = Object.fromEntries(CONTEST_WINDOW_FIELDS.map((f) => [f, keepSameMinute(current[f], value[f])])) as unknown as ContestWindows;
      const next = {
        title: value.title,
        description: value.description,
        season: value.season,
        year: value.year,
        participationCertificates: value.participationCertificates,
        normaliseMinScores: value.normaliseMinScores,
        ...windows,
      };
      const changes = changedFields(current, next);
      const touched: ContestEditPart[] = Object.keys(changes).map((field) => partOf(field));
      const refusals = frozenChanges(contest.status, touched.filter((p) => p !== "windows")).map((r) => describeRefusal(say, input.locale, r));
      if (touched.includes("windows")) {
        refusals.push(...windowEditProblems({ status: contest.status, windows, now }).map((p) => describeWindowProblem(say, input.locale, p)));
      }
      if (refusals.length > 0) return { refusals };
      if (Object.keys(changes).length > 0) await tx.contest.update({ where: { id: contest.id }, data: next });
      return { audit: { action: "contest.details_changed", data: { changes } } };
    },
  });
}

function partOf(field: string): ContestEditPart {
  if ((CONTEST_WINDOW_FIELDS as readonly string[]).includes(field)) return "windows";
  if (field === "normaliseMinScores") return "normalisation";
  if (field === "participationCertificates") return "certificates";
  return "basics";
}
