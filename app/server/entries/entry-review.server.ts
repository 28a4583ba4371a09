// The county's review of a contest's entries: a list an organiser filters by
// category and status, and the two county events of the entry's life,
// disqualify (with a reason the family reads) and reinstate (with a reason).
// Access: ORGANISER and ADMIN of the contest's county (findOrganisedContest);
// anyone else, or an entry of another contest, is "not found".
import { ENTRY_STATUSES, isBeforeFinal, isEventWindowOpen, type EntryStatus } from "~/domain/entry-status.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { findOrganisedContest, isPlausibleId, toHeader } from "~/server/contests/contest-access.server.ts";
import { getDb, type Tx } from "~/server/db/db.server.ts";
import type { ReviewEntryRow, ReviewFilter, ReviewPage } from "~/view-models/entry-review.ts";
import { applyEntryEvent } from "./entry-status.server.ts";

export const REVIEW_PAGE_SIZE = 50;
export const REASON_MAX_LENGTH = 200;

/** Query parameters → a filter; anything unknown is ignored (the page shows everything in competition). */
export function parseReviewFilter(params: URLSearchParams): ReviewFilter {
  const status = params.get("status");
  const category = params.get("category");
  const after = params.get("after");
  return {
    status: status && (ENTRY_STATUSES as readonly string[]).includes(status) ? (status as EntryStatus) : null,
    categoryId: category && isPlausibleId(category) ? category : null,
    after: after && isPlausibleId(after) ? after : null,
  };
}

export async function getReviewPage(input: { userId: string; contestId: string; filter: ReviewFilter }): Promise<ReviewPage | null> {
  const db = getDb();
  const contest = await findOrganisedContest(input.userId, input.contestId);
  if (!contest) return null;
  const where: Prisma.EntryWhereInput = {
    contestId: contest.id,
    status: input.filter.status ?? { in: ["SUBMITTED", "NOMINATED", "DISQUALIFIED"] },
    ...(input.filter.categoryId ? { categoryId: input.filter.categoryId } : {}),
  };
  const [categories, counts, rows] = await Promise.all([
    db.category.findMany({ where: { contestId: contest.id }, select: { id: true, name: true }, orderBy: { sortOrder: "asc" } }),
    db.entry.groupBy({ by: ["status"], where: { contestId: contest.id }, _count: { _all: true } }),
    db.entry.findMany({
      where,
      orderBy: { id: "asc" },
      take: REVIEW_PAGE_SIZE + 1,
      ...(input.filter.after ? { cursor: { id: input.filter.after }, skip: 1 } : {}),
      select: {
        id: true,
        title: true,
        status: true,
        grade: true,
        submittedAt: true,
        disqualifiedReason: true,
        category: { select: { name: true } },
        school: { select: { name: true, shortName: true } },
        class: { select: { name: true } },
        student: { select: { displayName: true } },
      },
    }),
  ]);
  const more = rows.length > REVIEW_PAGE_SIZE;
  const page = rows.slice(0, REVIEW_PAGE_SIZE);
  return {
    header: toHeader(contest),
    filter: input.filter,
    categories,
    counts: Object.fromEntries(ENTRY_STATUSES.map((s) => [s, counts.find((c) => c.status === s)?._count._all ?? 0])) as Record<EntryStatus, number>,
    canChange: isBeforeFinal(contest.status),
    entries: page.map(
      (e): ReviewEntryRow => ({
        id: e.id,
        title: e.title,
        status: e.status,
        grade: e.grade,
        categoryName: e.category.name,
        schoolName: e.school.shortName ?? e.school.name,
        className: e.class.name,
        studentName: e.student.displayName,
        submittedAt: e.submittedAt?.toISOString() ?? null,
        disqualifiedReason: e.disqualifiedReason,
      }),
    ),
    nextAfter: more ? (page.at(-1)?.id ?? null) : null,
  };
}

export type ReviewChangeError = "not_found" | "reason_required" | "reason_too_long" | "contest_final" | "wrong_status";
export type ReviewChangeResult = { ok: true; already: boolean } | { ok: false; error: ReviewChangeError };

/** Disqualify (DRAFT / SUBMITTED / NOMINATED → DISQUALIFIED) or reinstate (→ SUBMITTED), with a reason, audited. */
export async function reviewEntry(input: {
  userId: string;
  contestId: string;
  entryId: string;
  event: "disqualify" | "reinstate";
  reason: string;
  now?: Date;
}): Promise<ReviewChangeResult> {
  const db = getDb();
  const contest = await findOrganisedContest(input.userId, input.contestId);
  if (!contest || !isPlausibleId(input.entryId)) return { ok: false, error: "not_found" };
  const reason = input.reason.trim();
  if (!reason) return { ok: false, error: "reason_required" };
  if ([...reason].length > REASON_MAX_LENGTH) return { ok: false, error: "reason_too_long" };
  const now = input.now ?? new Date();
  return db.$transaction(async (tx: Tx): Promise<ReviewChangeResult> => {
    await tx.$queryRaw`SELECT "id" FROM "Entry" WHERE "id" = ${input.entryId} FOR UPDATE`;
    const entry = await tx.entry.findFirst({
      where: { id: input.entryId, contestId: contest.id },
      select: { status: true, contest: { select: { status: true, submissionOpensAt: true, submissionClosesAt: true } } },
    });
    if (!entry) return { ok: false, error: "not_found" };
    if (!isEventWindowOpen(input.event, entry.contest, now)) return { ok: false, error: "contest_final" };
    const target: EntryStatus = input.event === "disqualify" ? "DISQUALIFIED" : "SUBMITTED";
    if (entry.status === target) return { ok: true, already: true };
    const changed = await applyEntryEvent(tx, { entryId: input.entryId, event: input.event, actorId: input.userId, now, reason });
    if (!changed) return { ok: false, error: "wrong_status" };
    // A disqualified entry leaves the school's nomination: its slot frees up (NominationStatus RELEASED).
    if (input.event === "disqualify") {
      await tx.nomination.updateMany({ where: { entryId: input.entryId, status: "NOMINATED" }, data: { status: "RELEASED", releasedAt: now } });
    }
    return { ok: true, already: false };
  });
}
