// Pure rules for resumable uploads (tus): what the browser may declare in
// Upload-Metadata, and whether a category still accepts one more file of
// that kind and size. The server checks these before it creates anything;
// the browser may run the same checks to fail early.
import { z } from "zod";

export const UPLOAD_KINDS = ["image", "video", "audio"] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];
export type MediaKindName = "IMAGE" | "VIDEO" | "AUDIO";

export function toMediaKind(kind: UploadKind): MediaKindName {
  return kind.toUpperCase() as MediaKindName;
}

/** Ids made by the database (cuid): lower-case letters and digits. */
const EntryIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "invalid entry id");

/**
 * tus Upload-Metadata, decoded. filename and filetype are the browser's word
 * only: kept for display, never used to decide type or storage key.
 */
export const UploadMetadataSchema = z.object({
  entryId: EntryIdSchema,
  kind: z.enum(UPLOAD_KINDS),
  // eslint-disable-next-line no-control-regex -- control characters are refused in names
  filename: z.string().max(255).regex(/^[^\u0000-\u001f\u007f]*$/).optional(),
  filetype: z.string().max(200).optional(),
});
export type UploadMetadata = z.infer<typeof UploadMetadataSchema>;

/** tus metadata values may be null (a key without a value); treat those as absent. */
export function parseUploadMetadata(raw: Record<string, string | null> | undefined): UploadMetadata | null {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) if (typeof v === "string" && v !== "") cleaned[k] = v;
  const result = UploadMetadataSchema.safeParse(cleaned);
  return result.success ? result.data : null;
}

export type UploadRefusalCode = "kind_not_accepted" | "too_many_files" | "file_too_large" | "size_unknown";
export type UploadCheck = { ok: true } | { ok: false; code: UploadRefusalCode; params: Record<string, string | number> };

export interface UploadCategoryLimits {
  acceptedMediaKinds: readonly MediaKindName[];
  maxFiles: number;
  maxFileBytes: bigint | number;
}

/**
 * Whether one more upload may start. `declaredSize` is the tus Upload-Length;
 * null (deferred length) is refused, since the limit must be enforced before
 * a byte is stored. `existingAssetCount` counts the entry's non-deleted assets.
 */
export function checkUploadAllowed(input: {
  category: UploadCategoryLimits;
  existingAssetCount: number;
  declaredSize: number | null | undefined;
  kind: UploadKind;
}): UploadCheck {
  const { category, existingAssetCount, declaredSize, kind } = input;
  const mediaKind = toMediaKind(kind);
  if (!category.acceptedMediaKinds.includes(mediaKind)) {
    return { ok: false, code: "kind_not_accepted", params: { kind, accepted: category.acceptedMediaKinds.join(",").toLowerCase() } };
  }
  if (existingAssetCount >= category.maxFiles) {
    return { ok: false, code: "too_many_files", params: { max: category.maxFiles } };
  }
  if (declaredSize === null || declaredSize === undefined || !Number.isSafeInteger(declaredSize) || declaredSize < 0) {
    return { ok: false, code: "size_unknown", params: {} };
  }
  const max = Number(category.maxFileBytes);
  if (declaredSize > max) {
    return { ok: false, code: "file_too_large", params: { maxBytes: max, maxMb: Math.floor(max / (1024 * 1024)), size: declaredSize } };
  }
  return { ok: true };
}
