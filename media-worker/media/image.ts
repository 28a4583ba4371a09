// The only file that imports sharp. Photos, scanned drawings and photographed
// handwriting become WebP + JPEG renditions at fixed widths, upright, sRGB,
// with every byte of metadata (EXIF, GPS, XMP, ICC) left behind.
//
// Speed: the source is decoded once (auto-oriented, converted to sRGB, shrunk
// to the largest rendition) into a raw pixel buffer; every rendition is resized
// and encoded from that buffer in parallel. Measured on 12-MP JPEGs this is
// ~25% faster than clone()-ing the file pipeline per rendition, which decodes
// the file once per output (bench/media.ts). It also guarantees no metadata:
// a raw buffer has none to carry over.
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import sharp, { type Metadata } from "sharp";
import { MediaError } from "../../app/domain/media-failures.ts";
import { HEIF_IMAGE_CONTAINERS, type Container, type SHARP_IMAGE_CONTAINERS } from "../../app/domain/media-kinds.ts";
import {
  DEFAULT_IMAGE_LIMITS,
  IMAGE_OUTPUT_FORMATS,
  IMAGE_RENDITIONS,
  RENDITION_MAX_ASPECT,
  type ImageOutputFormat,
} from "../../app/domain/transcode-profiles.ts";
import { detectFileType } from "./detect.ts";
import { decodeHeif } from "./heif.ts";
import { createWorkDir } from "./scratch.ts";

// Decoder allow-list, process-wide: every libvips loader is blocked except the
// file loaders below, so SVG (librsvg), PDF, JPEG 2000,
// FITS, Matlab, ... can never be reached, whatever sniffing concluded.
// https://sharp.pixelplumbing.com/api-utility#block
const ALLOWED_LOADERS = [
  "VipsForeignLoadJpegFile",
  "VipsForeignLoadPngFile",
  "VipsForeignLoadWebpFile",
  "VipsForeignLoadNsgifFile",
  "VipsForeignLoadTiffFile",
  // AVIF: sharp's prebuilt libheif carries an AV1 decoder (not HEVC). readHeader insists on av1.
  "VipsForeignLoadHeifFile",
];
sharp.block({ operation: ["VipsForeignLoad"] });
sharp.unblock({ operation: ALLOWED_LOADERS });
// Each job reads different files: libvips' operation cache would only hold memory.
sharp.cache(false);
// libvips threads per pipeline. sharp picks 1 on glibc without jemalloc (against
// fragmentation); 2 lets the decode use both cores of a small worker while the
// six encodes run side by side on libuv's pool (~10% faster per photo, measured).
sharp.concurrency(2);

/**
 * libvips' cache limits and threads as set above, for the worker's ready line
 * and the memory regression test (tests/integration/worker-memory.test.ts).
 */
export function imageMemorySettings(): { cacheMemoryMaxMb: number; cacheItemsMax: number; cacheFilesMax: number; threadsPerPipeline: number } {
  const stats = sharp.cache();
  return { cacheMemoryMaxMb: stats.memory.max ?? 0, cacheItemsMax: stats.items.max ?? 0, cacheFilesMax: stats.files.max ?? 0, threadsPerPipeline: sharp.concurrency() };
}

/** sharp's metadata().format names for each sniffed container it may decode. */
const SHARP_FORMAT: Record<(typeof SHARP_IMAGE_CONTAINERS)[number], string> = {
  jpeg: "jpeg",
  png: "png",
  webp: "webp",
  gif: "gif",
  tiff: "tiff",
  avif: "heif",
};

export type ImageLimits = { maxInputPixels: number; timeoutMs: number };
export type RenditionSpec = { readonly name: string; readonly width: number };

export type ImageRendition = {
  /** thumb / display / large (poster-thumb, poster-display for video posters). */
  name: string;
  format: ImageOutputFormat;
  /** `${name}.${extension}`: use it as the last part of the storage key. */
  fileName: string;
  path: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
};

export type ImageResult = {
  kind: "image";
  /** The source as shown (after orientation), first frame for animations. */
  width: number;
  height: number;
  sourceMime: string;
  sourceContainer: Container;
  renditions: ImageRendition[];
};

export type ProcessImageOptions = {
  /** The uploaded file, already downloaded into `scratchDir`. */
  inputPath: string;
  scratchDir: string;
  /** Where renditions are written; default `${scratchDir}/out`. */
  outputDir?: string;
  limits?: Partial<ImageLimits>;
  renditions?: readonly RenditionSpec[];
};

/**
 * Photo / scan → thumb 320, display 1080, large 2048 (never upscaled) in WebP
 * and JPEG. Throws MediaError: the sniffing codes, wrong_kind,
 * image_too_large_pixels, image_corrupt, heic_unsupported, processing_timeout.
 */
export async function processImage(options: ProcessImageOptions): Promise<ImageResult> {
  const limits: ImageLimits = { ...DEFAULT_IMAGE_LIMITS, ...options.limits };
  const deadline = Date.now() + limits.timeoutMs;
  const type = await detectFileType(options.inputPath);
  if (!type.ok) throw new MediaError(type.code, { detail: type.detail });
  if (type.kind !== "image") {
    throw new MediaError("wrong_kind", { detail: `${type.mime} is not an image`, params: { expected: "image", actual: type.kind } });
  }
  const workDir = await createWorkDir(options.scratchDir, "image");
  const written: string[] = [];
  try {
    let source: ImageSource = { path: options.inputPath, container: type.container };
    const heif = (HEIF_IMAGE_CONTAINERS as readonly Container[]).includes(type.container);
    if (heif) {
      const decoded = await decodeHeif(options.inputPath, { workDir, timeoutMs: remaining(deadline), maxPixels: limits.maxInputPixels });
      source = decoded.kind === "file" ? { path: decoded.path, container: decoded.container } : { raw: decoded };
    }
    const rendered = await renderImageRenditions({
      source,
      // libheif already applied the HEIF transforms; the copied EXIF tag must be ignored.
      autoOrient: !heif,
      limits,
      deadline,
      outputDir: options.outputDir ?? path.join(options.scratchDir, "out"),
      specs: options.renditions ?? IMAGE_RENDITIONS,
      written,
    });
    return { kind: "image", sourceMime: type.mime, sourceContainer: type.container, ...rendered };
  } catch (error) {
    await removeFiles(written);
    throw toImageError(error);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** What the rendition pipeline reads: a file of a sniffed container, or pixels already decoded (HEIC). */
export type ImageSource =
  | { path: string; container: Container }
  | { raw: { data: Buffer; width: number; height: number; channels: 1 | 2 | 3 | 4; opaque?: boolean } };

export type RenderOptions = {
  source: ImageSource;
  autoOrient: boolean;
  limits: ImageLimits;
  deadline: number;
  outputDir: string;
  specs: readonly RenditionSpec[];
  /** Prefix for file names ("poster-"). */
  namePrefix?: string;
  /** Paths are pushed here as they are written, so a caller can remove them on failure. */
  written: string[];
};

type Rendered = Omit<ImageResult, "kind" | "sourceMime" | "sourceContainer">;

/** The rendition pipeline on a file sharp may decode (also used for video posters). Throws MediaError. */
export async function renderImageRenditions(o: RenderOptions): Promise<Rendered> {
  try {
    return await render(o);
  } catch (error) {
    throw toImageError(error);
  }
}

async function render(o: RenderOptions): Promise<Rendered> {
  const header = "raw" in o.source ? { ...o.source.raw, orientation: undefined } : await readHeader(o.source.path, o.source.container);
  assertPixelLimit(header, o.limits.maxInputPixels);
  const quarterTurn = o.autoOrient && (header.orientation ?? 1) >= 5;
  const upright = quarterTurn ? { width: header.height, height: header.width } : { width: header.width, height: header.height };
  const largest = Math.max(...o.specs.map((s) => s.width));

  let pipeline = (
    "raw" in o.source
      ? sharp(o.source.raw.data, { raw: { width: o.source.raw.width, height: o.source.raw.height, channels: o.source.raw.channels } })
      : sharp(o.source.path, {
          limitInputPixels: o.limits.maxInputPixels,
          failOn: "error", // truncated or broken data is refused; harmless libjpeg warnings are not
          sequentialRead: true,
          pages: 1, // first frame of an animated GIF/WebP, first page of a TIFF
        })
  ).timeout({ seconds: timeoutSeconds(o.deadline) });
  if (o.autoOrient) pipeline = pipeline.rotate();
  // Decoded HEIC arrives as RGBA; a photo without transparency needs no alpha in its WebP.
  if ("raw" in o.source && o.source.raw.opaque) pipeline = pipeline.removeAlpha();
  const decoded = await pipeline
    .resize(fitInside(largest))
    .toColourspace("srgb") // CMYK scans, Display P3 and Adobe RGB photos, greyscale: all become sRGB
    .raw()
    .toBuffer({ resolveWithObject: true });

  const raw = { width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels };
  await mkdir(o.outputDir, { recursive: true });
  // Largest first: its WebP encode is the critical path, so it must not wait for a free libuv thread.
  const largestFirst = [...o.specs].sort((a, b) => b.width - a.width);
  const encoded = await Promise.all(
    largestFirst.flatMap((spec) =>
      (Object.keys(IMAGE_OUTPUT_FORMATS) as ImageOutputFormat[]).map((format) =>
        encodeRendition({ data: decoded.data, raw, spec, format, outputDir: o.outputDir, prefix: o.namePrefix ?? "", deadline: o.deadline, written: o.written }),
      ),
    ),
  );
  const renditions = o.specs.flatMap((spec) => encoded.filter((r) => r.name === `${o.namePrefix ?? ""}${spec.name}`));
  return { width: upright.width, height: upright.height, renditions };
}

async function encodeRendition(o: {
  data: Buffer;
  raw: { width: number; height: number; channels: number };
  spec: RenditionSpec;
  format: ImageOutputFormat;
  outputDir: string;
  prefix: string;
  deadline: number;
  written: string[];
}): Promise<ImageRendition> {
  const settings = IMAGE_OUTPUT_FORMATS[o.format];
  const name = `${o.prefix}${o.spec.name}`;
  const fileName = `${name}.${settings.extension}`;
  const outPath = path.join(o.outputDir, fileName);
  let pipeline = sharp(o.data, { raw: { width: o.raw.width, height: o.raw.height, channels: o.raw.channels as 1 | 2 | 3 | 4 } })
    .timeout({ seconds: timeoutSeconds(o.deadline) })
    .resize(fitInside(o.spec.width));
  if (o.format === "jpeg") {
    pipeline = pipeline.flatten({ background: "#ffffff" }).jpeg({ quality: IMAGE_OUTPUT_FORMATS.jpeg.quality, progressive: true });
  } else {
    pipeline = pipeline.webp({ quality: IMAGE_OUTPUT_FORMATS.webp.quality, effort: IMAGE_OUTPUT_FORMATS.webp.effort });
  }
  o.written.push(outPath);
  const info = await pipeline.toFile(outPath);
  return { name, format: o.format, fileName, path: outPath, mime: settings.mime, width: info.width, height: info.height, bytes: info.size };
}

function fitInside(width: number) {
  return { width, height: width * RENDITION_MAX_ASPECT, fit: "inside" as const, withoutEnlargement: true };
}

type Header = { width: number; height: number; orientation: number | undefined };

/** Header only (no pixel decoding): format check against the sniffed container, and the frame size. */
async function readHeader(sourcePath: string, expected: Container): Promise<Header> {
  let meta: Metadata;
  try {
    meta = await sharp(sourcePath, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new MediaError("image_corrupt", { detail: `header: ${(error as Error).message}`, cause: error });
  }
  const allowed = SHARP_FORMAT[expected as keyof typeof SHARP_FORMAT];
  if (!allowed || meta.format !== allowed) {
    throw new MediaError("image_corrupt", { detail: `sniffed ${expected}, decoder says ${meta.format}` });
  }
  // The HEIF loader is open for AVIF only; a HEVC-coded file that reached it by a mislabelled brand goes no further.
  if (expected === "avif" && meta.compression !== "av1") {
    throw new MediaError("heic_unsupported", { detail: `AVIF brand, ${meta.compression ?? "unknown"} coding` });
  }
  if (!meta.width || !meta.height) throw new MediaError("image_corrupt", { detail: "no dimensions" });
  return { width: meta.width, height: meta.pageHeight ?? meta.height, orientation: meta.orientation };
}

function assertPixelLimit(size: { width: number; height: number }, maxPixels: number): void {
  if (size.width * size.height > maxPixels) {
    throw new MediaError("image_too_large_pixels", {
      detail: `${size.width}×${size.height}`,
      params: { maxMegapixels: Math.floor(maxPixels / 1_000_000), width: size.width, height: size.height },
    });
  }
}

/** sharp's and libvips' messages, mapped to codes (MediaErrors pass through). */
function toImageError(error: unknown): unknown {
  if (error instanceof MediaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return new MediaError("image_too_large_pixels", { detail: message, cause: error });
  if (/timeout/i.test(message)) return new MediaError("processing_timeout", { detail: `sharp: ${message}`, cause: error });
  if (/ENOSPC|ENOMEM|EMFILE|unable to open .* for writ|write error|out of memory/i.test(message)) {
    return new MediaError("internal", { detail: message, cause: error });
  }
  return new MediaError("image_corrupt", { detail: message, cause: error });
}

function remaining(deadline: number): number {
  const ms = deadline - Date.now();
  if (ms <= 0) throw new MediaError("processing_timeout", { detail: "image time limit reached" });
  return ms;
}

/** sharp's timeout is in whole seconds (at least 1). */
function timeoutSeconds(deadline: number): number {
  return Math.max(1, Math.ceil(remaining(deadline) / 1000));
}

async function removeFiles(paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => rm(p, { force: true })));
}

/** For tests: the libvips loaders left unblocked. */
export const IMAGE_DECODER_ALLOWLIST: readonly string[] = ALLOWED_LOADERS;
