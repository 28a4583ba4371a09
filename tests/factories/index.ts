// Test data builders. Each call makes fresh, uniquely coded rows so tests in
// one file do not trip over each other's unique constraints.
import { randomBytes } from "node:crypto";
import type { Role } from "~/domain/roles.ts";
import type {
  CategoryKind,
  ConsentAction,
  ConsentScope,
  ContestStatus,
  EntryStatus,
  GuardianRelation,
  MediaKind,
  OrgKind,
  UserStatus,
} from "~/generated/prisma/client.ts";
import { getDb, type Db } from "~/server/db/db.server.ts";
import { hashPassword } from "~/server/auth/password.server.ts";

export const DEFAULT_PASSWORD = "sanshai2026";

export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

export type Unit = { id: string; kind: OrgKind; name: string; path: string; parentId: string | null; grade: number | null };

export async function createOrgUnit(
  input: { kind: OrgKind; name: string; parent?: Unit | null; grade?: number; shortName?: string },
  db: Db = getDb(),
): Promise<Unit> {
  const created = await db.orgUnit.create({
    data: {
      kind: input.kind,
      name: input.name,
      shortName: input.shortName ?? null,
      code: `${input.kind.toLowerCase()}-${uniqueSuffix()}`,
      parentId: input.parent?.id ?? null,
      path: "/pending/",
      grade: input.grade ?? null,
      schoolYear: input.kind === "CLASS" ? 2026 : null,
    },
  });
  const path = `${input.parent?.path ?? "/"}${created.id}/`;
  await db.orgUnit.update({ where: { id: created.id }, data: { path } });
  return { id: created.id, kind: created.kind, name: created.name, path, parentId: created.parentId, grade: created.grade };
}

export type OrgTree = {
  county: Unit;
  township: Unit;
  school: Unit;
  classA: Unit;
  classB: Unit;
  otherSchool: Unit;
  otherClass: Unit;
};

/** 示范县 → 城关镇 → 实验小学 (三年级(1)班, 三年级(2)班) and 第二小学 (四年级(1)班). */
export async function createOrgTree(db: Db = getDb()): Promise<OrgTree> {
  const county = await createOrgUnit({ kind: "COUNTY", name: "示范县" }, db);
  const township = await createOrgUnit({ kind: "TOWNSHIP", name: "城关镇", parent: county }, db);
  const school = await createOrgUnit({ kind: "SCHOOL", name: "示范县实验小学", shortName: "实验小学", parent: township }, db);
  const classA = await createOrgUnit({ kind: "CLASS", name: "三年级(1)班", parent: school, grade: 3 }, db);
  const classB = await createOrgUnit({ kind: "CLASS", name: "三年级(2)班", parent: school, grade: 3 }, db);
  const otherSchool = await createOrgUnit({ kind: "SCHOOL", name: "示范县第二小学", shortName: "第二小学", parent: township }, db);
  const otherClass = await createOrgUnit({ kind: "CLASS", name: "四年级(1)班", parent: otherSchool, grade: 4 }, db);
  return { county, township, school, classA, classB, otherSchool, otherClass };
}

export type TestUser = { id: string; username: string; password: string; displayName: string; phone: string | null };

export async function createUser(
  input: {
    role?: Role;
    orgUnitId?: string;
    /** More assignments beyond `role`. */
    extraRoles?: { role: Role; orgUnitId: string }[];
    password?: string;
    username?: string;
    displayName?: string;
    phone?: string;
    status?: UserStatus;
    mustChangePassword?: boolean;
    locale?: string;
  } = {},
  db: Db = getDb(),
): Promise<TestUser> {
  const password = input.password ?? DEFAULT_PASSWORD;
  const username = input.username ?? `user-${uniqueSuffix()}`;
  const displayName = input.displayName ?? `测试${uniqueSuffix().slice(0, 3)}`;
  const roles = [...(input.role && input.orgUnitId ? [{ role: input.role, orgUnitId: input.orgUnitId }] : []), ...(input.extraRoles ?? [])];
  const user = await db.user.create({
    data: {
      username,
      displayName,
      phone: input.phone ?? null,
      passwordHash: await hashPassword(password),
      status: input.status ?? "ACTIVE",
      mustChangePassword: input.mustChangePassword ?? false,
      locale: input.locale ?? "zh-CN",
      roles: { create: roles },
      ...(input.role === "STUDENT" && input.orgUnitId
        ? { studentProfile: { create: { classId: input.orgUnitId, birthYear: 2017 } } }
        : {}),
    },
  });
  return { id: user.id, username, password, displayName, phone: user.phone };
}

export async function linkGuardian(
  input: { guardianId: string; studentId: string; relation?: GuardianRelation },
  db: Db = getDb(),
): Promise<void> {
  await db.guardianLink.create({ data: { guardianId: input.guardianId, studentId: input.studentId, relation: input.relation ?? "MOTHER" } });
}

export async function recordConsent(
  input: { studentId: string; givenById: string; scope: ConsentScope; action: ConsentAction; at?: Date },
  db: Db = getDb(),
): Promise<void> {
  await db.consentRecord.create({
    data: { studentId: input.studentId, givenById: input.givenById, scope: input.scope, action: input.action, textVersion: "test-1", createdAt: input.at },
  });
}

type CategorySpec = {
  kind: CategoryKind;
  name: string;
  acceptedMediaKinds: MediaKind[];
  acceptsText?: boolean;
  maxTextChars?: number;
  maxFiles?: number;
  maxFileBytes?: bigint;
  maxDurationSeconds?: number;
  gradeMin?: number;
  gradeMax?: number;
};

const MB = 1024n * 1024n;

/** The five categories of a 三晒一创 contest. */
export const FIVE_CATEGORIES: CategorySpec[] = [
  { kind: "READING", name: "读书", acceptedMediaKinds: ["IMAGE", "AUDIO"], acceptsText: true, maxTextChars: 3000, maxFiles: 6, maxFileBytes: 20n * MB, maxDurationSeconds: 300 },
  { kind: "ESSAY", name: "征文", acceptedMediaKinds: ["IMAGE"], acceptsText: true, maxTextChars: 5000, maxFiles: 6, maxFileBytes: 20n * MB },
  { kind: "VIDEO", name: "小视频", acceptedMediaKinds: ["VIDEO"], maxFiles: 1, maxFileBytes: 500n * MB, maxDurationSeconds: 180 },
  { kind: "PHOTO", name: "摄影", acceptedMediaKinds: ["IMAGE"], maxFiles: 3, maxFileBytes: 30n * MB },
  { kind: "ART", name: "美术", acceptedMediaKinds: ["IMAGE"], maxFiles: 3, maxFileBytes: 30n * MB },
];

export type TestContest = { id: string; title: string; categories: { id: string; kind: CategoryKind; name: string }[] };

export async function createContest(
  input: {
    orgUnitId: string;
    title?: string;
    status?: ContestStatus;
    opensAt?: Date;
    closesAt?: Date;
    categories?: CategorySpec[];
  },
  db: Db = getDb(),
): Promise<TestContest> {
  const now = Date.now();
  const contest = await db.contest.create({
    data: {
      title: input.title ?? `2026年寒假“三晒一创”活动 ${uniqueSuffix()}`,
      description: "晒读书、晒征文、晒视频，创美好假期。",
      season: "WINTER",
      year: 2026,
      status: input.status ?? "OPEN",
      orgUnitId: input.orgUnitId,
      submissionOpensAt: input.opensAt ?? new Date(now - 7 * 86_400_000),
      submissionClosesAt: input.closesAt ?? new Date(now + 21 * 86_400_000),
      categories: {
        create: (input.categories ?? FIVE_CATEGORIES).map((c, i) => ({
          kind: c.kind,
          name: c.name,
          acceptedMediaKinds: c.acceptedMediaKinds,
          acceptsText: c.acceptsText ?? false,
          maxTextChars: c.maxTextChars ?? null,
          maxFiles: c.maxFiles ?? 1,
          maxFileBytes: c.maxFileBytes ?? 20n * MB,
          maxDurationSeconds: c.maxDurationSeconds ?? null,
          gradeMin: c.gradeMin ?? 1,
          gradeMax: c.gradeMax ?? 9,
          sortOrder: i,
        })),
      },
    },
    select: { id: true, title: true, categories: { orderBy: { sortOrder: "asc" }, select: { id: true, kind: true, name: true } } },
  });
  return contest;
}

/** An entry by a student in their class, with the org columns copied from the class path. */
export async function createEntry(
  input: { contestId: string; categoryId: string; studentId: string; classUnit: Unit; status?: EntryStatus; title?: string },
  db: Db = getDb(),
): Promise<{ id: string }> {
  const [, townshipId, schoolId, classId] = input.classUnit.path.split("/").filter(Boolean);
  return db.entry.create({
    data: {
      contestId: input.contestId,
      categoryId: input.categoryId,
      studentId: input.studentId,
      submittedById: input.studentId,
      townshipId: townshipId!,
      schoolId: schoolId!,
      classId: classId!,
      grade: input.classUnit.grade ?? 3,
      title: input.title ?? `作品 ${uniqueSuffix()}`,
      status: input.status ?? "SUBMITTED",
      submittedAt: input.status === "DRAFT" ? null : new Date(),
    },
    select: { id: true },
  });
}

// ---------------------------------------------------------------------------
// people (issue 10): children with link codes, class lists, GBK, multipart
// ---------------------------------------------------------------------------

/**
 * A child of `classUnit` with a fresh guardian link code (sealed and digested
 * as the intake does it); returns the code as printed. Needs SESSION_SECRET
 * (ensureTestSecret in requests.ts).
 */
export async function createStudentWithLinkCode(
  input: { classUnit: Unit; displayName?: string; expiresAt?: Date },
  db: Db = getDb(),
): Promise<TestUser & { linkCode: string }> {
  const { makeLinkCode } = await import("~/server/people/credentials.server.ts");
  const student = await createUser({ role: "STUDENT", orgUnitId: input.classUnit.id, displayName: input.displayName }, db);
  const link = makeLinkCode(student.username);
  await db.studentProfile.update({
    where: { userId: student.id },
    data: { linkCodeHash: link.linkCodeHash, linkCodeEnc: link.linkCodeEnc, linkCodeExpiresAt: input.expiresAt ?? link.linkCodeExpiresAt },
  });
  return { ...student, linkCode: link.code };
}

let gbkTable: Map<string, number[]> | null = null;

/** Text in GBK, as Excel on Windows saves a Chinese CSV (Node decodes GBK but has no encoder: the table is built by decoding every pair). */
export function encodeGbk(text: string): Uint8Array {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder("gbk");
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(Uint8Array.of(lead, trail));
        if (char.length === 1 && char !== "\uFFFD" && !gbkTable.has(char)) gbkTable.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbkTable.get(char);
      if (!pair) throw new Error(`no GBK code for ${char}`);
      bytes.push(...pair);
    }
  }
  return Uint8Array.from(bytes);
}

/** A multipart form POST (a file upload), with the CSRF token and cookies of `browser`. */
export function postMultipart(
  path: string,
  fields: Record<string, string>,
  files: Record<string, { name: string; type: string; bytes: Uint8Array }>,
  browser: { cookie: string; csrf: string },
): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("csrf", browser.csrf);
  for (const [k, f] of Object.entries(files)) form.set(k, new Blob([new Uint8Array(f.bytes)], { type: f.type }), f.name);
  return new Request(new URL(path, "http://localhost:3000"), { method: "POST", body: form, headers: { Cookie: browser.cookie, Origin: "http://localhost:3000" } });
}

// ---------------------------------------------------------------------------
// Contests (issue 10): files and nominations of entries, for refusal rules and progress
// ---------------------------------------------------------------------------

/** A media file of an entry, in any status, with the size and duration a rule needs to see. */
export async function createMediaAsset(
  input: { entryId: string; kind: MediaKind; status?: "UPLOADING" | "UPLOADED" | "PROCESSING" | "READY" | "FAILED" | "DELETED"; byteSize?: bigint; durationMs?: number | null },
  db: Db = getDb(),
): Promise<{ id: string }> {
  const suffix = uniqueSuffix();
  return db.mediaAsset.create({
    data: {
      entryId: input.entryId,
      kind: input.kind,
      status: input.status ?? "READY",
      originalKey: `entries/${input.entryId}/originals/test-${suffix}`,
      originalName: `file-${suffix}`,
      byteSize: input.byteSize ?? 5n * MB,
      durationMs: input.durationMs ?? null,
      failureCode: input.status === "FAILED" ? "video_corrupt" : null,
    },
    select: { id: true },
  });
}

/** A school's nomination of one of its entries (the entry becomes NOMINATED). */
export async function createNomination(
  input: { contestId: string; categoryId: string; schoolId: string; entryId: string; nominatedById: string; status?: "NOMINATED" | "RELEASED" | "WITHDRAWN" },
  db: Db = getDb(),
): Promise<{ id: string }> {
  await db.entry.update({ where: { id: input.entryId }, data: { status: "NOMINATED" } });
  return db.nomination.create({
    data: { ...input, reason: "构思新颖，画面完整", status: input.status ?? "NOMINATED" },
    select: { id: true },
  });
}
