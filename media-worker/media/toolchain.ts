// Which media tools this machine has, found the same way by `npm start`, the
// worker and the tests: a configured path first, then the system's (Debian's
// ffmpeg is maintained and patched), then the binaries that `npm install`
// brings (@ffmpeg-installer / @ffprobe-installer, optional dependencies). HEIF
// tools (heif-convert, heif-info) are used when the system has them; HEIC is
// otherwise decoded in WebAssembly (heif.ts), so no lane needs them.
//
// Then what the chosen ffmpeg can do (FfmpegCapabilities): the engine builds
// its arguments for that binary, so the 2018 build gets `-vsync` where a
// current one gets `-fps_mode`.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseFfmpegCapabilities, type FfmpegCapabilities } from "../../app/domain/transcode-profiles.ts";
import { configureFfmpegCapabilities } from "./ffmpeg.ts";
import { heifDecoderName } from "./heif.ts";
import { configureMediaTools, runTool, toolsDieWithWorker } from "./tools.ts";

export type ToolSource = "configured" | "system" | "bundled" | "missing";

export interface ResolvedMediaTools {
  ffmpegPath?: string;
  ffprobePath?: string;
  source: ToolSource;
  /** Debian's libheif-examples, when installed (faster than the WebAssembly decoder). */
  heifConvertPath?: string;
  heifInfoPath?: string;
  /** Printed loudly at start when set. */
  warning?: string;
}

export const BUNDLED_FFMPEG_WARNING =
  "No system ffmpeg: using the binaries from the @ffmpeg-installer/@ffprobe-installer packages. That ffmpeg " +
  "was built in December 2018 and carries years of unfixed security bugs in its decoders: fine for trying " +
  "the platform on this machine, but do NOT let this server face the internet (uploads are decoded by it). " +
  "Install the system ffmpeg instead (apt-get install ffmpeg).";

export const MISSING_FFMPEG_WARNING =
  "No ffmpeg/ffprobe found (not on PATH, and the optional @ffmpeg-installer packages are absent). " +
  "The platform runs, but videos and recordings wait unprocessed until ffmpeg is installed (apt-get install ffmpeg).";

export function resolveMediaTools(configured: { ffmpegPath?: string | undefined; ffprobePath?: string | undefined } = {}): ResolvedMediaTools {
  const heif = { heifConvertPath: onPath("heif-convert"), heifInfoPath: onPath("heif-info") };
  const heifTools = heif.heifConvertPath && heif.heifInfoPath ? heif : {};
  if (configured.ffmpegPath && configured.ffprobePath) {
    return { ffmpegPath: configured.ffmpegPath, ffprobePath: configured.ffprobePath, source: "configured", ...heifTools };
  }
  const system = { ffmpegPath: onPath("ffmpeg"), ffprobePath: onPath("ffprobe") };
  if (system.ffmpegPath && system.ffprobePath) return { ...system, source: "system", ...heifTools };
  const bundled = { ffmpegPath: bundledBinary("@ffmpeg-installer/ffmpeg"), ffprobePath: bundledBinary("@ffprobe-installer/ffprobe") };
  if (bundled.ffmpegPath && bundled.ffprobePath) return { ...bundled, source: "bundled", warning: BUNDLED_FFMPEG_WARNING, ...heifTools };
  return { source: "missing", warning: MISSING_FFMPEG_WARNING, ...heifTools };
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function bundledBinary(pkg: string): string | undefined {
  let file: string;
  try {
    file = (createRequire(import.meta.url)(pkg) as { path: string }).path;
  } catch {
    return undefined; // optional dependency not installed (other platform, --omit=optional)
  }
  if (!isExecutable(file)) {
    // npm 11 skips install scripts unless approved, and @ffprobe-installer's
    // postinstall is what sets the run bit: set it here instead.
    try {
      fs.chmodSync(file, 0o755);
    } catch {
      return undefined;
    }
  }
  return isExecutable(file) ? file : undefined;
}

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    // A file with no execute bit at all (a binary masked by a bind-mounted /dev/null, say) is not a tool,
    // even for root, whom access(X_OK) would otherwise let through.
    if (!stat.isFile() || (stat.mode & 0o111) === 0) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export type FfmpegProbe = { version: string; capabilities: FfmpegCapabilities };

/**
 * Version and capabilities of the ffmpeg at `ffmpegPath`. Throws when it does
 * not run (missing, not executable, wrong architecture, crashes), with the
 * tool's own words in the message.
 */
export async function probeFfmpeg(ffmpegPath: string, timeoutMs = 15_000): Promise<FfmpegProbe> {
  const run = async (args: string[]) => {
    const result = await runTool(ffmpegPath, ["-hide_banner", ...args], { timeoutMs });
    if (result.code !== 0) throw new Error(`${ffmpegPath} ${args.join(" ")} exited ${result.code ?? result.signal}: ${result.stderr.trim().slice(-500)}`);
    return result.stdout;
  };
  const version = (await run(["-version"])).split("\n")[0]?.trim() ?? "";
  const [helpLong, filters, decoders] = [await run(["-h", "long"]), await run(["-filters"]), await run(["-decoders"])];
  return { version, capabilities: parseFfmpegCapabilities({ helpLong, filters, decoders }) };
}

export type EngineSetup = {
  tools: ResolvedMediaTools;
  /** "ffmpeg version 5.1.9 …", or why it would not answer. */
  ffmpeg: { version: string; capabilities: FfmpegCapabilities } | { problem: string };
  heifDecoder: "heif-convert" | "wasm";
  /** Tools die with the worker by the kernel's hand (setpriv --pdeathsig). */
  toolsDieWithWorker: boolean;
};

/**
 * Points the engine at this machine's tools and the resolved ffmpeg's
 * capabilities; the worker's boot and the media tests call it, so both run
 * what `npm start` would. Never throws: a missing or broken ffmpeg is reported
 * in the result (the lanes' self-tests then keep those lanes idle).
 */
export async function setUpMediaEngine(configured: { ffmpegPath?: string | undefined; ffprobePath?: string | undefined } = {}): Promise<EngineSetup> {
  const tools = resolveMediaTools(configured);
  configureMediaTools({
    ffmpeg: tools.ffmpegPath ?? "ffmpeg",
    ffprobe: tools.ffprobePath ?? "ffprobe",
    heifConvert: tools.heifConvertPath ?? "",
    heifInfo: tools.heifInfoPath ?? "",
  });
  let ffmpeg: EngineSetup["ffmpeg"];
  try {
    ffmpeg = await probeFfmpeg(tools.ffmpegPath ?? "ffmpeg");
    configureFfmpegCapabilities(ffmpeg.capabilities);
  } catch (error) {
    ffmpeg = { problem: error instanceof Error ? error.message : String(error) };
  }
  return { tools, ffmpeg, heifDecoder: heifDecoderName(), toolsDieWithWorker: toolsDieWithWorker() };
}

/** One line for logs and the lane status: "ffmpeg 5.1.9-0+deb12u1 (system) · HEIC: heif-convert". */
export function describeEngine(setup: EngineSetup): string {
  const version = "version" in setup.ffmpeg ? (/version (\S+)/.exec(setup.ffmpeg.version)?.[1] ?? "?") : "not working";
  return `ffmpeg ${version} (${setup.tools.source}) · HEIC: ${setup.heifDecoder}`;
}
