// The media queue page's vocabulary and its URL (?kind=&page=), shared by
// app/server/media/media-queue.server.ts and the route's component (which may not
// import server modules). Pure: no I/O, no imports beyond other domain files.
import type { AssetStatus } from "./asset-status.ts";

export const MEDIA_QUEUE_KINDS = ["IMAGE", "VIDEO", "AUDIO"] as const;
export type MediaQueueKind = (typeof MEDIA_QUEUE_KINDS)[number];

/** Statuses counted on the page; DELETED files are gone for everyone's purposes. */
export const COUNTED_STATUSES = ["UPLOADING", "UPLOADED", "PROCESSING", "READY", "FAILED"] as const satisfies readonly AssetStatus[];
export type CountedStatus = (typeof COUNTED_STATUSES)[number];

export const FAILED_PAGE_SIZE = 50;
/** The highest page number accepted in the URL: far beyond any county's failures, small enough for OFFSET. */
export const MAX_PAGE = 10_000;

export type MediaQueueQueryProblem = "invalid_kind" | "invalid_page";
export type MediaQueueQuery = { kind: MediaQueueKind | null; page: number; problems: MediaQueueQueryProblem[] };

/**
 * The page's filters from the URL. Anything unusable falls back to the
 * default (all kinds, page 1) and is reported, never an error page: these
 * links get pasted into chats and mangled. Kinds are accepted in any case
 * ("video", "VIDEO"); "all" or nothing means every kind.
 */
export function parseMediaQueueQuery(params: URLSearchParams): MediaQueueQuery {
  const problems: MediaQueueQueryProblem[] = [];
  const rawKind = (params.get("kind") ?? "").trim();
  let kind: MediaQueueKind | null = null;
  if (rawKind !== "" && rawKind.toLowerCase() !== "all") {
    const upper = rawKind.toUpperCase();
    if ((MEDIA_QUEUE_KINDS as readonly string[]).includes(upper)) kind = upper as MediaQueueKind;
    else problems.push("invalid_kind");
  }
  const rawPage = (params.get("page") ?? "").trim();
  let page = 1;
  if (rawPage !== "") {
    // Digits only: "1.5", "1e3", "-2" and "0x10" are not page numbers, whatever Number() thinks.
    const n = /^\d{1,6}$/.test(rawPage) ? Number(rawPage) : NaN;
    if (n >= 1 && n <= MAX_PAGE) page = n;
    else problems.push("invalid_page");
  }
  return { kind, page, problems };
}

/** The URL's query for a view of the page ("?kind=video&page=2"; "" for the default). */
export function mediaQueueSearch(kind: MediaQueueKind | null, page: number): string {
  const params = new URLSearchParams();
  if (kind) params.set("kind", kind.toLowerCase());
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}
