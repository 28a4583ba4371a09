// What an entry's details may hold and when it may go to the judges. Pure:
// the entry page runs `submitBlocker` in the browser (to say, live, what is
// still missing while files are processed) and the server runs the same
// function inside the submit transaction, where it decides.
import { z } from "zod";
import { entryMediaStatus, type AssetStatus } from "./asset-status.ts";

/** Limits of the free-text fields (characters as a person counts them: one per 字). */
export const ENTRY_TITLE_MAX = 50;
export const ENTRY_DESCRIPTION_MAX = 500;
/** Used when a text category has no limit of its own: enough for any essay, small enough for one row. */
export const ENTRY_TEXT_FALLBACK_MAX = 20_000;

/** Code points, not UTF-16 units: "𠀀" (a rare 字 outside the BMP) counts as one, as the counter on the page shows. */
export function countChars(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Cleans text typed on phones: CRLF to LF, control characters removed (they
 * break exports and captions), NFC so that the same 字 compares equal, outer
 * whitespace trimmed.
 */
export function cleanText(text: string): string {
  return (
    text
      .normalize("NFC")
      .replace(/\r\n?/g, "\n")
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
      .trim()
  );
}

/** One line: newlines and tabs become spaces (a title is shown on one line). */
function cleanLine(text: string): string {
  return cleanText(text).replace(/\s+/g, " ");
}

export type EntryFieldError = { key: EntryDetailsMessage; params?: Record<string, number> };
export type EntryDetailsMessage = "entry.form.error.titleTooLong" | "entry.form.error.descriptionTooLong" | "entry.form.error.textTooLong";

export interface EntryTextLimits {
  acceptsText: boolean;
  maxTextChars: number | null;
}

/**
 * The details form's schema for one category. Messages are catalog keys;
 * limits travel in the issue's `params`. `bodyText` is dropped (null) for
 * categories that take no text, whatever the form sent.
 */
export function entryDetailsSchema(limits: EntryTextLimits) {
  const maxText = limits.maxTextChars ?? ENTRY_TEXT_FALLBACK_MAX;
  const tooLong = (max: number, key: EntryDetailsMessage) => (s: string, ctx: z.RefinementCtx) => {
    if (countChars(s) > max) ctx.addIssue({ code: "custom", message: key, params: { max } });
  };
  return z.object({
    title: z.string().transform(cleanLine).superRefine(tooLong(ENTRY_TITLE_MAX, "entry.form.error.titleTooLong")),
    description: z.string().transform(cleanText).superRefine(tooLong(ENTRY_DESCRIPTION_MAX, "entry.form.error.descriptionTooLong")),
    bodyText: limits.acceptsText
      ? z
          .string()
          .transform(cleanText)
          .superRefine(tooLong(maxText, "entry.form.error.textTooLong"))
          .transform((s) => (s === "" ? null : s))
      : z.string().transform(() => null),
  });
}

export type EntryDetails = { title: string; description: string; bodyText: string | null };

export type EntryDetailsResult =
  | { ok: true; data: EntryDetails }
  | { ok: false; fieldErrors: Partial<Record<keyof EntryDetails, EntryFieldError>> };

/** Parses raw form values (absent fields arrive as ""). */
export function parseEntryDetails(limits: EntryTextLimits, raw: Record<keyof EntryDetails, string>): EntryDetailsResult {
  const parsed = entryDetailsSchema(limits).safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Partial<Record<keyof EntryDetails, EntryFieldError>> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "") as keyof EntryDetails;
    const params = (issue as { params?: Record<string, number> }).params;
    fieldErrors[field] ??= { key: issue.message as EntryDetailsMessage, params };
  }
  return { ok: false, fieldErrors };
}

// ---------------------------------------------------------------------------
// Submission
// ---------------------------------------------------------------------------

/** Why an entry cannot be submitted yet; null when it can. Each has a catalog message `entry.submit.blocked.<code>`. */
export type SubmitBlocker =
  | "title_missing"
  | "files_missing"
  | "content_missing"
  | "text_missing"
  | "files_uploading"
  | "files_processing"
  | "files_failed";

export interface SubmitReadinessInput {
  title: string;
  bodyText: string | null;
  category: { acceptsText: boolean; acceptedMediaKinds: readonly string[] };
  /** The entry's files; DELETED ones are ignored. */
  assets: readonly { status: AssetStatus }[];
}

/**
 * An entry goes to the judges only when every file is READY ("uploaded" is
 * not "ready": a judge must never open a file that is still being made), or
 * when it has no file at all and its category takes typed text and text is
 * there. A failed file blocks: it still counts against maxFiles, and the
 * family is told to delete and upload it again.
 */
export function submitBlocker(input: SubmitReadinessInput): SubmitBlocker | null {
  if (cleanLine(input.title) === "") return "title_missing";
  const media = entryMediaStatus(input.assets);
  if (media === "failed") return "files_failed";
  if (media === "uploading") return "files_uploading";
  if (media === "processing") return "files_processing";
  if (media === "ready") return null;
  const hasText = cleanText(input.bodyText ?? "") !== "";
  if (input.category.acceptsText && hasText) return null;
  if (!input.category.acceptsText) return "files_missing";
  return input.category.acceptedMediaKinds.length > 0 ? "content_missing" : "text_missing";
}
