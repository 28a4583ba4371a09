// The media tools as `npm start` finds them (system first, else the binaries
// `npm install` brings), for every test that runs the engine or inspects its
// output: so `npm test` on a machine with nothing installed exercises the
// bundled ffmpeg and the WebAssembly HEIC decoder, and on CI (Debian's tools)
// those. Which ones ran is printed above the summary.
import { execFileSync } from "node:child_process";
import { getToolPaths, setUpMediaEngine, describeEngine, type EngineSetup } from "../../media-worker/media/index.ts";
import { addNotice } from "./notices.ts";

let setUp: Promise<EngineSetup> | undefined;

/** Configures this test process's engine once; resolves with what it found. */
export function setUpMachineMediaTools(): Promise<EngineSetup> {
  setUp ??= setUpMediaEngine().then((engine) => {
    if ("problem" in engine.ffmpeg) throw new Error(`no working ffmpeg on this machine: ${engine.ffmpeg.problem}`);
    addNotice(`media tools: ${describeEngine(engine)}`);
    return engine;
  });
  return setUp;
}

type ProbedStream = {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  color_transfer?: string;
  nb_frames?: string;
  duration?: string;
  channels?: number;
  sample_rate?: string;
  tags?: Record<string, string>;
  side_data_list?: unknown[];
};
export type Probed = { format: { format_name: string; duration?: string; tags?: Record<string, string> }; streams: ProbedStream[] };

/** ffprobe's JSON for a file, with the resolved ffprobe (call setUpMachineMediaTools first). */
export function ffprobeJson(file: string): Probed {
  return JSON.parse(execFileSync(getToolPaths().ffprobe, ["-v", "error", "-show_format", "-show_streams", "-of", "json", file]).toString()) as Probed;
}

/** The resolved ffmpeg's path (call setUpMachineMediaTools first). */
export function ffmpegPath(): string {
  return getToolPaths().ffmpeg;
}
