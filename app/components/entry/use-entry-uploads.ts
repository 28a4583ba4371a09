// React's view of the entry's files: the controller's state (server list +
// this tab's uploads), and the rows the page shows, one per file.
import { useRouteLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { AssetStatus, FileDisplayStatus } from "~/domain/asset-status.ts";
import type { UploadCategoryLimits } from "~/domain/upload-rules.ts";
import type { EntryFile } from "~/view-models/entries.ts";
import { getUploadController, type LocalUpload, type UploadController, type UploadSnapshot } from "./upload-controller.ts";

export type FileRow = { key: string; file: EntryFile; upload: LocalUpload | null } | { key: string; file: null; upload: LocalUpload };

/**
 * One row per file: the server's files in their order (with this tab's
 * upload attached while it is still sending), then uploads the server does
 * not list yet (waiting, starting, refused before they began).
 */
export function buildRows(snapshot: UploadSnapshot): FileRow[] {
  const byAsset = new Map(snapshot.uploads.filter((u) => u.assetId).map((u) => [u.assetId!, u]));
  const rows: FileRow[] = snapshot.files.map((file) => ({
    key: file.id,
    file,
    upload: file.status === "uploading" ? (byAsset.get(file.id) ?? null) : null,
  }));
  const listed = new Set(snapshot.files.map((f) => f.id));
  for (const upload of snapshot.uploads) {
    if (!upload.assetId || !listed.has(upload.assetId)) rows.push({ key: upload.key, file: null, upload });
  }
  return rows;
}

const STATUS_FOR_DISPLAY: Record<FileDisplayStatus, AssetStatus> = {
  uploading: "UPLOADING",
  processing: "PROCESSING",
  ready: "READY",
  failed: "FAILED",
};

/** The files as the submit rule sees them, including uploads the server has not listed yet. */
export function liveAssetStatuses(snapshot: UploadSnapshot): { status: AssetStatus }[] {
  const listed = new Set(snapshot.files.map((f) => f.id));
  const pending = snapshot.uploads.filter((u) => u.state !== "failed" && !(u.assetId && listed.has(u.assetId)));
  return [...snapshot.files.map((f) => ({ status: STATUS_FOR_DISPLAY[f.status] })), ...pending.map(() => ({ status: "UPLOADING" as const }))];
}

const noSubscribe = () => () => {};

export interface EntryUploadsInput {
  entryId: string;
  files: EntryFile[];
  upload: { endpoint: string; chunkSize: number };
  category: UploadCategoryLimits;
}

/**
 * The page's controller (null while rendering on the server) and its state.
 * The page gives its view `key={entryId}`, so this runs fresh per entry.
 */
export function useEntryUploads(input: EntryUploadsInput): { controller: UploadController | null; snapshot: UploadSnapshot; hydrated: boolean } {
  const root = useRouteLoaderData("root") as { csrfToken?: string } | undefined;
  const csrfToken = root?.csrfToken ?? "";
  const { entryId, files } = input;
  const { endpoint, chunkSize } = input.upload;
  const { acceptedMediaKinds, maxFiles, maxFileBytes } = input.category;
  const options = useMemo(
    () => ({
      entryId,
      statusUrl: `/entries/${entryId}/status`,
      endpoint,
      chunkSize,
      category: { acceptedMediaKinds, maxFiles, maxFileBytes },
      csrfToken,
    }),
    [entryId, endpoint, chunkSize, acceptedMediaKinds, maxFiles, maxFileBytes, csrfToken],
  );
  const [controller] = useState(() => (typeof window === "undefined" ? null : getUploadController(options, files)));
  useEffect(() => controller?.configure(options), [controller, options]);
  // Fresh loader data (after saving, deleting, coming back to the page) replaces the list.
  useEffect(() => controller?.setServerFiles(files), [controller, files]);
  const serverSnapshot = useMemo<UploadSnapshot>(() => ({ files, uploads: [], pollProblem: false }), [files]);
  const snapshot = useSyncExternalStore(
    controller?.subscribe ?? noSubscribe,
    controller?.getSnapshot ?? (() => serverSnapshot),
    () => serverSnapshot,
  );
  // False in the server's HTML and while hydrating, so the markup matches; true once handlers are attached.
  const hydrated = useSyncExternalStore(noSubscribe, () => true, () => false);
  return { controller, snapshot, hydrated };
}
