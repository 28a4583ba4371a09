// Why a media file could not be turned into web renditions, as stable codes.
// The codes are stored (on the file's row) and looked up in the i18n catalog
// (`media.failure.<code>` → plain words for a grandparent + what to do), so
// never rename one: add a new code instead. Pure: imported by the app and the
// worker alike.
//
// permanent: retrying the same bytes gives the same answer (the job must not
// retry; the family must upload something else). transient: the machine, not
// the file, failed (retry with backoff).

export const MEDIA_FAILURE_CODES = {
  // Refused by content sniffing, before any decoder sees the bytes.
  empty_file: { permanent: true },
  /** The upload's bytes are not in the store (lost, or removed): upload again. */
  original_missing: { permanent: true },
  file_too_large: { permanent: true },
  not_a_supported_type: { permanent: true },
  svg_not_allowed: { permanent: true },
  html_not_allowed: { permanent: true },
  archive_not_allowed: { permanent: true },
  document_not_supported: { permanent: true },
  playlist_not_allowed: { permanent: true },
  concat_list_not_allowed: { permanent: true },
  text_not_allowed: { permanent: true },
  /** A video where a photo was expected, and so on. */
  wrong_kind: { permanent: true },
  /** The container is not on the demuxer allow-list (checked by ffprobe itself). */
  media_format_not_allowed: { permanent: true },

  image_too_large_pixels: { permanent: true },
  image_corrupt: { permanent: true },
  /** HEIC/HEIF/AVIF photo and no converter on this machine (or it cannot read this one). */
  heic_unsupported: { permanent: true },

  video_too_long: { permanent: true },
  video_resolution_too_high: { permanent: true },
  video_corrupt: { permanent: true },
  video_no_video_stream: { permanent: true },

  audio_too_long: { permanent: true },
  audio_corrupt: { permanent: true },
  audio_no_audio_stream: { permanent: true },

  /**
   * Ran past its time limit and was killed. Transient: a busy machine is the
   * usual cause; the queue's retry limit stops a file that always times out.
   */
  processing_timeout: { permanent: false },
  /** ffmpeg / heif-convert missing, disk full, a bug: not the family's fault. */
  internal: { permanent: false },
} as const satisfies Record<string, { permanent: boolean }>;

export type MediaFailureCode = keyof typeof MEDIA_FAILURE_CODES;

/** Values the catalog message interpolates (e.g. "超过{maxMinutes}分钟"). */
export type MediaFailureParams = Readonly<Record<string, string | number>>;

/** What gets stored and shown: code + params, never the technical detail. */
export type MediaFailure = {
  code: MediaFailureCode;
  permanent: boolean;
  params?: MediaFailureParams;
};

export function isMediaFailureCode(value: unknown): value is MediaFailureCode {
  return typeof value === "string" && Object.hasOwn(MEDIA_FAILURE_CODES, value);
}

export function isPermanentFailure(code: MediaFailureCode): boolean {
  return MEDIA_FAILURE_CODES[code].permanent;
}

/**
 * Thrown by the media engine. `detail` is for logs only (it may contain tool
 * output); the user sees the catalog message for `code` with `params`.
 */
export class MediaError extends Error {
  readonly code: MediaFailureCode;
  readonly permanent: boolean;
  readonly params: MediaFailureParams | undefined;
  readonly detail: string | undefined;

  constructor(code: MediaFailureCode, options: { detail?: string; params?: MediaFailureParams; cause?: unknown } = {}) {
    super(options.detail ? `${code}: ${options.detail}` : code, { cause: options.cause });
    this.name = "MediaError";
    this.code = code;
    this.permanent = isPermanentFailure(code);
    this.params = options.params;
    this.detail = options.detail;
  }

  toFailure(): MediaFailure {
    return { code: this.code, permanent: this.permanent, ...(this.params ? { params: this.params } : {}) };
  }
}

export function isMediaError(error: unknown): error is MediaError {
  return error instanceof MediaError;
}

/** Anything thrown by a media job, as a storable failure (unknown errors are transient `internal`). */
export function toMediaFailure(error: unknown): MediaFailure {
  if (isMediaError(error)) return error.toFailure();
  return { code: "internal", permanent: false };
}
