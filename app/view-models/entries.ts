// What the entry pages show (/entries/new, /entries/:id and its status poll):
// the data app/server/entries/entry-queries.server.ts returns and the
// components in app/components/entry/ render. Types only.
import type { EntryMediaStatus, FileDisplayStatus } from "~/domain/asset-status.ts";
import type { SubmitBlocker } from "~/domain/entry-rules.ts";
import type { EntryStatus, MediaKind } from "~/generated/prisma/enums.ts";
import type { CategorySummary } from "./category.ts";

/** One of a child's entries in a list. */
export type EntrySummary = {
  id: string;
  title: string;
  status: EntryStatus;
  updatedAt: Date;
  contestTitle: string;
  categoryName: string;
};

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

/** What the page's upload control needs to talk to the tus endpoint. */
export type UploadSettings = { endpoint: string; chunkSize: number };

export type EntryPageData = {
  entry: {
    id: string;
    title: string;
    description: string;
    bodyText: string | null;
    status: EntryStatus;
    submittedAt: Date | null;
    /** What the county wrote when it disqualified the entry (shown to the family). */
    disqualifiedReason: string | null;
  };
  student: { displayName: string; isSelf: boolean };
  category: CategorySummary;
  contest: { title: string; submissionClosesAt: Date; open: boolean };
  files: EntryFile[];
  mediaStatus: EntryMediaStatus;
  /** DRAFT and the window open: details, files and submit may change. */
  editable: boolean;
  /** SUBMITTED and the window open: may be taken back to draft to fix something. */
  reopenable: boolean;
  /** DRAFT or SUBMITTED and the window open: the family may take it out of the contest. */
  withdrawable: boolean;
  /** WITHDRAWN and the window open: it may come back as a draft. */
  restorable: boolean;
  /** Why submit would be refused right now (from the saved details). */
  submitBlocker: SubmitBlocker | null;
  upload: UploadSettings;
};

export type EntryFileStatus = { entryStatus: EntryStatus; mediaStatus: EntryMediaStatus; files: EntryFile[] };
