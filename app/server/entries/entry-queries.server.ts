// What the entry pages read: the contests and categories a child may enter
// (/entries/new), one entry with its files (/entries/:id) and the files'
// status for the page's poll, each file with its honest status and
// short-lived links to renditions (never an original's). Changes are in
// entry-commands.server.ts.
//
// Every function takes the viewer and checks, on the server, that they may act
// for the entry's child (entry-access.server.ts); null means 404.
import { isSubmissionOpen } from "~/domain/contest.ts";
import { fileDisplayStatus, entryMediaStatus, type AssetStatus } from "~/domain/asset-status.ts";
import { submitBlocker } from "~/domain/entry-rules.ts";
import { pathIds } from "~/domain/roles.ts";
import type { MediaKind } from "~/generated/prisma/enums.ts";
import { formatMediaFailure } from "~/i18n/media-failure.ts";
import type { Locale } from "~/i18n/t.ts";
import { getDb, type Db, type Tx } from "~/server/db/db.server.ts";
import { getStore, type ObjectStore } from "~/server/storage/storage.server.ts";
import { TUS_PART_SIZE } from "~/server/uploads/upload-store.server.ts";
import { UPLOADS_PATH } from "~/server/uploads/uploads.server.ts";
import { categorySelect, toCategorySummary } from "~/view-models/category.ts";
import type { EntryChoices, EntryFile, EntryFileStatus, EntryPageData, PictureLinks, UploadSettings } from "~/view-models/entries.ts";
import { findEntryForActor, loadStudentForActor } from "./entry-access.server.ts";

/** What the page's upload control needs to talk to the tus endpoint. */
export const UPLOAD_SETTINGS: UploadSettings = { endpoint: UPLOADS_PATH, chunkSize: TUS_PART_SIZE };

/**
 * Lifetime of rendition links. Long enough to watch a five-minute video on a
 * slow phone after the page loaded (the player fetches ranges as it plays);
 * the page asks for fresh links when a player reports an error.
 */
export const RENDITION_URL_TTL_SECONDS = 2 * 3600;

// ---------------------------------------------------------------------------
// Choosing a category
// ---------------------------------------------------------------------------

/**
 * The open contests (and their categories for the child's grade) the child
 * may enter, which categories already have the child's entry, and all of the
 * child's entries. Null when the actor may not act for that child.
 */
export async function getEntryChoices({ actorId, studentId, now = new Date() }: { actorId: string; studentId: string; now?: Date }): Promise<EntryChoices | null> {
  const db = getDb();
  const student = await loadStudentForActor(actorId, studentId, db);
  if (!student) return null;
  const { cls } = student;
  const [contests, entries] = await Promise.all([
    db.contest.findMany({
      where: { status: "OPEN", orgUnitId: { in: pathIds(cls.path) }, submissionOpensAt: { lte: now }, submissionClosesAt: { gt: now } },
      orderBy: { submissionClosesAt: "asc" },
      select: {
        id: true,
        title: true,
        submissionClosesAt: true,
        categories: {
          // A class without a grade cannot file an entry (Entry.grade is required): offer nothing rather than everything.
          where: cls.grade === null ? { id: { in: [] } } : { gradeMin: { lte: cls.grade }, gradeMax: { gte: cls.grade } },
          orderBy: { sortOrder: "asc" },
          select: categorySelect,
        },
      },
    }),
    db.entry.findMany({
      where: { studentId },
      orderBy: { updatedAt: "desc" },
      select: { id: true, title: true, status: true, updatedAt: true, categoryId: true, contest: { select: { title: true } }, category: { select: { name: true } } },
    }),
  ]);
  const byCategory = new Map(entries.map((e) => [e.categoryId, e]));
  return {
    student: { id: student.id, displayName: student.displayName, isSelf: student.id === actorId },
    classInfo: { name: cls.name, grade: cls.grade, schoolName: cls.parent?.shortName ?? cls.parent?.name ?? null },
    contests: contests.map((c) => ({
      id: c.id,
      title: c.title,
      submissionClosesAt: c.submissionClosesAt,
      categories: c.categories.map((cat) => {
        const e = byCategory.get(cat.id);
        return { ...toCategorySummary(cat), entry: e ? { id: e.id, title: e.title, status: e.status } : null };
      }),
    })),
    entries: entries.map((e) => ({
      id: e.id,
      title: e.title,
      status: e.status,
      updatedAt: e.updatedAt,
      contestTitle: e.contest.title,
      categoryName: e.category.name,
    })),
  };
}

// ---------------------------------------------------------------------------
// One entry and its files
// ---------------------------------------------------------------------------

type AssetRow = {
  id: string;
  kind: MediaKind;
  status: AssetStatus;
  originalName: string | null;
  byteSize: bigint | null;
  progress: number;
  attempts: number;
  failureCode: string | null;
  failureParams: unknown;
  readyAt: Date | null;
  renditions: { name: string; key: string; mime: string; width: number | null; height: number | null }[];
};

const assetSelect = {
  id: true,
  kind: true,
  status: true,
  originalName: true,
  byteSize: true,
  progress: true,
  attempts: true,
  failureCode: true,
  failureParams: true,
  readyAt: true,
  renditions: { select: { name: true, key: true, mime: true, width: true, height: true } },
} as const;

async function liveAssets(entryId: string, db: Db | Tx): Promise<AssetRow[]> {
  return db.mediaAsset.findMany({
    where: { entryId, status: { not: "DELETED" } },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
    select: assetSelect,
  }) as Promise<AssetRow[]>;
}

async function fileLinks(asset: AssetRow, store: ObjectStore): Promise<EntryFile["media"]> {
  if (asset.status !== "READY") return null;
  const byName = new Map(asset.renditions.map((r) => [r.name, r]));
  const sign = async (name: string) => {
    const r = byName.get(name);
    return r ? store.signedDownloadUrl(r.key, { expiresInSeconds: RENDITION_URL_TTL_SECONDS, disposition: "inline" }) : null;
  };
  const picture = async (base: string): Promise<PictureLinks | null> => {
    const [webp, jpeg] = await Promise.all([sign(`${base}.webp`), sign(`${base}.jpg`)]);
    if (!webp && !jpeg) return null;
    const any = byName.get(`${base}.jpg`) ?? byName.get(`${base}.webp`);
    return { webp, jpeg, width: any?.width ?? null, height: any?.height ?? null };
  };
  const stream = async (name: string) => {
    const url = await sign(name);
    return url ? { url, mime: byName.get(name)!.mime } : null;
  };
  if (asset.kind === "IMAGE") {
    const [thumb, display] = await Promise.all([picture("thumb"), picture("display")]);
    return { thumb, display, poster: null, video: null, audio: null };
  }
  if (asset.kind === "VIDEO") {
    // The small frame for the row, the large one for the player: a phone on mobile data loads no more than it shows.
    const [thumb, poster, video] = await Promise.all([picture("poster-thumb"), picture("poster-display"), stream("video.mp4")]);
    return { thumb, display: null, poster, video, audio: null };
  }
  return { thumb: null, display: null, poster: null, video: null, audio: await stream("audio.m4a") };
}

async function toEntryFile(asset: AssetRow, locale: Locale, store: ObjectStore): Promise<EntryFile> {
  const status = fileDisplayStatus(asset.status as Exclude<AssetStatus, "DELETED">);
  return {
    id: asset.id,
    kind: asset.kind,
    name: asset.originalName,
    sizeBytes: asset.byteSize === null ? null : Number(asset.byteSize),
    status,
    progress: status === "processing" ? asset.progress : status === "ready" ? 100 : 0,
    retrying: asset.status === "UPLOADED" && asset.attempts > 0,
    failureMessage: status === "failed" ? formatMediaFailure(locale, asset.failureCode, asset.failureParams) : null,
    version: asset.readyAt?.toISOString() ?? null,
    media: await fileLinks(asset, store),
  };
}

/** The entry's files (deleted ones left out) as the page shows them. Never an original's key or link. */
function toEntryFiles(assets: AssetRow[], locale: Locale, store: ObjectStore = getStore()): Promise<EntryFile[]> {
  return Promise.all(assets.map((a) => toEntryFile(a, locale, store)));
}

/** Everything the entry page shows, or null (→ 404) when the viewer may not act for the child. */
export async function getEntryPage(input: { entryId: string; viewerId: string; locale: Locale; now?: Date }): Promise<EntryPageData | null> {
  const db = getDb();
  const entry = await findEntryForActor(input.entryId, input.viewerId, db);
  if (!entry) return null;
  const now = input.now ?? new Date();
  const open = isSubmissionOpen(entry.contest, now);
  const assets = await liveAssets(entry.id, db);
  const files = await toEntryFiles(assets, input.locale);
  const category = toCategorySummary(entry.category);
  return {
    entry: {
      id: entry.id,
      title: entry.title,
      description: entry.description,
      bodyText: entry.bodyText,
      status: entry.status,
      submittedAt: entry.submittedAt,
      disqualifiedReason: entry.status === "DISQUALIFIED" ? entry.disqualifiedReason : null,
    },
    student: { displayName: entry.student.displayName, isSelf: entry.studentId === input.viewerId },
    category,
    contest: { title: entry.contest.title, submissionClosesAt: entry.contest.submissionClosesAt, open },
    files,
    mediaStatus: entryMediaStatus(assets),
    editable: open && entry.status === "DRAFT",
    reopenable: open && entry.status === "SUBMITTED",
    withdrawable: open && (entry.status === "DRAFT" || entry.status === "SUBMITTED"),
    restorable: open && entry.status === "WITHDRAWN",
    submitBlocker: submitBlocker({ title: entry.title, bodyText: entry.bodyText, category, assets }),
    upload: UPLOAD_SETTINGS,
  };
}

/** The polling answer: the files' status and links. Null (→ 404) when the viewer may not act for the child. */
export async function getEntryFileStatus(input: { entryId: string; viewerId: string; locale: Locale }): Promise<EntryFileStatus | null> {
  const db = getDb();
  const entry = await findEntryForActor(input.entryId, input.viewerId, db);
  if (!entry) return null;
  const assets = await liveAssets(entry.id, db);
  return {
    entryStatus: entry.status,
    mediaStatus: entryMediaStatus(assets),
    files: await toEntryFiles(assets, input.locale),
  };
}
