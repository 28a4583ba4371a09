// "Can this machine do the job right now?", answered by doing it: each lane's
// engine runs on a tiny known-good sample (media-worker/media/samples/) in a
// scratch dir of its own, with the tools and capabilities the worker resolved.
//
// The worker uses the answer twice: at boot (a lane that fails does not claim
// jobs, so files wait instead of failing), and after a job failed on a tool's
// verdict (the file is blamed only if the sample still goes through; otherwise
// the tool, the disk or the memory is at fault, and the job is retried).
import { copyFile, statfs } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { MEDIA_QUEUE_NAMES, type MediaQueueName } from "../../app/domain/jobs.ts";
import { MediaError } from "../../app/domain/media-failures.ts";
import { processAudio } from "./audio.ts";
import { processImage } from "./image.ts";
import { getScratchRoot, withScratchDir } from "./scratch.ts";
import { getToolPaths } from "./tools.ts";
import { processVideo } from "./video.ts";

export const MEDIA_LANES = MEDIA_QUEUE_NAMES;
export type MediaLane = MediaQueueName;

/** Stable codes, shown through the catalog (`mediaLane.problem.<code>`); never rename one. */
export const LANE_PROBLEMS = ["ffmpeg_missing", "ffprobe_missing", "tool_broken", "disk_full", "scratch_unwritable", "engine_broken"] as const;
export type LaneProblemCode = (typeof LANE_PROBLEMS)[number];

export type LaneProblem = { code: LaneProblemCode; detail: string };
export type SelfTestResult = { ok: true; ms: number } | { ok: false; problem: LaneProblem };

/** Below this much free space in the scratch root a lane does not claim jobs (a 5-minute video needs more). */
export const MIN_FREE_SCRATCH_BYTES = 16 * 1024 * 1024;

const SAMPLES_DIR = fileURLToPath(new URL("./samples/", import.meta.url));

const SAMPLE: Record<MediaLane, string[]> = {
  "media-image": ["sample.jpg", "sample.heic"],
  "media-video": ["sample.mp4"],
  "media-audio": ["sample.m4a"],
};

export async function selfTestLane(lane: MediaLane, options: { timeoutMs?: number } = {}): Promise<SelfTestResult> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    await assertFreeSpace();
    await withScratchDir(async (dir) => {
      for (const sample of SAMPLE[lane]) {
        const inputPath = path.join(dir, `upload-${sample}`);
        await copyFile(path.join(SAMPLES_DIR, sample), inputPath);
        await runSample(lane, { inputPath, scratchDir: dir, outputDir: path.join(dir, `out-${sample}`), timeoutMs });
      }
    }, `selftest-${lane.slice("media-".length)}`);
    return { ok: true, ms: Date.now() - started };
  } catch (error) {
    return { ok: false, problem: describeProblem(lane, error) };
  }
}

async function runSample(lane: MediaLane, o: { inputPath: string; scratchDir: string; outputDir: string; timeoutMs: number }): Promise<void> {
  switch (lane) {
    case "media-image":
      await processImage({ ...o, limits: { timeoutMs: o.timeoutMs } });
      return;
    case "media-video":
      await processVideo({ ...o, maxDurationSeconds: 10 });
      return;
    case "media-audio":
      await processAudio({ ...o, maxDurationSeconds: 10 });
      return;
  }
}

async function assertFreeSpace(): Promise<void> {
  const root = getScratchRoot();
  const stats = await statfs(root);
  const free = stats.bavail * stats.bsize;
  if (free < MIN_FREE_SCRATCH_BYTES) {
    throw Object.assign(new Error(`only ${Math.round(free / 1024)} KiB free in ${root}`), { code: "ENOSPC" });
  }
}

function describeProblem(lane: MediaLane, error: unknown): LaneProblem {
  const detail = error instanceof MediaError ? (error.detail ?? error.code) : error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOSPC" || code === "EDQUOT" || /No space left on device|Disk quota exceeded/i.test(detail)) return { code: "disk_full", detail };
  if (code === "EACCES" || code === "EROFS" || code === "EPERM") return { code: "scratch_unwritable", detail };
  if (/ffprobe is not installed/.test(detail)) return { code: "ffprobe_missing", detail: `${detail} (${getToolPaths().ffprobe})` };
  if (/ffmpeg is not installed/.test(detail)) return { code: "ffmpeg_missing", detail: `${detail} (${getToolPaths().ffmpeg})` };
  if (lane !== "media-image" || (error instanceof MediaError && error.tool)) return { code: "tool_broken", detail };
  return { code: "engine_broken", detail };
}
