// Demo data for the embedded default and for trying the platform: a county
// (示范县) with three townships, four schools and their classes, 40 children
// with guardians, one login per role, and one open winter contest with the
// five categories. Deterministic (same names every time), transactional, and
// loaded at most once: nothing is written when any county already exists.
//
//   npm run db:seed            (needs DATABASE_URL; npm start does this itself)
import { pathToFileURL } from "node:url";
import { AWARD_TIER_PRESETS, CATEGORY_PRESETS, DEFAULT_GRADE_BANDS, categoryLimits } from "~/domain/category-presets.ts";
import { planContestWindows } from "~/domain/contest.ts";
import type { GuardianRelation, Role } from "~/generated/prisma/client.ts";
import type { Db, Tx } from "~/server/db/db.server.ts";
import { hashPassword, verifyPassword } from "~/server/auth/password.server.ts";

export const DEMO_PASSWORD = "sanshai2026";
export const DEMO_COUNTY_CODE = "DEMO";
export const DEMO_CONTEST_TITLE = "2026年寒假“三晒一创”活动";

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  /** "县关工委组织者" … for the start banner. */
  roleLabel: string;
  displayName: string;
  where: string;
}

export const DEMO_LOGINS: readonly Omit<DemoLogin, "password">[] = [
  { username: "admin", role: "ADMIN", roleLabel: "系统管理员", displayName: "赵志刚", where: "示范县" },
  { username: "organiser", role: "ORGANISER", roleLabel: "县关工委组织者", displayName: "刘秀兰", where: "示范县" },
  { username: "coordinator", role: "SCHOOL_COORDINATOR", roleLabel: "学校关工负责人", displayName: "陈海燕", where: "实验小学" },
  { username: "teacher", role: "TEACHER", roleLabel: "教师", displayName: "李晓红", where: "实验小学 三年级(1)班" },
  { username: "judge", role: "JUDGE", roleLabel: "评委", displayName: "周文博", where: "示范县" },
  { username: "student", role: "STUDENT", roleLabel: "学生", displayName: "王梓涵", where: "实验小学 三年级(1)班" },
  { username: "guardian", role: "GUARDIAN", roleLabel: "家长", displayName: "王建军", where: "王梓涵、王梓睿的父亲" },
];

export interface SeedResult {
  seeded: boolean;
  logins: DemoLogin[];
}

// ---------------------------------------------------------------------------
// The organisation
// ---------------------------------------------------------------------------

const GRADE_NAMES = ["", "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级"];

interface ClassPlan {
  grade: number;
  number: number;
  students: number;
}

interface SchoolPlan {
  code: string;
  name: string;
  shortName: string;
  township: string;
  quota: number;
  classes: ClassPlan[];
}

const TOWNSHIPS = [
  { code: "DEMO-T01", name: "城关镇" },
  { code: "DEMO-T02", name: "青石镇" },
  { code: "DEMO-T03", name: "柳河镇" },
];

const SCHOOLS: SchoolPlan[] = [
  {
    code: "DEMO-S01",
    name: "示范县实验小学",
    shortName: "实验小学",
    township: "DEMO-T01",
    quota: 3,
    classes: [
      { grade: 1, number: 1, students: 3 },
      { grade: 2, number: 1, students: 2 },
      { grade: 3, number: 1, students: 10 },
      { grade: 3, number: 2, students: 3 },
      { grade: 4, number: 1, students: 2 },
      { grade: 5, number: 1, students: 2 },
      { grade: 6, number: 1, students: 2 },
    ],
  },
  {
    code: "DEMO-S02",
    name: "示范县第一中学",
    shortName: "第一中学",
    township: "DEMO-T01",
    quota: 3,
    classes: [
      { grade: 7, number: 1, students: 2 },
      { grade: 8, number: 1, students: 2 },
      { grade: 9, number: 1, students: 2 },
    ],
  },
  {
    code: "DEMO-S03",
    name: "青石镇中心小学",
    shortName: "青石小学",
    township: "DEMO-T02",
    quota: 2,
    classes: [
      { grade: 3, number: 1, students: 3 },
      { grade: 5, number: 1, students: 3 },
    ],
  },
  {
    code: "DEMO-S04",
    name: "柳河镇中心小学",
    shortName: "柳河小学",
    township: "DEMO-T03",
    quota: 2,
    classes: [
      { grade: 4, number: 1, students: 2 },
      { grade: 6, number: 1, students: 2 },
    ],
  },
];

/** The school year the demo classes belong to: 2025 is 2025–2026学年, whose winter break is in 2026. */
const SCHOOL_YEAR = 2025;

export const className = (grade: number, number: number) => `${GRADE_NAMES[grade]}(${number})班`;
const classCode = (school: string, c: { grade: number; number: number }) => `${school}-G${c.grade}C${c.number}`;

// ---------------------------------------------------------------------------
// Names: a small deterministic generator, so every demo looks the same.
// ---------------------------------------------------------------------------

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘".split("");
const CHILD_NAMES = [
  "子涵", "梓萱", "浩然", "宇轩", "欣怡", "一诺", "思远", "雨桐", "佳怡", "俊熙", "诗涵", "子墨",
  "晨曦", "博文", "语桐", "若汐", "明轩", "可馨", "嘉怡", "天佑", "沐阳", "心怡", "锦程", "书瑶",
  "皓轩", "安琪", "志远", "雅琪", "梓航", "紫涵", "铭泽", "欣妍", "昊天", "思彤", "宸宇", "乐瑶",
];
const ADULT_NAMES = [
  "建华", "丽娟", "志强", "秀英", "海波", "春梅", "国庆", "红霞", "卫东", "桂兰", "永刚", "凤英",
  "振华", "淑珍", "德明", "玉兰", "文军", "翠萍", "小平", "美玲",
];
const RELATIONS: GuardianRelation[] = ["MOTHER", "FATHER", "MOTHER", "GRANDPARENT", "FATHER", "OTHER"];

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------

/**
 * Loads the demo data unless the database already has a county. Safe to call
 * from several processes at once: an advisory lock serialises them and the
 * check runs inside the same transaction.
 */
export async function seedDemoData(db: Db, options: { now?: Date } = {}): Promise<SeedResult> {
  const now = options.now ?? new Date();
  // The usual case after the first start: nothing to do, and no reason to pay for hashing.
  if (await hasCounty(db)) return { seeded: false, logins: await findDemoLogins(db) };
  // Hashing is slow on purpose (scrypt): done before the transaction opens.
  const loginHashes = new Map<string, string>();
  await Promise.all(DEMO_LOGINS.map(async (l) => loginHashes.set(l.username, await hashPassword(DEMO_PASSWORD))));
  // Demo children and guardians without a printed login get a password nobody knows.
  const lockedHash = await hashPassword(crypto.randomUUID() + crypto.randomUUID());

  const seeded = await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(hashtext('sanshai:seed-demo-data'))");
      if (await hasCounty(tx)) return false; // loaded by a concurrent start meanwhile
      await seedInTransaction(tx, { now, loginHashes, lockedHash });
      return true;
    },
    { timeout: 180_000, maxWait: 30_000 },
  );
  return { seeded, logins: seeded ? DEMO_LOGINS.map((l) => ({ ...l, password: DEMO_PASSWORD })) : await findDemoLogins(db) };
}

/** The demo logins that still exist and still have the demo password (those are worth printing). */
export async function findDemoLogins(db: Db): Promise<DemoLogin[]> {
  const users = await db.user.findMany({
    where: { username: { in: DEMO_LOGINS.map((l) => l.username) }, status: "ACTIVE" },
    select: { username: true, passwordHash: true },
  });
  const checks = await Promise.all(users.map(async (u) => [u.username, await verifyPassword(DEMO_PASSWORD, u.passwordHash)] as const));
  const usable = new Set(checks.filter(([, ok]) => ok).map(([username]) => username));
  return DEMO_LOGINS.filter((l) => usable.has(l.username)).map((l) => ({ ...l, password: DEMO_PASSWORD }));
}

async function hasCounty(db: Db | Tx): Promise<boolean> {
  return (await db.orgUnit.findFirst({ where: { kind: "COUNTY" }, select: { id: true } })) !== null;
}

interface SeedContext {
  now: Date;
  loginHashes: Map<string, string>;
  lockedHash: string;
}

async function seedInTransaction(tx: Tx, ctx: SeedContext): Promise<void> {
  const org = await createOrganisation(tx);
  const staff = await createStaff(tx, ctx, org);
  await createFamilies(tx, ctx, org);
  await createContest(tx, ctx, org, staff);
}

type OrgIds = Awaited<ReturnType<typeof createOrganisation>>;

async function createOrganisation(tx: Tx) {
  const county = await tx.orgUnit.create({
    data: { kind: "COUNTY", name: "示范县", shortName: "示范县", code: DEMO_COUNTY_CODE, path: "/" },
  });
  const countyPath = `/${county.id}/`;
  await tx.orgUnit.update({ where: { id: county.id }, data: { path: countyPath } });

  const townships = new Map<string, { id: string; path: string }>();
  for (const t of TOWNSHIPS) {
    const row = await createChild(tx, { kind: "TOWNSHIP", name: t.name, code: t.code }, { id: county.id, path: countyPath });
    townships.set(t.code, row);
  }

  const schools = new Map<string, { id: string; path: string; townshipId: string; plan: SchoolPlan }>();
  const classes = new Map<string, { id: string; schoolCode: string; grade: number }>();
  for (const s of SCHOOLS) {
    const township = townships.get(s.township)!;
    const school = await createChild(tx, { kind: "SCHOOL", name: s.name, shortName: s.shortName, code: s.code }, township);
    schools.set(s.code, { ...school, townshipId: township.id, plan: s });
    for (const c of s.classes) {
      const name = className(c.grade, c.number);
      const row = await createChild(
        tx,
        { kind: "CLASS", name, shortName: name, code: classCode(s.code, c), grade: c.grade, schoolYear: SCHOOL_YEAR },
        school,
      );
      classes.set(classCode(s.code, c), { id: row.id, schoolCode: s.code, grade: c.grade });
    }
  }
  return { countyId: county.id, schools, classes };
}

async function createChild(
  tx: Tx,
  data: { kind: "TOWNSHIP" | "SCHOOL" | "CLASS"; name: string; shortName?: string; code: string; grade?: number; schoolYear?: number },
  parent: { id: string; path: string },
): Promise<{ id: string; path: string }> {
  const row = await tx.orgUnit.create({ data: { ...data, parentId: parent.id, path: parent.path } });
  const path = `${parent.path}${row.id}/`;
  await tx.orgUnit.update({ where: { id: row.id }, data: { path } });
  return { id: row.id, path };
}

const MAIN_CLASS = classCode("DEMO-S01", { grade: 3, number: 1 });
const SIBLING_CLASS = classCode("DEMO-S01", { grade: 1, number: 1 });

async function createStaff(tx: Tx, ctx: SeedContext, org: OrgIds) {
  const scope: Record<string, string> = {
    admin: org.countyId,
    organiser: org.countyId,
    coordinator: org.schools.get("DEMO-S01")!.id,
    teacher: org.classes.get(MAIN_CLASS)!.id,
    judge: org.countyId,
  };
  const ids: Record<string, string> = {};
  for (const login of DEMO_LOGINS) {
    const orgUnitId = scope[login.username];
    if (!orgUnitId) continue; // student and guardian come with the families
    const user = await tx.user.create({
      data: {
        username: login.username,
        displayName: login.displayName,
        passwordHash: ctx.loginHashes.get(login.username)!,
        roles: { create: { role: login.role, orgUnitId } },
      },
    });
    ids[login.username] = user.id;
  }
  return { organiserId: ids.organiser!, judgeId: ids.judge! };
}

async function createFamilies(tx: Tx, ctx: SeedContext, org: OrgIds): Promise<void> {
  const random = prng(2026);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const usedNames = new Set(["王梓涵", "王梓睿"]);
  const childName = (surname: string) => {
    for (;;) {
      const name = surname + pick(CHILD_NAMES);
      if (!usedNames.has(name)) return usedNames.add(name), name;
    }
  };

  // The printed family first: `guardian` looks after `student` and a younger sibling.
  const guardian = await tx.user.create({
    data: {
      username: "guardian",
      displayName: "王建军",
      passwordHash: ctx.loginHashes.get("guardian")!,
      roles: { create: { role: "GUARDIAN", orgUnitId: org.countyId } },
    },
  });
  let seat = 0;
  for (const [code, plan] of org.classes) {
    const schoolPlan = SCHOOLS.find((s) => s.code === plan.schoolCode)!;
    const classPlan = schoolPlan.classes.find((c) => classCode(schoolPlan.code, c) === code)!;
    for (let n = 1; n <= classPlan.students; n++) {
      seat++;
      const isStudent = code === MAIN_CLASS && n === 1;
      const isSibling = code === SIBLING_CLASS && n === 1;
      const surname = isStudent || isSibling ? "王" : pick(SURNAMES);
      const child = await tx.user.create({
        data: {
          username: isStudent ? "student" : `${code.toLowerCase()}-${String(n).padStart(2, "0")}`,
          displayName: isStudent ? "王梓涵" : isSibling ? "王梓睿" : childName(surname),
          passwordHash: isStudent ? ctx.loginHashes.get("student")! : ctx.lockedHash,
          mustChangePassword: !isStudent,
          roles: { create: { role: "STUDENT", orgUnitId: plan.id } },
          studentProfile: {
            create: { classId: plan.id, studentNumber: `2026${String(seat).padStart(4, "0")}`, birthYear: 2020 - plan.grade },
          },
        },
      });
      if (isStudent || isSibling) {
        await tx.guardianLink.create({ data: { guardianId: guardian.id, studentId: child.id, relation: "FATHER" } });
        continue;
      }
      const parent = await tx.user.create({
        data: {
          username: `${code.toLowerCase()}-${String(n).padStart(2, "0")}-jz`,
          displayName: surname + pick(ADULT_NAMES),
          passwordHash: ctx.lockedHash,
          mustChangePassword: true,
          roles: { create: { role: "GUARDIAN", orgUnitId: org.countyId } },
        },
      });
      await tx.guardianLink.create({ data: { guardianId: parent.id, studentId: child.id, relation: pick(RELATIONS) } });
    }
  }
}

async function createContest(tx: Tx, ctx: SeedContext, org: OrgIds, staff: { organiserId: string; judgeId: string }) {
  const windows = planContestWindows({
    submissionOpensAt: new Date(ctx.now.getTime() - 7 * 24 * 3600_000),
    submissionDays: 67, // from a week ago to 60 days from now
  });
  const contest = await tx.contest.create({
    data: {
      title: DEMO_CONTEST_TITLE,
      description:
        "寒假里，晒一晒你读的书、写的文、拍的视频和照片，再动手创作一件美术作品。" +
        "作品先由学校初评推荐，再由县关工委组织评委评审，获奖名单公示后颁发证书，优秀作品在作品展示栏展出。",
      season: "WINTER",
      year: 2026,
      status: "OPEN",
      orgUnitId: org.countyId,
      createdById: staff.organiserId,
      ...windows,
    },
  });

  await tx.gradeBand.createMany({
    data: DEFAULT_GRADE_BANDS.map((band, i) => ({ ...band, contestId: contest.id, sortOrder: i + 1 })),
  });

  const countyRound = await tx.judgingRound.create({
    data: {
      contestId: contest.id,
      level: "COUNTY",
      name: "县级评审",
      status: "PLANNED",
      minJudgesPerEntry: 3,
      opensAt: windows.countyRoundOpensAt,
      closesAt: windows.countyRoundClosesAt,
    },
  });
  // Schools judge before the county does: between the deadline and the county round.
  await tx.judgingRound.create({
    data: {
      contestId: contest.id,
      level: "SCHOOL",
      name: "学校初评",
      status: "PLANNED",
      minJudgesPerEntry: 2,
      opensAt: windows.schoolRoundOpensAt,
      closesAt: windows.schoolRoundClosesAt,
    },
  });

  for (const [index, preset] of CATEGORY_PRESETS.entries()) {
    const { maxFileBytes, ...limits } = categoryLimits(preset);
    const category = await tx.category.create({
      data: { ...limits, contestId: contest.id, maxFileBytes: BigInt(maxFileBytes), sortOrder: index + 1 },
    });
    await tx.rubric.create({
      data: {
        contestId: contest.id,
        categoryId: category.id,
        name: preset.rubric.name,
        criteria: { create: preset.rubric.criteria.map((c, i) => ({ ...c, sortOrder: i + 1 })) },
      },
    });
    await tx.judgePanel.create({
      data: {
        roundId: countyRound.id,
        categoryId: category.id,
        name: `${preset.name}评审组`,
        members: { create: { judgeId: staff.judgeId } },
      },
    });
    await tx.nominationQuota.createMany({
      data: [...org.schools.values()].map((s) => ({
        contestId: contest.id,
        categoryId: category.id,
        schoolId: s.id,
        quota: s.plan.quota,
      })),
    });
  }
  await tx.awardTier.createMany({ data: AWARD_TIER_PRESETS.map((t) => ({ ...t, contestId: contest.id })) });
}

// ---------------------------------------------------------------------------
// npm run db:seed
// ---------------------------------------------------------------------------

export function formatLogins(logins: DemoLogin[]): string {
  if (logins.length === 0) return "";
  const width = Math.max(...logins.map((l) => l.username.length));
  const lines = logins.map((l) => `    ${l.username.padEnd(width)}  ${l.roleLabel}（${l.displayName}，${l.where}）`);
  return [`  Demo logins (password: ${DEMO_PASSWORD}):`, ...lines].join("\n");
}

async function main() {
  const { getDb, disconnectDb } = await import("~/server/db/db.server.ts");
  try {
    const result = await seedDemoData(getDb());
    console.info(result.seeded ? "Demo data loaded." : "A county already exists: demo data not loaded again.");
    const text = formatLogins(result.logins);
    if (text) console.info(text);
  } finally {
    await disconnectDb();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
