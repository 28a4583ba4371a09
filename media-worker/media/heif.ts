// HEIC/HEIF (iPhone photos) and AVIF: sharp's prebuilt libvips has no HEVC
// decoder, so Debian's libheif tools decode them into a JPEG intermediate in the
// job's work dir, and the normal sharp pipeline takes it from there.
//
// libheif applies the HEIF transforms (irot/imir/clap) itself and, per the HEIF
// spec, the EXIF Orientation tag must then be ignored: heif-convert 1.15 copies
// it unchanged into the JPEG, so callers must not auto-orient the intermediate.
import path from "node:path";
import { MediaError } from "../../app/domain/media-failures.ts";
import { getToolPaths, runTool, tail, ToolMissingError } from "./tools.ts";

/** JPEG q95 (4:2:0 is what the HEVC source had anyway): ~5× faster than a PNG intermediate, visually lossless. */
const INTERMEDIATE_QUALITY = "95";

/**
 * Width and height of the primary image as shown (after libheif's transforms),
 * from heif-info. A file with several top-level images (a HEIF collection) is
 * refused: heif-convert would decode and write every one of them.
 */
export async function heifDimensions(inputPath: string, timeoutMs: number): Promise<{ width: number; height: number }> {
  const result = await runTool(getToolPaths().heifInfo, [inputPath], { timeoutMs }).catch(missingToUnsupported);
  const images = [...result.stdout.matchAll(/^image:\s*(\d+)x(\d+)\s*\(id=\d+\)(,\s*primary)?/gm)];
  const primary = images.find((m) => m[3]);
  if (result.code !== 0 || !primary) {
    throw new MediaError("image_corrupt", { detail: `heif-info: ${tail(result.stderr || result.stdout)}` });
  }
  if (images.length > 1) throw new MediaError("not_a_supported_type", { detail: `HEIF collection of ${images.length} images` });
  return { width: Number(primary[1]), height: Number(primary[2]) };
}

/** Decodes the primary image to `${workDir}/heif-intermediate.jpg`. */
export async function convertHeifToJpeg(inputPath: string, workDir: string, timeoutMs: number): Promise<string> {
  const output = path.join(workDir, "heif-intermediate.jpg");
  const result = await runTool(getToolPaths().heifConvert, ["--quiet", "-q", INTERMEDIATE_QUALITY, inputPath, output], {
    timeoutMs,
    cwd: workDir,
  }).catch(missingToUnsupported);
  if (result.code !== 0) {
    const detail = `heif-convert: ${tail(result.stderr || result.stdout)}`;
    // No decoder plugin for this codec (e.g. a HEVC variant libde265 lacks): the family can still send a JPEG.
    const unsupported = /no decoder|unsupported|not supported|plugin/i.test(detail);
    throw new MediaError(unsupported ? "heic_unsupported" : "image_corrupt", { detail });
  }
  return output;
}

function missingToUnsupported(error: unknown): never {
  if (error instanceof ToolMissingError) {
    throw new MediaError("heic_unsupported", { detail: `${error.command} is not installed (apt-get install libheif-examples)` });
  }
  throw error;
}
