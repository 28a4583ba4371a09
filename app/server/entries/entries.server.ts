// Entries as a family (the child, a linked guardian) or the class teacher sees
// and changes them: create a draft for a category, load it, save its details,
// submit it, take it back to draft, remove a file, and list its files with
// their honest status and short-lived links to renditions (never originals).
//
// Every function takes the acting user and checks, on the server, that they
// may act for the entry's child; anything else reads as "not found", so an id
// guessed from another family's URL reveals nothing.
//
// Entry status writes here are compare-and-set on the current status, inside
// a transaction that holds the entry's row lock: the upload endpoint takes the
// same lock when it creates a file, so "every file is READY" and "submitted"
// are decided against a file list that cannot grow in between.
import { isSubmissionOpen } from "~/domain/contest.ts";
import { fileDisplayStatus, entryMediaStatus, type AssetStatus, type EntryMediaStatus, type FileDisplayStatus } from "~/domain/asset-status.ts";
import { parseEntryDetails, submitBlocker, type EntryDetails, type EntryFieldError, type SubmitBlocker } from "~/domain/entry-rules.ts";
import { pathIds } from "~/domain/roles.ts";
import type { ContestStatus, EntryStatus, MediaKind } from "~/generated/prisma/client.ts";
import { formatMediaFailure } from "~/i18n/media-failure.ts";
import type { Locale } from "~/i18n/t.ts";
import { mayActForStudent } from "~/server/auth/acting-for.server.ts";
import { deleteAsset } from "~/server/media/assets.server.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb, type Db, type Tx } from "~/server/db/db.server.ts";
import { categorySelect, toCategorySummary, type CategorySummary, type EntrySummary } from "~/server/home/home-family.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import { getStore, type ObjectStore } from "~/server/storage/storage.server.ts";
import { TUS_PART_SIZE } from "~/server/uploads/upload-store.server.ts";
import { UPLOADS_PATH } from "~/server/uploads/uploads.server.ts";

const log = createLogger("entries");

/** What the page's upload control needs to talk to the tus endpoint. */
export const UPLOAD_SETTINGS = { endpoint: UPLOADS_PATH, chunkSize: TUS_PART_SIZE } as const;

/**
 * Lifetime of rendition links. Long enough to watch a five-minute video on a
 * slow phone after the page loaded (the player fetches ranges as it plays);
 * the page asks for fresh links when a player reports an error.
 */
export const RENDITION_URL_TTL_SECONDS = 2 * 3600;

/** Ids made by the database (cuid) or the upload endpoint: refuse anything else before it reaches a query. */
const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function isEntityId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}

// ---------------------------------------------------------------------------
// Choosing a category, creating a draft
// ---------------------------------------------------------------------------

export type EntryChoices = {
  student: { id: string; displayName: string; isSelf: boolean };
  /** Null: the child has no class yet, so no contest applies. */
  classInfo: { name: string; grade: number | null; schoolName: string | null } | null;
  contests: {
    id: string;
    title: string;
    submissionClosesAt: Date;
    categories: (CategorySummary & { entry: { id: string; title: string; status: EntryStatus } | null })[];
  }[];
  entries: EntrySummary[];
};

async function loadStudentForActor(actorId: string, studentId: string, db: Db) {
  if (!isEntityId(studentId)) return null;
  const student = await db.user.findUnique({
    where: { id: studentId },
    select: {
      id: true,
      displayName: true,
      status: true,
      studentProfile: {
        select: {
          class: {
            select: {
              id: true,
              kind: true,
              name: true,
              grade: true,
              path: true,
              parent: { select: { id: true, kind: true, name: true, shortName: true, parent: { select: { id: true, kind: true } } } },
            },
          },
        },
      },
    },
  });
  if (!student || !student.studentProfile || student.status !== "ACTIVE") return null;
  const cls = student.studentProfile.class;
  if (!(await mayActForStudent(actorId, { studentId, classIds: [cls.id] }, db))) return null;
  return { ...student, cls };
}

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

export type CreateEntryError = "not_found" | "submission_closed" | "grade_not_allowed" | "class_incomplete";
export type CreateEntryResult = { ok: true; entryId: string; created: boolean } | { ok: false; error: CreateEntryError };

/**
 * A DRAFT entry by `studentId` in `categoryId`, made by `actorId` (the child,
 * a guardian, the teacher). One entry per child per category: when one exists
 * already (any status), it is returned instead, which also makes a double tap
 * on "开始" harmless. The org columns and grade are copied from the child's
 * class now, as the schema asks (they do not move when the child changes class).
 */
export async function createDraftEntry(input: { actorId: string; studentId: string; categoryId: string; now?: Date }): Promise<CreateEntryResult> {
  const now = input.now ?? new Date();
  const db = getDb();
  const student = await loadStudentForActor(input.actorId, input.studentId, db);
  if (!student || !isEntityId(input.categoryId)) return { ok: false, error: "not_found" };
  const category = await db.category.findUnique({
    where: { id: input.categoryId },
    select: {
      id: true,
      gradeMin: true,
      gradeMax: true,
      contest: { select: { id: true, orgUnitId: true, status: true, submissionOpensAt: true, submissionClosesAt: true } },
    },
  });
  const { cls } = student;
  // A contest of another county is not this child's to enter: it "does not exist" for them.
  if (!category || !pathIds(cls.path).includes(category.contest.orgUnitId)) return { ok: false, error: "not_found" };
  if (!isSubmissionOpen(category.contest, now)) return { ok: false, error: "submission_closed" };
  if (cls.grade === null || cls.grade < category.gradeMin || cls.grade > category.gradeMax) return { ok: false, error: "grade_not_allowed" };
  const school = cls.parent;
  const township = school?.parent;
  if (cls.kind !== "CLASS" || school?.kind !== "SCHOOL" || township?.kind !== "TOWNSHIP") {
    log.warn("class is not under a school and township; cannot file an entry", { classId: cls.id });
    return { ok: false, error: "class_incomplete" };
  }
  const placement = { contestId: category.contest.id, categoryId: category.id, studentId: student.id, townshipId: township.id, schoolId: school.id, classId: cls.id, grade: cls.grade };
  return db.$transaction((tx: Tx) => insertDraftOnce(tx, placement, input.actorId));
}

type DraftPlacement = { contestId: string; categoryId: string; studentId: string; townshipId: string; schoolId: string; classId: string; grade: number };

async function insertDraftOnce(tx: Tx, placement: DraftPlacement, actorId: string): Promise<CreateEntryResult> {
  // The schema has no unique (student, category) index: the child's row lock serialises
  // two creations (two tabs, a double tap, a guardian and the child at once).
  await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${placement.studentId} FOR UPDATE`;
  const existing = await tx.entry.findFirst({ where: { studentId: placement.studentId, categoryId: placement.categoryId }, select: { id: true } });
  if (existing) return { ok: true, entryId: existing.id, created: false };
  const entry = await tx.entry.create({ data: { ...placement, title: "", status: "DRAFT" }, select: { id: true } });
  await audit({ actorId, action: "entry.create", subjectType: "Entry", subjectId: entry.id, orgUnitId: placement.classId }, tx);
  return { ok: true, entryId: entry.id, created: true };
}

// ---------------------------------------------------------------------------
// Loading an entry
// ---------------------------------------------------------------------------

const entrySelect = {
  id: true,
  studentId: true,
  classId: true,
  title: true,
  description: true,
  bodyText: true,
  status: true,
  submittedAt: true,
  updatedAt: true,
  student: { select: { displayName: true, studentProfile: { select: { classId: true } } } },
  category: { select: categorySelect },
  contest: { select: { id: true, title: true, status: true, submissionOpensAt: true, submissionClosesAt: true } },
} as const;

async function findEntryForActor(entryId: string, actorId: string, db: Db) {
  if (!isEntityId(entryId)) return null;
  const entry = await db.entry.findUnique({ where: { id: entryId }, select: entrySelect });
  if (!entry) return null;
  const allowed = await mayActForStudent(actorId, { studentId: entry.studentId, classIds: [entry.classId, entry.student.studentProfile?.classId] }, db);
  return allowed ? entry : null;
}

/** A picture rendition in the two formats made for it: WebP where the browser takes it, JPEG for old WeChat webviews. */
export type PictureLinks = { webp: string | null; jpeg: string | null; width: number | null; height: number | null };

export type EntryFile = {
  id: string;
  kind: MediaKind;
  /** The name the phone gave the file: shown to the family and staff only. */
  name: string | null;
  sizeBytes: number | null;
  status: FileDisplayStatus;
  /** 0–100 while a video is being processed. */
  progress: number;
  /** Handed back after a system hiccup; the queue tries again by itself. */
  retrying: boolean;
  /** The reason in plain words, for failed files. */
  failureMessage: string | null;
  /** Changes when the renditions are made again, so the page knows its links are stale. */
  version: string | null;
  media: {
    thumb: PictureLinks | null;
    display: PictureLinks | null;
    poster: PictureLinks | null;
    video: { url: string; mime: string } | null;
    audio: { url: string; mime: string } | null;
  } | null;
};

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

export type EntryPageData = {
  entry: { id: string; title: string; description: string; bodyText: string | null; status: EntryStatus; submittedAt: Date | null };
  student: { displayName: string; isSelf: boolean };
  category: CategorySummary;
  contest: { title: string; submissionClosesAt: Date; open: boolean };
  files: EntryFile[];
  mediaStatus: EntryMediaStatus;
  /** DRAFT and the window open: details, files and submit may change. */
  editable: boolean;
  /** SUBMITTED and the window open: may be taken back to draft to fix something. */
  reopenable: boolean;
  /** Why submit would be refused right now (from the saved details). */
  submitBlocker: SubmitBlocker | null;
  upload: typeof UPLOAD_SETTINGS;
};

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
    },
    student: { displayName: entry.student.displayName, isSelf: entry.studentId === input.viewerId },
    category,
    contest: { title: entry.contest.title, submissionClosesAt: entry.contest.submissionClosesAt, open },
    files,
    mediaStatus: entryMediaStatus(assets),
    editable: open && entry.status === "DRAFT",
    reopenable: open && entry.status === "SUBMITTED",
    submitBlocker: submitBlocker({ title: entry.title, bodyText: entry.bodyText, category, assets }),
    upload: UPLOAD_SETTINGS,
  };
}

export type EntryFileStatus = { entryStatus: EntryStatus; mediaStatus: EntryMediaStatus; files: EntryFile[] };

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

// ---------------------------------------------------------------------------
// Changing an entry
// ---------------------------------------------------------------------------

/** Refusals every change shares. */
export type EntryChangeError = "not_found" | "submission_closed" | "not_draft" | "not_submitted";

export type RawEntryDetails = Record<keyof EntryDetails, string>;
export type DetailsFieldErrors = Partial<Record<keyof EntryDetails, EntryFieldError>>;

export type SaveDetailsResult = { ok: true } | { ok: false; error: EntryChangeError } | { ok: false; fieldErrors: DetailsFieldErrors };

type LockedEntry = {
  id: string;
  status: EntryStatus;
  contest: { status: ContestStatus; submissionOpensAt: Date; submissionClosesAt: Date };
};

/** Takes the entry's row lock (the upload endpoint takes it to add a file) and re-reads what decides a change. */
async function lockEntry(tx: Tx, entryId: string): Promise<LockedEntry | null> {
  await tx.$queryRaw`SELECT "id" FROM "Entry" WHERE "id" = ${entryId} FOR UPDATE`;
  return tx.entry.findUnique({
    where: { id: entryId },
    select: { id: true, status: true, contest: { select: { status: true, submissionOpensAt: true, submissionClosesAt: true } } },
  });
}

function draftProblem(entry: LockedEntry, now: Date): EntryChangeError | null {
  if (!isSubmissionOpen(entry.contest, now)) return "submission_closed";
  if (entry.status !== "DRAFT") return "not_draft";
  return null;
}

/** Saves title, description and text of a DRAFT entry while the window is open. */
export async function saveEntryDetails(input: { entryId: string; actorId: string; raw: RawEntryDetails; now?: Date }): Promise<SaveDetailsResult> {
  const db = getDb();
  const entry = await findEntryForActor(input.entryId, input.actorId, db);
  if (!entry) return { ok: false, error: "not_found" };
  const parsed = parseEntryDetails(entry.category, input.raw);
  if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
  const now = input.now ?? new Date();
  return db.$transaction(async (tx: Tx) => {
    const locked = await lockEntry(tx, entry.id);
    if (!locked) return { ok: false as const, error: "not_found" as const };
    const problem = draftProblem(locked, now);
    if (problem) return { ok: false as const, error: problem };
    await tx.entry.update({ where: { id: entry.id }, data: parsed.data });
    return { ok: true as const };
  });
}

export type SubmitResult =
  | { ok: true; alreadySubmitted: boolean }
  | { ok: false; error: EntryChangeError }
  | { ok: false; fieldErrors: DetailsFieldErrors }
  /** The details were saved; the entry stays a draft for the reason given. */
  | { ok: false; blocker: SubmitBlocker };

/**
 * Saves the details and sends the entry to the judges (DRAFT → SUBMITTED) in
 * one transaction under the entry's row lock: only while the window is open,
 * and only when every file is READY (or it has none, in a category that takes
 * typed text, and text is there). A second tap on "提交" finds it submitted
 * and succeeds without changing anything.
 */
export async function submitEntry(input: { entryId: string; actorId: string; raw: RawEntryDetails; now?: Date }): Promise<SubmitResult> {
  const db = getDb();
  const entry = await findEntryForActor(input.entryId, input.actorId, db);
  if (!entry) return { ok: false, error: "not_found" };
  const now = input.now ?? new Date();
  const parsed = parseEntryDetails(entry.category, input.raw);
  return db.$transaction(async (tx: Tx): Promise<SubmitResult> => {
    const locked = await lockEntry(tx, entry.id);
    if (!locked) return { ok: false, error: "not_found" };
    if (locked.status === "SUBMITTED" && isSubmissionOpen(locked.contest, now)) return { ok: true, alreadySubmitted: true };
    const problem = draftProblem(locked, now);
    if (problem) return { ok: false, error: problem };
    if (!parsed.ok) return { ok: false, fieldErrors: parsed.fieldErrors };
    await tx.entry.update({ where: { id: entry.id }, data: parsed.data });
    const assets = await tx.mediaAsset.findMany({ where: { entryId: entry.id, status: { not: "DELETED" } }, select: { status: true } });
    const blocker = submitBlocker({ ...parsed.data, category: entry.category, assets });
    if (blocker) return { ok: false, blocker };
    const { count } = await tx.entry.updateMany({
      where: { id: entry.id, status: "DRAFT" },
      data: { status: "SUBMITTED", submittedAt: now, submittedById: input.actorId },
    });
    if (count === 0) return { ok: false, error: "not_draft" };
    await audit({ actorId: input.actorId, action: "entry.submit", subjectType: "Entry", subjectId: entry.id, data: { files: assets.length } }, tx);
    return { ok: true, alreadySubmitted: false };
  });
}

export type ReopenResult = { ok: true } | { ok: false; error: EntryChangeError };

/**
 * SUBMITTED → DRAFT while the window is open, so the family can fix it
 * ("截止前可以修改"); it must be submitted again before the deadline. A
 * repeated tap finds it a draft already and succeeds.
 */
export async function reopenEntry(input: { entryId: string; actorId: string; now?: Date }): Promise<ReopenResult> {
  const db = getDb();
  const entry = await findEntryForActor(input.entryId, input.actorId, db);
  if (!entry) return { ok: false, error: "not_found" };
  const now = input.now ?? new Date();
  return db.$transaction(async (tx: Tx): Promise<ReopenResult> => {
    const locked = await lockEntry(tx, entry.id);
    if (!locked) return { ok: false, error: "not_found" };
    if (!isSubmissionOpen(locked.contest, now)) return { ok: false, error: "submission_closed" };
    if (locked.status === "DRAFT") return { ok: true };
    if (locked.status !== "SUBMITTED") return { ok: false, error: "not_submitted" };
    await tx.entry.update({ where: { id: entry.id }, data: { status: "DRAFT", submittedAt: null } });
    await audit({ actorId: input.actorId, action: "entry.reopen", subjectType: "Entry", subjectId: entry.id }, tx);
    return { ok: true };
  });
}

export type DeleteFileResult = { ok: true; name: string | null } | { ok: false; error: EntryChangeError };

/**
 * Removes one file of a DRAFT entry (any status: a failed file still counts
 * against maxFiles until it is removed, so this is how a family replaces it).
 * The status write and the objects' removal belong to assets.server.ts. A file
 * already removed (a second tap) succeeds quietly; a file of another entry is
 * "not found".
 */
export async function deleteEntryFile(input: { entryId: string; assetId: string; actorId: string; now?: Date }): Promise<DeleteFileResult> {
  const db = getDb();
  const entry = await findEntryForActor(input.entryId, input.actorId, db);
  if (!entry || !isEntityId(input.assetId)) return { ok: false, error: "not_found" };
  const asset = await db.mediaAsset.findFirst({ where: { id: input.assetId, entryId: entry.id }, select: { id: true, originalName: true } });
  if (!asset) return { ok: false, error: "not_found" };
  if (!isSubmissionOpen(entry.contest, input.now ?? new Date())) return { ok: false, error: "submission_closed" };
  if (entry.status !== "DRAFT") return { ok: false, error: "not_draft" };
  // deleteAsset runs its own transaction, so the entry's lock cannot be held across it (on the
  // embedded database a second transaction would wait for the first). A submit racing this tap
  // is the same family's two taps; the judges only ever see files that are READY.
  await deleteAsset(asset.id, input.actorId);
  return { ok: true, name: asset.originalName };
}
