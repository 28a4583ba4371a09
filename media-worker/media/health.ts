// For the worker's boot: which tools answer, and a warm-up so the first job
// does not pay for fluent-ffmpeg's one-off capability scan.
import { warmUpFfmpeg } from "./ffmpeg.ts";
import { getToolPaths, runTool } from "./tools.ts";

export type ToolCheck = { ffmpeg: string | null; ffprobe: string | null; heifConvert: boolean };

/**
 * Version line per tool (null = missing). Without heif-convert, iPhone photos
 * fail with heic_unsupported; without ffmpeg/ffprobe, video and audio jobs fail
 * with internal (and are retried). Log the result loudly at boot.
 */
export async function checkMediaTools(): Promise<ToolCheck> {
  const paths = getToolPaths();
  const version = async (command: string) => {
    try {
      const r = await runTool(command, ["-version"], { timeoutMs: 10_000 });
      return r.code === 0 ? (r.stdout.split("\n")[0] ?? "").trim() : null;
    } catch {
      return null;
    }
  };
  const heifConvert = await runTool(paths.heifConvert, ["--help"], { timeoutMs: 10_000 }).then(
    () => true,
    () => false,
  );
  const ffmpeg = await version(paths.ffmpeg);
  if (ffmpeg) await warmUpFfmpeg().catch(() => undefined);
  return { ffmpeg, ffprobe: await version(paths.ffprobe), heifConvert };
}
