// The media engine's public API for the job handlers (media-worker/handlers/*).
// Pure and local: a file in a scratch dir in, files in the same scratch dir out;
// no database, object store or queue. Every failure is a MediaError with a
// stable code (app/domain/media-failures.ts) that says whether to retry.
export { MediaError, isMediaError, toMediaFailure, type MediaFailure, type MediaFailureCode } from "../../app/domain/media-failures.ts";
export type { MediaKind, Container, DetectedType, TypeRefusal, SniffResult } from "../../app/domain/media-kinds.ts";
export type { MediaProbe } from "../../app/domain/transcode-profiles.ts";
export { detectFileType } from "./detect.ts";
export { identifyMedia, probeMedia, type Identified } from "./identify.ts";
export { imageMemorySettings, processImage, type ImageLimits, type ImageRendition, type ImageResult, type ProcessImageOptions, type RenditionSpec } from "./image.ts";
export { processVideo, type ProcessVideoOptions, type VideoResult } from "./video.ts";
export { processAudio, type AudioResult, type ProcessAudioOptions } from "./audio.ts";
export { configureScratchRoot, createScratchDir, getScratchRoot, removeScratchDir, sweepStaleScratchDirs, withScratchDir } from "./scratch.ts";
export { configureMediaTools, getToolPaths, reapOrphanedTools, type ToolPaths } from "./tools.ts";
export { configureFfmpegCapabilities, getFfmpegCapabilities } from "./ffmpeg.ts";
export { describeEngine, resolveMediaTools, setUpMediaEngine, type EngineSetup, type ResolvedMediaTools } from "./toolchain.ts";
export { MEDIA_LANES, LANE_PROBLEMS, selfTestLane, type LaneProblem, type LaneProblemCode, type MediaLane, type SelfTestResult } from "./self-test.ts";
export type { MediaOutput } from "./shared.ts";
