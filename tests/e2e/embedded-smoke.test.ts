// `npm start` with no configuration at all: a fresh DATA_DIR, no
// DATABASE_URL, no S3_*. The app must come up on embedded PGlite and the local
// store, load the demo data, let the demo student sign in over plain HTTP and
// show the open contest; the student uploads a rotated phone photo with GPS,
// an iPhone HEIC photo and a portrait phone video through the entry page's
// endpoints, and all three become ready, upright and without metadata, with
// whatever tools this machine has (on CI's fresh path: none from Debian, so
// the bundled ffmpeg and the WebAssembly HEIC decoder); a second start on the
// same DATA_DIR must find its data (PGlite flushed on shutdown) and not load
// the demo data again.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { fixturePath } from "../fixtures/generate.ts";
import { ffprobeJson, setUpMachineMediaTools } from "../setup/media-tools.ts";
import { HttpSession } from "../setup/http-session.ts";
import { waitFor } from "../setup/wait.ts";
import { DEMO_CONTEST_TITLE, DEMO_PASSWORD } from "../../prisma/seed.ts";
import { startApp, type RunningApp } from "../setup/app-process.ts";
import { createDb } from "~/server/db/db.server.ts";
import { startEmbeddedDatabase } from "~/server/db/embedded-db.server.ts";

let app: RunningApp | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  await app?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start with nothing configured", () => {
  it("serves the platform on embedded defaults, and a restart does not seed again", { timeout: 600_000 }, async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sanshai-smoke-"));
    app = await startApp({ dataDir });
    expect(app.output()).toContain("demo data loaded");
    expect(app.output()).toMatch(/student\s+学生/);
    expect(fs.statSync(path.join(dataDir, "session-secret")).mode & 0o777).toBe(0o600);

    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });

    const home = await signInAndOpenHome(app.baseUrl, "student");
    expect(home.text).toContain(DEMO_CONTEST_TITLE);
    expectSecurityHeaders(home.headers);
    await expectLongCachedAssets(app.baseUrl, home.text);
    await uploadPhoneFilesAndSeeThemReady(app.baseUrl);

    await app.stop();
    expect(app.output()).toContain("stopped");
    const usersAfterFirstStart = await countUsers(dataDir);
    expect(usersAfterFirstStart).toBeGreaterThan(40);

    app = await startApp({ dataDir });
    expect(app.output()).toContain("demo data already present");
    expect(app.output()).not.toContain("demo data loaded");
    expect(app.output()).toMatch(/student\s+学生/);
    expect((await signInAndOpenHome(app.baseUrl, "student")).text).toContain(DEMO_CONTEST_TITLE);
    await app.stop();
    app = undefined;
    expect(await countUsers(dataDir)).toBe(usersAfterFirstStart);
  });
});

/** A photo, a HEIC photo and a portrait video through the upload endpoint, each ready, upright and clean. */
async function uploadPhoneFilesAndSeeThemReady(baseUrl: string): Promise<void> {
  await setUpMachineMediaTools(); // for ffprobe below: the same tools the app's worker resolved
  const session = new HttpSession(baseUrl);
  await session.signIn("student", DEMO_PASSWORD);
  const photoEntry = await session.draftEntry("摄影");
  const videoEntry = await session.draftEntry("小视频");
  await session.tusUpload({ entryId: photoEntry, kind: "image", filePath: fixturePath("photoExif6Gps"), name: "IMG_0001.JPG" });
  await session.tusUpload({ entryId: photoEntry, kind: "image", filePath: fixturePath("iphoneHeic"), name: "IMG_0002.HEIC" });
  await session.tusUpload({ entryId: videoEntry, kind: "video", filePath: fixturePath("portraitRot90"), name: "VID_0003.mp4" });

  const ready = async (entryId: string, count: number) => {
    const status = await waitFor(
      async () => {
        const s = await session.entryStatus(entryId);
        const failed = s.files.find((f) => f.status === "failed");
        if (failed) throw new Error(`a file failed: ${failed.failureMessage}`);
        return s.files.length === count && s.files.every((f) => f.status === "ready") ? s : null;
      },
      { timeoutMs: 240_000, message: `entry ${entryId}'s files ready` },
    );
    return status.files as unknown as { media: { display: { jpeg: string }; poster: { jpeg: string } | null; video: { url: string } | null } }[];
  };
  for (const file of await ready(photoEntry, 2)) {
    const res = await fetch(new URL(file.media.display.jpeg, baseUrl));
    expect(res.status, `${file.media.display.jpeg}: ${res.headers.get("content-type")}`).toBe(200);
    // To a file: the media engine loaded in this process allows sharp's file loaders only.
    const jpeg = path.join(dataDir!, "check-photo.jpg");
    fs.writeFileSync(jpeg, Buffer.from(await res.arrayBuffer()));
    const meta = await sharp(jpeg).metadata();
    expect(meta.width!, "upright portrait").toBeLessThan(meta.height!);
    expect(meta.exif).toBeUndefined();
  }
  const [video] = await ready(videoEntry, 1);
  const mp4 = path.join(dataDir!, "check-video.mp4");
  fs.writeFileSync(mp4, Buffer.from(await (await fetch(new URL(video!.media.video!.url, baseUrl))).arrayBuffer()));
  const probed = ffprobeJson(mp4);
  const picture = probed.streams.find((st) => st.codec_type === "video")!;
  expect(picture.codec_name).toBe("h264");
  expect(picture.width!, "portrait kept").toBeLessThan(picture.height!);
  expect(JSON.stringify(probed.format.tags ?? {})).not.toMatch(/location|creation_time|com\.apple/i);
  fs.rmSync(mp4);
}

/** The login form as a browser without JavaScript submits it: CSRF cookie and hidden token, then the session cookie. */
async function signInAndOpenHome(baseUrl: string, username: string): Promise<{ text: string; headers: Headers }> {
  const jar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

  const page = await fetch(`${baseUrl}/login`);
  expect(page.status).toBe(200);
  remember(page);
  const html = await page.text();
  const hidden = (name: string) =>
    new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"|<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html);
  const csrf = hidden("csrf");
  expect(csrf, "the login page has a hidden csrf input").not.toBeNull();
  const redirectTo = hidden("redirectTo");

  const form = new URLSearchParams({
    csrf: decodeHtml(csrf![1] ?? csrf![2]!),
    redirectTo: decodeHtml(redirectTo?.[1] ?? redirectTo?.[2] ?? "/home"),
    identifier: username,
    password: DEMO_PASSWORD,
  });
  const post = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl, Cookie: cookieHeader() },
    body: form,
  });
  expect(post.status, await post.clone().text()).toBeGreaterThanOrEqual(300);
  expect(post.status).toBeLessThan(400);
  remember(post);

  const home = await fetch(`${baseUrl}/home`, { headers: { Cookie: cookieHeader() }, redirect: "manual" });
  expect(home.status).toBe(200);
  return { text: await home.text(), headers: home.headers };
}

function expectSecurityHeaders(headers: Headers): void {
  expect(headers.get("x-powered-by")).toBeNull();
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
}

async function expectLongCachedAssets(baseUrl: string, html: string): Promise<void> {
  const asset = /(?:src|href)="(\/assets\/[^"]+)"/.exec(html)?.[1];
  expect(asset, "the page links a built asset").toBeDefined();
  const res = await fetch(`${baseUrl}${asset}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toContain("immutable");
}

/** Opens the stopped app's PGlite data directly: proves the data was flushed to disk. */
async function countUsers(dir: string): Promise<number> {
  const embedded = await startEmbeddedDatabase({ dataDir: path.join(dir, "pglite") });
  const db = createDb(embedded.url, 1);
  try {
    return await db.user.count();
  } finally {
    await db.$disconnect();
    await embedded.stop();
  }
}

function decodeHtml(value: string): string {
  return value.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}
