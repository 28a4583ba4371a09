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
  /** ffmpeg / heif-convert missing or broken, disk full, the store or database away, a bug: not the family's fault. */
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
  /**
   * Set when the verdict comes from an external tool's exit (ffprobe, ffmpeg,
   * a HEIF decoder) rather than from reading the bytes ourselves. Such a
   * verdict only counts against the file once the same tool, on this machine,
   * has just processed a known-good sample (the worker's lane self-test):
   * otherwise the tool is broken and the file waits.
   */
  readonly tool: MediaTool | undefined;

  constructor(code: MediaFailureCode, options: { detail?: string; params?: MediaFailureParams; cause?: unknown; tool?: MediaTool } = {}) {
    super(options.detail ? `${code}: ${options.detail}` : code, { cause: options.cause });
    this.name = "MediaError";
    this.code = code;
    this.permanent = isPermanentFailure(code);
    this.params = options.params;
    this.detail = options.detail;
    this.tool = options.tool;
  }

  toFailure(): MediaFailure {
    return { code: this.code, permanent: this.permanent, ...(this.params ? { params: this.params } : {}) };
  }
}

export type MediaTool = "ffmpeg" | "ffprobe" | "heif";

/**
 * What a tool's output says when the machine failed, not the file: a full or
 * read-only disk, memory, file handles, a tool that does not know its own
 * arguments or lacks an encoder or filter this build was expected to have.
 * Matched against stderr before any verdict about the file is drawn.
 */
const SYSTEM_FAILURE_OUTPUT = [
  /No space left on device/i,
  /Disk quota exceeded/i,
  /Read-only file system/i,
  /Input\/output error/i,
  /Cannot allocate memory|out of memory/i,
  /Too many open files/i,
  /Resource temporarily unavailable/i,
  /Permission denied/i,
  /Unrecognized option|Option not found|Error splitting the argument list|Invalid option/i,
  /Unknown encoder|Encoder \S+ not found|No such filter|Filter not found/i,
];

export function isSystemFailureOutput(output: string): boolean {
  return SYSTEM_FAILURE_OUTPUT.some((pattern) => pattern.test(output));
}

/**
 * A tool that died by a signal nobody in this process sent: SIGKILL / SIGTERM
 * come from the OOM killer or an operator (the machine); a crash (SIGSEGV,
 * SIGABRT, SIGBUS, SIGFPE) on one file is that file's doing, pending the
 * self-test.
 */
export function isSystemSignal(signal: string | null): boolean {
  return signal === "SIGKILL" || signal === "SIGTERM" || signal === "SIGINT" || signal === "SIGHUP";
}

export function isMediaError(error: unknown): error is MediaError {
  return error instanceof MediaError;
}

/** Anything thrown by a media job, as a storable failure (unknown errors are transient `internal`). */
export function toMediaFailure(error: unknown): MediaFailure {
  if (isMediaError(error)) return error.toFailure();
  return { code: "internal", permanent: false };
}
