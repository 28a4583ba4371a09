// The organisers' side of the gallery (ORGANISER and ADMIN of a county): the
// contest's submitted works with each guardian's consent, publish/unpublish,
// and boards (title, cover, description, ordered works, draft/published).
// Deny by default: a contest or board outside the user's counties is "not
// found". Every change is audited. Publishing never copies consent: the
// public pages read it on every request.
import { z } from "zod";
import { PUBLIC_ENTRY_STATUSES, whyNotPublic } from "~/domain/gallery/visibility.ts";
import { maskName } from "~/domain/mask-name.ts";
import type { MessageKey } from "~/i18n/t.ts";
import type { BoardEditPage, OrganiserGalleryPage } from "~/view-models/gallery.ts";
import { getDb } from "~/server/db/db.server.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { coversPath, findOrganisedContest, getCountyScopes, isPlausibleId } from "~/server/contests/contest-access.server.ts";
import { currentConsents } from "~/server/people/consent.server.ts";
import { newPublicId } from "./visibility.server.ts";

export type GalleryReply = { ok: true; message: MessageKey } | { ok: false; error: MessageKey; fields?: Record<string, MessageKey> };
export type GalleryOutcome = { status: 200 | 400 | 404 | 409; reply: GalleryReply; redirectTo?: string };

const ok = (redirectTo?: string): GalleryOutcome => ({ status: 200, reply: { ok: true, message: "gallery.admin.done" }, redirectTo });
const notFoundOutcome: GalleryOutcome = { status: 404, reply: { ok: false, error: "gallery.notFound.title" } };

export async function getOrganiserGallery(input: { userId: string; contestId: string | null }): Promise<OrganiserGalleryPage> {
  const db = getDb();
  const scopes = await getCountyScopes(input.userId);
  const contests = (await db.contest.findMany({ orderBy: { createdAt: "desc" }, select: { id: true, title: true, orgUnit: { select: { path: true } } }, take: 200 })).filter((c) =>
    coversPath(scopes, c.orgUnit.path),
  );
  const contestId = contests.find((c) => c.id === input.contestId)?.id ?? contests[0]?.id ?? null;
  const rows = contestId
    ? await db.entry.findMany({
        where: { contestId, status: { in: [...PUBLIC_ENTRY_STATUSES] } },
        orderBy: [{ categoryId: "asc" }, { submittedAt: "desc" }],
        take: 500,
        select: { id: true, title: true, status: true, publicId: true, publishedAt: true, studentId: true, student: { select: { displayName: true } }, category: { select: { name: true } }, school: { select: { name: true, shortName: true } } },
      })
    : [];
  const consents = await currentConsents([...new Set(rows.map((r) => r.studentId))]);
  const boards = await db.galleryBoard.findMany({
    orderBy: [{ sortOrder: "asc" }, { createdAt: "desc" }],
    select: { id: true, title: true, status: true, slug: true, orgUnit: { select: { path: true } }, _count: { select: { publications: { where: { removedAt: null } } } } },
  });
  return {
    contests: contests.map((c) => ({ id: c.id, title: c.title })),
    contestId,
    entries: rows.map((r) => {
      const consent = consents.get(r.studentId)!;
      return {
        id: r.id,
        title: r.title,
        categoryName: r.category.name,
        schoolName: r.school.shortName ?? r.school.name,
        maskedName: maskName(r.student.displayName),
        status: r.status,
        published: r.publishedAt !== null,
        consent: consent.scopes.PUBLIC_WORK.state,
        publicId: r.publicId,
        visible: whyNotPublic({ publicId: r.publicId, publishedAt: r.publishedAt, status: r.status, consent }) === null,
      };
    }),
    boards: boards.filter((b) => coversPath(scopes, b.orgUnit.path)).map((b) => ({ id: b.id, title: b.title, status: b.status, slug: b.slug, count: b._count.publications })),
  };
}

async function organisedEntry(userId: string, entryId: string) {
  if (!isPlausibleId(entryId)) return null;
  const entry = await getDb().entry.findUnique({ where: { id: entryId }, select: { id: true, contestId: true, status: true, publicId: true, publishedAt: true } });
  if (!entry || !(await findOrganisedContest(userId, entry.contestId))) return null;
  return entry;
}

export async function setEntryPublished(input: { userId: string; entryId: string; publish: boolean; ip: string | null }): Promise<GalleryOutcome> {
  if (input.entryId === "") return { status: 400, reply: { ok: false, error: "form.invalid" as MessageKey } };
  const entry = await organisedEntry(input.userId, input.entryId);
  if (!entry) return notFoundOutcome;
  if (input.publish && !(PUBLIC_ENTRY_STATUSES as readonly string[]).includes(entry.status)) return { status: 409, reply: { ok: false, error: "gallery.admin.error.notPublishable" } };
  await getDb().$transaction(async (tx) => {
    await tx.entry.update({
      where: { id: entry.id },
      // The public id stays across unpublish/publish, so a shared link works again once re-published.
      data: input.publish ? { publicId: entry.publicId ?? newPublicId(), publishedAt: new Date(), publishedById: input.userId } : { publishedAt: null, publishedById: null },
    });
    await audit({ actorId: input.userId, action: input.publish ? "gallery.entry_published" : "gallery.entry_unpublished", subjectType: "Entry", subjectId: entry.id, ip: input.ip }, tx);
  });
  return ok();
}

// ---- boards ------------------------------------------------------------------

export const BoardSchema = z.object({
  title: z.string().trim().min(1, "gallery.admin.error.titleRequired").max(60, "gallery.admin.error.tooLong"),
  description: z.string().trim().max(500, "gallery.admin.error.tooLong"),
  theme: z.string().trim().max(30, "gallery.admin.error.tooLong"),
});

function fieldErrors(error: z.ZodError): Record<string, MessageKey> {
  const fields: Record<string, MessageKey> = {};
  for (const issue of error.issues) fields[String(issue.path[0])] ??= issue.message as MessageKey;
  return fields;
}

function readBoardForm(formData: FormData) {
  const get = (k: string) => (typeof formData.get(k) === "string" ? String(formData.get(k)) : "");
  return BoardSchema.safeParse({ title: get("title"), description: get("description"), theme: get("theme") });
}

export async function createBoard(input: { userId: string; formData: FormData; ip: string | null }): Promise<GalleryOutcome> {
  const scopes = await getCountyScopes(input.userId);
  const county = scopes.find((s) => s.unit.kind === "COUNTY") ?? scopes[0];
  if (!county) return notFoundOutcome;
  const parsed = readBoardForm(input.formData);
  if (!parsed.success) return { status: 400, reply: { ok: false, error: "form.invalid" as MessageKey, fields: fieldErrors(parsed.error) } };
  const board = await getDb().$transaction(async (tx) => {
    const created = await tx.galleryBoard.create({ data: { ...parsed.data, slug: newPublicId(), orgUnitId: county.unit.id }, select: { id: true } });
    await audit({ actorId: input.userId, action: "gallery.board_created", subjectType: "GalleryBoard", subjectId: created.id, orgUnitId: county.unit.id, ip: input.ip }, tx);
    return created;
  });
  return ok(`/organiser/gallery/boards/${board.id}`);
}

async function organisedBoard(userId: string, boardId: string) {
  if (!isPlausibleId(boardId)) return null;
  const board = await getDb().galleryBoard.findUnique({ where: { id: boardId }, select: { id: true, orgUnitId: true, orgUnit: { select: { path: true } } } });
  if (!board || !coversPath(await getCountyScopes(userId), board.orgUnit.path)) return null;
  return board;
}

export async function getBoardEdit(input: { userId: string; boardId: string }): Promise<BoardEditPage | null> {
  const found = await organisedBoard(input.userId, input.boardId);
  if (!found) return null;
  const db = getDb();
  const board = await db.galleryBoard.findUniqueOrThrow({
    where: { id: found.id },
    select: {
      id: true,
      title: true,
      description: true,
      theme: true,
      status: true,
      slug: true,
      coverKey: true,
      publications: { where: { removedAt: null }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { sortOrder: true, entry: { select: { publicId: true, title: true, publishedAt: true, status: true, studentId: true } } } },
    },
  });
  const scopes = await getCountyScopes(input.userId);
  const candidates = (
    await db.entry.findMany({
      where: { publishedAt: { not: null }, publicId: { not: null }, publications: { none: { boardId: board.id, removedAt: null } } },
      orderBy: { publishedAt: "desc" },
      take: 100,
      select: { publicId: true, title: true, contest: { select: { orgUnit: { select: { path: true } } } } },
    })
  ).filter((e) => coversPath(scopes, e.contest.orgUnit.path));
  const consents = await currentConsents([...new Set(board.publications.map((p) => p.entry.studentId))]);
  return {
    id: board.id,
    title: board.title,
    description: board.description,
    theme: board.theme,
    status: board.status,
    slug: board.slug,
    coverPublicId: board.coverKey,
    entries: board.publications.map((p) => ({
      publicId: p.entry.publicId ?? "",
      title: p.entry.title,
      sortOrder: p.sortOrder,
      visible: whyNotPublic({ ...p.entry, consent: consents.get(p.entry.studentId)! }) === null,
    })),
    candidates: candidates.map((c) => ({ publicId: c.publicId ?? "", title: c.title })),
  };
}

const BOARD_INTENTS = ["save", "publish", "unpublish", "delete", "add", "remove", "up", "down", "cover"] as const;
export type BoardIntent = (typeof BOARD_INTENTS)[number];

export async function changeBoard(input: { userId: string; boardId: string; formData: FormData; ip: string | null }): Promise<GalleryOutcome> {
  const board = await organisedBoard(input.userId, input.boardId);
  if (!board) return notFoundOutcome;
  const intent = String(input.formData.get("intent") ?? "") as BoardIntent;
  if (!BOARD_INTENTS.includes(intent)) return { status: 400, reply: { ok: false, error: "form.invalid" as MessageKey } };
  const db = getDb();
  const publicId = String(input.formData.get("publicId") ?? "");
  const done = async (data: Record<string, string> = {}) => {
    await audit({ actorId: input.userId, action: `gallery.board_${intent}`, subjectType: "GalleryBoard", subjectId: board.id, orgUnitId: board.orgUnitId, data, ip: input.ip });
    return ok();
  };
  switch (intent) {
    case "save": {
      const parsed = readBoardForm(input.formData);
      if (!parsed.success) return { status: 400, reply: { ok: false, error: "form.invalid" as MessageKey, fields: fieldErrors(parsed.error) } };
      await db.galleryBoard.update({ where: { id: board.id }, data: parsed.data });
      return done();
    }
    case "publish":
    case "unpublish":
      await db.galleryBoard.update({ where: { id: board.id }, data: intent === "publish" ? { status: "PUBLISHED", publishedAt: new Date() } : { status: "UNPUBLISHED" } });
      return done();
    case "delete":
      await db.galleryBoard.delete({ where: { id: board.id } });
      await done();
      return ok("/organiser/gallery");
  }
  const entry = await db.entry.findFirst({ where: { publicId }, select: { id: true, contestId: true } });
  if (!entry || !(await findOrganisedContest(input.userId, entry.contestId))) return { status: 400, reply: { ok: false, error: "form.invalid" as MessageKey } };
  if (intent === "add") {
    const last = await db.galleryPublication.aggregate({ where: { boardId: board.id }, _max: { sortOrder: true } });
    const sortOrder = (last._max.sortOrder ?? 0) + 1;
    await db.galleryPublication.upsert({
      where: { boardId_entryId: { boardId: board.id, entryId: entry.id } },
      create: { boardId: board.id, entryId: entry.id, sortOrder, publishedById: input.userId },
      update: { removedAt: null, sortOrder, publishedById: input.userId, publishedAt: new Date() },
    });
  } else if (intent === "remove") {
    await db.galleryPublication.updateMany({ where: { boardId: board.id, entryId: entry.id }, data: { removedAt: new Date() } });
  } else if (intent === "cover") {
    await db.galleryBoard.update({ where: { id: board.id }, data: { coverKey: publicId } });
  } else {
    await moveOnBoard(board.id, entry.id, intent === "up" ? -1 : 1);
  }
  return done({ publicId });
}

/** Swaps a work with its neighbour (renumbering the board first, so equal sort orders cannot stall a move). */
async function moveOnBoard(boardId: string, entryId: string, step: -1 | 1): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "GalleryBoard" WHERE "id" = ${boardId} FOR UPDATE`;
    const rows = await tx.galleryPublication.findMany({ where: { boardId, removedAt: null }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, entryId: true } });
    const i = rows.findIndex((r) => r.entryId === entryId);
    const j = i + step;
    if (i < 0 || j < 0 || j >= rows.length) return;
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    for (const [index, row] of rows.entries()) await tx.galleryPublication.update({ where: { id: row.id }, data: { sortOrder: index + 1 } });
  });
}
