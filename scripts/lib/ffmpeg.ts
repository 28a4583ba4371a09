// Finds ffmpeg and ffprobe for the embedded default: the system's (Debian's
// is maintained and patched) when on PATH, else the binaries shipped by the
// optional @ffmpeg-installer / @ffprobe-installer packages.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export type FfmpegSource = "configured" | "system" | "bundled" | "missing";

export interface FfmpegTools {
  ffmpegPath?: string;
  ffprobePath?: string;
  source: FfmpegSource;
  /** Printed loudly at start when set. */
  warning?: string;
}

const BUNDLED_WARNING =
  "No system ffmpeg: using the binaries from the @ffmpeg-installer/@ffprobe-installer packages. That ffmpeg " +
  "was built in December 2018 and carries years of unfixed security bugs in its decoders: fine for trying " +
  "the platform on this machine, but do NOT let this server face the internet (uploads are decoded by it). " +
  "Install the system ffmpeg instead (apt-get install ffmpeg).";

const MISSING_WARNING =
  "No ffmpeg/ffprobe found (not on PATH, and the optional @ffmpeg-installer packages are absent). " +
  "The platform runs, but videos and recordings cannot be processed: install ffmpeg (apt-get install ffmpeg).";

export function findFfmpeg(configured: { ffmpegPath?: string; ffprobePath?: string } = {}): FfmpegTools {
  if (configured.ffmpegPath && configured.ffprobePath) return { ...configured, source: "configured" };
  const system = { ffmpegPath: onPath("ffmpeg"), ffprobePath: onPath("ffprobe") };
  if (system.ffmpegPath && system.ffprobePath) return { ...system, source: "system" };
  const bundled = { ffmpegPath: bundledBinary("@ffmpeg-installer/ffmpeg"), ffprobePath: bundledBinary("@ffprobe-installer/ffprobe") };
  if (bundled.ffmpegPath && bundled.ffprobePath) return { ...bundled, source: "bundled", warning: BUNDLED_WARNING };
  return { source: "missing", warning: MISSING_WARNING };
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
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
