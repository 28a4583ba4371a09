// Issue 12: what the public sees. An unconsented, unpublished or withdrawn
// entry is absent from every public page, board and portfolio and its URLs
// fail; no seeded child's full name appears in what public pages return;
// view counts follow the rule (window, family, bots, flood) and batching
// loses nothing on flush.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeCursor } from "~/domain/gallery/cursor.ts";
import { isPubliclyVisible } from "~/domain/gallery/visibility.ts";
import { loader as boardLoader } from "~/routes/b.$slug.tsx";
import { loader as entryLoader } from "~/routes/e.$publicId.tsx";
import { loader as entryQrLoader } from "~/routes/e.$publicId.qr[.]svg.ts";
import { loader as posterLoader } from "~/routes/e.$publicId.poster[.]png.ts";
import sharp from "sharp";
import { loader as mediaLoader } from "~/routes/g.m.$publicId.$index.$name.ts";
import { loader as homeLoader } from "~/routes/gallery._index.tsx";
import { loader as listingLoader } from "~/routes/gallery.c.$contestId.tsx";
import { action as organiserAction } from "~/routes/organiser.gallery._index.tsx";
import { action as boardAction } from "~/routes/organiser.gallery.boards.$boardId.tsx";
import { loader as portfolioLoader } from "~/routes/p.$portfolioId.tsx";
import { getDb } from "~/server/db/db.server.ts";
import { flushViewCounts, pendingViewCount, recordView, resetViewMemoryForTests } from "~/server/gallery/view-counts.server.ts";
import { newPublicId } from "~/server/gallery/visibility.server.ts";
import { currentConsent } from "~/server/people/consent.server.ts";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import { getStore } from "~/server/storage/storage.server.ts";
import { createContest, createEntry, createMediaAsset, createOrgTree, createUser, linkGuardian, recordConsent, type OrgTree, type TestContest, type TestUser } from "../factories/index.ts";
import { anonymousBrowser, getRequest, postForm, signedInBrowser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";

// Test harness: this file's own bucket or directory, before anything reads the store.
if (process.env.S3_ENDPOINT) {
  process.env.S3_BUCKET = `gallery-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
} else {
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "gallery-test-"));
}
resetEnvForTests();

const WECHAT_UA = "Mozilla/5.0 (Linux; Android 12; V2031A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/107.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560(0x28002F35) NetType/4G Language/zh_CN";

let tree: OrgTree;
let contest: TestContest;
let organiser: TestUser;
const kids: Record<"shown" | "noConsent" | "withdrawn" | "unpublished" | "withdrawnEntry", { user: TestUser; entryId: string; publicId?: string }> = {} as never;
let guardian: TestUser;
let boardId: string;
let boardSlug: string;
let portfolioId: string;

const NAMES = { shown: "欧阳明月", noConsent: "司马小光", withdrawn: "诸葛晓晴", unpublished: "上官云飞", withdrawnEntry: "东方小雪" } as const;

async function publish(entryId: string): Promise<string> {
  const browser = await signedInBrowser(organiser.id);
  const result = await run(() => organiserAction({ request: postForm("/organiser/gallery", { intent: "publish", entryId }, { browser }), params: {}, context: {} }));
  expect(result.status).toBe(200);
  return (await getDb().entry.findUniqueOrThrow({ where: { id: entryId }, select: { publicId: true } })).publicId!;
}

async function withImage(entryId: string): Promise<void> {
  const asset = await createMediaAsset({ entryId, kind: "IMAGE" });
  for (const name of ["thumb.webp", "thumb.jpg", "display.webp", "display.jpg"]) {
    const key = `entries/${entryId}/renditions/${asset.id}/${name}`;
    await getStore().put(key, Buffer.from(`pixels of ${name}`), { contentType: name.endsWith("jpg") ? "image/jpeg" : "image/webp" });
    await getDb().rendition.create({ data: { assetId: asset.id, name, key, mime: name.endsWith("jpg") ? "image/jpeg" : "image/webp", width: name.startsWith("thumb") ? 320 : 1080, height: name.startsWith("thumb") ? 240 : 810, byteSize: 20n } });
  }
}

beforeAll(async () => {
  await getStore().ensureBucket();
  tree = await createOrgTree();
  organiser = await createUser({ role: "ORGANISER", orgUnitId: tree.county.id });
  guardian = await createUser({ role: "GUARDIAN", orgUnitId: tree.county.id, displayName: "欧阳大山" });
  contest = await createContest({ orgUnitId: tree.county.id, title: "2026年寒假展示" });
  const art = contest.categories.find((c) => c.kind === "ART")!.id;
  const photo = contest.categories.find((c) => c.kind === "PHOTO")!.id;
  for (const [key, name] of Object.entries(NAMES) as [keyof typeof NAMES, string][]) {
    const user = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id, displayName: name });
    await linkGuardian({ guardianId: key === "shown" ? guardian.id : organiser.id, studentId: user.id });
    const entry = await createEntry({ contestId: contest.id, categoryId: art, studentId: user.id, classUnit: tree.classA, title: `${key} 的画` });
    await withImage(entry.id);
    kids[key] = { user, entryId: entry.id };
    if (key !== "noConsent") await recordConsent({ studentId: user.id, givenById: user.id, scope: "PUBLIC_WORK", action: "GIVEN", at: new Date(Date.now() - 60_000) });
    await recordConsent({ studentId: user.id, givenById: user.id, scope: "PUBLIC_NAME", action: "GIVEN", at: new Date(Date.now() - 60_000) });
    if (key !== "unpublished") kids[key].publicId = await publish(entry.id);
  }
  // A second entry of the shown child, in another category, to fill its portfolio.
  const second = await createEntry({ contestId: contest.id, categoryId: photo, studentId: kids.shown.user.id, classUnit: tree.classA, title: "雪景" });
  await publish(second.id);
  kids.unpublished.publicId = undefined;
  // Board with every published entry; portfolio links for everyone.
  const board = await getDb().galleryBoard.create({ data: { slug: newPublicId(), title: "十小明星风采", orgUnitId: tree.county.id, status: "PUBLISHED", publishedAt: new Date() }, select: { id: true, slug: true } });
  boardId = board.id;
  boardSlug = board.slug;
  for (const [i, k] of Object.values(kids).entries()) await getDb().galleryPublication.create({ data: { boardId, entryId: k.entryId, sortOrder: i } });
  portfolioId = newPublicId();
  await getDb().studentProfile.update({ where: { userId: kids.withdrawn.user.id }, data: { portfolioId } });
  // Now the changes that must make things disappear.
  await recordConsent({ studentId: kids.withdrawn.user.id, givenById: kids.withdrawn.user.id, scope: "PUBLIC_WORK", action: "WITHDRAWN" });
  await getDb().entry.update({ where: { id: kids.withdrawnEntry.entryId }, data: { status: "WITHDRAWN", withdrawnAt: new Date() } });
});

const anon = (path: string) => getRequest(path, null, { "User-Agent": WECHAT_UA });
const ctx = { clientIp: "10.0.0.1" };

async function publicTexts(): Promise<string> {
  const parts: unknown[] = [];
  parts.push((await run(() => homeLoader({ request: anon("/gallery"), params: {}, context: ctx }))).data);
  parts.push((await run(() => listingLoader({ request: anon(`/gallery/c/${contest.id}`), params: { contestId: contest.id }, context: ctx }))).data);
  parts.push((await run(() => boardLoader({ request: anon(`/b/${boardSlug}`), params: { slug: boardSlug }, context: ctx }))).data);
  for (const k of Object.values(kids)) {
    if (k.publicId) parts.push((await run(() => entryLoader({ request: anon(`/e/${k.publicId}`), params: { publicId: k.publicId }, context: ctx }))).data);
  }
  return JSON.stringify(parts);
}

describe("visibility", () => {
  it("shows only the consented, published, submitted entry on every public page", async () => {
    const text = await publicTexts();
    expect(text).toContain("shown 的画");
    for (const hidden of ["noConsent 的画", "withdrawn 的画", "unpublished 的画", "withdrawnEntry 的画"]) expect(text).not.toContain(hidden);
    const board = (await run<{ cards: { title: string }[] }>(() => boardLoader({ request: anon(`/b/${boardSlug}`), params: { slug: boardSlug }, context: ctx }))).data!;
    expect(board.cards.map((c) => c.title)).toEqual(["shown 的画"]);
  });

  it("answers 404 for the hidden entries' pages, media and QR codes, and for forged links", async () => {
    for (const key of ["noConsent", "withdrawn", "withdrawnEntry"] as const) {
      const publicId = kids[key].publicId!;
      expect((await run(() => entryLoader({ request: anon(`/e/${publicId}`), params: { publicId }, context: ctx }))).status).toBe(404);
      expect((await run(() => entryQrLoader({ request: anon(`/e/${publicId}/qr.svg`), params: { publicId }, context: ctx }))).status).toBe(404);
      const media = await mediaLoader({ request: anon(`/g/m/${publicId}/0/thumb.jpg`), params: { publicId, index: "0", name: "thumb.jpg" }, context: ctx });
      expect(media.status).toBe(404);
    }
    const forged = newPublicId();
    expect((await run(() => entryLoader({ request: anon(`/e/${forged}`), params: { publicId: forged }, context: ctx }))).status).toBe(404);
    expect((await run(() => boardLoader({ request: anon(`/b/${forged}`), params: { slug: forged }, context: ctx }))).status).toBe(404);
    expect((await run(() => entryLoader({ request: anon("/e/1"), params: { publicId: "1" }, context: ctx }))).status).toBe(404);
  });

  it("serves the shown entry's renditions with byte ranges and no storage key in its URLs", async () => {
    const publicId = kids.shown.publicId!;
    const entry = (await run<{ media: { kind: string; picture: { fallback: string } }[] }>(() => entryLoader({ request: anon(`/e/${publicId}`), params: { publicId }, context: ctx }))).data!;
    const src = entry.media[0]!.picture.fallback;
    expect(src).toMatch(new RegExp(`^/g/m/${publicId}/0/`));
    expect(JSON.stringify(entry)).not.toContain(kids.shown.entryId);
    const [, , , pid, index, name] = src.split("/");
    const full = await mediaLoader({ request: anon(src), params: { publicId: pid, index, name }, context: ctx });
    expect(full.status).toBe(200);
    const ranged = await mediaLoader({ request: getRequest(src, null, { Range: "bytes=0-5" }), params: { publicId: pid, index, name }, context: ctx });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe("pixels");
    // The organiser unpublishes: the same URL fails on the next request.
    const browser = await signedInBrowser(organiser.id);
    await organiserAction({ request: postForm("/organiser/gallery", { intent: "unpublish", entryId: kids.shown.entryId }, { browser }), params: {}, context: {} });
    expect((await mediaLoader({ request: anon(src), params: { publicId: pid, index, name }, context: ctx })).status).toBe(404);
    expect((await run(() => entryLoader({ request: anon(`/e/${publicId}`), params: { publicId }, context: ctx }))).status).toBe(404);
    await publish(kids.shown.entryId);
    expect((await mediaLoader({ request: anon(src), params: { publicId: pid, index, name }, context: ctx })).status).toBe(200);
  });

  it("a withdrawn child's portfolio shows nothing; the pure rule agrees with the SQL", async () => {
    expect((await run(() => portfolioLoader({ request: anon(`/p/${portfolioId}`), params: { portfolioId }, context: ctx }))).status).toBe(404);
    for (const k of Object.values(kids)) {
      const entry = await getDb().entry.findUniqueOrThrow({ where: { id: k.entryId }, select: { publicId: true, publishedAt: true, status: true, studentId: true } });
      const rule = isPubliclyVisible({ ...entry, consent: await currentConsent(entry.studentId) });
      const page = entry.publicId ? (await run(() => entryLoader({ request: anon(`/e/${entry.publicId}`), params: { publicId: entry.publicId! }, context: ctx }))).status : 404;
      expect(page === 200).toBe(rule);
    }
  });

  it("never puts a seeded child's full name in public page data or meta", async () => {
    const text = await publicTexts();
    for (const name of Object.values(NAMES)) expect(text).not.toContain(name);
    expect(text).toContain("欧**月");
  });

  it("refuses tampered cursors and huge page sizes with 400, and pages by cursor", async () => {
    const list = (q: string) => run<{ cards: { title: string }[]; next: string | null }>(() => listingLoader({ request: anon(`/gallery/c/${contest.id}${q}`), params: { contestId: contest.id }, context: ctx }));
    expect((await list("?cursor=not-a-cursor!")).status).toBe(400);
    expect((await list(`?cursor=${encodeCursor({ at: Date.now(), id: "x" }).slice(0, -2)}zz`)).status).toBe(400);
    expect((await list("?size=100000")).status).toBe(400);
    expect((await list("?size=-1")).status).toBe(400);
    const first = await list("?size=1");
    expect(first.status).toBe(200);
    expect(first.data!.cards).toHaveLength(1);
    const second = await list(first.data!.next!);
    expect(second.data!.cards).toHaveLength(1);
    expect(second.data!.cards[0]!.title).not.toBe(first.data!.cards[0]!.title);
    expect(second.data!.next).toBeNull();
  });
});

describe("share poster", () => {
  it("is a PNG with the QR for the public work, and 404 for a hidden one", async () => {
    // A real picture for the poster to use.
    const jpeg = await sharp({ create: { width: 1080, height: 810, channels: 3, background: "#3b82f6" } }).jpeg().toBuffer();
    const rendition = await getDb().rendition.findFirstOrThrow({ where: { name: "display.jpg", asset: { entryId: kids.shown.entryId } }, select: { key: true } });
    await getStore().put(rendition.key, jpeg, { contentType: "image/jpeg" });
    const publicId = kids.shown.publicId!;
    const poster = await run(() => posterLoader({ request: anon(`/e/${publicId}/poster.png`), params: { publicId }, context: ctx }));
    expect(poster.status).toBe(200);
    const png = Buffer.from(await poster.response!.arrayBuffer());
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 750, 1200]);
    for (const name of Object.values(NAMES)) expect(png.includes(Buffer.from(name))).toBe(false);
    const hidden = kids.withdrawn.publicId!;
    expect((await run(() => posterLoader({ request: anon(`/e/${hidden}/poster.png`), params: { publicId: hidden }, context: ctx }))).status).toBe(404);
  });
});

describe("organiser actions", () => {
  it("cannot publish a withdrawn entry (409), and another county's organiser gets 404", async () => {
    const browser = await signedInBrowser(organiser.id);
    const refused = await run(() => organiserAction({ request: postForm("/organiser/gallery", { intent: "publish", entryId: kids.withdrawnEntry.entryId }, { browser }), params: {}, context: {} }));
    expect(refused.status).toBe(409);
    const otherTree = await createOrgTree();
    const stranger = await createUser({ role: "ORGANISER", orgUnitId: otherTree.county.id });
    const strangerBrowser = await signedInBrowser(stranger.id);
    const hidden = await run(() => organiserAction({ request: postForm("/organiser/gallery", { intent: "unpublish", entryId: kids.shown.entryId }, { browser: strangerBrowser }), params: {}, context: {} }));
    expect(hidden.status).toBe(404);
    const boardHidden = await run(() => boardAction({ request: postForm(`/organiser/gallery/boards/${boardId}`, { intent: "unpublish" }, { browser: strangerBrowser }), params: { boardId }, context: {} }));
    expect(boardHidden.status).toBe(404);
    const audits = await getDb().auditLog.count({ where: { action: "gallery.entry_published", actorId: organiser.id } });
    expect(audits).toBeGreaterThan(0);
  });
});

describe("view counts", () => {
  const subject = () => ({ type: "ENTRY" as const, id: kids.shown.entryId, schoolId: tree.school.id, studentIds: [kids.shown.user.id] });
  const total = async () => (await getDb().viewCount.aggregate({ where: { subjectType: "ENTRY", subjectId: kids.shown.entryId }, _sum: { count: true } }))._sum.count ?? 0;

  it("counts one view per visitor per 30 minutes, not family, not bots, not floods; a flush loses nothing", async () => {
    await resetViewMemoryForTests();
    const before = await total();
    const t0 = Date.now();
    const visit = (cookie: string | null, options: { ua?: string; ip?: string; at?: number; browser?: string } = {}) =>
      recordView(
        getRequest("/e/x", null, { "User-Agent": options.ua ?? WECHAT_UA, ...(cookie || options.browser ? { Cookie: [cookie ? `__gv=${cookie}` : "", options.browser ?? ""].filter(Boolean).join("; ") } : {}) }),
        { clientIp: options.ip ?? "10.1.1.1" },
        subject(),
        options.at ?? t0,
      );
    const visitor = "visitor-aaaaaaaaaaaaaaaa";
    expect((await visit(visitor)).decision).toBe("count");
    expect((await visit(visitor, { at: t0 + 10 * 60_000 })).decision).toBe("window");
    expect((await visit(visitor, { at: t0 + 31 * 60_000 })).decision).toBe("count");
    expect((await visit("visitor-bbbbbbbbbbbbbbbb", { ua: "Mozilla/5.0 (compatible; Baiduspider/2.0)" })).decision).toBe("bot");
    const family = await signedInBrowser(guardian.id);
    expect((await visit("visitor-cccccccccccccccc", { browser: family.cookie })).decision).toBe("family");
    const child = await signedInBrowser(kids.shown.user.id);
    expect((await visit("visitor-dddddddddddddddd", { browser: child.cookie })).decision).toBe("family");
    const first = await visit(null);
    expect(first.setCookie).toMatch(/^__gv=/);
    // A flood of fresh cookies from one address: only the cap counts.
    let flooded = 0;
    for (let i = 0; i < 100; i++) if ((await visit(`flood-${String(i).padStart(16, "0")}`, { ip: "10.9.9.9" })).decision === "count") flooded++;
    expect(flooded).toBe(60);
    // Repeats by one visitor never move it.
    for (let i = 0; i < 20; i++) await visit(visitor, { at: t0 + 32 * 60_000 });
    const expected = 2 + 1 + 60;
    expect(pendingViewCount()).toBeGreaterThanOrEqual(expected);
    await flushViewCounts();
    expect(pendingViewCount()).toBe(0);
    expect((await total()) - before).toBe(expected);
  });

  it("shows counts on the page, and an anonymous visitor gets a visitor cookie", async () => {
    const publicId = kids.shown.publicId!;
    const result = await run<{ views: number }>(() => entryLoader({ request: anon(`/e/${publicId}`), params: { publicId }, context: ctx }));
    expect(result.data!.views).toBeGreaterThan(0);
    expect(result.headers.get("Set-Cookie")).toMatch(/^__gv=/);
    void anonymousBrowser;
  });
});
