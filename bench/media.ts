// Media engine benchmark, side by side with baselines on the same inputs:
//
//   npx tsx bench/media.ts            # full run (~3–4 min on 2 cores)
//   npx tsx bench/media.ts --quick    # fewer rounds
//
// (a) image renditions per second: the engine vs a bare sharp script making
//     the same six renditions (the usual clone()-per-output idiom), target ≥ 0.8×
// (b) the engine vs ImageMagick `convert` making the same renditions, target ≥ 3×
// (c) video job wall time vs the plain ffmpeg command with identical
//     arguments (toFfmpegArgv of the same invocation), target ≤ 1.10×
// (d) peak RSS of an engine process working 2 photos at a time plus a video,
//     target < 512 MB (ffmpeg runs in its own process and is not counted)
//
// Each side runs in its own child process (sharp's global settings differ) and
// runs alternate, A B A B, so that machine noise falls on both. Inputs are made
// once into .tmp/bench/: four 12-MP JPEGs and a 20 s 1080p phone-like video.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BENCH_DIR = path.join(ROOT, ".tmp", "bench");
const PHOTOS = [1, 2, 3, 4].map((i) => path.join(BENCH_DIR, `photo-12mp-${i}.jpg`));
const VIDEO = path.join(BENCH_DIR, "video-1080p-20s.mp4");
const CONVERT = "/usr/bin/convert";
const WIDTHS = [2048, 1080, 320] as const;

// --- inputs -------------------------------------------------------------------

function makeInputs(): void {
  mkdirSync(BENCH_DIR, { recursive: true });
  PHOTOS.forEach((file, i) => {
    if (existsSync(file)) return;
    console.info(`making ${path.relative(ROOT, file)} …`);
    // Fractal plasma: photo-like detail, so encoders have real work to do.
    execFileSync(CONVERT, ["-seed", String(i + 1), "-size", "4032x3024", "plasma:fractal", "-blur", "0x0.7", "-quality", "92", file]);
  });
  if (!existsSync(VIDEO)) {
    console.info(`making ${path.relative(ROOT, VIDEO)} …`);
    execFileSync("ffmpeg", [
      "-hide_banner", "-loglevel", "error", "-y",
      "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=20",
      "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=20",
      "-vf", "noise=alls=10:allf=t+u", // sensor-like noise: phone video is not a clean test card
      "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", VIDEO,
    ]);
  }
}

// --- child modes (one side each) ----------------------------------------------

type ChildReport = { seconds: number; items: number; maxRssMb: number; cpuSeconds: number };

/** CPU seconds of this process plus its reaped children (ffmpeg, ffprobe, convert), from /proc/self/stat. */
function cpuSeconds(): number {
  const self = process.cpuUsage();
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(fields[13]) + Number(fields[14]); // cutime + cstime
  return (self.user + self.system) / 1e6 + ticks / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

async function childEngineImages(rounds: number): Promise<ChildReport> {
  const { processImage, withScratchDir } = await import("../media-worker/media/index.ts");
  return withScratchDir(async (scratch) => {
    await processImage({ inputPath: PHOTOS[0]!, scratchDir: scratch }); // warm-up (module init, libvips)
    const [started, cpu] = [performance.now(), cpuSeconds()];
    for (let r = 0; r < rounds; r++) for (const photo of PHOTOS) await processImage({ inputPath: photo, scratchDir: scratch });
    return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds() - cpu, items: rounds * PHOTOS.length, maxRssMb: maxRssMb() };
  }, "bench");
}

async function childBareImages(rounds: number): Promise<ChildReport> {
  const { default: sharp } = await import("sharp");
  const out = benchTempDir();
  const fit = (w: number) => ({ width: w, height: w * 4, fit: "inside" as const, withoutEnlargement: true });
  const once = async (photo: string) => {
    const base = sharp(photo, { limitInputPixels: 50_000_000, failOn: "error" }).rotate();
    await Promise.all(
      WIDTHS.flatMap((w) => [
        base.clone().resize(fit(w)).webp({ quality: 80, effort: 4 }).toFile(path.join(out, `${w}.webp`)),
        base.clone().resize(fit(w)).flatten({ background: "#ffffff" }).jpeg({ quality: 82, progressive: true }).toFile(path.join(out, `${w}.jpg`)),
      ]),
    );
  };
  try {
    await once(PHOTOS[0]!);
    const [started, cpu] = [performance.now(), cpuSeconds()];
    for (let r = 0; r < rounds; r++) for (const photo of PHOTOS) await once(photo);
    return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds() - cpu, items: rounds * PHOTOS.length, maxRssMb: maxRssMb() };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function childEngineVideo(): Promise<ChildReport> {
  const { setUpMediaEngine, processVideo, withScratchDir } = await import("../media-worker/media/index.ts");
  await setUpMediaEngine(); // what the worker's boot does once
  return withScratchDir(async (scratch) => {
    const [started, cpu] = [performance.now(), cpuSeconds()];
    await processVideo({ inputPath: VIDEO, scratchDir: scratch, maxDurationSeconds: 300, timeoutMs: 600_000 });
    return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds() - cpu, items: 1, maxRssMb: maxRssMb() };
  }, "bench");
}

/** What a worker does at its default concurrency: two photo jobs at a time while a video job runs. */
async function childEngineRss(): Promise<ChildReport> {
  const { processImage, processVideo, withScratchDir } = await import("../media-worker/media/index.ts");
  const started = performance.now();
  const photoLane = async (lane: number) => {
    for (let r = 0; r < 3; r++) {
      for (const photo of PHOTOS) {
        await withScratchDir((scratch) => processImage({ inputPath: photo, scratchDir: scratch }), `bench${lane}`);
      }
    }
  };
  await Promise.all([
    photoLane(1),
    photoLane(2),
    withScratchDir((scratch) => processVideo({ inputPath: VIDEO, scratchDir: scratch, maxDurationSeconds: 300, timeoutMs: 600_000 }), "bench"),
  ]);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: 0, items: 24, maxRssMb: maxRssMb() };
}

function maxRssMb(): number {
  return process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
}

function benchTempDir(): string {
  const dir = path.join(os.tmpdir(), `sanshai-bench-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// --- parent: orchestration -------------------------------------------------------

function runChild(mode: string, arg = ""): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", mode, arg], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.on("close", (code) => {
      const line = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0) reject(new Error(`child ${mode} exited ${code}: ${stdout}`));
      else resolve(JSON.parse(line) as ChildReport);
    });
  });
}

/** ImageMagick making the same six renditions from one decode, cascading 2048 → 1080 → 320. */
function imagemagickOnce(photo: string, out: string): void {
  const args = [photo, "-auto-orient", "-colorspace", "sRGB", "-strip"];
  for (const w of WIDTHS) {
    args.push("-resize", `${w}x${w * 4}>`, "-quality", "80", "-write", path.join(out, `${w}.webp`));
    args.push("-quality", "82", "-interlace", "Plane", "-write", path.join(out, `${w}.jpg`), "-interlace", "None");
  }
  args.push("null:");
  execFileSync(CONVERT, args);
}

function timeImagemagick(rounds: number): ChildReport {
  const out = benchTempDir();
  try {
    const [started, cpu] = [performance.now(), cpuSeconds()];
    for (let r = 0; r < rounds; r++) for (const photo of PHOTOS) imagemagickOnce(photo, out);
    return { seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSeconds() - cpu, items: rounds * PHOTOS.length, maxRssMb: 0 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function timePlainFfmpeg(): Promise<ChildReport> {
  const { buildVideoTranscode, parseProbe, toFfmpegArgv, buildProbeArgs } = await import("../app/domain/transcode-profiles.ts");
  const probe = parseProbe(JSON.parse(execFileSync("ffprobe", buildProbeArgs(VIDEO, "video")).toString()));
  const out = path.join(benchTempDir(), "plain.mp4");
  const argv = toFfmpegArgv(buildVideoTranscode({ inputPath: VIDEO, outputPath: out, probe, maxDurationSec: 300 }));
  const [started, cpu] = [performance.now(), cpuSeconds()];
  const result = spawnSync("ffmpeg", argv, { stdio: ["ignore", "ignore", "pipe"] });
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = cpuSeconds() - cpu;
  rmSync(path.dirname(out), { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`plain ffmpeg failed: ${result.stderr.toString().slice(-500)}`);
  return { seconds, cpuSeconds: cpuUsed, items: 1, maxRssMb: 0 };
}

type Pair = { engine: ChildReport; baseline: ChildReport };

/** Per-item time ratio engine/baseline for each A-B pair, then the median: robust to load bursts on a shared machine. */
function medianRatio(pairs: Pair[], key: "seconds" | "cpuSeconds"): number {
  const ratios = pairs.map((p) => p.engine[key] / p.engine.items / (p.baseline[key] / p.baseline.items)).sort((a, b) => a - b);
  const mid = Math.floor(ratios.length / 2);
  return ratios.length % 2 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
}

function perItem(reports: ChildReport[], key: "seconds" | "cpuSeconds"): number {
  const total = reports.reduce((a, r) => ({ t: a.t + r[key], n: a.n + r.items }), { t: 0, n: 0 });
  return total.t / total.n;
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const imageRounds = quick ? 1 : 2; // passes over the 4 photos per child run
  const pairs = quick ? 2 : 4;
  const videoPairs = quick ? 1 : 3;
  makeInputs();
  const load = os.loadavg()[0]!.toFixed(1);
  console.info(`inputs: ${PHOTOS.length} × 4032×3024 JPEG, 20 s 1920×1080 H.264; ${os.cpus().length} cores, load ${load}; pairs run A B A B`);

  const sharpPairs: Pair[] = [];
  const magickPairs: Pair[] = [];
  for (let r = 0; r < pairs; r++) {
    sharpPairs.push({ engine: await runChild("engine-images", String(imageRounds)), baseline: await runChild("bare-images", String(imageRounds)) });
    if (r < (quick ? 1 : 2)) magickPairs.push({ engine: await runChild("engine-images", "1"), baseline: timeImagemagick(1) });
    process.stderr.write(".");
  }
  const videoPairsDone: Pair[] = [];
  for (let r = 0; r < videoPairs; r++) {
    videoPairsDone.push({ engine: await runChild("engine-video"), baseline: await timePlainFfmpeg() });
    process.stderr.write(".");
  }
  const rss = await runChild("engine-rss");
  process.stderr.write("\n");

  const ratesRow = (label: string, ps: Pair[], target: number) => {
    const wall = 1 / medianRatio(ps, "seconds"); // throughput ratio = inverse time ratio
    return {
      measure: label,
      engine: (1 / perItem(ps.map((p) => p.engine), "seconds")).toFixed(2),
      baseline: (1 / perItem(ps.map((p) => p.baseline), "seconds")).toFixed(2),
      wall: `${wall.toFixed(2)}×`,
      cpu: `${(1 / medianRatio(ps, "cpuSeconds")).toFixed(2)}×`,
      target: `≥ ${target.toFixed(2)}×`,
      met: wall >= target,
    };
  };
  const videoWall = medianRatio(videoPairsDone, "seconds");
  const rows = [
    ratesRow("(a) photos/s: engine vs bare sharp", sharpPairs, 0.8),
    ratesRow("(b) photos/s: engine vs ImageMagick", magickPairs, 3),
    {
      measure: "(c) video job s: engine vs plain ffmpeg",
      engine: perItem(videoPairsDone.map((p) => p.engine), "seconds").toFixed(2),
      baseline: perItem(videoPairsDone.map((p) => p.baseline), "seconds").toFixed(2),
      wall: `${videoWall.toFixed(2)}×`,
      cpu: `${medianRatio(videoPairsDone, "cpuSeconds").toFixed(2)}×`,
      target: "≤ 1.10×",
      met: videoWall <= 1.1,
    },
    { measure: "(d) engine peak RSS MB (2 photo jobs + video)", engine: rss.maxRssMb.toFixed(0), baseline: "—", wall: "—", cpu: "—", target: "< 512 MB", met: rss.maxRssMb < 512 },
  ];
  const widths = [46, 8, 9, 7, 7, 9, 4];
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  console.info(line(["measure", "engine", "baseline", "wall", "cpu", "target", "met"]));
  for (const r of rows) console.info(line([r.measure, r.engine, r.baseline, r.wall, r.cpu, r.target, r.met ? "yes" : "NO"]));
  console.info(
    `wall = median over A/B pairs (targets are judged on it); cpu = the same ratio in CPU seconds incl. child processes, steadier on a busy machine. ` +
      `Video: engine = probe + transcode + output check + poster. Load at end ${os.loadavg()[0]!.toFixed(1)}.`,
  );
}

const childAt = process.argv.indexOf("--child");
if (childAt >= 0) {
  const mode = process.argv[childAt + 1];
  const arg = Number(process.argv[childAt + 2] || "1");
  const modes: Record<string, () => Promise<ChildReport>> = {
    "engine-images": () => childEngineImages(arg),
    "bare-images": () => childBareImages(arg),
    "engine-video": childEngineVideo,
    "engine-rss": childEngineRss,
  };
  const run = mode ? modes[mode] : undefined;
  if (!run) throw new Error(`unknown child mode ${mode}`);
  process.stdout.write(JSON.stringify(await run()) + "\n");
} else {
  await main();
}
