// What an upload really is: magic bytes first, then (for containers that can
// hold either) ffprobe with the allow-lists, so a WebM or 3GP voice recording
// is "audio" and an MP4 with a picture track is "video".
import { MediaError } from "../../app/domain/media-failures.ts";
import { AV_CONTAINERS, type Container, type DetectedType, type TypeRefusal } from "../../app/domain/media-kinds.ts";
import type { MediaProbe } from "../../app/domain/transcode-profiles.ts";
import { detectFileType } from "./detect.ts";
import { probeFile } from "./ffmpeg.ts";

export type Identified = DetectedType & { probe?: MediaProbe };

export async function identifyMedia(inputPath: string, options: { timeoutMs?: number } = {}): Promise<Identified | TypeRefusal> {
  const type = await detectFileType(inputPath);
  if (!type.ok || type.kind === "image") return type;
  let probe: MediaProbe;
  try {
    probe = await probeFile(inputPath, "audio", { timeoutMs: options.timeoutMs ?? 30_000 });
  } catch (error) {
    if (!(error instanceof MediaError) || !error.permanent) throw error;
    const code = error.code === "audio_corrupt" && type.kind === "video" ? "video_corrupt" : error.code;
    return { ok: false, code, detail: error.detail ?? error.code };
  }
  if (!(AV_CONTAINERS as readonly Container[]).includes(type.container)) return { ...type, probe };
  if (probe.video) return { ...type, kind: "video", probe };
  if (probe.audio) return { ...type, kind: "audio", mime: type.mime.replace(/^video\//, "audio/"), probe };
  return { ok: false, code: "video_no_video_stream", detail: "no picture or sound track" };
}

/** ffprobe a local file with the allow-lists for `kind`; throws MediaError. */
export function probeMedia(options: { inputPath: string; kind: "video" | "audio"; timeoutMs?: number }): Promise<MediaProbe> {
  return probeFile(options.inputPath, options.kind, { timeoutMs: options.timeoutMs ?? 30_000 });
}
