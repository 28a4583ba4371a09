// media.process-image / -video / -audio: one uploaded original → web
// renditions in the object store and a READY (or FAILED, with why) asset.
//
// Each run:
//  1. claims the asset (UPLOADED/PROCESSING → PROCESSING, attempts + 1: the
//     fencing token); nothing to claim (deleted, already READY or FAILED, a
//     stale duplicate) → the job completes doing nothing;
//  2. downloads the original into a fresh scratch dir (removed in `finally`,
//     whatever happens), runs the engine with the category's duration limit
//     and the lane's time limit, reporting video/audio progress;
//  3. uploads every output under a deterministic key (a re-run overwrites the
//     same objects) and commits READY with the rendition rows in one
//     transaction (rows upserted: a re-run adds no duplicates).
// Only evidence about the file may fail the file:
// - a refusal decided from the bytes (sniffing, limits) marks the asset FAILED
//   with its code and ends the job without retries;
// - a tool's verdict (ffprobe/ffmpeg/HEIF decoder said "corrupt") counts the
//   same way only if the lane's self-test passes right after; if the sample
//   fails too, the tool, disk or memory is at fault: the lane stops claiming
//   jobs (../lanes.ts) and this one is retried;
// - a system failure (store or database away, disk full, a tool that would not
//   start) hands the asset back (UPLOADED, "稍后自动重试") and pg-boss retries
//   with backoff for hours; only after the last attempt is it recorded FAILED,
//   with words that send the family to the organiser, who sees it in the queue;
// - a file that keeps hitting the lane's time limit stops after
//   MAX_PROCESSING_TIMEOUTS runs: it is too heavy for this server.
import path from "node:path";
import type { MediaKind } from "~/generated/prisma/client.ts";
import { MAX_PROCESSING_TIMEOUTS } from "~/domain/jobs.ts";
import { MediaError, isMediaError, toMediaFailure, type MediaFailure } from "~/domain/media-failures.ts";
import {
  beginProcessing,
  completeProcessing,
  createProgressWriter,
  failProcessing,
  recordTimeout,
  releaseForRetry,
  renditionKey,
  type ProcessingClaim,
  type RenditionInput,
} from "~/server/media/assets.server.ts";
import type { Db } from "~/server/db/db.server.ts";
import { errorFields } from "~/server/platform/log.server.ts";
import { PermanentJobError, type JobContext, type JobHandler } from "~/server/jobs/queue.server.ts";
import { ObjectNotFoundError, type ObjectStore } from "~/server/storage/storage.server.ts";
import type { LaneHealth } from "../lanes.ts";
import { processAudio, processImage, processVideo, withScratchDir, type ImageRendition, type MediaLane, type MediaOutput } from "../media/index.ts";

export interface ProcessMediaDeps {
  db: Db;
  store: ObjectStore;
  /** Per-kind time limit for one job, milliseconds. */
  timeoutsMs: Record<MediaKind, number>;
  /** Used when a category sets no duration limit (text/photo categories never reach video). */
  defaultMaxDurationSeconds?: number;
  /** Confirms a tool's verdict against the lane's self-test (and switches a failing lane off). */
  lanes: LaneHealth;
}

/** A produced file, before upload: where it is and what its row says. */
type Output = RenditionInput & { path: string };

type Produced = { detectedMime: string; width?: number; height?: number; durationMs?: number; outputs: Output[] };

const DEFAULT_MAX_DURATION_SECONDS = 10 * 60;

const JOB_KIND = {
  "media.process-image": "IMAGE",
  "media.process-video": "VIDEO",
  "media.process-audio": "AUDIO",
} as const;

const LANE_OF: Record<MediaKind, MediaLane> = { IMAGE: "media-image", VIDEO: "media-video", AUDIO: "media-audio" };

type MediaJob = keyof typeof JOB_KIND;

export function createProcessMediaHandler<N extends MediaJob>(job: N, deps: ProcessMediaDeps): JobHandler<N> {
  const expectedKind = JOB_KIND[job];
  return async (payload, ctx) => {
    const claim = await beginProcessing(payload.assetId, deps.db);
    if (!claim) {
      ctx.log.info("nothing to process: asset gone, deleted, or already settled", { assetId: payload.assetId, jobId: ctx.jobId });
      return { skipped: true };
    }
    if (claim.kind !== expectedKind) {
      // A bug or a hand-made job: the wrong lane must not touch it. FAILED shows it to the
      // organisers, whose retry queues the job on the lane the row's kind names.
      await failProcessing(claim, { code: "internal", detail: `job ${job} does not handle ${claim.kind}` }, deps.db);
      throw new PermanentJobError(`asset ${claim.assetId} is ${claim.kind}, not ${expectedKind}`, "wrong_lane");
    }
    const progress = createProgressWriter(claim, deps.db);
    try {
      const produced = await withScratchDir(async (dir) => {
        const inputPath = path.join(dir, "original");
        await download(deps.store, claim.originalKey, inputPath);
        // ctx.signal: pg-boss calls the job off when the worker stops or the job expires; ffmpeg is killed then.
        const result = await produce(claim, { inputPath, scratchDir: dir }, deps, progress, ctx.signal);
        // Upload inside the scratch dir's lifetime; deterministic keys make a re-run overwrite.
        for (const output of result.outputs) {
          await deps.store.putFile(renditionKey(claim, output), output.path, { contentType: output.mime });
        }
        return result;
      }, `${expectedKind.toLowerCase()}-${claim.assetId}`);
      await progress.flush();
      const committed = await completeProcessing(
        claim,
        {
          detectedMime: produced.detectedMime,
          width: produced.width,
          height: produced.height,
          durationMs: produced.durationMs,
          renditions: produced.outputs.map(({ path: _path, ...rendition }) => rendition),
        },
        deps.db,
      );
      if (!committed) {
        ctx.log.warn("processing finished but the asset was claimed by a newer run or deleted", { assetId: claim.assetId });
        return { assetId: claim.assetId, committed: false };
      }
      return { assetId: claim.assetId, committed: true, renditions: produced.outputs.length };
    } catch (error) {
      await progress.flush();
      return settleFailure(error, claim, ctx, deps);
    }
  };
}

async function settleFailure(error: unknown, claim: ProcessingClaim, ctx: JobContext, deps: ProcessMediaDeps): Promise<never> {
  const detail = describe(error);
  const failure = await weighEvidence(error, claim, deps, ctx);
  if (failure.permanent) {
    await failProcessing(claim, { code: failure.code, params: failure.params, detail }, deps.db);
    throw new PermanentJobError(`asset ${claim.assetId}: ${failure.code}`, failure.code, { cause: error });
  }
  if (failure.code === "processing_timeout" && (await recordTimeout(claim, deps.db)) >= MAX_PROCESSING_TIMEOUTS) {
    await failProcessing(claim, { code: "processing_timeout", detail: `${detail} (${MAX_PROCESSING_TIMEOUTS} runs hit the time limit)` }, deps.db);
    throw new PermanentJobError(`asset ${claim.assetId}: timed out ${MAX_PROCESSING_TIMEOUTS} times`, "processing_timeout", { cause: error });
  }
  if (ctx.attempt >= ctx.retryLimit) {
    // Out of retries: the file needs a person now. FAILED with a system code tells the family so, and
    // puts the file among the organiser's "因系统原因失败" files with its retry button.
    await failProcessing(claim, { code: failure.code, params: failure.params, detail }, deps.db);
    ctx.log.error("media job failed on its last attempt: the file needs an organiser", { assetId: claim.assetId, code: failure.code, ...errorFields(error) });
  } else {
    await releaseForRetry(claim, detail, deps.db);
  }
  throw error instanceof Error ? error : new Error(detail);
}

/**
 * What the failure says about the file. A tool's verdict is the file's fault
 * only if the lane still handles its sample; otherwise (and for any system
 * failure) the lane is re-tested, which switches it off when the machine is
 * at fault.
 */
async function weighEvidence(error: unknown, claim: ProcessingClaim, deps: ProcessMediaDeps, ctx: JobContext): Promise<MediaFailure> {
  const failure = toMediaFailure(error);
  // Called off (the worker is stopping, the job expired): nothing to learn about the file or the lane.
  if (ctx.signal.aborted) return failure;
  const lane = LANE_OF[claim.kind];
  const toolVerdict = failure.permanent && isMediaError(error) && error.tool !== undefined;
  if (!toolVerdict && (failure.permanent || failure.code !== "internal")) return failure;
  const healthy = await deps.lanes.confirm(lane).catch(() => false);
  if (toolVerdict && !healthy) {
    ctx.log.warn("a tool refused the file, but the lane's self-test fails too: blaming the machine, not the file", { assetId: claim.assetId, lane, code: failure.code });
    return { code: "internal", permanent: false };
  }
  return failure;
}

async function download(store: ObjectStore, key: string, filePath: string): Promise<void> {
  try {
    await store.getToFile(key, filePath);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) throw new MediaError("original_missing", { detail: key, cause: error });
    throw error;
  }
}

async function produce(
  claim: ProcessingClaim,
  files: { inputPath: string; scratchDir: string },
  deps: ProcessMediaDeps,
  onProgress: (percent: number) => void,
  signal: AbortSignal,
): Promise<Produced> {
  const timeoutMs = deps.timeoutsMs[claim.kind];
  const maxDurationSeconds = claim.limits.maxDurationSeconds ?? deps.defaultMaxDurationSeconds ?? DEFAULT_MAX_DURATION_SECONDS;
  switch (claim.kind) {
    case "IMAGE": {
      const result = await processImage({ ...files, limits: { timeoutMs } });
      return { detectedMime: result.sourceMime, width: result.width, height: result.height, outputs: result.renditions.map(fromImage) };
    }
    case "VIDEO": {
      const result = await processVideo({ ...files, maxDurationSeconds, timeoutMs, onProgress, signal });
      const video: Output = {
        ...fromOutput(result.video),
        width: result.video.width,
        height: result.video.height,
        durationMs: result.video.durationMs,
      };
      return {
        detectedMime: result.sourceMime,
        width: result.width,
        height: result.height,
        durationMs: result.durationMs,
        outputs: [video, ...result.poster.map(fromImage)],
      };
    }
    case "AUDIO": {
      const result = await processAudio({ ...files, maxDurationSeconds, timeoutMs, onProgress, signal });
      return {
        detectedMime: result.sourceMime,
        durationMs: result.durationMs,
        outputs: [{ ...fromOutput(result.audio), durationMs: result.audio.durationMs }],
      };
    }
  }
}

function splitFileName(fileName: string): { name: string; ext: string } {
  const dot = fileName.lastIndexOf(".");
  if (dot <= 0) throw new MediaError("internal", { detail: `output without an extension: ${fileName}` });
  return { name: fileName.slice(0, dot), ext: fileName.slice(dot + 1) };
}

function fromImage(r: ImageRendition): Output {
  return { ...splitFileName(r.fileName), mime: r.mime, width: r.width, height: r.height, bytes: r.bytes, path: r.path };
}

function fromOutput(o: MediaOutput): Output {
  return { ...splitFileName(o.fileName), mime: o.mime, bytes: o.bytes, path: o.path };
}

function describe(error: unknown): string {
  if (isMediaError(error)) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
