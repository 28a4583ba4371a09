// What the staff media queue page (/organiser/media) shows: the data
// app/server/media/media-queue.server.ts returns and
// app/components/media-queue/ renders. Types only.
import type { CountedStatus, MediaQueueKind } from "~/domain/media-queue.ts";

/** One job lane's counts (from the queue's statistics). */
export type LaneCounts = { queue: string; queued: number; active: number; deferred: number; failed: number; total: number };

/** Whether some running worker works a media lane, and if not, why (from the workers' lane reports). */
export type LaneAvailability = {
  lane: string;
  /** Some live worker works this lane. */
  available: boolean;
  /** Live workers reporting on this lane (0: no worker is running at all for it). */
  workers: number;
  /** Why the live workers that cannot work it say so (one per distinct problem). */
  problems: { code: string; detail: string | null; tools: string }[];
};

export type KindSummary = {
  kind: MediaQueueKind;
  counts: Record<CountedStatus, number>;
  total: number;
  /** Failed because of the machine (timeouts, internal errors): what "retry all" would queue. */
  retryableFailed: number;
  /** Seconds since the longest-waiting UPLOADED or PROCESSING file last changed; null when none waits. */
  oldestWaitingSeconds: number | null;
  stuck: boolean;
};

export type FailedFile = {
  id: string;
  kind: MediaQueueKind;
  schoolName: string;
  className: string;
  studentName: string;
  contestTitle: string;
  categoryName: string;
  entryTitle: string;
  originalName: string | null;
  byteSize: number | null;
  failureCode: string | null;
  /** The reason in plain words, in the reader's locale. */
  message: string;
  /** Retrying the same bytes gives the same answer: the family must upload another file. */
  permanent: boolean;
  attempts: number;
  failedAt: Date;
  /** Tool output (county staff only), cut to DETAIL_SHOWN_CHARS. */
  detail: string | null;
  detailTruncated: boolean;
};

export type MediaQueueOverview = {
  level: "county" | "school";
  scopeNames: string[];
  kinds: KindSummary[];
  /** County level only; null when the queue could not be read (the file counts still are). */
  lanes: LaneCounts[] | null;
  lanesUnavailable: boolean;
  failed: { kind: MediaQueueKind | null; total: number; page: number; pageCount: number; pageSize: number; files: FailedFile[] };
  bulkRetryLimit: number;
  /** Per media lane: whether some running worker processes it, and if not, why (details for county staff only). */
  availability: LaneAvailability[];
};
