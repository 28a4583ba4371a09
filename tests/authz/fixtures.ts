// The one world the authorisation matrix runs in, built once per run: a
// county with two townships, a school in each (A's and B's), one class each,
// an open contest, one draft entry per child with files, and a user for
// every actor in tests/authz/policy.ts. Policy rows build their sample URLs
// and forms from the ids kept here (`Fixtures`): add an id when a new route
// needs a new kind of object, and say whose it is in its name.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Role } from "~/domain/roles.ts";
import type { AssetStatus } from "~/generated/prisma/client.ts";
import { buildOriginalKey, buildRenditionKey } from "~/domain/storage-keys.ts";
import { getDb } from "~/server/db/db.server.ts";
import type { ObjectStore } from "~/server/storage/storage.server.ts";
import { createSignedFileToken } from "~/server/storage/signed-url.server.ts";
import { createUploadHandler } from "~/server/uploads/uploads.server.ts";
import { createContest, createEntry, createOrgUnit, createUser, linkGuardian, type Unit } from "../factories/index.ts";
import { anonymousBrowser, ensureTestSecret, signedInBrowser, type Browser } from "../factories/requests.ts";
import type { Actor, SignedInActor } from "./policy.ts";
import { tusRequest } from "./tus.ts";

export type Fixtures = {
  /** User ids, one per signed-in actor. */
  user: Record<SignedInActor, string>;
  county: string;
  schoolA: string;
  schoolB: string;
  /** Student A's class (teacher A's) in school A, township A. */
  classA: string;
  /** Student B's class (teacher B's) in school B, township B. */
  classB: string;
  contest: string;
  /** The contest's one category (photos, up to 50 files so uploads in every run fit). */
  category: string;
  /** Drafts: A's and B's entry in `category`. */
  entryA: string;
  entryB: string;
  /** A READY photo of A's entry: "retry" answers 409 (not failed) for staff who can see it, and it is never removed. */
  readyAssetA: string;
  /** A file of A's entry that the matrix removes ("delete-file"); removing it again succeeds quietly. */
  removableAssetA: string;
  /** A valid /files token for a rendition of A's entry, and the same token with its signature spoilt. */
  fileToken: string;
  badFileToken: string;
  /** A syntactically valid id that no row has. */
  missingId: string;
  /** A draft gallery board of the county (issue 12): organisers may edit it, nobody sees it in public. */
  board: string;
  /** A tus upload student A started on A's entry (path on the uploads server: /uploads/<id>). */
  uploadPathA: string;
  // Results (issue 11): a second contest, finalised, with its notice closed and a
  // participation certificate for A and for B (their submitted entries in it).
  finalContest: string;
  certificateA: string;
  certificateB: string;
  /** The public verification code on A's certificate. */
  verifyCodeA: string;
  // judging (issue 11): the contest is OPEN, so these rounds take no scores (writes answer 409).
  /** The judge's county-round assignment of A's entry. */
  judgeAssignment: string;
  /** Teacher B's school-round assignment of A's entry: another judge's work, for everyone else. */
  teacherBAssignment: string;
};

export type World = {
  fixtures: Fixtures;
  /** A browser per actor: its cookies and CSRF token. */
  browser: (actor: Actor) => Browser;
  /** A browser with a session of its own, for cells that end their session (logout). */
  freshBrowser: (actor: Actor) => Promise<Browser>;
  /** The tus endpoint as express mounts it, on a port of its own: http://127.0.0.1:<port>. */
  uploadsOrigin: string;
  close: () => Promise<void>;
};

const MiB = 1024n * 1024n;

async function orgTree() {
  const county = await createOrgUnit({ kind: "COUNTY", name: "示范县" });
  const townshipA = await createOrgUnit({ kind: "TOWNSHIP", name: "城关镇", parent: county });
  const townshipB = await createOrgUnit({ kind: "TOWNSHIP", name: "河口乡", parent: county });
  const schoolA = await createOrgUnit({ kind: "SCHOOL", name: "示范县实验小学", shortName: "实验小学", parent: townshipA });
  const schoolB = await createOrgUnit({ kind: "SCHOOL", name: "河口乡中心小学", shortName: "河口小学", parent: townshipB });
  const classA = await createOrgUnit({ kind: "CLASS", name: "三年级(1)班", parent: schoolA, grade: 3 });
  const classB = await createOrgUnit({ kind: "CLASS", name: "四年级(2)班", parent: schoolB, grade: 4 });
  return { county, schoolA, schoolB, classA, classB };
}

async function actors(tree: Awaited<ReturnType<typeof orgTree>>): Promise<Record<SignedInActor, string>> {
  const who: Record<SignedInActor, [Role, Unit]> = {
    studentA: ["STUDENT", tree.classA],
    studentB: ["STUDENT", tree.classB],
    guardianA: ["GUARDIAN", tree.classA],
    teacherA: ["TEACHER", tree.classA],
    teacherB: ["TEACHER", tree.classB],
    coordinatorA: ["SCHOOL_COORDINATOR", tree.schoolA],
    coordinatorB: ["SCHOOL_COORDINATOR", tree.schoolB],
    judge: ["JUDGE", tree.county],
    organiser: ["ORGANISER", tree.county],
    admin: ["ADMIN", tree.county],
  };
  // In parallel: each user costs a scrypt hash, which runs on libuv's thread pool.
  const ids = await Promise.all(Object.values(who).map(([role, unit]) => createUser({ role, orgUnitId: unit.id })));
  const user = Object.fromEntries(Object.keys(who).map((actor, i) => [actor, ids[i]!.id])) as Record<SignedInActor, string>;
  await linkGuardian({ guardianId: user.guardianA, studentId: user.studentA });
  return user;
}

async function makeAsset(entryId: string, status: AssetStatus): Promise<string> {
  const id = `t${randomBytes(10).toString("hex")}`;
  await getDb().mediaAsset.create({
    data: { id, entryId, kind: "IMAGE", status, originalKey: buildOriginalKey({ entryId, assetId: id }), originalName: "照片.jpg", byteSize: 1000n },
  });
  return id;
}

async function fileTokens(store: ObjectStore, entryId: string, assetId: string) {
  const key = buildRenditionKey({ entryId, assetId, name: "thumb", ext: "webp" });
  await store.put(key, Buffer.from("RIFF....WEBP"), { contentType: "image/webp" });
  const fileToken = createSignedFileToken({ key, expiresAt: Math.floor(Date.now() / 1000) + 3600 });
  const [payload, signature = ""] = fileToken.split(".");
  const badFileToken = `${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
  return { fileToken, badFileToken };
}

/** The tus handler mounted as http.server.ts mounts it (at /uploads, before Remix). */
async function startUploads(): Promise<{ origin: string; server: Server }> {
  const app = express();
  app.use("/uploads", createUploadHandler());
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function startUploadOfA(origin: string, browser: Browser, entryId: string): Promise<string> {
  const response = await tusRequest({ origin, path: "/uploads", method: "POST", browser, create: { entryId, kind: "image", size: 1000 } });
  const location = response.headers.get("Location");
  if (response.status !== 201 || !location) throw new Error(`fixture: student A could not start an upload (${response.status})`);
  return new URL(location, origin).pathname;
}

/** Results (issue 11): a finalised contest with a closed notice and A's and B's participation certificates. */
async function finalisedContest(tree: Awaited<ReturnType<typeof orgTree>>, user: Record<SignedInActor, string>) {
  const db = getDb();
  const contest = await createContest({ orgUnitId: tree.county.id, status: "FINALISED", categories: [{ kind: "ART", name: "美术", acceptedMediaKinds: ["IMAGE"] }] });
  await db.publicNotice.create({ data: { contestId: contest.id, title: contest.title, status: "CLOSED", startsAt: new Date(Date.now() - 5 * 86_400_000), endsAt: new Date(Date.now() - 86_400_000) } });
  const certificate = async (studentId: string, classUnit: Unit, n: number) => {
    const entry = await createEntry({ contestId: contest.id, categoryId: contest.categories[0]!.id, studentId, classUnit, status: "SUBMITTED" });
    // 12 hex digits: within the codes' alphabet (Crockford base32).
    const verifyCode = randomBytes(6).toString("hex").toUpperCase();
    const row = await db.certificate.create({
      data: { kind: "PARTICIPATION", contestId: contest.id, studentId, entryId: entry.id, dedupeKey: `participation:${contest.id}:${studentId}`, serialNumber: `authz-${contest.id}-${n}`, verifyCode },
    });
    return { id: row.id, verifyCode };
  };
  const a = await certificate(user.studentA, tree.classA, 1);
  const b = await certificate(user.studentB, tree.classB, 2);
  return { finalContest: contest.id, certificateA: a.id, certificateB: b.id, verifyCodeA: a.verifyCode };
}

/** judging (issue 11): a county and a school round on the contest, with one assignment each. */
async function judgingFixtures(contestId: string, entryId: string, user: Record<SignedInActor, string>) {
  const db = getDb();
  const county = await db.judgingRound.create({ data: { contestId, level: "COUNTY", name: "县级评审", status: "OPEN" } });
  const school = await db.judgingRound.create({ data: { contestId, level: "SCHOOL", name: "校内评选", status: "OPEN" } });
  const judgeAssignment = await db.judgeAssignment.create({ data: { roundId: county.id, entryId, judgeId: user.judge } });
  const teacherBAssignment = await db.judgeAssignment.create({ data: { roundId: school.id, entryId, judgeId: user.teacherB } });
  return { judgeAssignment: judgeAssignment.id, teacherBAssignment: teacherBAssignment.id };
}

export async function buildWorld(store: ObjectStore): Promise<World> {
  // File tokens and CSRF tokens are HMACs under SESSION_SECRET.
  ensureTestSecret();
  const tree = await orgTree();
  const user = await actors(tree);
  const contest = await createContest({
    orgUnitId: tree.county.id,
    categories: [{ kind: "PHOTO", name: "摄影", acceptedMediaKinds: ["IMAGE"], maxFiles: 50, maxFileBytes: 30n * MiB }],
  });
  const category = contest.categories[0]!.id;
  const entry = (studentId: string, classUnit: Unit) => createEntry({ contestId: contest.id, categoryId: category, studentId, classUnit, status: "DRAFT" });
  const entryA = (await entry(user.studentA, tree.classA)).id;
  const entryB = (await entry(user.studentB, tree.classB)).id;
  const readyAssetA = await makeAsset(entryA, "READY");
  const removableAssetA = await makeAsset(entryA, "READY");
  const fixtures: Fixtures = {
    user,
    county: tree.county.id,
    schoolA: tree.schoolA.id,
    schoolB: tree.schoolB.id,
    classA: tree.classA.id,
    classB: tree.classB.id,
    contest: contest.id,
    category,
    entryA,
    entryB,
    readyAssetA,
    removableAssetA,
    ...(await fileTokens(store, entryA, readyAssetA)),
    missingId: "cmissing000000000000000000",
    board: (await getDb().galleryBoard.create({ data: { slug: "draftBoard00", title: "十小明星风采", orgUnitId: tree.county.id }, select: { id: true } })).id,
    uploadPathA: "",
    ...(await finalisedContest(tree, user)),
    ...(await judgingFixtures(contest.id, entryA, user)),
  };

  const anonymous = anonymousBrowser();
  const browsers = new Map<Actor, Browser>([["anonymous", anonymous]]);
  for (const actor of Object.keys(user) as SignedInActor[]) browsers.set(actor, await signedInBrowser(user[actor]));
  const uploads = await startUploads();
  fixtures.uploadPathA = await startUploadOfA(uploads.origin, browsers.get("studentA")!, entryA);
  return {
    fixtures,
    browser: (actor) => browsers.get(actor)!,
    freshBrowser: async (actor) => (actor === "anonymous" ? anonymousBrowser() : signedInBrowser(user[actor])),
    uploadsOrigin: uploads.origin,
    close: () => new Promise<void>((resolve) => uploads.server.close(() => resolve())),
  };
}
