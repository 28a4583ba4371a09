// HEIC/HEIF (iPhone photos). sharp's prebuilt libvips has no HEVC decoder, so:
// - where Debian's libheif tools are installed (heif-info, heif-convert), they
//   decode into a JPEG intermediate in the job's work dir (fastest here);
// - everywhere else (a machine with nothing installed), libheif compiled to
//   WebAssembly (heic-decode) decodes in a worker thread into RGBA pixels.
// Either way the normal sharp pipeline takes it from there. AVIF is not here:
// sharp's own libheif reads AV1 (image.ts).
//
// libheif applies the HEIF transforms (irot/imir/clap) itself and, per the HEIF
// spec, the EXIF Orientation tag must then be ignored: heif-convert 1.15 copies
// it unchanged into the JPEG, so callers must not auto-orient the result.
import path from "node:path";
import { Worker } from "node:worker_threads";
import { MediaError } from "../../app/domain/media-failures.ts";
import { getToolPaths, runTool, tail, ToolMissingError } from "./tools.ts";

/** JPEG q95 (4:2:0 is what the HEVC source had anyway): ~5× faster than a PNG intermediate, visually lossless. */
const INTERMEDIATE_QUALITY = "95";

/** A decoded HEIF image: a file sharp can read, or raw RGBA pixels. */
export type HeifDecoded =
  | { kind: "file"; path: string; container: "jpeg" }
  | { kind: "raw"; data: Buffer; width: number; height: number; channels: 4; opaque: boolean };

export type HeifOptions = { workDir: string; timeoutMs: number; maxPixels: number };

/** Which decoder runs: Debian's tools when configured (resolveMediaTools found them), else WebAssembly. */
export function heifDecoderName(): "heif-convert" | "wasm" {
  const { heifConvert, heifInfo } = getToolPaths();
  return heifConvert && heifInfo ? "heif-convert" : "wasm";
}

/**
 * Decodes the primary image, refusing collections and frames over
 * `maxPixels` before any pixel is decoded. Throws MediaError: heic_unsupported,
 * image_corrupt, image_too_large_pixels, not_a_supported_type, processing_timeout.
 */
export async function decodeHeif(inputPath: string, options: HeifOptions): Promise<HeifDecoded> {
  if (heifDecoderName() === "wasm") return decodeInThread(inputPath, options);
  assertPixels(await heifDimensions(inputPath, options.timeoutMs), options.maxPixels);
  return { kind: "file", path: await convertHeifToJpeg(inputPath, options.workDir, options.timeoutMs), container: "jpeg" };
}

type ThreadResult =
  | { ok: true; width: number; height: number; data: Uint8ClampedArray; opaque: boolean }
  | { ok: false; code: "unreadable" | "collection"; detail: string }
  | { ok: false; code: "too_many_pixels"; width: number; height: number };

function decodeInThread(inputPath: string, options: HeifOptions): Promise<HeifDecoded> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(new URL("./heif-decode-thread.mjs", import.meta.url), {
      workerData: { inputPath, maxPixels: options.maxPixels },
      // A 48-MP frame is ~190 MB of RGBA; leave the WebAssembly heap room, but bound the JS heap.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void thread.terminate();
      fn();
    };
    const timer = setTimeout(
      () => settle(() => reject(new MediaError("processing_timeout", { detail: `HEIF decode ran over ${options.timeoutMs} ms` }))),
      options.timeoutMs,
    );
    thread.once("message", (result: ThreadResult) => settle(() => (result.ok ? resolve(rawImage(result)) : reject(threadRefusal(result)))));
    // The thread itself failed (out of memory, a bug): the machine's problem, not the photo's.
    thread.once("error", (error) => settle(() => reject(new MediaError("internal", { detail: `HEIF decoder thread: ${error.message}`, cause: error }))));
    thread.once("exit", (code) => settle(() => reject(new MediaError("internal", { detail: `HEIF decoder thread exited ${code} without an answer` }))));
  });
}

function rawImage(result: Extract<ThreadResult, { ok: true }>): HeifDecoded {
  const data = Buffer.from(result.data.buffer, result.data.byteOffset, result.data.byteLength);
  return { kind: "raw", data, width: result.width, height: result.height, channels: 4, opaque: result.opaque };
}

function threadRefusal(result: Exclude<ThreadResult, { ok: true }>): MediaError {
  switch (result.code) {
    case "too_many_pixels":
      return pixelError(result);
    case "collection":
      return new MediaError("not_a_supported_type", { detail: `HEIF collection: ${result.detail}` });
    case "unreadable":
      return new MediaError(/not a HEIC|unsupported|no decoder/i.test(result.detail) ? "heic_unsupported" : "image_corrupt", {
        detail: `heic-decode: ${result.detail}`,
        tool: "heif",
      });
  }
}

function assertPixels(size: { width: number; height: number }, maxPixels: number): void {
  if (size.width * size.height > maxPixels) throw pixelError(size, maxPixels);
}

function pixelError(size: { width: number; height: number }, maxPixels?: number): MediaError {
  return new MediaError("image_too_large_pixels", {
    detail: `${size.width}×${size.height}`,
    params: { ...(maxPixels ? { maxMegapixels: Math.floor(maxPixels / 1_000_000) } : {}), width: size.width, height: size.height },
  });
}

/**
 * Width and height of the primary image as shown (after libheif's transforms),
 * from heif-info. A file with several top-level images (a HEIF collection) is
 * refused: heif-convert would decode and write every one of them.
 */
async function heifDimensions(inputPath: string, timeoutMs: number): Promise<{ width: number; height: number }> {
  const result = await runTool(getToolPaths().heifInfo, [inputPath], { timeoutMs }).catch(missingTool);
  const images = [...result.stdout.matchAll(/^image:\s*(\d+)x(\d+)\s*\(id=\d+\)(,\s*primary)?/gm)];
  const primary = images.find((m) => m[3]);
  if (result.code !== 0 || !primary) {
    throw new MediaError("image_corrupt", { detail: `heif-info: ${tail(result.stderr || result.stdout)}`, tool: "heif" });
  }
  if (images.length > 1) throw new MediaError("not_a_supported_type", { detail: `HEIF collection of ${images.length} images` });
  return { width: Number(primary[1]), height: Number(primary[2]) };
}

/** Decodes the primary image to `${workDir}/heif-intermediate.jpg`. */
async function convertHeifToJpeg(inputPath: string, workDir: string, timeoutMs: number): Promise<string> {
  const output = path.join(workDir, "heif-intermediate.jpg");
  const result = await runTool(getToolPaths().heifConvert, ["--quiet", "-q", INTERMEDIATE_QUALITY, inputPath, output], {
    timeoutMs,
    cwd: workDir,
  }).catch(missingTool);
  if (result.code !== 0) {
    const detail = `heif-convert: ${tail(result.stderr || result.stdout)}`;
    // No decoder plugin for this codec (e.g. a HEVC variant libde265 lacks): the family can still send a JPEG.
    const unsupported = /no decoder|unsupported|not supported|plugin/i.test(detail);
    throw new MediaError(unsupported ? "heic_unsupported" : "image_corrupt", { detail, tool: "heif" });
  }
  return output;
}

/** Configured but gone (uninstalled while running): the machine's problem; the lane self-test then switches to WebAssembly. */
function missingTool(error: unknown): never {
  if (error instanceof ToolMissingError) throw new MediaError("internal", { detail: `${error.command} is not installed (apt-get install libheif-examples)` });
  throw error;
}
