// Every public read of the gallery: the home page, a contest's listing
// (category → grade band → award tier, keyset pages), an entry, a board and a
// shared portfolio. Each query carries publicEntryWhere(); the child's name
// is read only to be masked here, and only with PUBLIC_NAME consent.
import { encodeCursor, type Cursor } from "~/domain/gallery/cursor.ts";
import { PUBLIC_AWARD_STATUSES } from "~/domain/gallery/visibility.ts";
import { maskName } from "~/domain/mask-name.ts";
import type { GalleryHome, GalleryListing, PublicBoardPage, PublicCard, PublicEntryPage, PublicPortfolioPage } from "~/view-models/gallery.ts";
import { getDb, Prisma } from "~/server/db/db.server.ts";
import { consentStandsSql } from "~/server/people/consent.server.ts";
import { mediaOf, readyAssets, thumbOf } from "./pictures.server.ts";
import { PUBLIC_CARD_COLUMNS, PUBLIC_CARD_JOINS, publicEntryWhere } from "./visibility.server.ts";
import { viewTotals } from "./view-counts.server.ts";

type CardRow = {
  id: string;
  publicId: string;
  title: string;
  publishedAt: Date;
  studentId: string;
  schoolName: string;
  schoolShort: string | null;
  bandName: string | null;
  categoryName: string;
  awardName: string | null;
  childName: string;
  nameOk: boolean | null;
};

const CONTEST_PUBLIC_STATUSES = ["OPEN", "SCHOOL_ROUND", "COUNTY_JUDGING", "NOTICE", "FINALISED", "ARCHIVED"] as const;
const CURRENT_STATUSES = new Set(["OPEN", "SCHOOL_ROUND", "COUNTY_JUDGING", "NOTICE"]);

async function toCards(rows: readonly CardRow[]): Promise<PublicCard[]> {
  const ids = rows.map((r) => r.id);
  const [assets, views] = await Promise.all([readyAssets(ids), viewTotals("ENTRY", ids)]);
  return rows.map((r) => ({
    publicId: r.publicId,
    title: r.title,
    maskedName: r.nameOk ? maskName(r.childName) : null,
    schoolName: r.schoolShort ?? r.schoolName,
    bandName: r.bandName,
    categoryName: r.categoryName,
    awardName: r.awardName,
    thumb: thumbOf(r.publicId, assets.get(r.id) ?? []),
    views: views.get(r.id) ?? 0,
  }));
}

/**
 * The card rows of these entries in the order given, for those still public. Pages pick their ids
 * first (a short index walk) and join the cards' columns here over exactly those ids: in one query
 * the planner cannot know the page's size (it guesses a handful of rows from the consent subquery)
 * and joined "User" by scanning every child (58 ms at 20,000 children, against ~2 ms this way).
 * The rule is applied again, so an entry that stopped being public in between is dropped.
 */
async function cardRows(ids: readonly string[]): Promise<CardRow[]> {
  if (ids.length === 0) return [];
  const rows = await getDb().$queryRaw<CardRow[]>`
    SELECT ${PUBLIC_CARD_COLUMNS} FROM "Entry" e ${PUBLIC_CARD_JOINS}
    WHERE e."id" IN (${Prisma.join([...ids])}) AND ${publicEntryWhere()}`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is CardRow => r !== undefined);
}

export async function getGalleryHome(): Promise<GalleryHome> {
  const db = getDb();
  const contests = await db.$queryRaw<{ id: string; title: string; year: number; season: "WINTER" | "SUMMER"; status: string; n: number }[]>`
    SELECT k."id", k."title", k."year", k."season", k."status"::text AS "status",
      (SELECT count(*)::int FROM "Entry" e WHERE e."contestId" = k."id" AND ${publicEntryWhere()}) AS "n"
    FROM "Contest" k WHERE k."status"::text IN (${Prisma.join([...CONTEST_PUBLIC_STATUSES])})
    ORDER BY k."year" DESC, k."submissionOpensAt" DESC LIMIT 50`;
  const summaries = contests
    .filter((c) => c.n > 0)
    .map((c) => ({ id: c.id, title: c.title, year: c.year, season: c.season, current: CURRENT_STATUSES.has(c.status), publicCount: c.n }));
  return { current: summaries.filter((c) => c.current), past: summaries.filter((c) => !c.current), boards: await publishedBoards() };
}

async function publishedBoards(): Promise<GalleryHome["boards"]> {
  const boards = await getDb().$queryRaw<{ id: string; slug: string; title: string; description: string; theme: string; n: number; cover: string | null }[]>`
    SELECT b."id", b."slug", b."title", b."description", b."theme",
      (SELECT count(*)::int FROM "GalleryPublication" p JOIN "Entry" e ON e."id" = p."entryId"
        WHERE p."boardId" = b."id" AND p."removedAt" IS NULL AND ${publicEntryWhere()}) AS "n",
      (SELECT e."id" FROM "GalleryPublication" p JOIN "Entry" e ON e."id" = p."entryId"
        WHERE p."boardId" = b."id" AND p."removedAt" IS NULL AND ${publicEntryWhere()}
        ORDER BY (e."publicId" = b."coverKey") DESC, p."sortOrder", p."id" LIMIT 1) AS "cover"
    FROM "GalleryBoard" b WHERE b."status" = 'PUBLISHED' ORDER BY b."sortOrder", b."publishedAt" DESC LIMIT 50`;
  const coverIds = boards.map((b) => b.cover).filter((c): c is string => c !== null);
  const [assets, publicIds] = await Promise.all([
    readyAssets(coverIds),
    getDb().entry.findMany({ where: { id: { in: coverIds } }, select: { id: true, publicId: true } }),
  ]);
  const publicIdOf = new Map(publicIds.map((e) => [e.id, e.publicId ?? ""]));
  return boards.map((b) => ({
    slug: b.slug,
    title: b.title,
    description: b.description,
    theme: b.theme,
    count: b.n,
    cover: b.cover ? thumbOf(publicIdOf.get(b.cover) ?? "", assets.get(b.cover) ?? []) : null,
  }));
}

export type ListingQuery = { contestId: string; category: string | null; band: string | null; tier: string | null; cursor: Cursor | null; size: number };

/** A contest's public listing, newest first; null when the contest is not public. */
export async function getGalleryListing(q: ListingQuery): Promise<GalleryListing | null> {
  const db = getDb();
  const contest = await db.contest.findFirst({
    where: { id: q.contestId, status: { in: [...CONTEST_PUBLIC_STATUSES] } },
    select: {
      id: true,
      title: true,
      description: true,
      categories: { orderBy: { sortOrder: "asc" }, select: { id: true, name: true } },
      gradeBands: { orderBy: { sortOrder: "asc" }, select: { id: true, name: true } },
      tiers: { orderBy: { rank: "asc" }, select: { id: true, name: true } },
    },
  });
  if (!contest) return null;
  const filters = [
    Prisma.sql`e."contestId" = ${q.contestId}`,
    publicEntryWhere(),
    ...(q.category ? [Prisma.sql`e."categoryId" = ${q.category}`] : []),
    ...(q.band ? [Prisma.sql`e."gradeBandId" = ${q.band}`] : []),
    ...(q.tier ? [Prisma.sql`a."tierId" = ${q.tier}`] : []),
    ...(q.cursor ? [Prisma.sql`(e."publishedAt", e."id") < (${new Date(q.cursor.at)}, ${q.cursor.id})`] : []),
  ];
  // The page's ids, walking the (contestId, publishedAt, id) index from the cursor and stopping after
  // size + 1 rows; then the cards of those ids (cardRows).
  const awardJoin = q.tier ? Prisma.sql`LEFT JOIN "Award" a ON a."entryId" = e."id" AND a."status"::text IN (${Prisma.join([...PUBLIC_AWARD_STATUSES])})` : Prisma.empty;
  const picked = await db.$queryRaw<{ id: string }[]>`
    SELECT e."id" FROM "Entry" e ${awardJoin}
    WHERE ${Prisma.join(filters, " AND ")}
    ORDER BY e."publishedAt" DESC, e."id" DESC LIMIT ${q.size + 1}`;
  const rows = await cardRows(picked.map((r) => r.id));
  const page = rows.slice(0, q.size);
  const last = page[page.length - 1];
  let next: string | null = null;
  if (rows.length > q.size && last) {
    const params = new URLSearchParams();
    for (const [k, v] of [["category", q.category], ["band", q.band], ["tier", q.tier]] as const) if (v) params.set(k, v);
    params.set("cursor", encodeCursor({ at: last.publishedAt.getTime(), id: last.id }));
    if (q.size !== 24) params.set("size", String(q.size));
    next = `?${params.toString()}`;
  }
  return {
    contest: { id: contest.id, title: contest.title, description: contest.description },
    categories: contest.categories,
    bands: contest.gradeBands,
    tiers: contest.tiers,
    selected: { category: q.category, band: q.band, tier: q.tier },
    cards: await toCards(page),
    next,
  };
}

/** One public entry by its public id; null when it is not (or no longer) public. */
export async function getPublicEntry(publicId: string, baseUrl: string): Promise<{ page: PublicEntryPage; entryId: string; studentId: string; schoolId: string } | null> {
  const db = getDb();
  const rows = await db.$queryRaw<(CardRow & { schoolId: string; description: string; bodyText: string | null; contestTitle: string; contestId: string; feedbackOk: boolean | null })[]>`
    SELECT ${PUBLIC_CARD_COLUMNS}, e."schoolId", e."description", e."bodyText", k."title" AS "contestTitle", k."id" AS "contestId",
      ${consentStandsSql('e."studentId"', "PUBLIC_FEEDBACK")} AS "feedbackOk"
    FROM "Entry" e ${PUBLIC_CARD_JOINS} JOIN "Contest" k ON k."id" = e."contestId"
    WHERE e."publicId" = ${publicId} AND ${publicEntryWhere()}`;
  const row = rows[0];
  if (!row) return null;
  const [card] = await toCards([row]);
  const assets = (await readyAssets([row.id])).get(row.id) ?? [];
  // The judges' words only with the family's consent and only once the results are public (an award announced).
  const feedback =
    row.feedbackOk && row.awardName
      ? (await db.judgeAssignment.findMany({ where: { entryId: row.id, status: "SUBMITTED", comment: { not: null } }, select: { comment: true }, orderBy: { submittedAt: "asc" } }))
          .map((a) => a.comment?.trim() ?? "")
          .filter(Boolean)
      : [];
  const share = `${baseUrl}/e/${publicId}`;
  const page: PublicEntryPage = {
    ...card!,
    description: row.description,
    bodyText: row.bodyText,
    contestTitle: row.contestTitle,
    contestId: row.contestId,
    media: mediaOf(publicId, assets),
    feedback,
    shareUrl: share,
    qrUrl: `/e/${publicId}/qr.svg`,
    posterUrl: `/e/${publicId}/poster.png`,
    ogImage: card?.thumb ? `${baseUrl}${card.thumb.jpeg[card.thumb.jpeg.length - 1]!.src}` : null,
  };
  return { page, entryId: row.id, studentId: row.studentId, schoolId: row.schoolId };
}

/** A published board with its public entries in the organiser's order; null when not published. */
export async function getPublicBoard(slug: string, baseUrl: string): Promise<(PublicBoardPage & { boardId: string }) | null> {
  const db = getDb();
  const board = await db.galleryBoard.findFirst({ where: { slug, status: "PUBLISHED" }, select: { id: true, slug: true, title: true, description: true, theme: true, coverKey: true } });
  if (!board) return null;
  const picked = await db.$queryRaw<{ id: string }[]>`
    SELECT e."id" FROM "GalleryPublication" p JOIN "Entry" e ON e."id" = p."entryId"
    WHERE p."boardId" = ${board.id} AND p."removedAt" IS NULL AND ${publicEntryWhere()}
    ORDER BY p."sortOrder", p."id" LIMIT 200`;
  const rows = await cardRows(picked.map((r) => r.id));
  const [cards, views] = await Promise.all([toCards(rows), viewTotals("BOARD", [board.id])]);
  const cover = cards.find((c) => c.publicId === board.coverKey)?.thumb ?? cards.find((c) => c.thumb)?.thumb ?? null;
  return {
    boardId: board.id,
    slug: board.slug,
    title: board.title,
    description: board.description,
    theme: board.theme,
    cover,
    cards,
    views: views.get(board.id) ?? 0,
    shareUrl: `${baseUrl}/b/${board.slug}`,
    qrUrl: `/b/${board.slug}/qr.svg`,
    ogImage: cover ? `${baseUrl}${cover.jpeg[cover.jpeg.length - 1]!.src}` : null,
  };
}

/** The board's id, for counting views (null when not public). */
export async function publicBoardId(slug: string): Promise<string | null> {
  return (await getDb().galleryBoard.findFirst({ where: { slug, status: "PUBLISHED" }, select: { id: true } }))?.id ?? null;
}

/** A child's shared portfolio: only the public works, the same rule as everywhere. */
export async function getPublicPortfolio(portfolioId: string, baseUrl: string): Promise<(PublicPortfolioPage & { studentId: string; schoolId: string | null }) | null> {
  const db = getDb();
  const profile = await db.studentProfile.findUnique({ where: { portfolioId }, select: { userId: true, class: { select: { parentId: true } } } });
  if (!profile) return null;
  const picked = await db.$queryRaw<{ id: string }[]>`
    SELECT e."id" FROM "Entry" e
    WHERE e."studentId" = ${profile.userId} AND ${publicEntryWhere()}
    ORDER BY e."publishedAt" DESC, e."id" DESC LIMIT 200`;
  const rows = await cardRows(picked.map((r) => r.id));
  // A portfolio with nothing public shows nothing at all (not even that the child exists).
  if (rows.length === 0) return null;
  const [cards, views] = await Promise.all([toCards(rows), viewTotals("PORTFOLIO", [profile.userId])]);
  const first = cards[0]!;
  return {
    studentId: profile.userId,
    schoolId: profile.class.parentId,
    cards,
    views: views.get(profile.userId) ?? 0,
    shareUrl: `${baseUrl}/p/${portfolioId}`,
    qrUrl: `/p/${portfolioId}/qr.svg`,
    caption: first.maskedName ? `${first.maskedName} · ${first.schoolName}` : first.schoolName,
  };
}
