// Pure helpers for the entry page's upload control: which kind a picked file
// is, what the file picker should offer, which asset an upload URL belongs
// to, and what a failed tus request means for the family. No DOM, no tus:
// unit-tested on their own (upload-helpers.test.ts).
import type { MessageKey, MessageParams } from "~/i18n/t.ts";
import type { MediaKindName, UploadKind } from "~/domain/upload-rules.ts";

const EXTENSION_KINDS: Record<string, UploadKind> = {
  jpg: "image",
  jpeg: "image",
  png: "image",
  webp: "image",
  gif: "image",
  heic: "image",
  heif: "image",
  avif: "image",
  tif: "image",
  tiff: "image",
  mp4: "video",
  m4v: "video",
  mov: "video",
  "3gp": "video",
  "3g2": "video",
  mkv: "video",
  webm: "video",
  m4a: "audio",
  mp3: "audio",
  aac: "audio",
  wav: "audio",
  amr: "audio",
  ogg: "audio",
  oga: "audio",
  opus: "audio",
  flac: "audio",
};

/** Containers that phones use for sound alone as well as for films (Android recorders write 3GP, browsers WebM). */
const SOUND_OR_PICTURE = new Set(["mp4", "3gp", "3g2", "webm", "ogg", "mkv", "m4a"]);

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot >= 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/**
 * The kind to declare for a picked file: the browser's type first, else the
 * extension (WeChat and some Android galleries give no type, HEIC often has
 * none). A film container (3GP, WebM, MP4) counts as a recording where the
 * category takes recordings but no films: Android's recorders write them.
 * This is a declaration only: the worker decides from the bytes and says
 * "wrong_kind" when it was wrong.
 */
export function kindForFile(file: { name: string; type: string }, accepted: readonly MediaKindName[]): UploadKind | null {
  const ext = extensionOf(file.name);
  const type = file.type.toLowerCase();
  const byType: UploadKind | null = type.startsWith("image/") ? "image" : type.startsWith("video/") ? "video" : type.startsWith("audio/") ? "audio" : null;
  const kind = byType ?? EXTENSION_KINDS[ext] ?? null;
  if (!kind) return null;
  const takes = (k: MediaKindName) => accepted.includes(k);
  // Only this way round: a voice memo typed audio/* is sound, and is refused early where only films are taken.
  if (kind === "video" && (SOUND_OR_PICTURE.has(ext) || type === "video/3gpp" || type === "video/webm") && !takes("VIDEO") && takes("AUDIO")) return "audio";
  return kind;
}

/** The file picker's `accept`: the category's kinds, plus extensions phones mislabel (HEIC, voice memos). */
export function acceptAttribute(accepted: readonly MediaKindName[]): string {
  const parts: string[] = [];
  if (accepted.includes("IMAGE")) parts.push("image/*", ".heic", ".heif");
  if (accepted.includes("VIDEO")) parts.push("video/*", ".mov", ".3gp");
  if (accepted.includes("AUDIO")) parts.push("audio/*", ".m4a", ".amr", ".mp3", ".aac", ".wav");
  return parts.join(",");
}

/** The browser's file name, cut to what the upload endpoint accepts (≤ 255, no control characters). */
export function uploadFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are refused by the server
  const cleaned = name.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return [...cleaned].slice(0, 120).join("") || "file";
}

const KEY_PATTERN = /^entries\/[a-z0-9][a-z0-9_-]{0,63}\/originals\/([a-z0-9][a-z0-9_-]{0,63})$/;

/**
 * The asset id behind a tus upload URL (/uploads/<base64url of the object
 * key>), so a row in progress can be matched with the server's file list.
 */
export function assetIdFromUploadUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const segment = url.split("?")[0]!.split("/").pop() ?? "";
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(segment)) return null;
  try {
    const b64 = segment.replace(/-/g, "+").replace(/_/g, "/");
    const key = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
    return KEY_PATTERN.exec(key)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Codes the upload endpoint answers with (JSON {code, params}) that have a message `upload.error.<code>`. */
const KNOWN_CODES = new Set([
  "kind_not_accepted",
  "too_many_files",
  "file_too_large",
  "size_unknown",
  "not_found",
  "forbidden",
  "invalid_metadata",
  "entry_locked",
  "entry_submitted",
  "submission_closed",
  "rate_limited",
  "server_error",
]);

export type UploadMessage = { key: MessageKey; params?: MessageParams };

/**
 * What a failed request means: `retry` (the network or the server had a
 * moment: keep going, say so), `wait` (rate limited: try again after
 * `seconds`), or `stop` (the answer will not change: say why).
 */
export type UploadErrorVerdict =
  | { action: "retry"; message: UploadMessage }
  | { action: "wait"; seconds: number; message: UploadMessage }
  | { action: "stop"; message: UploadMessage };

const NETWORK: UploadMessage = { key: "upload.error.network" };

function parseBody(body: string | null | undefined): { code: string | null; params: MessageParams } {
  try {
    const parsed = JSON.parse(body ?? "") as { code?: unknown; params?: unknown };
    const params: MessageParams = {};
    if (parsed.params && typeof parsed.params === "object") {
      for (const [k, v] of Object.entries(parsed.params)) if (typeof v === "string" || typeof v === "number") params[k] = v;
    }
    return { code: typeof parsed.code === "string" ? parsed.code : null, params };
  } catch {
    return { code: null, params: {} };
  }
}

/** `status` 0 (or null) means no answer at all: the network. */
export function classifyUploadError(status: number | null | undefined, body: string | null | undefined): UploadErrorVerdict {
  if (!status) return { action: "retry", message: NETWORK };
  const { code, params } = parseBody(body);
  if (status === 429 || code === "rate_limited") {
    const seconds = Math.min(3600, Math.max(5, Number(params.retryAfterSeconds) || 60));
    return { action: "wait", seconds, message: { key: "upload.error.rate_limited", params: { retryAfterSeconds: seconds } } };
  }
  if (code && code !== "server_error" && KNOWN_CODES.has(code)) {
    return { action: "stop", message: { key: `upload.error.${code}` as MessageKey, params } };
  }
  // 5xx, a locked upload (423), an offset conflict (409 without a code): the next attempt resumes where the server is.
  if (status >= 500 || status === 423 || status === 409) return { action: "retry", message: { key: "upload.error.server_error" } };
  if (status === 404) return { action: "stop", message: { key: "upload.error.not_found" } };
  if (status === 403) return { action: "stop", message: { key: "upload.error.forbidden" } };
  if (status === 413) return { action: "stop", message: { key: "upload.error.file_too_large", params } };
  return { action: "stop", message: { key: "upload.error.server_error" } };
}
