// The life of one uploaded file (MediaAsset.status) and what a family sees of
// it. Pure: the transition table is the single source of truth for every
// status write (app/server/media/assets.server.ts writes through it with
// compare-and-set updates), and the display mapping is what the entry page,
// the student's home and the organiser's queue page show.
//
//   UPLOADING ──finish──▶ UPLOADED ──job starts──▶ PROCESSING ──▶ READY
//       │                    ▲  │                      │  ▲
//       │                    │  └──────────────────────┼──┘ (a killed worker's job starts again)
//       │                    └── retry (organiser) ── FAILED ◀┘
//       └─ swept / cancelled: the row goes; any status ──▶ DELETED (family removes the file)
import { isMediaFailureCode, type MediaFailureCode } from "./media-failures.ts";

export const ASSET_STATUSES = ["UPLOADING", "UPLOADED", "PROCESSING", "READY", "FAILED", "DELETED"] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** Which status may follow which. Anything not listed is refused. */
export const ASSET_TRANSITIONS: Readonly<Record<AssetStatus, readonly AssetStatus[]>> = {
  UPLOADING: ["UPLOADED", "DELETED"],
  // FAILED straight from UPLOADED: the job found the file unusable before it started real work.
  UPLOADED: ["PROCESSING", "FAILED", "DELETED"],
  // PROCESSING → PROCESSING: a job whose worker was killed starts again (attempts + 1).
  // PROCESSING → UPLOADED: a transient failure; the retry will pick it up again.
  PROCESSING: ["PROCESSING", "UPLOADED", "READY", "FAILED", "DELETED"],
  // READY → UPLOADED: renditions are rebuilt (a new transcode profile, an organiser's "process again").
  READY: ["UPLOADED", "DELETED"],
  FAILED: ["UPLOADED", "DELETED"],
  DELETED: [],
};

export function canTransition(from: AssetStatus, to: AssetStatus): boolean {
  return ASSET_TRANSITIONS[from].includes(to);
}

/** Every status `to` may be reached from (for compare-and-set `where status in …`). */
export function statusesBefore(to: AssetStatus): AssetStatus[] {
  return ASSET_STATUSES.filter((from) => canTransition(from, to));
}

/** What the family sees per file: 上传中 / 处理中 / 处理好了 / 失败. */
export type FileDisplayStatus = "uploading" | "processing" | "ready" | "failed";

export function fileDisplayStatus(status: Exclude<AssetStatus, "DELETED">): FileDisplayStatus {
  switch (status) {
    case "UPLOADING":
      return "uploading";
    case "UPLOADED":
    case "PROCESSING":
      return "processing";
    case "READY":
      return "ready";
    case "FAILED":
      return "failed";
  }
}

/**
 * The entry as a whole, from its files (deleted ones left out): "empty" with
 * none, "failed" if any failed (the family must act), else "uploading" while
 * any is still arriving, "processing" while any is being worked, "ready" when
 * every file is. An entry may be sent to the judges only when "ready" (or
 * "empty" for a text-only category).
 */
export type EntryMediaStatus = "empty" | FileDisplayStatus;

export function entryMediaStatus(assets: readonly { status: AssetStatus }[]): EntryMediaStatus {
  const live = assets.filter((a) => a.status !== "DELETED").map((a) => fileDisplayStatus(a.status as Exclude<AssetStatus, "DELETED">));
  if (live.length === 0) return "empty";
  for (const s of ["failed", "uploading", "processing"] as const) if (live.includes(s)) return s;
  return "ready";
}

/**
 * Progress is written at most every PROGRESS_STEP percent (and at 100), so a
 * 5-minute video makes ~20 row updates, not thousands.
 */
export const PROGRESS_STEP = 5;

export function shouldWriteProgress(lastWritten: number, percent: number): boolean {
  if (!Number.isFinite(percent)) return false;
  const p = clampPercent(percent);
  return p > lastWritten && (p >= 100 || p - lastWritten >= PROGRESS_STEP);
}

export function clampPercent(percent: number): number {
  return Math.max(0, Math.min(100, Math.floor(percent)));
}

/** The catalog key for a stored failure code (unknown codes from newer workers read as "internal"). */
export function failureMessageKey(code: string | null | undefined): `media.failure.${MediaFailureCode}` {
  return `media.failure.${isMediaFailureCode(code) ? code : "internal"}`;
}
