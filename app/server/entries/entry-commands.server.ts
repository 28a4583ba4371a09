// Changes to an entry, as the family (the child, a linked guardian) or the
// class teacher makes them: create a draft for a category, save its details,
// submit it, take it back to draft, remove a file. The pages' reads are in
// entry-queries.server.ts.
//
// Every function takes the acting user and checks, on the server, that they
// may act for the entry's child (entry-access.server.ts).
//
// Entry status writes here are compare-and-set on the current status, inside
// a transaction that holds the entry's row lock: the upload endpoint takes the
// same lock when it creates a file, so "every file is READY" and "submitted"
// are decided against a file list that cannot grow in between.
import { isSubmissionOpen } from "~/domain/contest.ts";
import { isEventWindowOpen } from "~/domain/entry-status.ts";
import { parseEntryDetails, submitBlocker, type EntryDetails, type EntryFieldError, type SubmitBlocker } from "~/domain/entry-rules.ts";
import { pathIds } from "~/domain/roles.ts";
import type { ContestStatus, EntryStatus } from "~/generated/prisma/enums.ts";
import { getDb, type Tx } from "~/server/db/db.server.ts";
import { applyEntryEvent } from "./entry-status.server.ts";
import { deleteAsset } from "~/server/media/assets.server.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";
import { findEntryForActor, isEntityId, loadStudentForActor } from "./entry-access.server.ts";

const log = createLogger("entries");

// ---------------------------------------------------------------------------
// Creating a draft
// ---------------------------------------------------------------------------

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
// Changing an entry
// ---------------------------------------------------------------------------

/** Refusals every change shares. */
/** "nominated": the school sent it to the county; it is locked for the family (issue 11), whatever the dates say. */
export type EntryChangeError = "not_found" | "submission_closed" | "not_draft" | "not_submitted" | "nominated";

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
  if (entry.status === "NOMINATED") return "nominated";
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
    const changed = await applyEntryEvent(tx, { entryId: entry.id, event: "submit", actorId: input.actorId, now, auditData: { files: assets.length } });
    if (!changed) return { ok: false, error: "not_draft" };
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
    if (locked.status === "NOMINATED") return { ok: false, error: "nominated" };
    if (!isSubmissionOpen(locked.contest, now)) return { ok: false, error: "submission_closed" };
    if (locked.status === "DRAFT") return { ok: true };
    if (locked.status !== "SUBMITTED") return { ok: false, error: "not_submitted" };
    if (!(await applyEntryEvent(tx, { entryId: entry.id, event: "reopen", actorId: input.actorId, now }))) return { ok: false, error: "not_submitted" };
    return { ok: true };
  });
}

export type WithdrawResult = { ok: true } | { ok: false; error: EntryChangeError | "not_withdrawable" | "not_withdrawn" };

/**
 * The family takes the entry out of the contest (DRAFT or SUBMITTED →
 * WITHDRAWN) while the window is open: it will not be judged or shown. Files
 * stay, so "恢复" (WITHDRAWN → DRAFT) before the deadline brings it back as a
 * draft to submit again. A repeated tap finds it done and succeeds.
 */
export async function withdrawEntry(input: { entryId: string; actorId: string; now?: Date }): Promise<WithdrawResult> {
  return familyEvent(input, "withdraw", "WITHDRAWN", "not_withdrawable");
}

export async function restoreEntry(input: { entryId: string; actorId: string; now?: Date }): Promise<WithdrawResult> {
  return familyEvent(input, "restore", "DRAFT", "not_withdrawn");
}

async function familyEvent(
  input: { entryId: string; actorId: string; now?: Date },
  event: "withdraw" | "restore",
  target: EntryStatus,
  wrongStatus: "not_withdrawable" | "not_withdrawn",
): Promise<WithdrawResult> {
  const db = getDb();
  const entry = await findEntryForActor(input.entryId, input.actorId, db);
  if (!entry) return { ok: false, error: "not_found" };
  const now = input.now ?? new Date();
  return db.$transaction(async (tx: Tx): Promise<WithdrawResult> => {
    const locked = await lockEntry(tx, entry.id);
    if (!locked) return { ok: false, error: "not_found" };
    if (!isEventWindowOpen(event, locked.contest, now)) return { ok: false, error: "submission_closed" };
    if (locked.status === target) return { ok: true };
    if (!(await applyEntryEvent(tx, { entryId: entry.id, event, actorId: input.actorId, now }))) return { ok: false, error: wrongStatus };
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
  if (entry.status === "NOMINATED") return { ok: false, error: "nominated" };
  if (!isSubmissionOpen(entry.contest, input.now ?? new Date())) return { ok: false, error: "submission_closed" };
  if (entry.status !== "DRAFT") return { ok: false, error: "not_draft" };
  // deleteAsset runs its own transaction, so the entry's lock cannot be held across it (on the
  // embedded database a second transaction would wait for the first). A submit racing this tap
  // is the same family's two taps; the judges only ever see files that are READY.
  await deleteAsset(asset.id, input.actorId);
  return { ok: true, name: asset.originalName };
}
