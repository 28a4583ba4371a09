// The app is killed (SIGKILL to it and its worker) while a child's video is
// half uploaded: after the next start, nothing of it may be left in the
// temporary directories (SCRATCH_DIR). With an S3 store, @tus/s3-store buffers
// the part in progress in the app's TMPDIR; that buffer is what a crash used
// to leave behind for good. (The resumable upload itself, its parts in the
// store, is kept: the phone resumes it.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed.ts";
import { startApp, type RunningApp } from "../setup/app-process.ts";
import { HttpSession } from "../setup/http-session.ts";
import { waitFor } from "../setup/wait.ts";

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), "upload-crash-"));
const dataDir = path.join(WORK, "data");
const scratch = path.join(WORK, "scratch");
const s3: Record<string, string> = process.env.S3_ENDPOINT
  ? {
      S3_ENDPOINT: process.env.S3_ENDPOINT,
      S3_REGION: process.env.S3_REGION ?? "us-east-1",
      S3_ACCESS_KEY: process.env.S3_ACCESS_KEY ?? "",
      S3_SECRET_KEY: process.env.S3_SECRET_KEY ?? "",
      S3_BUCKET: `crash-upload-${Date.now().toString(36)}`,
    }
  : {};
let app: RunningApp | undefined;

afterAll(async () => {
  await app?.stop();
  fs.rmSync(WORK, { recursive: true, force: true });
});

/** Every regular file under `dir`, with its size. */
function filesUnder(dir: string): { file: string; size: number }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return { file: path.relative(dir, file), size: fs.statSync(file).size };
    });
}

it("leaves no bytes of a half-uploaded video in the temporary directories after the next start", { timeout: 600_000 }, async () => {
  const env = { SCRATCH_DIR: scratch, ...s3 };
  app = await startApp({ dataDir, env });
  const session = new HttpSession(app.baseUrl);
  await session.signIn("student", DEMO_PASSWORD);
  const entryId = await session.draftEntry("小视频");
  const video = path.join(WORK, "big.mp4");
  fs.writeFileSync(video, Buffer.alloc(13 * 1024 * 1024, 7));
  // Past the first 5 MiB part: the second part is being buffered when the app dies.
  await session.tusUpload({ entryId, kind: "video", filePath: video, name: "VID_big.mp4", stopAfterBytes: 8 * 1024 * 1024 });
  if (process.env.S3_ENDPOINT) {
    await waitFor(() => filesUnder(scratch).some((f) => f.file.startsWith("app-") && f.size > 0), {
      timeoutMs: 60_000,
      message: "the S3 store's part buffer in the app's temp dir",
    });
  } else {
    // The embedded store writes the upload straight to its place in DATA_DIR; nothing is buffered.
    await waitFor(async () => (await session.entryStatus(entryId)).files.length === 1, { message: "the upload to start" });
  }
  await app.kill();
  const left = filesUnder(scratch);
  if (process.env.S3_ENDPOINT) expect(left.length, "a crash leaves the buffer behind").toBeGreaterThan(0);

  app = await startApp({ dataDir, env });
  expect(filesUnder(scratch)).toEqual([]);
  await app.stop();
  app = undefined;
});
