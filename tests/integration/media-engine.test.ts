// The media engine on the whole fixture corpus, with the real sharp, ffmpeg,
// ffprobe and HEIF decoder this machine resolves as `npm start` does (Debian's
// tools on CI, the bundled ffmpeg and WebAssembly HEIC decoder on a machine
// with nothing installed): no database, object store or queue. Every job runs
// in a scratch dir that must be gone afterwards; every refusal has its own code;
// no output may carry metadata or another file's bytes.
import { execFile, execFileSync } from "node:child_process";
import { constants, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { copyFile, open, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildVideoTranscode, fitRendition, IMAGE_RENDITIONS, parseProbe, type MediaProbe } from "../../app/domain/transcode-profiles.ts";
import { runFfmpeg } from "../../media-worker/media/ffmpeg.ts";
import { getToolPaths } from "../../media-worker/media/tools.ts";
import { getFfmpegCapabilities } from "../../media-worker/media/ffmpeg.ts";
import {
  configureMediaTools,
  identifyMedia,
  MediaError,
  probeMedia,
  processAudio,
  processImage,
  processVideo,
  withScratchDir,
  type ImageRendition,
  type MediaFailureCode,
} from "../../media-worker/media/index.ts";
import { ensureFixtures, fixturePath, GPS_SECONDS_NUMERATOR, MARKER, type FixtureName } from "../fixtures/generate.ts";
import { ffmpegPath, ffprobeJson, setUpMachineMediaTools, type Probed } from "../setup/media-tools.ts";

const execFileAsync = promisify(execFile);
const MAX_VIDEO_SECONDS = 300;
const scratchDirsSeen: string[] = [];

let heifConvertOnMachine = false;

beforeAll(async () => {
  await ensureFixtures();
  heifConvertOnMachine = (await setUpMachineMediaTools()).heifDecoder === "heif-convert";
}, 120_000);

afterAll(() => {
  // Nothing left behind by any job, success or failure.
  expect(scratchDirsSeen.filter((dir) => existsSync(dir))).toEqual([]);
});

// --- helpers -----------------------------------------------------------------

/** Runs `fn` on a copy of the fixture named "upload" (no extension: names are never trusted) in a fresh scratch dir. */
async function inScratch<T>(fixture: FixtureName, fn: (input: string, scratch: string) => Promise<T>): Promise<T> {
  let dir = "";
  const result = await withScratchDir(async (scratch) => {
    dir = scratch;
    scratchDirsSeen.push(scratch);
    const input = path.join(scratch, "upload");
    await copyFile(fixturePath(fixture), input);
    const value = await fn(input, scratch);
    assertNoMarker(scratch);
    return value;
  });
  expect(existsSync(dir), `scratch dir ${dir} removed`).toBe(false);
  return result;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The job must refuse with `code`, leaving nothing but the upload in the scratch dir. */
async function expectRefusal(fixture: FixtureName, run: (input: string, scratch: string) => Promise<unknown>, code: MediaFailureCode) {
  return inScratch(fixture, async (input, scratch) => {
    const error = await run(input, scratch).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error, `${fixture} refused`).toBeInstanceOf(MediaError);
    expect((error as MediaError).code, `${fixture}: ${(error as MediaError).detail}`).toBe(code);
    expect(filesUnder(scratch)).toEqual(["upload"]);
    return error as MediaError;
  });
}

/** No file in the scratch dir (outputs, intermediates) holds the marker of a referenced file. */
function assertNoMarker(dir: string) {
  for (const file of filesUnder(dir)) {
    if (file.endsWith("referenced-marker.bin")) continue;
    expect(readFileSync(path.join(dir, file)).includes(MARKER), `${file} contains another file's bytes`).toBe(false);
  }
}

const ffprobe = ffprobeJson;

function assertNoContainerMetadata(probed: Probed) {
  const tags = { ...probed.format.tags, ...Object.assign({}, ...probed.streams.map((s) => s.tags ?? {})) } as Record<string, string>;
  for (const key of Object.keys(tags)) expect(key).not.toMatch(/location|creation_time|com\.apple|make|model|title|rotate/i);
  expect(JSON.stringify(tags)).not.toMatch(/FIXTURE-SECRET|\+31\.2000/);
  for (const s of probed.streams) expect(s.side_data_list ?? []).toEqual([]);
}

async function assertCleanImage(r: ImageRendition) {
  const meta = await sharp(r.path).metadata();
  expect(meta.format).toBe(r.format === "jpeg" ? "jpeg" : "webp");
  expect([meta.width, meta.height]).toEqual([r.width, r.height]);
  expect(meta.exif, `${r.fileName} has EXIF`).toBeUndefined();
  expect(meta.xmp).toBeUndefined();
  expect(meta.icc).toBeUndefined();
  expect(meta.orientation).toBeUndefined();
  expect(statSync(r.path).size).toBe(r.bytes);
  const bytes = readFileSync(r.path);
  expect(bytes.includes("Exif\0\0")).toBe(false);
  expect(bytes.includes("iPhone")).toBe(false);
  const gps = Buffer.alloc(4);
  gps.writeUInt32LE(GPS_SECONDS_NUMERATOR);
  expect(bytes.includes(gps)).toBe(false);
}

async function pixel(file: string, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

function byName(renditions: ImageRendition[], name: string, format: "webp" | "jpeg" = "jpeg"): ImageRendition {
  const r = renditions.find((x) => x.name === name && x.format === format);
  if (!r) throw new Error(`no ${name}.${format}`);
  return r;
}

const image = (input: string, scratch: string) => processImage({ inputPath: input, scratchDir: scratch });
const video = (input: string, scratch: string, extra: Partial<Parameters<typeof processVideo>[0]> = {}) =>
  processVideo({ inputPath: input, scratchDir: scratch, maxDurationSeconds: MAX_VIDEO_SECONDS, timeoutMs: 60_000, ...extra });
const audio = (input: string, scratch: string, extra: Partial<Parameters<typeof processAudio>[0]> = {}) =>
  processAudio({ inputPath: input, scratchDir: scratch, maxDurationSeconds: 600, timeoutMs: 60_000, ...extra });

/** Processes with ffmpeg/ffprobe still alive whose command line mentions `needle`. */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmd.includes(needle) && /ffmpeg|ffprobe|heif/.test(cmd)) found.push(`${pid}: ${cmd}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/**
 * A named pipe that reports whether anyone opened it for reading: a much
 * stronger "ffmpeg never read the referenced file" check than looking at outputs.
 */
async function fifoTripwire(fifoPath: string) {
  execFileSync("mkfifo", [fifoPath]);
  let opened = false;
  const writer = open(fifoPath, "w").then((handle) => {
    opened = true;
    return handle;
  });
  return {
    wasOpened: () => opened,
    async close() {
      // Unblock our own pending open by opening the read end ourselves.
      const reader = await open(fifoPath, constants.O_RDONLY | constants.O_NONBLOCK);
      await (await writer).close();
      await reader.close();
    },
  };
}

/** A TCP listener that counts connections (the "internal address" a hostile playlist points at). */
async function connectionCounter() {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, count: () => connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// --- images ------------------------------------------------------------------

describe("images", () => {
  it("turns an EXIF-rotated phone photo upright and drops EXIF and GPS", async () => {
    const input = await sharp(fixturePath("photoExif6Gps")).metadata();
    expect(input.orientation).toBe(6); // the fixture really is rotated and carries EXIF
    expect(input.exif?.includes(Buffer.from("iPhone 12"))).toBe(true);

    await inScratch("photoExif6Gps", async (file, scratch) => {
      const result = await image(file, scratch);
      expect([result.width, result.height]).toEqual([480, 640]);
      expect(result.sourceMime).toBe("image/jpeg");
      expect(result.renditions).toHaveLength(6);
      for (const r of result.renditions) {
        expect(r.width).toBeLessThan(r.height);
        expect(r.path.startsWith(scratch)).toBe(true);
        await assertCleanImage(r);
      }
      expect([byName(result.renditions, "thumb").width, byName(result.renditions, "thumb").height]).toEqual([320, 427]);
      // Never upscaled: display and large stay at the source's 480×640.
      expect([byName(result.renditions, "large", "webp").width, byName(result.renditions, "large", "webp").height]).toEqual([480, 640]);
      // Stored top-left (red) is shown top-right after a 90° clockwise turn; stored bottom-right (blue) bottom-left.
      const display = byName(result.renditions, "display").path;
      const [r, g, b] = await pixel(display, 440, 40);
      expect(r).toBeGreaterThan(180);
      expect(g + b).toBeLessThan(140);
      const [r2, , b2] = await pixel(display, 40, 600);
      expect(b2).toBeGreaterThan(180);
      expect(r2).toBeLessThan(80);
    });
  });

  it("converts a CMYK scan to sRGB", async () => {
    expect((await sharp(fixturePath("scanCmyk")).metadata()).space).toBe("cmyk");
    await inScratch("scanCmyk", async (file, scratch) => {
      const result = await image(file, scratch);
      for (const r of result.renditions) {
        const meta = await sharp(r.path).metadata();
        expect(meta.space).toBe("srgb");
        expect(meta.channels).toBe(3);
        await assertCleanImage(r);
      }
      const [red, green, blue] = await pixel(byName(result.renditions, "display").path, 40, 40);
      expect(red).toBeGreaterThan(150);
      expect(green).toBeLessThan(100);
      expect(blue).toBeLessThan(100);
    });
  });

  it("keeps transparency in WebP and puts white behind it in JPEG", async () => {
    await inScratch("drawingPng", async (file, scratch) => {
      const result = await image(file, scratch);
      expect([result.width, result.height]).toEqual([800, 600]);
      const webp = await sharp(byName(result.renditions, "display", "webp").path).metadata();
      expect(webp.hasAlpha).toBe(true);
      const jpeg = byName(result.renditions, "display").path;
      expect((await sharp(jpeg).metadata()).hasAlpha).toBe(false);
      expect(await pixel(jpeg, 700, 100)).toEqual([255, 255, 255]);
      for (const r of result.renditions) await assertCleanImage(r);
    });
  });

  it.each([
    ["photoWebp", 500, 300],
    ["animatedGif", 160, 120],
    ["scanTiff", 300, 200],
  ] as const)("decodes %s", async (fixture, width, height) => {
    await inScratch(fixture, async (file, scratch) => {
      const result = await image(file, scratch);
      expect([result.width, result.height]).toEqual([width, height]);
      for (const r of result.renditions) await assertCleanImage(r);
    });
  });

  it("makes 320 / 1080 / 2048 renditions of a large photo", async () => {
    await withScratchDir(async (scratch) => {
      scratchDirsSeen.push(scratch);
      const input = path.join(scratch, "upload");
      await sharp({ create: { width: 3000, height: 2000, channels: 3, background: "#3a7" } }).jpeg().toFile(input);
      const result = await processImage({ inputPath: input, scratchDir: scratch });
      const sizes = Object.fromEntries(result.renditions.map((r) => [r.fileName, `${r.width}x${r.height}`]));
      expect(sizes).toEqual({
        "thumb.webp": "320x213", "thumb.jpg": "320x213",
        "display.webp": "1080x720", "display.jpg": "1080x720",
        "large.webp": "2048x1365", "large.jpg": "2048x1365",
      });
      expect(new Set(result.renditions.map((r) => r.mime))).toEqual(new Set(["image/webp", "image/jpeg"]));
      // sharp's sizes are the policy's sizes.
      for (const r of result.renditions) {
        const spec = IMAGE_RENDITIONS.find((x) => x.name === r.name)!;
        expect({ width: r.width, height: r.height }).toEqual(fitRendition(3000, 2000, spec.width));
      }
    });
  });

  const heicUpright = async () => {
    await inScratch("iphoneHeic", async (file, scratch) => {
      const result = await image(file, scratch);
      expect(result.sourceMime).toBe("image/heic");
      // libheif applies the irot transform; the EXIF Orientation=6 it copies along must not turn it again.
      expect([result.width, result.height]).toEqual([480, 640]);
      for (const r of result.renditions) {
        expect(r.width).toBeLessThan(r.height);
        await assertCleanImage(r);
      }
      const [red, green, blue] = await pixel(byName(result.renditions, "display").path, 440, 40);
      expect(red).toBeGreaterThan(150);
      expect(green + blue).toBeLessThan(160);
    });
  };

  /** Runs `fn` with the HEIF tools set to `paths`, then puts the machine's back. */
  const withHeifTools = async (paths: { heifConvert: string; heifInfo: string }, fn: () => Promise<void>) => {
    const saved = { ...getToolPaths() };
    configureMediaTools(paths);
    try {
      await fn();
    } finally {
      configureMediaTools(saved);
    }
  };

  it("decodes an iPhone portrait HEIC with this machine's decoder: upright once, not twice", heicUpright);

  it("decodes it the same in WebAssembly, with no HEIF tools installed (what a fresh machine has)", async () => {
    if (!heifConvertOnMachine) return heicUpright(); // already the machine's own decoder above
    await withHeifTools({ heifConvert: "", heifInfo: "" }, heicUpright);
  });

  it("refuses a HEIF collection and a pixel bomb in WebAssembly before decoding pixels", async () => {
    await withHeifTools({ heifConvert: "", heifInfo: "" }, async () => {
      const error = await inScratch("iphoneHeic", (file, scratch) =>
        processImage({ inputPath: file, scratchDir: scratch, limits: { maxInputPixels: 480 * 640 - 1 } }).catch((e: unknown) => e),
      );
      expect((error as MediaError).code).toBe("image_too_large_pixels");
    });
  });

  it("decodes an AVIF photo through sharp's own decoder, with no HEIF tools at all", async () => {
    await withHeifTools({ heifConvert: "", heifInfo: "" }, async () => {
      await withScratchDir(async (scratch) => {
        scratchDirsSeen.push(scratch);
        const input = path.join(scratch, "upload");
        await sharp({ create: { width: 640, height: 400, channels: 3, background: { r: 200, g: 30, b: 30 } } }).avif({ quality: 60 }).toFile(input);
        const result = await image(input, scratch);
        expect(result).toMatchObject({ sourceMime: "image/avif", width: 640, height: 400 });
        const [red, green, blue] = await pixel(byName(result.renditions, "display").path, 100, 100);
        expect(red).toBeGreaterThan(150);
        expect(green + blue).toBeLessThan(120);
        for (const r of result.renditions) await assertCleanImage(r);
      });
    });
  });

  it("calls a configured heif-convert that has gone missing the machine's fault, not the photo's", async () => {
    await withHeifTools({ heifConvert: "/nonexistent/heif-convert", heifInfo: "/nonexistent/heif-info" }, async () => {
      const error = await expectRefusal("iphoneHeic", image, "internal");
      expect(error.permanent).toBe(false);
    });
  });

  it("stops at its time limit with processing_timeout and leaves nothing behind", async () => {
    const error = await expectRefusal("iphoneHeic", (f, s) => processImage({ inputPath: f, scratchDir: s, limits: { timeoutMs: 20 } }), "processing_timeout");
    expect(error.permanent).toBe(false);
  });

  it.each([
    ["truncatedJpeg", "image_corrupt"],
    ["pixelBomb", "image_too_large_pixels"],
    ["htmlAsJpeg", "html_not_allowed"],
    ["svgScript", "svg_not_allowed"],
    ["textAsJpeg", "text_not_allowed"],
    ["zipAsMp4", "archive_not_allowed"],
    ["empty", "empty_file"],
    ["noAudio", "wrong_kind"],
  ] as const)("refuses %s as %s", async (fixture, code) => {
    const error = await expectRefusal(fixture, image, code);
    expect(error.permanent).toBe(true);
    if (code === "image_too_large_pixels") expect(error.params).toMatchObject({ maxMegapixels: 50 });
  });
});

// --- videos ------------------------------------------------------------------

describe("videos", () => {
  it("keeps a portrait phone video portrait, ≤720 wide, with no metadata and a portrait poster", async () => {
    expect(ffprobe(fixturePath("portraitRot90")).streams[0]?.side_data_list).toBeDefined();
    await inScratch("portraitRot90", async (file, scratch) => {
      const progress: number[] = [];
      const result = await video(file, scratch, { onProgress: (p) => progress.push(p) });
      expect([result.width, result.height]).toEqual([720, 1280]);
      expect(result.source).toMatchObject({ rotation: 90, width: 1080, height: 1920 });
      expect(result.hasAudio).toBe(true);
      const probed = ffprobe(result.video.path);
      const [v, a] = [probed.streams.find((s) => s.codec_type === "video")!, probed.streams.find((s) => s.codec_type === "audio")!];
      expect([v.codec_name, v.width, v.height, v.pix_fmt]).toEqual(["h264", 720, 1280, "yuv420p"]);
      expect(a.codec_name).toBe("aac");
      assertNoContainerMetadata(probed);
      // faststart: the index comes before the media data.
      const bytes = readFileSync(result.video.path);
      expect(bytes.indexOf("moov")).toBeLessThan(bytes.indexOf("mdat"));
      expect(result.video).toMatchObject({ fileName: "video.mp4", mime: "video/mp4", bytes: bytes.length });
      expect(result.durationMs).toBeGreaterThan(900);
      expect(result.durationMs).toBeLessThan(1200);
      // Poster: portrait, clean.
      expect(result.poster.map((p) => p.fileName).sort()).toEqual(["poster-display.jpg", "poster-display.webp", "poster-thumb.jpg", "poster-thumb.webp"]);
      for (const p of result.poster) {
        expect(p.width).toBeLessThan(p.height);
        await assertCleanImage(p);
      }
      expect(byName(result.poster, "poster-thumb").width).toBe(320);
      // Progress: increasing whole percents, ending at 100.
      expect(progress.at(-1)).toBe(100);
      expect([...progress].sort((x, y) => x - y)).toEqual(progress);
      expect(new Set(progress).size).toBe(progress.length);
    });
  });

  it("transcodes HEVC in QuickTime to H.264 and drops its location", async () => {
    expect(ffprobe(fixturePath("hevcMov")).format.tags?.["location"]).toBeDefined();
    await inScratch("hevcMov", async (file, scratch) => {
      const result = await video(file, scratch);
      expect(result.source.codec).toBe("hevc");
      const probed = ffprobe(result.video.path);
      expect(probed.streams.map((s) => s.codec_name).sort()).toEqual(["aac", "h264"]);
      expect([result.width, result.height]).toEqual([480, 270]);
      assertNoContainerMetadata(probed);
    });
  });

  it("tone-maps 10-bit HLG (iPhone HDR) to 8-bit BT.709", async () => {
    await inScratch("hevcHlg", async (file, scratch) => {
      const result = await video(file, scratch);
      expect(result.source.hdr).toBe(true);
      expect(result.hasAudio).toBe(false);
      const v = ffprobe(result.video.path).streams[0]!;
      expect(v.pix_fmt).toBe("yuv420p");
      expect(v.color_transfer).toBe("bt709");
    });
  });

  it("keeps a variable-frame-rate clip's timing without duplicating frames", async () => {
    const source = ffprobe(fixturePath("vfr"));
    const [sv, sa] = [source.streams.find((s) => s.codec_type === "video")!, source.streams.find((s) => s.codec_type === "audio")!];
    // 30 fps for the first second, then 10 fps: 50 frames, where constant 30 fps would make ~85.
    expect(Number(sv.nb_frames)).toBe(50);
    await inScratch("vfr", async (file, scratch) => {
      const result = await video(file, scratch);
      const probed = ffprobe(result.video.path);
      const v = probed.streams.find((s) => s.codec_type === "video")!;
      const a = probed.streams.find((s) => s.codec_type === "audio")!;
      expect(Number(v.nb_frames)).toBe(50);
      expect(Math.abs(Number(v.duration) - Number(sv.duration))).toBeLessThan(0.05);
      expect(Math.abs(Number(a.duration) - Number(sa.duration))).toBeLessThan(0.05);
    });
  });

  it("makes no audio track for a silent input", async () => {
    await inScratch("noAudio", async (file, scratch) => {
      const result = await video(file, scratch);
      expect(result.hasAudio).toBe(false);
      expect(ffprobe(result.video.path).streams.map((s) => s.codec_type)).toEqual(["video"]);
      expect([result.width, result.height]).toEqual([640, 360]);
    });
  });

  it("makes odd-sized WebM/VP9 even-sized MP4", async () => {
    await inScratch("oddWebm", async (file, scratch) => {
      const result = await video(file, scratch);
      expect([result.width, result.height]).toEqual([320, 240]);
      expect(ffprobe(result.video.path).streams.map((s) => s.codec_name).sort()).toEqual(["aac", "h264"]);
    });
  });

  it("still makes a poster when the picture ends before the poster time", async () => {
    await inScratch("shortPicture", async (file, scratch) => {
      const result = await video(file, scratch);
      expect(result.poster).toHaveLength(4);
      expect(byName(result.poster, "poster-display")).toMatchObject({ width: 320, height: 240 });
    });
  });

  it.each([
    ["audioOnlyMp4", "video_no_video_stream"],
    ["recordingM4a", "video_no_video_stream"],
    ["zipAsMp4", "archive_not_allowed"],
    ["hlsAsMp4", "playlist_not_allowed"],
    ["ffconcatAsMp4", "concat_list_not_allowed"],
    ["empty", "empty_file"],
    ["corruptVideo", "video_corrupt"],
    ["tooLong", "video_too_long"],
    ["photoWebp", "wrong_kind"],
  ] as const)("refuses %s as %s", async (fixture, code) => {
    const error = await expectRefusal(fixture, video, code);
    expect(error.permanent).toBe(true);
    if (code === "video_too_long") expect(error.params).toMatchObject({ maxMinutes: 5, maxSeconds: 300 });
  });

  it("stops at the time limit, kills ffmpeg and leaves nothing behind", async () => {
    await inScratch("portraitRot90", async (file, scratch) => {
      const error = await video(file, scratch, { timeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MediaError);
      expect((error as MediaError).code).toBe("processing_timeout");
      expect((error as MediaError).permanent).toBe(false);
      expect(processesMentioning(scratch)).toEqual([]);
      expect(filesUnder(scratch)).toEqual(["upload"]);
    });
  });

  it("kills ffmpeg when the job is called off mid-transcode, as a transient failure, leaving nothing behind", async () => {
    await inScratch("portraitRot90", async (file, scratch) => {
      const controller = new AbortController();
      let calledOffAt = 0;
      const error = await video(file, scratch, {
        // Called off once ffmpeg has reported progress, i.e. while it is encoding.
        onProgress: () => {
          if (!calledOffAt) {
            calledOffAt = Date.now();
            controller.abort(new Error("worker stopping"));
          }
        },
        signal: controller.signal,
      }).catch((e: unknown) => e);
      expect(calledOffAt).toBeGreaterThan(0);
      expect(error).toBeInstanceOf(MediaError);
      expect((error as MediaError).code).toBe("internal");
      expect((error as MediaError).permanent).toBe(false);
      expect((error as MediaError).detail).toContain("worker stopping");
      expect(processesMentioning(scratch)).toEqual([]);
      expect(filesUnder(scratch)).toEqual(["upload"]);
    });
  });

  it("does not start ffprobe or ffmpeg for a job already called off", async () => {
    await inScratch("portraitRot90", async (file, scratch) => {
      const error = await video(file, scratch, { signal: AbortSignal.abort(new Error("expired")) }).catch((e: unknown) => e);
      expect((error as MediaError).code).toBe("internal");
      expect((error as MediaError).detail).toContain("expired");
      expect(filesUnder(scratch)).toEqual(["upload"]);
    });
  });

  it("SIGKILLs a running ffmpeg at its time limit and settles only once it has exited", async () => {
    await inScratch("portraitRot90", async (file, scratch) => {
      const probe = await probeMedia({ inputPath: file, kind: "video" });
      const output = path.join(scratch, "out.mp4");
      const started = Date.now();
      const error = await runFfmpeg(buildVideoTranscode({ inputPath: file, outputPath: output, probe, maxDurationSec: 300, capabilities: getFfmpegCapabilities() }), {
        timeoutMs: 50, // less than ffmpeg needs to load its libraries and encode ten 1080p frames
        failureCode: "video_corrupt",
      }).catch((e: unknown) => e);
      expect((error as MediaError).code).toBe("processing_timeout");
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(processesMentioning(output)).toEqual([]);
    });
  });
});

// --- hostile lists: never followed ---------------------------------------------

describe("playlists and concat lists", () => {
  it("ffprobe and ffmpeg refuse them even when sniffing is bypassed, opening nothing they name", async () => {
    const listener = await connectionCounter();
    await withScratchDir(async (scratch) => {
      scratchDirsSeen.push(scratch);
      await copyFile(fixturePath("referencedMarker"), path.join(scratch, "referenced-marker.bin"));
      const tripwire = await fifoTripwire(path.join(scratch, "tripwire.ts"));
      const playlist = path.join(scratch, "upload-hls");
      await writeFile(
        playlist,
        [
          "#EXTM3U", "#EXT-X-TARGETDURATION:1",
          "#EXTINF:1,", path.join(scratch, "tripwire.ts"),
          "#EXTINF:1,", "referenced-marker.bin",
          "#EXTINF:1,", `http://127.0.0.1:${listener.port}/segment.ts`,
          "#EXT-X-ENDLIST", "",
        ].join("\n"),
      );
      const concat = path.join(scratch, "upload-concat");
      await writeFile(concat, `ffconcat version 1.0\nfile '${path.join(scratch, "tripwire.ts")}'\nfile 'referenced-marker.bin'\n`);
      await copyFile(fixturePath("hlsAsMp4"), path.join(scratch, "fixture-hls"));
      await copyFile(fixturePath("ffconcatAsMp4"), path.join(scratch, "fixture-concat"));
      try {
        for (const list of [playlist, concat, path.join(scratch, "fixture-hls"), path.join(scratch, "fixture-concat")]) {
          for (const kind of ["video", "audio"] as const) {
            const probeError = await probeMedia({ inputPath: list, kind }).catch((e: unknown) => e);
            expect((probeError as MediaError).code, `${path.basename(list)} ${kind}`).toBe("media_format_not_allowed");
          }
          // ffmpeg itself, handed the list as if probing had passed.
          const fakeProbe: MediaProbe = parseProbe({
            format: { format_name: "mov,mp4,m4a,3gp,3g2,mj2", duration: "3" },
            streams: [{ index: 0, codec_type: "video", codec_name: "h264", width: 320, height: 240 }],
          });
          const output = path.join(scratch, `out-${path.basename(list)}.mp4`);
          const ffmpegError = await runFfmpeg(buildVideoTranscode({ inputPath: list, outputPath: output, probe: fakeProbe, maxDurationSec: 300, capabilities: getFfmpegCapabilities() }), {
            timeoutMs: 20_000,
            failureCode: "video_corrupt",
          }).catch((e: unknown) => e);
          expect((ffmpegError as MediaError).code).toBe("media_format_not_allowed");
          expect(existsSync(output) ? statSync(output).size : 0).toBe(0);
        }
        const identified = await identifyMedia(playlist);
        expect(identified).toMatchObject({ ok: false, code: "playlist_not_allowed" });
        expect(tripwire.wasOpened(), "a referenced local file was opened").toBe(false);
        expect(listener.count(), "a referenced URL was fetched").toBe(0);
        assertNoMarker(scratch);
      } finally {
        await tripwire.close();
        await listener.close();
      }
    });
  });
});

// --- audio -------------------------------------------------------------------

async function meanVolumeDb(file: string): Promise<number> {
  const { stderr } = await execFileAsync(ffmpegPath(), ["-hide_banner", "-nostats", "-i", file, "-af", "volumedetect", "-f", "null", "-"]);
  return Number(/mean_volume:\s*(-?[\d.]+) dB/.exec(stderr)?.[1]);
}

describe("audio", () => {
  it("normalises a quiet phone recording into mono AAC .m4a without tags", async () => {
    await inScratch("recordingM4a", async (file, scratch) => {
      const progress: number[] = [];
      const result = await audio(file, scratch, { onProgress: (p) => progress.push(p) });
      expect(progress.at(-1)).toBe(100);
      expect([...progress].sort((x, y) => x - y)).toEqual(progress);
      const probed = ffprobe(result.audio.path);
      expect(probed.streams).toHaveLength(1);
      expect(probed.streams[0]).toMatchObject({ codec_name: "aac", channels: 1, sample_rate: "48000" });
      expect(probed.format.tags?.["major_brand"]?.trim()).toBe("M4A");
      assertNoContainerMetadata(probed);
      expect(result.audio).toMatchObject({ fileName: "audio.m4a", mime: "audio/mp4", channels: 1, sampleRate: 48_000 });
      expect(Math.abs(result.durationMs - 3000)).toBeLessThan(150);
      // loudnorm lifted the -30 dB recording substantially.
      expect((await meanVolumeDb(result.audio.path)) - (await meanVolumeDb(file))).toBeGreaterThan(10);
    });
  });

  it.each([
    ["recordingAmr", "amr", 2000],
    ["recordingWav", "wav", 2000],
    ["recordingMp3", "mp3", 2000],
    ["recordingWebm", "webm", 2000],
  ] as const)("accepts %s", async (fixture, container, ms) => {
    await inScratch(fixture, async (file, scratch) => {
      const result = await audio(file, scratch);
      expect(result.source.container).toBe(container);
      expect(Math.abs(result.durationMs - ms)).toBeLessThan(150);
      const probed = ffprobe(result.audio.path);
      expect(probed.streams.map((s) => s.codec_name)).toEqual(["aac"]);
      assertNoContainerMetadata(probed);
    });
  });

  it("keeps only the sound of a recording made as a video", async () => {
    await inScratch("portraitRot90", async (file, scratch) => {
      const result = await audio(file, scratch);
      expect(ffprobe(result.audio.path).streams.map((s) => s.codec_type)).toEqual(["audio"]);
    });
  });

  it("refuses over-long recordings, also when only decoding tells the length", async () => {
    const error = await expectRefusal("recordingM4a", (f, s) => audio(f, s, { maxDurationSeconds: 2 }), "audio_too_long");
    expect(error.params).toMatchObject({ maxSeconds: 2 });
    // MediaRecorder WebM has no duration in its header.
    expect(ffprobe(fixturePath("recordingWebm")).format.duration).toBeUndefined();
    await expectRefusal("recordingWebm", (f, s) => audio(f, s, { maxDurationSeconds: 1 }), "audio_too_long");
  });

  it.each([
    ["noAudio", "audio_no_audio_stream"],
    ["photoExif6Gps", "wrong_kind"],
    ["hlsAsMp4", "playlist_not_allowed"],
    ["empty", "empty_file"],
  ] as const)("refuses %s as %s", async (fixture, code) => {
    await expectRefusal(fixture, audio, code);
  });
});

describe("identifyMedia", () => {
  it.each([
    ["recordingWebm", "audio"],
    ["oddWebm", "video"],
    ["audioOnlyMp4", "audio"],
    ["recordingAmr", "audio"],
    ["portraitRot90", "video"],
    ["iphoneHeic", "image"],
  ] as const)("%s is %s", async (fixture, kind) => {
    await inScratch(fixture, async (file) => {
      expect(await identifyMedia(file)).toMatchObject({ ok: true, kind });
    });
  });
});
