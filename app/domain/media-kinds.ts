// What a file is, decided from its first bytes: never from its name or the
// type the browser declared (both are the uploader's to choose). Pure: the
// worker reads the head of the file and calls `sniffMediaType`; the upload
// flow can call it on the first chunk to refuse early.
//
// This decides the container only. Whether an MP4 or WebM holds a picture
// track is ffprobe's call (`identifyMedia` in the worker): browsers' audio
// recorders write WebM, Android recorders write 3GP, and both sniff as "video".
import type { MediaFailureCode } from "./media-failures.ts";

export const MEDIA_KINDS = ["image", "video", "audio"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export const CONTAINERS = {
  jpeg: { kind: "image", mime: "image/jpeg" },
  png: { kind: "image", mime: "image/png" },
  webp: { kind: "image", mime: "image/webp" },
  gif: { kind: "image", mime: "image/gif" },
  tiff: { kind: "image", mime: "image/tiff" },
  heif: { kind: "image", mime: "image/heic" },
  avif: { kind: "image", mime: "image/avif" },
  mp4: { kind: "video", mime: "video/mp4" },
  mov: { kind: "video", mime: "video/quicktime" },
  "3gp": { kind: "video", mime: "video/3gpp" },
  matroska: { kind: "video", mime: "video/x-matroska" },
  webm: { kind: "video", mime: "video/webm" },
  m4a: { kind: "audio", mime: "audio/mp4" },
  mp3: { kind: "audio", mime: "audio/mpeg" },
  aac: { kind: "audio", mime: "audio/aac" },
  wav: { kind: "audio", mime: "audio/wav" },
  amr: { kind: "audio", mime: "audio/amr" },
  ogg: { kind: "audio", mime: "audio/ogg" },
  flac: { kind: "audio", mime: "audio/flac" },
} as const satisfies Record<string, { kind: MediaKind; mime: string }>;

export type Container = keyof typeof CONTAINERS;

/** Decoded by sharp directly (its decoder allow-list; AVIF through its own libheif, which reads AV1). */
export const SHARP_IMAGE_CONTAINERS = ["jpeg", "png", "webp", "gif", "tiff", "avif"] as const satisfies readonly Container[];
/** Decoded by libheif first (heif-convert, or libheif in WebAssembly): sharp's prebuilt libvips has no HEVC decoder. */
export const HEIF_IMAGE_CONTAINERS = ["heif"] as const satisfies readonly Container[];
/** ISO-BMFF and Matroska: may hold video, audio or both; ffprobe decides. */
export const AV_CONTAINERS = ["mp4", "mov", "3gp", "m4a", "matroska", "webm"] as const satisfies readonly Container[];

export type DetectedType = { ok: true; kind: MediaKind; mime: string; container: Container };
export type TypeRefusal = { ok: false; code: MediaFailureCode; detail: string };
export type SniffResult = DetectedType | TypeRefusal;

/** How many leading bytes `sniffMediaType` wants (more is ignored). */
export const SNIFF_BYTES = 4096;

function detected(container: Container): DetectedType {
  const { kind, mime } = CONTAINERS[container];
  return { ok: true, kind, mime, container };
}

function refused(code: MediaFailureCode, detail: string): TypeRefusal {
  return { ok: false, code, detail };
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let out = "";
  for (let i = start; i < Math.min(end, bytes.length); i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

/**
 * The type of a file from its first bytes (`head`, ideally SNIFF_BYTES long)
 * and its total size. Refusals carry a specific failure code so the family is
 * told "this is a web page, not a photo" rather than "unsupported".
 */
export function sniffMediaType(head: Uint8Array, totalSize: number): SniffResult {
  if (totalSize === 0 || head.length === 0) return refused("empty_file", "0 bytes");
  return sniffBinary(head) ?? sniffText(head);
}

function sniffBinary(b: Uint8Array): SniffResult | null {
  return sniffImage(b) ?? sniffIsoBmff(b) ?? sniffAvOther(b) ?? sniffRefusedBinary(b);
}

function sniffImage(b: Uint8Array): SniffResult | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return detected("jpeg");
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return detected("png");
  if (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a") return detected("gif");
  const tiffSig = ascii(b, 0, 4);
  // Classic and BigTIFF, either byte order (scanners; DNG from phones' pro mode is TIFF too).
  if (tiffSig === "II*\0" || tiffSig === "MM\0*" || tiffSig === "II+\0" || tiffSig === "MM\0+") return detected("tiff");
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WEBP") return detected("webp");
  return null;
}

const HEIC_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx"]);
const AVIF_BRANDS = new Set(["avif", "avis"]);
const M4A_BRANDS = new Set(["M4A ", "M4B ", "M4P ", "F4A ", "F4B "]);
const MP4_BRANDS = new Set([
  "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7", "iso8", "iso9", "mp41", "mp42", "mp71", "avc1",
  "dash", "msnv", "MSNV", "M4V ", "M4VH", "M4VP", "f4v ", "F4V ", "mmp4", "XAVC", "NDAS", "MiHB", "MiHE",
]);
/** QuickTime files from old cameras may have no ftyp: their first box is one of these. */
const QUICKTIME_FIRST_BOXES = new Set(["moov", "mdat", "wide", "free", "skip", "pnot"]);

function sniffIsoBmff(b: Uint8Array): SniffResult | null {
  const boxType = ascii(b, 4, 8);
  if (boxType !== "ftyp") return QUICKTIME_FIRST_BOXES.has(boxType) && b.length >= 8 ? detected("mov") : null;
  const boxSize = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  const major = ascii(b, 8, 12);
  const compatible = new Set<string>();
  for (let at = 16; at + 4 <= Math.min(boxSize, b.length, 256); at += 4) compatible.add(ascii(b, at, at + 4));
  return classifyBrands(major, compatible);
}

function classifyBrands(major: string, compatible: Set<string>): SniffResult {
  if (HEIC_BRANDS.has(major)) return detected("heif");
  if (AVIF_BRANDS.has(major)) return detected("avif");
  if (major === "mif1" || major === "msf1") {
    // Generic HEIF: the compatible brands say which codec is inside.
    return [...compatible].some((c) => AVIF_BRANDS.has(c)) ? detected("avif") : detected("heif");
  }
  if (M4A_BRANDS.has(major)) return detected("m4a");
  if (major === "qt  ") return detected("mov");
  if (/^3g[2p]/.test(major) || /^3g[egrs]/.test(major)) return detected("3gp");
  if (MP4_BRANDS.has(major)) return detected("mp4");
  // Vendor brands (kddi, XAVC variants, ...) that still declare the base MP4 family.
  if (["isom", "mp41", "mp42", "iso2"].some((c) => compatible.has(c))) return detected("mp4");
  return refused("not_a_supported_type", `ISO-BMFF brand '${major.trim()}'`);
}

function sniffAvOther(b: Uint8Array): SniffResult | null {
  if (startsWith(b, [0x1a, 0x45, 0xdf, 0xa3])) {
    // EBML header: the DocType string ("webm" or "matroska") sits in the first few dozen bytes.
    return ascii(b, 0, 64).includes("webm") ? detected("webm") : detected("matroska");
  }
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "WAVE") return detected("wav");
  if (ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 12) === "AVI ") return refused("not_a_supported_type", "AVI");
  if (ascii(b, 0, 4) === "OggS") return detected("ogg");
  if (ascii(b, 0, 4) === "fLaC") return detected("flac");
  // Android's voice recorders; checked before text, as "#!AMR" is otherwise printable.
  if (ascii(b, 0, 6) === "#!AMR\n" || ascii(b, 0, 9) === "#!AMR-WB\n") return detected("amr");
  if (ascii(b, 0, 3) === "ID3") return detected("mp3");
  return sniffMpegAudioFrame(b);
}

const MP3_KBPS = {
  mpeg1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  mpeg2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** Length of the MPEG-1/2/2.5 Layer III frame whose header starts at `at`, or null. */
function mp3FrameLength(b: Uint8Array, at: number): number | null {
  if (at + 4 > b.length || b[at] !== 0xff || (b[at + 1]! & 0xe0) !== 0xe0) return null;
  const version = (b[at + 1]! >> 3) & 0x03;
  const layer = (b[at + 1]! >> 1) & 0x03;
  const bitrateIndex = b[at + 2]! >> 4;
  const rate = MP3_RATES[version]?.[(b[at + 2]! >> 2) & 0x03];
  if (layer !== 1 || !rate || bitrateIndex === 0 || bitrateIndex === 0x0f) return null;
  const kbps = (version === 3 ? MP3_KBPS.mpeg1 : MP3_KBPS.mpeg2)[bitrateIndex]!;
  const padding = (b[at + 2]! >> 1) & 0x01;
  return Math.floor(((version === 3 ? 144 : 72) * kbps * 1000) / rate) + padding;
}

/** MP3 without an ID3 tag, or ADTS AAC: a frame header, and (if the head reaches it) the next one where it should be. */
function sniffMpegAudioFrame(b: Uint8Array): SniffResult | null {
  if (b.length < 4 || b[0] !== 0xff || (b[1]! & 0xe0) !== 0xe0) return null;
  if ((b[1]! & 0xf6) === 0xf0) {
    const adtsLength = ((b[3]! & 0x03) << 11) | (b[4]! << 3) | (b[5]! >> 5);
    const next = adtsLength > 7 && adtsLength + 2 <= b.length ? adtsLength : -1;
    return next < 0 || (b[next] === 0xff && (b[next + 1]! & 0xf6) === 0xf0) ? detected("aac") : null;
  }
  const length = mp3FrameLength(b, 0);
  if (length === null) return null;
  if (length + 4 > b.length) return detected("mp3");
  return mp3FrameLength(b, length) !== null ? detected("mp3") : null;
}

function sniffRefusedBinary(b: Uint8Array): SniffResult | null {
  if (ascii(b, 0, 4) === "PK\x03\x04") return sniffZip(b);
  if (ascii(b, 0, 4) === "PK\x05\x06" || ascii(b, 0, 4) === "PK\x07\x08") return refused("archive_not_allowed", "zip");
  if (ascii(b, 0, 6) === "Rar!\x1a\x07") return refused("archive_not_allowed", "rar");
  if (startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return refused("archive_not_allowed", "7z");
  if (startsWith(b, [0x1f, 0x8b])) return refused("archive_not_allowed", "gzip");
  if (ascii(b, 0, 3) === "BZh") return refused("archive_not_allowed", "bzip2");
  if (startsWith(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return refused("archive_not_allowed", "xz");
  if (startsWith(b, [0x28, 0xb5, 0x2f, 0xfd])) return refused("archive_not_allowed", "zstd");
  if (ascii(b, 257, 262) === "ustar") return refused("archive_not_allowed", "tar");
  if (ascii(b, 0, 5) === "%PDF-") return refused("document_not_supported", "pdf");
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return refused("document_not_supported", "ole2 (doc/xls/ppt)");
  if (ascii(b, 0, 5) === "{\\rtf") return refused("document_not_supported", "rtf");
  if (ascii(b, 0, 2) === "MZ" || ascii(b, 0, 4) === "\x7fELF") return refused("not_a_supported_type", "executable");
  if (ascii(b, 0, 2) === "BM") return refused("not_a_supported_type", "bmp");
  return null;
}

function sniffZip(b: Uint8Array): SniffResult {
  // The first member's name tells an office document (a zip inside) from an archive.
  const nameLength = b[26]! | (b[27]! << 8);
  const extraLength = b[28]! | (b[29]! << 8);
  const name = ascii(b, 30, 30 + nameLength);
  const afterHeader = ascii(b, 30 + nameLength + extraLength, 30 + nameLength + extraLength + 64);
  const office = name === "[Content_Types].xml" || /^(word|xl|ppt)\//.test(name);
  const openDocument = name === "mimetype" && /^application\/(vnd\.oasis\.opendocument|epub\+zip)/.test(afterHeader);
  if (office || openDocument) return refused("document_not_supported", `zip-based document (${name})`);
  return refused("archive_not_allowed", "zip");
}

function sniffText(b: Uint8Array): SniffResult {
  const text = leadingText(b);
  if (text.startsWith("#extm3u") || text.includes("#ext-x-") || text.startsWith("[playlist]")) {
    return refused("playlist_not_allowed", "m3u/pls playlist");
  }
  if (text.startsWith("ffconcat version")) return refused("concat_list_not_allowed", "ffconcat");
  const markup = firstMarkup(text);
  if (markup === "svg") return refused("svg_not_allowed", "svg");
  if (markup === "html") return refused("html_not_allowed", "html");
  if (markup === "playlist") return refused("playlist_not_allowed", "xml playlist (asx/smil/xspf)");
  if (looksLikeText(b)) return refused("text_not_allowed", text.startsWith("<?xml") ? "xml" : "text");
  return refused("not_a_supported_type", `unknown signature ${hex(b.subarray(0, 8))}`);
}

/** Lower-cased head as Latin-1, without a BOM or leading whitespace. */
function leadingText(b: Uint8Array): string {
  let start = 0;
  if (startsWith(b, [0xef, 0xbb, 0xbf])) start = 3;
  return ascii(b, start, SNIFF_BYTES).replace(/^[\s\0]+/, "").toLowerCase();
}

const MARKUP_TAGS: ReadonlyArray<[RegExp, "svg" | "html" | "playlist"]> = [
  [/<svg[\s>/]/, "svg"],
  [/<!doctype\s+svg/, "svg"],
  [/<!doctype\s+html/, "html"],
  [/<(html|head|body|script|iframe|meta|title|div|a|p|img|form|style|link)[\s>/]/, "html"],
  [/<(asx|smil|playlist)[\s>]/, "playlist"],
];

/** Which kind of markup tag comes first (an HTML page may hold an inline <svg>). */
function firstMarkup(text: string): "svg" | "html" | "playlist" | null {
  let best: { at: number; kind: "svg" | "html" | "playlist" } | null = null;
  for (const [pattern, kind] of MARKUP_TAGS) {
    const at = text.search(pattern);
    if (at >= 0 && (best === null || at < best.at)) best = { at, kind };
  }
  return best?.kind ?? null;
}

/** No NULs and almost no control characters: text in UTF-8, GBK or any other 8-bit encoding. */
function looksLikeText(b: Uint8Array): boolean {
  const sample = b.subarray(0, SNIFF_BYTES);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) control++;
  }
  return control <= sample.length / 100;
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");
}
