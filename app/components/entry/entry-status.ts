import type { StatusTone } from "~/components/card.tsx";
import type { FileDisplayStatus } from "~/domain/asset-status.ts";

/** Badge colours for an entry's status, shared by the home pages and the entry pages. */
export const ENTRY_STATUS_TONE = {
  DRAFT: "warning",
  SUBMITTED: "success",
  WITHDRAWN: "neutral",
  DISQUALIFIED: "danger",
  NOMINATED: "success",
} as const satisfies Record<string, StatusTone>;

/** Badge colours for a file's status: 上传中 / 处理中 / 处理好了 / 失败. */
export const FILE_STATUS_TONE = {
  uploading: "info",
  processing: "warning",
  ready: "success",
  failed: "danger",
} as const satisfies Record<FileDisplayStatus, StatusTone>;
