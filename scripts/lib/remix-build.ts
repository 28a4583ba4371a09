// Builds the Remix app (remix vite:build) when build/ is missing or was built
// from other sources. "Other sources" is decided by a content hash of what
// goes into the build, not by mtimes: `npm start` regenerates the Prisma
// client on every run (prestart), which touches files without changing them.
// A lock directory keeps concurrent starts (parallel test files, two
// terminals) from building over each other.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const STAMP = ".source-hash";
const INPUT_FILES = ["vite.config.ts", "tsconfig.json", "package-lock.json"];
const INPUT_DIRS = ["app", "public"];
const IGNORED = /(\.test\.tsx?$)|(^|\/)\.DS_Store$/;

export interface BuildResult {
  built: boolean;
  hash: string;
}

export async function ensureRemixBuild(root: string, log: (message: string) => void): Promise<BuildResult> {
  const hash = hashSources(root);
  if (isCurrent(root, hash)) return { built: false, hash };
  const release = await acquireLock(path.join(root, ".cache", "build.lock"), log);
  try {
    if (isCurrent(root, hash)) return { built: false, hash }; // built by whoever held the lock
    log("building the web app (remix vite:build), about a minute on first start …");
    await runBuild(root);
    fs.writeFileSync(path.join(root, "build", STAMP), hash + "\n");
    return { built: true, hash };
  } finally {
    release();
  }
}

function isCurrent(root: string, hash: string): boolean {
  try {
    const stamp = fs.readFileSync(path.join(root, "build", STAMP), "utf8").trim();
    return stamp === hash && fs.existsSync(path.join(root, "build", "server", "index.js"));
  } catch {
    return false;
  }
}

export function hashSources(root: string): string {
  const hash = createHash("sha256");
  const files: string[] = [];
  for (const dir of INPUT_DIRS) collect(path.join(root, dir), files);
  for (const file of INPUT_FILES) if (fs.existsSync(path.join(root, file))) files.push(path.join(root, file));
  for (const file of files.sort()) {
    const rel = path.relative(root, file).split(path.sep).join("/");
    if (IGNORED.test(rel)) continue;
    hash.update(rel).update("\0").update(fs.readFileSync(file)).update("\0");
  }
  return hash.digest("hex");
}

function collect(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

function runBuild(root: string): Promise<void> {
  const require = createRequire(path.join(root, "package.json"));
  const pkgFile = require.resolve("@remix-run/dev/package.json");
  const cli = path.join(path.dirname(pkgFile), (JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { bin: { remix: string } }).bin.remix);
  return new Promise((resolve, reject) => {
    // NODE_ENV=production: a build made under NODE_ENV=test (vitest) would ship React's development build.
    const child = spawn(process.execPath, [cli, "vite:build"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`remix vite:build failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}

/** mkdir is atomic: whoever creates the directory holds the lock. A holder that died leaves its pid behind. */
async function acquireLock(dir: string, log: (message: string) => void): Promise<() => void> {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "pid"), String(process.pid));
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    if (holderIsGone(dir)) {
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for another build (lock ${dir})`);
    if (!told) log("another process is building the web app; waiting for it …");
    told = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function holderIsGone(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dir, "pid"), "utf8"));
  } catch {
    // No pid yet: the holder may be between mkdir and writeFile; treat it as gone only when old.
    try {
      return Date.now() - fs.statSync(dir).mtimeMs > 10_000;
    } catch {
      return true;
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}
