// Soak benchmark (issue 13): memory of the media worker and the app over many
// media jobs pushed through the real upload path (tus) and the real worker.
//
//   npm run bench:soak                          # 1,000 jobs, embedded default (PGlite + local store)
//   npm run bench:soak -- --jobs 100            # reduced run
//   npm run bench:soak -- --db postgres         # PostgreSQL (127.0.0.1:5432, a fresh database) + S3 (S3_* from the environment)
//   npm run bench:soak -- --allocator glibc     # the worker on glibc's default malloc (the "before")
//   npm run bench:soak -- --max-minutes 25      # time bound: no new uploads after it, then the figures
//
// Loopback only: it starts `npm start`'s script (scripts/start.ts) on port 0 with
// its own DATA_DIR, signs the demo student in, and uploads as the entry page does.
//
// Phases: (1) photos alone (2 in flight, nothing else running): the photo p95
// baseline; (2) the mix (per 100 jobs: 73 12-MP JPEG photos, 10 12-MP HEIC,
// 6 hostile files, 8 one-minute voice recordings, 3 short 1080p videos): photos
// 2 in flight, audio 1, videos 1, the videos and recordings spread over the run.
// Each file is removed once it is ready (or failed) so that the entries' file
// limits never stop the run. Every second: the resident size (VmRSS) of the app,
// the worker and the tools they run (ffmpeg, heif-convert); the app and worker
// print their own heap / external / arrayBuffers figures (MEMORY_REPORT_SECONDS=1).
//
// Inputs are made once with ImageMagick, heif-enc and ffmpeg into .tmp/soak/.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { HttpSession } from "../tests/setup/http-session.ts";
import { DEMO_PASSWORD } from "../prisma/seed.ts";
import { createStore } from "~/server/storage/storage.server.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const INPUTS = path.join(ROOT, ".tmp", "soak");
const FIXTURES = path.join(ROOT, "tests", "fixtures", "media");

// --- options ----------------------------------------------------------------------

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const JOBS = Number(option("jobs", "1000"));
const DB = option("db", "embedded") as "embedded" | "postgres";
const ALLOCATOR = option("allocator", "auto");
const MAX_MINUTES = Number(option("max-minutes", "25"));
const ALONE = Number(option("photos-alone", String(Math.max(20, Math.min(40, Math.round(JOBS / 10))))));
const OUT_JSON = option("json", "");
if (!(JOBS > 0) || !["embedded", "postgres"].includes(DB)) throw new Error("usage: bench/soak.ts [--jobs N] [--db embedded|postgres] [--allocator auto|glibc|arenas] [--max-minutes M]");

// --- inputs -------------------------------------------------------------------------

type Kind = "image" | "video" | "audio";
type Item = { label: "photo" | "heic" | "hostile" | "video" | "audio"; kind: Kind; file: string; name: string };

const photoFiles = [1, 2, 3, 4].map((i) => path.join(INPUTS, `photo-12mp-${i}.jpg`));
const heicFile = path.join(INPUTS, "photo-12mp.heic");
const videoFile = path.join(INPUTS, "video-1080p-8s.mp4");
const audioFile = path.join(INPUTS, "voice-60s.m4a");
const hostileFiles = ["truncated.jpg", "html-page.jpg", "pixel-bomb.png", "svg-with-script.svg", "zip-archive.mp4", "corrupt-video.mp4"].map((f) => path.join(FIXTURES, f));

function makeInputs(): void {
  mkdirSync(INPUTS, { recursive: true });
  const make = (file: string, cmd: string, args: string[]) => {
    if (existsSync(file)) return;
    console.info(`making ${path.relative(ROOT, file)} …`);
    execFileSync(cmd, args, { stdio: ["ignore", "ignore", "inherit"] });
  };
  photoFiles.forEach((file, i) =>
    // Fractal plasma: photo-like detail, so decoders and encoders have real work to do.
    make(file, "convert", ["-seed", String(i + 11), "-size", "4032x3024", "plasma:fractal", "-blur", "0x0.7", "-quality", "90", file]),
  );
  make(heicFile, "heif-enc", ["-q", "60", "-o", heicFile, photoFiles[0]!]);
  make(videoFile, "ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30:duration=8",
    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=8",
    "-vf", "noise=alls=10:allf=t+u", "-c:v", "libx264", "-preset", "veryfast", "-crf", "21", "-pix_fmt", "yuv420p",
    "-c:a", "aac", "-b:a", "128k", videoFile,
  ]);
  make(audioFile, "ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.2:duration=60:sample_rate=44100", "-ac", "1", "-c:a", "aac", "-b:a", "96k", audioFile,
  ]);
}

/** The mix, in upload order per lane; `n` jobs in all. */
function buildMix(n: number): { images: Item[]; videos: Item[]; audio: Item[] } {
  const images: Item[] = [];
  const videos: Item[] = [];
  const audio: Item[] = [];
  for (let i = 0; i < n; i++) {
    const slot = i % 100;
    if (slot % 33 === 16) videos.push({ label: "video", kind: "video", file: videoFile, name: `VID_${i}.mp4` });
    else if (slot % 12 === 5 && slot < 96) audio.push({ label: "audio", kind: "audio", file: audioFile, name: `录音_${i}.m4a` });
    else if (slot % 10 === 3) images.push({ label: "heic", kind: "image", file: heicFile, name: `IMG_${i}.HEIC` });
    else if (slot % 16 === 9) {
      const file = hostileFiles[(i / 16) % hostileFiles.length | 0]!;
      images.push({ label: "hostile", kind: "image", file, name: path.basename(file) });
    } else images.push({ label: "photo", kind: "image", file: photoFiles[i % photoFiles.length]!, name: `IMG_${i}.JPG` });
  }
  return { images, videos, audio };
}

// --- the app under test -------------------------------------------------------------

type App = { child: ChildProcess; baseUrl: string; output: () => string; stop: () => Promise<void> };

async function startApp(env: Record<string, string>): Promise<App> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "sanshai-soak-"));
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(DATABASE_URL|S3_[A-Z_]+|PORT|DATA_DIR|NODE_ENV|SESSION_SECRET)$/.test(k)) clean[k] = v;
  Object.assign(clean, { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, MEMORY_REPORT_SECONDS: "1", WORKER_ALLOCATOR: ALLOCATOR, UPLOAD_RATE_LIMIT: "100000" }, env);
  // Exactly what `npm start` runs (its V8 flags and the app's jemalloc); `exec` there keeps this pid the app's.
  clean.PATH = `${path.dirname(process.execPath)}${path.delimiter}${clean.PATH ?? ""}`;
  const child: ChildProcess = spawn("sh", [path.join(ROOT, "scripts/start.sh")], {
    cwd: ROOT,
    env: clean as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    if (running()) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGTERM");
      const killer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 60_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const started = Date.now();
  for (;;) {
    const m = /ready url=(http:\/\/[^\s"]+)/.exec(output);
    if (m) {
      return { child, baseUrl: m[1]!, output: () => output, stop };
    }
    if (!running() || Date.now() - started > 300_000) {
      await stop();
      throw new Error(`the app did not start:\n${output}`);
    }
    await sleep(250);
  }
}

// --- sampling -------------------------------------------------------------------------

type Sample = { t: number; jobsDone: number; inflight: string; appMb: number; workerMb: number; toolsMb: number; otherMb: number; workerPid: number | null };

function procTable(): Map<number, { ppid: number; cmd: string; rssMb: number }> {
  const table = new Map<number, { ppid: number; cmd: string; rssMb: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const cmd = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      table.set(Number(entry), { ppid, cmd, rssMb: rssKb / 1024 });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** RSS of the app, the worker, the tools (ffmpeg, ffprobe, heif-convert) and the rest (tsx's esbuild) in the app's process tree. */
function sampleTree(appPid: number): Omit<Sample, "t" | "jobsDone" | "inflight"> {
  const table = procTable();
  const children = new Map<number, number[]>();
  for (const [pid, p] of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const s = { appMb: 0, workerMb: 0, toolsMb: 0, otherMb: 0, workerPid: null as number | null };
  const walk = (pid: number, underWorker: boolean) => {
    const p = table.get(pid);
    if (!p) return;
    // The worker is the app's child running media-worker/index.ts; a process under it with the same command
    // line is one of its tool spawns caught between fork and exec (its RSS is the worker's pages, shared):
    // counted once as the worker, it made a 461 MB "peak" out of a 283 MB worker in the 1,000-job run.
    const isWorker = !underWorker && p.cmd.includes("media-worker/index.ts");
    if (pid === appPid) s.appMb += p.rssMb;
    else if (isWorker) {
      s.workerMb += p.rssMb;
      s.workerPid = pid;
    } else if (/ffmpeg|ffprobe|heif-convert|setpriv/.test(p.cmd) || underWorker) s.toolsMb += p.rssMb;
    else s.otherMb += p.rssMb;
    for (const c of children.get(pid) ?? []) walk(c, underWorker || isWorker);
  };
  walk(appPid, false);
  return s;
}

type Reported = { t: number; role: "app" | "worker"; rssMb: number; heapUsedMb: number; externalMb: number; arrayBuffersMb: number };

function parseReports(output: string, t0: number): Reported[] {
  const out: Reported[] = [];
  for (const m of output.matchAll(/\[(app|worker)\] memory (\{[^\n]*\})/g)) {
    const d = JSON.parse(m[2]!) as Omit<Reported, "t" | "role">;
    out.push({ t: 0, role: m[1] as "app" | "worker", rssMb: d.rssMb, heapUsedMb: d.heapUsedMb, externalMb: d.externalMb, arrayBuffersMb: d.arrayBuffersMb });
  }
  void t0;
  return out;
}

// --- the client side ----------------------------------------------------------------

type Done = { item: Item; uploadEnd: number; terminal: number; status: string; overlappedVideo: boolean; phase: "alone" | "mix" };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Driver {
  readonly done: Done[] = [];
  /** Labels of the files between upload start and ready, for the samples (what was running at a peak). */
  readonly inflight = new Map<symbol, string>();
  private videoBusy: { from: number; to: number }[] = [];
  private openVideo: number | null = null;
  stopAt = Infinity;
  constructor(
    private readonly session: HttpSession,
    private readonly entries: Record<string, string>,
  ) {}

  /** Uploads one file, waits for ready or failed, removes it; records the times. */
  async run(item: Item, entryKey: string, phase: Done["phase"]): Promise<void> {
    const entryId = this.entries[entryKey]!;
    const started = Date.now();
    const token = Symbol(item.label);
    this.inflight.set(token, item.label);
    try {
      await this.runTracked(item, entryId, phase, started);
    } finally {
      this.inflight.delete(token);
    }
  }

  private async runTracked(item: Item, entryId: string, phase: Done["phase"], started: number): Promise<void> {
    if (item.kind === "video") this.openVideo = started;
    const { url } = await this.session.tusUpload({ entryId, kind: item.kind, filePath: item.file, name: item.name });
    const uploadEnd = Date.now();
    const assetId = Buffer.from(url.split("/").pop()!, "base64url").toString("utf8").split("/").pop()!;
    let status = "";
    for (;;) {
      const s = await this.session.entryStatus(entryId);
      status = s.files.find((f) => f.id === assetId)?.status ?? "missing";
      if (status === "ready" || status === "failed" || status === "missing") break;
      await sleep(200);
    }
    const terminal = Date.now();
    if (item.kind === "video") {
      this.videoBusy.push({ from: started, to: terminal });
      this.openVideo = null;
    }
    const overlappedVideo = item.kind === "image" && (this.openVideo !== null || this.videoBusy.some((v) => v.from < terminal && v.to > uploadEnd));
    this.done.push({ item, uploadEnd, terminal, status, overlappedVideo, phase });
    await this.session.page(`/entries/${entryId}`);
    const res = await this.session.postForm(`/entries/${entryId}`, { intent: "delete-file", assetId });
    await res.arrayBuffer();
    if (res.status >= 400) throw new Error(`removing ${assetId} answered ${res.status}`);
  }

  /** `lanes` closed loops over `items`; `gate(i)` holds item i back until the run has progressed far enough. */
  async loop(items: Item[], entryKeys: string[], phase: Done["phase"], lanes = 1, gate: (i: number) => boolean = () => true): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        for (;;) {
          if (Date.now() > this.stopAt) return;
          const i = next++;
          if (i >= items.length) return;
          while (!gate(i) && Date.now() <= this.stopAt) await sleep(500);
          const item = items[i]!;
          await this.run(item, entryKeys[(lane + i) % entryKeys.length]!, phase).catch((err: unknown) => {
            // A refusal at upload (a hostile file the server turns away at the door) is an outcome too.
            this.done.push({ item, uploadEnd: Date.now(), terminal: Date.now(), status: "refused", overlappedVideo: false, phase });
            if (item.label !== "hostile") console.warn(`  ${item.name}: ${err instanceof Error ? err.message : String(err)}`);
          });
        }
      }),
    );
  }
}

// --- figures --------------------------------------------------------------------------

const p = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const median = (xs: number[]) => p(xs, 0.5);
const r0 = (x: number) => Math.round(x);
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, b) => a + b.x, 0) / n;
  const my = points.reduce((a, b) => a + b.y, 0) / n;
  const num = points.reduce((a, b) => a + (b.x - mx) * (b.y - my), 0);
  const den = points.reduce((a, b) => a + (b.x - mx) ** 2, 0);
  return den === 0 ? NaN : num / den;
}

// --- main -----------------------------------------------------------------------------

async function main(): Promise<void> {
  makeInputs();
  const env: Record<string, string> = {};
  let dropDatabase: (() => Promise<void>) | undefined;
  if (DB === "postgres") {
    if (!process.env.S3_ENDPOINT) throw new Error('--db postgres needs S3_* in the environment (eval "$(../shared/tools/swift-s3/start.sh)")');
    const name = `sanshai_soak_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.SOAK_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const base = new URL(process.env.SOAK_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
    base.pathname = `/${name}`;
    Object.assign(env, {
      DATABASE_URL: base.toString(),
      S3_ENDPOINT: process.env.S3_ENDPOINT,
      S3_REGION: process.env.S3_REGION ?? "us-east-1",
      S3_ACCESS_KEY: process.env.S3_ACCESS_KEY ?? "",
      S3_SECRET_KEY: process.env.S3_SECRET_KEY ?? "",
      S3_BUCKET: `soak-${process.pid}`,
    });
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: process.env.SOAK_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      // Whatever the run left in its bucket (the store's API empties it; the empty bucket stays).
      const store = createStore({ kind: "s3", endpoint: env.S3_ENDPOINT!, region: env.S3_REGION!, accessKey: env.S3_ACCESS_KEY!, secretKey: env.S3_SECRET_KEY!, bucket: env.S3_BUCKET!, pathStyle: true });
      const batch: string[] = [];
      for await (const object of store.list("")) {
        batch.push(object.key);
        if (batch.length === 500) await store.deleteMany(batch.splice(0));
      }
      if (batch.length) await store.deleteMany(batch);
    };
  }

  console.info(`soak: ${JOBS} jobs + ${ALONE} photos alone, ${DB === "embedded" ? "embedded default (PGlite + local store)" : "PostgreSQL + S3"}, worker allocator ${ALLOCATOR}; starting the app …`);
  const app = await startApp(env);
  const t0 = Date.now();
  const samples: Sample[] = [];
  let driver: Driver | undefined;
  const sampler = setInterval(() => {
    const s = sampleTree(app.child.pid!);
    samples.push({ t: (Date.now() - t0) / 1000, jobsDone: driver?.done.length ?? 0, inflight: [...(driver?.inflight.values() ?? [])].sort().join("+"), ...s });
  }, 1000);
  const workerPids = () => new Set(samples.map((s) => s.workerPid).filter((x): x is number => x !== null));

  let failure: unknown;
  let mixSeconds = 0;
  try {
    // The worker is ready when its lanes claim jobs.
    while (!/image: claiming jobs/.test(app.output())) await sleep(250);
    const session = new HttpSession(app.baseUrl);
    await session.signIn("student", DEMO_PASSWORD);
    const entries: Record<string, string> = {};
    for (const [key, category] of [["photo", "摄影"], ["art", "美术"], ["essay", "征文"], ["reading", "读书"], ["video", "小视频"]] as const) {
      entries[key] = await session.draftEntry(category);
    }
    driver = new Driver(session, entries);
    driver.stopAt = t0 + MAX_MINUTES * 60_000;
    const imageEntries = ["photo", "art", "essay"];

    // Phase 1: photos alone.
    const alone = Array.from({ length: ALONE }, (_, i): Item => ({ label: "photo", kind: "image", file: photoFiles[i % photoFiles.length]!, name: `ALONE_${i}.JPG` }));
    await driver.loop(alone, imageEntries, "alone", 2);
    console.info(`phase 1 (photos alone) done at ${r0((Date.now() - t0) / 1000)} s`);

    // Phase 2: the mix.
    const mix = buildMix(JOBS);
    const mixStart = Date.now();
    const d = driver;
    const imagesDone = () => d.done.filter((x) => x.phase === "mix" && x.item.kind === "image").length;
    const spread = (count: number) => (i: number) => imagesDone() >= Math.floor((i / count) * mix.images.length);
    let progress = 0;
    const ticker = setInterval(() => {
      const n = d.done.length - ALONE;
      if (n >= progress + 100) {
        progress = n - (n % 100);
        const last = samples.at(-1);
        console.info(`  ${n} jobs, ${r0((Date.now() - mixStart) / 1000)} s, worker ${r0(last?.workerMb ?? 0)} MB, app ${r0(last?.appMb ?? 0)} MB`);
      }
    }, 1000);
    await Promise.all([
      d.loop(mix.images, imageEntries, "mix", 2),
      d.loop(mix.videos, ["video"], "mix", 1, spread(mix.videos.length)),
      d.loop(mix.audio, ["reading"], "mix", 1, spread(mix.audio.length)),
    ]);
    clearInterval(ticker);
    mixSeconds = (Date.now() - mixStart) / 1000;
    await sleep(2000); // two more samples after the last job
  } catch (err) {
    failure = err;
  } finally {
    clearInterval(sampler);
  }
  const output = app.output();
  await app.stop();
  const logFile = path.join(INPUTS, `app-${DB}-${ALLOCATOR}.log`);
  writeFileSync(logFile, app.output());
  console.info(`app and worker output: ${path.relative(ROOT, logFile)}; worker pids seen: ${[...workerPids()].join(", ")}`);
  await dropDatabase?.().catch(() => undefined);
  if (failure) {
    console.error(output.split("\n").slice(-40).join("\n"));
    throw failure;
  }

  // --- report ---
  const done = driver!.done;
  const mixDone = done.filter((x) => x.phase === "mix");
  const at = (jobs: number) => {
    // Median worker RSS over the samples while the jobs count was within ±10 of `jobs` (one job's spike is not the trend).
    const window = samples.filter((s) => Math.abs(s.jobsDone - jobs) <= 10 && s.workerMb > 0);
    return median(window.map((s) => s.workerMb));
  };
  const total = done.length;
  const after100 = at(Math.min(100 + ALONE, total));
  const afterLast = median(samples.filter((s) => s.jobsDone >= total - 10 && s.workerMb > 0).map((s) => s.workerMb));
  const growth = (afterLast - after100) / after100;
  const trend = slope(samples.filter((s) => s.jobsDone >= 100 + ALONE && s.workerMb > 0).map((s) => ({ x: s.jobsDone, y: s.workerMb }))) * 1000;
  const photoLatency = (f: (x: Done) => boolean) => done.filter((x) => x.item.label === "photo" && x.status === "ready" && f(x)).map((x) => (x.terminal - x.uploadEnd) / 1000);
  const aloneP95 = p(photoLatency((x) => x.phase === "alone"), 0.95);
  const duringVideo = photoLatency((x) => x.phase === "mix" && x.overlappedVideo);
  const duringP95 = p(duringVideo, 0.95);
  const reports = parseReports(output, t0);
  const peakOf = (role: "app" | "worker", key: keyof Omit<Reported, "t" | "role">) => Math.max(0, ...reports.filter((r) => r.role === role).map((r) => r[key]));
  const statusCounts = Object.entries(
    done.reduce<Record<string, number>>((acc, x) => ((acc[`${x.item.label}:${x.status}`] = (acc[`${x.item.label}:${x.status}`] ?? 0) + 1), acc), {}),
  )
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const restarts = workerPids().size - 1;
  const ceilingRestarts = (output.match(/stopped at its memory ceiling/g) ?? []).length;

  const figures = {
    db: DB,
    allocator: ALLOCATOR,
    jobsAsked: JOBS,
    jobsDone: mixDone.length,
    photosAlone: done.length - mixDone.length,
    timeBoundHit: mixDone.length < JOBS,
    mixSeconds: r0(mixSeconds),
    jobsPerSecond: r2(mixDone.length / mixSeconds),
    workerPeakMb: r0(Math.max(...samples.map((s) => s.workerMb))),
    workerAfter100Mb: r0(after100),
    workerAfterLastMb: r0(afterLast),
    workerGrowthAfter100Pct: r2(growth * 100),
    workerSlopeMbPer1000Jobs: r2(trend),
    workerHeapPeakMb: peakOf("worker", "heapUsedMb"),
    workerExternalPeakMb: peakOf("worker", "externalMb"),
    workerArrayBuffersPeakMb: peakOf("worker", "arrayBuffersMb"),
    appPeakMb: r0(Math.max(...samples.map((s) => s.appMb))),
    appAfterLastMb: r0(median(samples.slice(-5).map((s) => s.appMb))),
    appHeapPeakMb: peakOf("app", "heapUsedMb"),
    appExternalPeakMb: peakOf("app", "externalMb"),
    appArrayBuffersPeakMb: peakOf("app", "arrayBuffersMb"),
    toolsPeakMb: r0(Math.max(...samples.map((s) => s.toolsMb))),
    otherPeakMb: r0(Math.max(...samples.map((s) => s.otherMb))),
    photoP95AloneS: r2(aloneP95),
    photoP95DuringVideoS: r2(duringP95),
    photosDuringVideo: duringVideo.length,
    photoP95Ratio: r2(duringP95 / aloneP95),
    workerRestarts: restarts,
    workerCeilingRestarts: ceilingRestarts,
    outcomes: statusCounts,
  };
  const target = (ok: boolean) => (ok ? "met" : "MISSED");
  console.info("");
  console.info(`soak ${DB} · allocator ${ALLOCATOR} · ${figures.jobsDone} jobs in ${figures.mixSeconds} s (${figures.jobsPerSecond} jobs/s)${figures.timeBoundHit ? ` · TIME BOUND (${MAX_MINUTES} min) hit before ${JOBS}` : ""}`);
  console.info(`  outcomes: ${statusCounts}`);
  console.info(`  worker RSS: peak ${figures.workerPeakMb} MB (< 400: ${target(figures.workerPeakMb < 400)}), after first 100 ${figures.workerAfter100Mb} MB, after last ${figures.workerAfterLastMb} MB, growth ${figures.workerGrowthAfter100Pct} % (< 10: ${target(figures.workerGrowthAfter100Pct < 10)}), slope ${figures.workerSlopeMbPer1000Jobs} MB / 1,000 jobs`);
  console.info(`  worker JS: heap peak ${figures.workerHeapPeakMb} MB, external ${figures.workerExternalPeakMb} MB, arrayBuffers ${figures.workerArrayBuffersPeakMb} MB; restarts ${restarts} (memory ceiling ${ceilingRestarts})`);
  console.info(`  app RSS: peak ${figures.appPeakMb} MB${DB === "postgres" ? ` (< 300: ${target(figures.appPeakMb < 300)})` : ""}, at end ${figures.appAfterLastMb} MB; heap peak ${figures.appHeapPeakMb} MB, external ${figures.appExternalPeakMb} MB, arrayBuffers ${figures.appArrayBuffersPeakMb} MB`);
  console.info(`  tools (ffmpeg, heif-convert) peak ${figures.toolsPeakMb} MB; other children (tsx's esbuild) peak ${figures.otherPeakMb} MB`);
  console.info(`  photo p95 upload end → ready: alone ${figures.photoP95AloneS} s, while videos transcode ${figures.photoP95DuringVideoS} s (${figures.photosDuringVideo} photos), ratio ${figures.photoP95Ratio} (≤ 1.5: ${target(figures.photoP95Ratio <= 1.5)})`);
  const peaks = [...samples].sort((a, b) => b.workerMb - a.workerMb).slice(0, 5);
  console.info(`  worker's five highest samples: ${peaks.map((s) => `${r0(s.workerMb)} MB at ${r0(s.t)} s (${s.inflight || "idle"})`).join("; ")}`);
  if (OUT_JSON) writeFileSync(OUT_JSON, JSON.stringify({ figures, samples }, null, 1));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
