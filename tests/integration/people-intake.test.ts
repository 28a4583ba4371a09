// Class intake through the real routes (/classes/:classId/intake, the slips
// PDF, /classes/:classId/accounts) on this file's own database: a 45-line
// list with bad lines is previewed and nothing is written, fixed, committed
// once (a second and a concurrent commit do not duplicate), re-imported
// without duplicates; a GBK CSV from Excel on Windows and an XLSX import;
// bad files are refused in words; the slips PDF holds every name; password
// resets and first logins from a slip; who may do any of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import {
  action as intakeAction,
  loader as intakeLoader,
} from "~/routes/classes.$classId_.intake.tsx";
import {
  action as accountsAction,
  loader as accountsLoader,
} from "~/routes/classes.$classId_.accounts.tsx";
import { loader as slipsLoader } from "~/routes/classes.$classId_.slips[.pdf].ts";
import { action as loginAction } from "~/routes/login.tsx";
import { getDb } from "~/server/db/db.server.ts";
import { openInitialPassword } from "~/server/people/credentials.server.ts";
import {
  hasPopplerTool,
  pdfToText,
} from "~/server/documents/pdf/poppler.test-helpers.ts";
import type {
  ClassAccounts,
  ClassAccountsResult,
  IntakeActionResult,
  IntakeClass,
} from "~/view-models/people.ts";
import {
  createOrgTree,
  createUser,
  encodeGbk,
  postMultipart,
  type OrgTree,
  type TestUser,
} from "../factories/index.ts";
import {
  anonymousBrowser,
  getRequest,
  postForm,
  signedInBrowser,
  type Browser,
} from "../factories/requests.ts";
import { run } from "../factories/results.ts";

let tree: OrgTree;
let teacher: TestUser;
let teacherBrowser: Browser;
let coordinator: TestUser;
let otherTeacher: TestUser;
const ctx = { clientIp: "10.1.2.3" };

const SURNAMES = [
  ..."李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏",
];
const GIVEN = [
  "子涵",
  "欣怡",
  "梓轩",
  "雨桐",
  "浩然",
  "思远",
  "一诺",
  "佳琪",
  "宇航",
  "可馨",
];

/** 45 children: 王龑 among them (龑 is only in a numbered font slice), 𠮷田春 (in no font file). */
function childNames(): string[] {
  const names = ["王龑", "𠮷田春", "阿依古丽·买买提"];
  for (let i = 0; names.length < 45; i++)
    names.push(
      `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}${
        i >= 40 ? "明" : ""
      }`
    );
  return names;
}

const NAMES = childNames();
const HEADER = "姓名\t学号\t家长手机";
const line = (name: string, i: number, phone = "") =>
  `${name}\t2026${String(i + 1).padStart(3, "0")}\t${phone}`;

/** 45 data lines: line 6 has no name, line 10 a digit in the name, line 15 a bad phone, line 46 repeats line 3's child. */
function listWithProblems(): string {
  const lines = NAMES.slice(0, 44).map((n, i) =>
    line(n, i, i === 4 ? "13800138000" : "")
  );
  lines[4] = `\t2026005\t13800138000`;
  lines[8] = line("张3", 8);
  lines[13] = line(NAMES[13]!, 13, "1380013800");
  lines.push(line(NAMES[1]!, 1));
  return [HEADER, ...lines].join("\n");
}

function fixedList(): string {
  return [HEADER, ...NAMES.slice(0, 44).map((n, i) => line(n, i))].join("\n");
}

const path = (cls = tree.classA.id) => `/classes/${cls}/intake`;

async function preview(
  text: string,
  browser = teacherBrowser,
  cls = tree.classA.id
) {
  return run<IntakeActionResult>(() =>
    intakeAction({
      request: postForm(path(cls), { intent: "preview", text }, { browser }),
      params: { classId: cls },
      context: ctx,
    })
  );
}

async function commit(text: string, token: string, browser = teacherBrowser) {
  return run<IntakeActionResult>(() =>
    intakeAction({
      request: postForm(path(), { intent: "commit", text, token }, { browser }),
      params: { classId: tree.classA.id },
      context: ctx,
    })
  );
}

async function upload(
  file: { name: string; type: string; bytes: Uint8Array },
  cls = tree.classB.id
) {
  return run<IntakeActionResult>(() =>
    intakeAction({
      request: postMultipart(
        path(cls),
        { intent: "preview", text: "" },
        { file },
        teacherBrowser
      ),
      params: { classId: cls },
      context: ctx,
    })
  );
}

const studentsIn = (classId: string) =>
  getDb().studentProfile.count({ where: { classId } });

beforeAll(async () => {
  tree = await createOrgTree();
  teacher = await createUser({
    role: "TEACHER",
    orgUnitId: tree.classA.id,
    extraRoles: [{ role: "TEACHER", orgUnitId: tree.classB.id }],
  });
  teacherBrowser = await signedInBrowser(teacher.id);
  coordinator = await createUser({
    role: "SCHOOL_COORDINATOR",
    orgUnitId: tree.school.id,
  });
  otherTeacher = await createUser({
    role: "TEACHER",
    orgUnitId: tree.otherClass.id,
  });
});

describe("a class list of 45 lines", () => {
  let token = "";

  it("is previewed with an error per bad line and the duplicate, and nothing is written", async () => {
    const usersBefore = await getDb().user.count();
    const result = await preview(listWithProblems());
    expect(result.status).toBe(200);
    const data = result.data!;
    if (data.step !== "preview")
      throw new Error(`expected a preview, got ${JSON.stringify(data)}`);
    expect(data.preview.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [6, "name", "name_missing"],
      [10, "name", "name_invalid"],
      [15, "guardianPhone", "phone_invalid"],
      [46, "studentNumber", "duplicate_in_file"],
    ]);
    expect(data.preview.errors[3]?.params).toMatchObject({ firstLine: 3 });
    expect(data.preview.create).toHaveLength(41);
    expect(await studentsIn(tree.classA.id)).toBe(0);
    expect(await getDb().user.count()).toBe(usersBefore);
    expect(
      await getDb().auditLog.count({
        where: { action: "people.intake_committed" },
      })
    ).toBe(0);
  });

  it("refuses to commit a list that still has errors, writing nothing", async () => {
    const text = listWithProblems();
    const result = await preview(text);
    const token =
      result.data?.step === "preview" ? result.data.preview.token : "";
    const committed = await commit(text, token);
    expect(committed.status).toBe(400);
    expect(committed.data).toMatchObject({
      step: "problem",
      problem: { kind: "has_errors" },
    });
    expect(await studentsIn(tree.classA.id)).toBe(0);
  });

  it("is fixed, previewed clean and committed once: 44 children with printable credentials", async () => {
    const result = await preview(fixedList());
    if (result.data?.step !== "preview") throw new Error("expected a preview");
    expect(result.data.preview.errors).toEqual([]);
    expect(result.data.preview.create).toHaveLength(44);
    token = result.data.preview.token;
    const committed = await commit(fixedList(), token);
    expect(committed.status).toBe(200);
    expect(committed.data).toEqual({
      step: "committed",
      created: 44,
      updated: 0,
      unchanged: 0,
    });
    expect(await studentsIn(tree.classA.id)).toBe(44);

    const children = await getDb().studentProfile.findMany({
      where: { classId: tree.classA.id },
      select: {
        studentNumber: true,
        linkCodeHash: true,
        linkCodeEnc: true,
        linkCodeExpiresAt: true,
        portfolioId: true,
        user: {
          select: {
            username: true,
            displayName: true,
            mustChangePassword: true,
            initialPasswordEnc: true,
            roles: true,
          },
        },
      },
    });
    for (const c of children) {
      expect(c.user.username).toMatch(/^xs[2-9]{8}$/);
      expect(c.user.mustChangePassword).toBe(true);
      expect(c.user.roles).toMatchObject([
        { role: "STUDENT", orgUnitId: tree.classA.id },
      ]);
      // Sealed, not stored in the clear: the database alone does not give the password away.
      expect(c.user.initialPasswordEnc).toMatch(/^v1\./);
      expect(openInitialPassword(c.user)).toMatch(
        /^[acdefhjkmnprtvwxy2-9]{8}$/
      );
      expect(c.linkCodeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(c.linkCodeEnc).toMatch(/^v1\./);
      expect(c.linkCodeExpiresAt!.getTime()).toBeGreaterThan(
        Date.now() + 80 * 86_400_000
      );
      expect(c.portfolioId).toBeTruthy();
    }
    expect(new Set(children.map((c) => c.user.username)).size).toBe(44);
    expect(children.map((c) => c.user.displayName).sort()).toEqual(
      NAMES.slice(0, 44).sort()
    );
    const audits = await getDb().auditLog.findMany({
      where: { action: "people.intake_committed", subjectId: tree.classA.id },
    });
    expect(audits).toHaveLength(1);
    expect((audits[0]!.data as { created: string[] }).created).toHaveLength(44);
  });

  it("does not commit the same preview twice (the class changed: preview again)", async () => {
    const again = await commit(fixedList(), token);
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({
      step: "problem",
      problem: { kind: "stale" },
    });
    expect(await studentsIn(tree.classA.id)).toBe(44);
  });

  it("re-imports the same list without duplicates, and updates by student number", async () => {
    const same = await preview(fixedList());
    if (same.data?.step !== "preview") throw new Error("expected a preview");
    expect([
      same.data.preview.create.length,
      same.data.preview.update.length,
      same.data.preview.unchanged.length,
    ]).toEqual([0, 0, 44]);

    // A name corrected in the school's list (same student number), and one child more.
    const corrected =
      fixedList().replace(line(NAMES[5]!, 5), line("赵子轩", 5)) +
      `\n${line("钱小多", 44)}`;
    const result = await preview(corrected);
    if (result.data?.step !== "preview") throw new Error("expected a preview");
    expect(result.data.preview.update).toEqual([
      { line: 7, name: "赵子轩", previousName: NAMES[5], changed: ["name"] },
    ]);
    expect(result.data.preview.create.map((c) => c.name)).toEqual(["钱小多"]);
    const committed = await commit(corrected, result.data.preview.token);
    expect(committed.data).toEqual({
      step: "committed",
      created: 1,
      updated: 1,
      unchanged: 43,
    });
    expect(await studentsIn(tree.classA.id)).toBe(45);
    expect(await getDb().user.count({ where: { displayName: "赵子轩" } })).toBe(
      1
    );
  });

  it("keeps the guardian's mobile the list gives, updates it on a re-import, and shows it to the teacher only", async () => {
    const withPhone =
      fixedList()
        .replace(line(NAMES[0]!, 0), line(NAMES[0]!, 0, "13800138000"))
        .replace(line(NAMES[5]!, 5), line("赵子轩", 5)) +
      `\n${line("钱小多", 44)}`;
    const result = await preview(withPhone);
    if (result.data?.step !== "preview") throw new Error("expected a preview");
    expect(result.data.preview.update).toEqual([
      {
        line: 2,
        name: NAMES[0],
        previousName: NAMES[0],
        changed: ["guardianPhone"],
      },
    ]);
    expect((await commit(withPhone, result.data.preview.token)).data).toEqual({
      step: "committed",
      created: 0,
      updated: 1,
      unchanged: 44,
    });
    const profile = await getDb().studentProfile.findFirstOrThrow({
      where: { classId: tree.classA.id, user: { displayName: NAMES[0] } },
    });
    expect(profile.guardianPhone).toBe("13800138000");
    // The same list again: nothing to change. A line without a mobile keeps the stored one.
    const again = await preview(withPhone);
    if (again.data?.step !== "preview") throw new Error("expected a preview");
    expect(again.data.preview.update).toEqual([]);
    const accounts = await run<{ accounts: ClassAccounts }>(() =>
      accountsLoader({
        request: getRequest(
          `/classes/${tree.classA.id}/accounts`,
          teacherBrowser
        ),
        params: { classId: tree.classA.id },
        context: ctx,
      })
    );
    expect(
      accounts.data!.accounts.children.find((c) => c.name === NAMES[0])!
        .listedGuardian
    ).toEqual({ name: null, phone: "13800138000" });
  });

  it("lets only one of two concurrent commits of the same preview through", async () => {
    const text = `${fixedList().replace(
      line(NAMES[5]!, 5),
      line("赵子轩", 5)
    )}\n${line("钱小多", 44)}\n${line("孙同时", 45)}`;
    const result = await preview(text);
    if (result.data?.step !== "preview") throw new Error("expected a preview");
    const outcomes = await Promise.all([
      commit(text, result.data.preview.token),
      commit(text, result.data.preview.token),
    ]);
    expect(outcomes.map((o) => o.data?.step).sort()).toEqual([
      "committed",
      "problem",
    ]);
    expect(await studentsIn(tree.classA.id)).toBe(46);
    expect(await getDb().user.count({ where: { displayName: "孙同时" } })).toBe(
      1
    );
  });

  it("asks for a new preview when the text is not the one previewed", async () => {
    const result = await preview(fixedList());
    const token =
      result.data?.step === "preview" ? result.data.preview.token : "";
    const edited = await commit(`${fixedList()}\n${line("周偷加", 50)}`, token);
    expect(edited.status).toBe(409);
    expect(await getDb().user.count({ where: { displayName: "周偷加" } })).toBe(
      0
    );
  });
});

describe("files", () => {
  it("imports a GBK CSV saved by Excel on Windows", async () => {
    const csv =
      "姓名,学号,年级\r\n欧阳娜娜,2026101,三年级\r\n张伟,2026102,3\r\n";
    const result = await upload({
      name: "名单.csv",
      type: "text/csv",
      bytes: encodeGbk(csv),
    });
    if (result.data?.step !== "preview")
      throw new Error(`expected a preview: ${JSON.stringify(result.data)}`);
    expect(result.data.preview.errors).toEqual([]);
    expect(result.data.preview.create.map((c) => c.name)).toEqual([
      "欧阳娜娜",
      "张伟",
    ]);
    // The file became text the page shows and commits.
    expect(result.data.preview.text).toBe(
      "姓名\t学号\t年级\n欧阳娜娜\t2026101\t三年级\n张伟\t2026102\t3"
    );
    const committed = await run<IntakeActionResult>(() =>
      intakeAction({
        request: postForm(
          path(tree.classB.id),
          {
            intent: "commit",
            text:
              result.data!.step === "preview" ? result.data!.preview.text : "",
            token:
              result.data!.step === "preview" ? result.data!.preview.token : "",
          },
          { browser: teacherBrowser }
        ),
        params: { classId: tree.classB.id },
        context: ctx,
      })
    );
    expect(committed.data).toEqual({
      step: "committed",
      created: 2,
      updated: 0,
      unchanged: 0,
    });
    expect(await studentsIn(tree.classB.id)).toBe(2);
  });

  it("imports an XLSX with a title row and reports lines as Excel numbers them", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("名单");
    sheet.addRows([
      ["三年级(2)班学生名单"],
      [],
      ["学号", "姓名"],
      ["2026201", "马小跳"],
      ["2026202", "李3"],
    ]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const result = await upload({
      name: "名单.xlsx",
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      bytes,
    });
    if (result.data?.step !== "preview") throw new Error("expected a preview");
    expect(result.data.preview.errors.map((e) => [e.line, e.code])).toEqual([
      [5, "name_invalid"],
    ]);
    expect(result.data.preview.notices.map((n) => n.code)).toEqual([
      "rows_before_header_skipped",
    ]);
  });

  it.each([
    [
      "a 10,000-row CSV",
      {
        name: "big.csv",
        type: "text/csv",
        bytes: new TextEncoder().encode(
          `姓名\n${Array.from(
            { length: 10_000 },
            (_, i) => `学生${"甲乙丙丁"[i % 4]}`
          ).join("\n")}`
        ),
      },
      { kind: "sheet", code: "too_many_rows" },
    ],
    [
      "an empty file",
      { name: "empty.csv", type: "text/csv", bytes: new Uint8Array() },
      { kind: "no_input" },
    ],
    [
      "a photo named .xlsx",
      {
        name: "photo.xlsx",
        type: "image/png",
        bytes: Uint8Array.of(
          0x89,
          0x50,
          0x4e,
          0x47,
          0x0d,
          0x0a,
          0x1a,
          0x0a,
          0,
          0
        ),
      },
      { kind: "sheet", code: "not_spreadsheet", params: { detected: "image" } },
    ],
    [
      "a table without a name column",
      {
        name: "wrong.csv",
        type: "text/csv",
        bytes: new TextEncoder().encode("学号,年级\n1,3\n2,3\n"),
      },
      { kind: "list", code: "name_column_missing" },
    ],
  ])("refuses %s in words, writing nothing", async (_what, file, problem) => {
    const before = await studentsIn(tree.classB.id);
    const result = await upload(file);
    expect(result.status).toBe(400);
    expect(result.data).toMatchObject({ step: "problem", problem });
    expect(await studentsIn(tree.classB.id)).toBe(before);
  });

  it("refuses an XLSX with a formula, naming the cell", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook
      .addWorksheet("名单")
      .addRows([
        ["姓名"],
        ["张三"],
        [{ formula: 'CONCAT("李","四")', result: "李四" }],
      ]);
    const result = await upload({
      name: "f.xlsx",
      type: "application/octet-stream",
      bytes: new Uint8Array(await workbook.xlsx.writeBuffer()),
    });
    expect(result.data).toMatchObject({
      step: "problem",
      problem: { kind: "sheet", code: "formula_cell", params: { cell: "A3" } },
    });
  });

  it("refuses a pasted list of 10,000 lines as too many children", async () => {
    const result = await preview(
      `姓名\n${Array.from({ length: 10_000 }, () => "张三").join("\n")}`,
      teacherBrowser,
      tree.classB.id
    );
    expect(result.data).toMatchObject({
      step: "problem",
      problem: { kind: "list", code: "too_many_rows", params: { max: 200 } },
    });
  });
});

describe("login slips", () => {
  it("are a no-store A4 PDF with a UTF-8 file name that holds every child's name, 龑 included", async () => {
    const result = await run(() =>
      slipsLoader({
        request: getRequest(
          `/classes/${tree.classA.id}/slips.pdf`,
          teacherBrowser
        ),
        params: { classId: tree.classA.id },
        context: ctx,
      })
    );
    expect(result.status).toBe(200);
    const response = result.response!;
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Content-Disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("实验小学 三年级")}`
    );
    // 𠮷 is in no font file: the teacher is told which child's slip to correct by hand.
    expect(
      decodeURIComponent(
        response.headers.get("X-Slips-Missing-Characters") ?? ""
      )
    ).toBe("𠮷田春:𠮷");
    const pdf = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    if (!hasPopplerTool("pdftotext")) return;
    const text = pdfToText(pdf).replace(/\s+/g, "");
    const children = await getDb().studentProfile.findMany({
      where: { classId: tree.classA.id },
      select: {
        user: {
          select: {
            displayName: true,
            username: true,
            initialPasswordEnc: true,
          },
        },
      },
    });
    expect(children).toHaveLength(46);
    for (const { user } of children) {
      expect(text).toContain(user.displayName.replace(/\s+/g, ""));
      expect(text).toContain(user.username);
      expect(text).toContain(openInitialPassword(user));
    }
    expect(text).toContain("王龑");
    expect(
      await getDb().auditLog.count({
        where: { action: "people.slips_printed", subjectId: tree.classA.id },
      })
    ).toBe(1);
  });

  it("can be printed for chosen children only", async () => {
    const chosen = await getDb().studentProfile.findMany({
      where: { classId: tree.classA.id },
      take: 2,
      orderBy: { userId: "asc" },
      select: { userId: true, user: { select: { displayName: true } } },
    });
    const others = await getDb().studentProfile.findMany({
      where: {
        classId: tree.classA.id,
        userId: { notIn: chosen.map((c) => c.userId) },
      },
      select: { user: { select: { username: true } } },
    });
    const query = chosen.map((c) => `id=${c.userId}`).join("&");
    const result = await run(() =>
      slipsLoader({
        request: getRequest(
          `/classes/${tree.classA.id}/slips.pdf?${query}`,
          teacherBrowser
        ),
        params: { classId: tree.classA.id },
        context: ctx,
      })
    );
    expect(result.status).toBe(200);
    if (!hasPopplerTool("pdftotext")) return;
    const text = pdfToText(
      new Uint8Array(await result.response!.arrayBuffer())
    ).replace(/\s+/g, "");
    for (const c of chosen)
      expect(text).toContain(c.user.displayName.replace(/\s+/g, ""));
    for (const o of others) expect(text).not.toContain(o.user.username);
  });
});

describe("a child's password reset and first login from the slip", () => {
  it("gives a new printed password that works however it is typed, and signs the child out elsewhere", async () => {
    const child = await getDb().studentProfile.findFirstOrThrow({
      where: { classId: tree.classA.id },
      select: {
        userId: true,
        linkCodeHash: true,
        user: { select: { username: true } },
      },
    });
    const childSession = await signedInBrowser(child.userId);
    const result = await run<ClassAccountsResult>(() =>
      accountsAction({
        request: postForm(
          `/classes/${tree.classA.id}/accounts`,
          { intent: "reset", studentId: child.userId },
          { browser: teacherBrowser }
        ),
        params: { classId: tree.classA.id },
        context: ctx,
      })
    );
    if (!result.data?.ok || result.data.kind !== "reset")
      throw new Error("expected a reset");
    const password = result.data.password;
    expect(
      await getDb().session.count({ where: { userId: child.userId } })
    ).toBe(0);
    expect(childSession.sessionToken).toBeTruthy();
    // The link code was not asked to change.
    expect(
      (
        await getDb().studentProfile.findUniqueOrThrow({
          where: { userId: child.userId },
        })
      ).linkCodeHash
    ).toBe(child.linkCodeHash);
    expect(
      await getDb().auditLog.count({
        where: {
          action: "people.student_password_reset",
          subjectId: child.userId,
        },
      })
    ).toBe(1);

    // Copied from the slip with a space and a capital, on a phone that capitalises the first letter.
    const typed = `${password.slice(0, 4).toUpperCase()} ${password.slice(4)}`;
    const login = await run(() =>
      loginAction({
        request: postForm(
          "/login",
          {
            identifier: child.user.username,
            password: typed,
            redirectTo: "/home",
          },
          { browser: anonymousBrowser() }
        ),
        params: {},
        context: ctx,
      })
    );
    expect(login.status).toBe(302);
    expect(login.headers.get("Location")).toMatch(/^\/change-password/);
  });

  it("does not try a second spelling for accounts that chose their own password", async () => {
    const adult = await createUser({
      role: "TEACHER",
      orgUnitId: tree.classA.id,
      password: "kx7m4pwe",
    });
    const login = await run(() =>
      loginAction({
        request: postForm(
          "/login",
          {
            identifier: adult.username,
            password: "KX7M 4PWE",
            redirectTo: "/home",
          },
          { browser: anonymousBrowser() }
        ),
        params: {},
        context: ctx,
      })
    );
    expect(login.status).toBe(400);
  });

  it("makes a new link code on request; the old one stops working", async () => {
    const child = await getDb().studentProfile.findFirstOrThrow({
      where: { classId: tree.classA.id },
      orderBy: { userId: "desc" },
      select: { userId: true, linkCodeHash: true },
    });
    const result = await run<ClassAccountsResult>(() =>
      accountsAction({
        request: postForm(
          `/classes/${tree.classA.id}/accounts`,
          { intent: "link-code", studentId: child.userId },
          { browser: teacherBrowser }
        ),
        params: { classId: tree.classA.id },
        context: ctx,
      })
    );
    expect(result.data).toMatchObject({ ok: true, kind: "link_code" });
    const after = await getDb().studentProfile.findUniqueOrThrow({
      where: { userId: child.userId },
    });
    expect(after.linkCodeHash).not.toBe(child.linkCodeHash);
    expect(after.linkCodeEnc).toMatch(/^v1\./);
  });

  it("lists the class's accounts with their states for the teacher", async () => {
    const result = await run<{ accounts: ClassAccounts }>(() =>
      accountsLoader({
        request: getRequest(
          `/classes/${tree.classA.id}/accounts`,
          teacherBrowser
        ),
        params: { classId: tree.classA.id },
        context: ctx,
      })
    );
    const children = result.data!.accounts.children;
    expect(children).toHaveLength(46);
    expect(
      children.every((c) => c.password === "initial" && c.linkCode === "ready")
    ).toBe(true);
    expect(
      children.find((c) => c.name === "𠮷田春")?.missingCharacters
    ).toEqual(["𠮷"]);
    expect(children.find((c) => c.name === "王龑")?.missingCharacters).toEqual(
      []
    );
  });
});

describe("who may enrol", () => {
  it("lets the school's coordinator in, and a teacher only into their own classes", async () => {
    const coordinatorBrowser = await signedInBrowser(coordinator.id);
    const page = await run<{ cls: IntakeClass }>(() =>
      intakeLoader({
        request: getRequest(path(), coordinatorBrowser),
        params: { classId: tree.classA.id },
        context: ctx,
      })
    );
    expect(page.status).toBe(200);
    expect(page.data?.cls.students).toBe(46);

    const otherBrowser = await signedInBrowser(otherTeacher.id);
    const before = await studentsIn(tree.classA.id);
    const intoOther = await run(() =>
      intakeAction({
        request: postForm(
          path(),
          { intent: "preview", text: "姓名\n闯入者" },
          { browser: otherBrowser }
        ),
        params: { classId: tree.classA.id },
        context: ctx,
      })
    );
    expect(intoOther.status).toBe(404);
    const result = await preview(fixedList(), otherBrowser);
    expect(result.status).toBe(404);
    const commitInto = await run(() =>
      intakeAction({
        request: postForm(
          path(),
          { intent: "commit", text: "姓名\n闯入者", token: "0".repeat(64) },
          { browser: otherBrowser }
        ),
        params: { classId: tree.classA.id },
        context: ctx,
      })
    );
    expect(commitInto.status).toBe(404);
    expect(await studentsIn(tree.classA.id)).toBe(before);
  });

  it("keeps a coordinator to their own school, and organisers, families and strangers out", async () => {
    const coordinatorBrowser = await signedInBrowser(coordinator.id);
    const organiser = await createUser({
      role: "ORGANISER",
      orgUnitId: tree.county.id,
    });
    const student = await getDb().studentProfile.findFirstOrThrow({
      where: { classId: tree.classA.id },
    });
    // A child who has chosen their own password (until then every page leads to /change-password first).
    await getDb().user.update({
      where: { id: student.userId },
      data: { mustChangePassword: false },
    });
    const guardian = await createUser({
      role: "GUARDIAN",
      orgUnitId: tree.county.id,
    });
    const attempts: [Browser, string][] = [
      [coordinatorBrowser, tree.otherClass.id],
      [await signedInBrowser(organiser.id), tree.classA.id],
      [await signedInBrowser(student.userId), tree.classA.id],
      [await signedInBrowser(guardian.id), tree.classA.id],
    ];
    for (const [browser, classId] of attempts) {
      for (const call of [
        () =>
          intakeLoader({
            request: getRequest(path(classId), browser),
            params: { classId },
            context: ctx,
          }),
        () =>
          accountsLoader({
            request: getRequest(`/classes/${classId}/accounts`, browser),
            params: { classId },
            context: ctx,
          }),
        () =>
          slipsLoader({
            request: getRequest(`/classes/${classId}/slips.pdf`, browser),
            params: { classId },
            context: ctx,
          }),
      ]) {
        expect((await run(call)).status).toBe(404);
      }
    }
    const anonymous = await run(() =>
      slipsLoader({
        request: getRequest(`/classes/${tree.classA.id}/slips.pdf`),
        params: { classId: tree.classA.id },
        context: ctx,
      })
    );
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
  });

  it("refuses a commit without a valid CSRF token", async () => {
    const result = await run(() =>
      intakeAction({
        request: postForm(
          path(),
          { intent: "preview", text: "姓名\n张三" },
          { browser: teacherBrowser, csrf: "missing" }
        ),
        params: { classId: tree.classA.id },
        context: ctx,
      })
    );
    expect(result.status).toBe(403);
  });
});

afterAll(async () => {
  // Nothing to clean: the database is this file's own.
});
