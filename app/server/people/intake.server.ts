// Enrolling a class from a pasted or uploaded list (/classes/:classId/intake).
//
// previewIntake writes nothing: it reads the list, checks every line against
// the class as it is, and returns the errors and the plan with a token that
// binds the list's text to the roster it was checked against.
// commitIntake re-checks the same text inside one transaction that holds the
// class row's lock (FOR UPDATE): two teachers committing the same list at
// once are serialised, and the second finds the roster changed ("preview
// again") instead of creating every child twice. All or nothing.
import { createHash, randomBytes } from "node:crypto";
import {
  CLASS_LIST_MAX_CHILDREN,
  CLASS_LIST_MAX_TABLE_ROWS,
  parsePastedText,
  validateRows,
  type ExistingChild,
  type IntakePlan,
} from "~/domain/intake/class-list.ts";
import { STUDENT_USERNAME_PREFIX } from "~/domain/people/forms.ts";
import { Prisma } from "~/server/db/db.server.ts";
import type {
  IntakeActionResult,
  IntakeClass,
  IntakeNoticeView,
  IntakePreview,
  ListProblem,
} from "~/view-models/people.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb, type Db, type Tx } from "~/server/db/db.server.ts";
import { readTable } from "~/server/documents/sheets/sheets.server.ts";
import { getClassAccess, type ClassAccess } from "./access.server.ts";
import {
  drawUniqueUsernames,
  makeLinkCode,
  makePrintableInitialPassword,
} from "./credentials.server.ts";

/** Uploads go through the 1 MiB request cap with their multipart framing; no class list comes near this. */
export const INTAKE_FILE_MAX_BYTES = 900 * 1024;
const COMMIT_ATTEMPTS = 3;

export async function getIntakeClass(input: {
  userId: string;
  classId: string;
}): Promise<IntakeClass | null> {
  const access = await getClassAccess(input.userId, input.classId);
  if (!access) return null;
  const students = await getDb().studentProfile.count({
    where: { classId: access.class.id },
  });
  return {
    classId: access.class.id,
    className: access.class.name,
    schoolName: access.school.shortName ?? access.school.name,
    grade: access.class.grade,
    students,
    maxChildren: CLASS_LIST_MAX_CHILDREN,
    maxFileMb: Math.floor((INTAKE_FILE_MAX_BYTES / 1024 / 1024) * 10) / 10,
  };
}

/** Cells as tab-separated lines, row i on line i + 1 (as the file numbers them), so the text can be shown, fixed and committed. */
export function tableToText(rows: readonly (readonly string[])[]): string {
  return rows
    .map((cells) => cells.map((c) => c.replace(/[\t\r\n]+/g, " ")).join("\t"))
    .join("\n");
}

async function loadRoster(
  classId: string,
  grade: number,
  db: Db | Tx
): Promise<ExistingChild[]> {
  const profiles = await db.studentProfile.findMany({
    where: { classId },
    orderBy: { userId: "asc" },
    select: {
      userId: true,
      studentNumber: true,
      guardianName: true,
      guardianPhone: true,
      user: { select: { displayName: true } },
    },
  });
  return profiles.map((p) => ({
    id: p.userId,
    name: p.user.displayName,
    grade,
    studentNumber: p.studentNumber,
    guardianName: p.guardianName,
    guardianPhone: p.guardianPhone,
  }));
}

/** What the plan depends on, and nothing else (a password reset in between does not make a preview stale). */
function planToken(
  text: string,
  grade: number,
  roster: readonly ExistingChild[]
): string {
  const version = JSON.stringify([
    grade,
    roster.map((c) => [
      c.id,
      c.name,
      c.studentNumber,
      c.guardianName,
      c.guardianPhone,
    ]),
  ]);
  return createHash("sha256")
    .update(text)
    .update("\u0000")
    .update(version)
    .digest("hex");
}

type Checked =
  | { ok: false; problem: ListProblem }
  | { ok: true; preview: IntakePreview; plan: IntakePlan };

function check(
  text: string,
  access: ClassAccess & { grade: number },
  roster: ExistingChild[]
): Checked {
  const parsed = parsePastedText(text);
  if (!parsed.ok)
    return {
      ok: false,
      problem: {
        kind: "list",
        code: parsed.error.code,
        params: parsed.error.params,
      },
    };
  const result = validateRows(parsed.rows, {
    classGrade: access.grade,
    existing: roster,
  });
  if (!result.ok)
    return {
      ok: false,
      problem: {
        kind: "list",
        code: result.error.code,
        params: result.error.params,
      },
    };
  const plan = result.plan;
  const names = new Map(roster.map((c) => [c.id, c.name]));
  const notices: IntakeNoticeView[] = [...result.notices];
  const preview: IntakePreview = {
    text,
    token: planToken(text, access.grade, roster),
    errors: result.errors,
    notices,
    create: plan.create.map((c) => ({
      line: c.line,
      name: c.child.name,
      studentNumber: c.child.studentNumber,
    })),
    update: plan.update.map((u) => ({
      line: u.line,
      name: u.child.name,
      previousName: names.get(u.existingId) ?? "",
      changed: u.changed,
    })),
    unchanged: plan.unchanged.map((u) => ({
      line: u.line,
      name: names.get(u.existingId) ?? "",
    })),
  };
  return { ok: true, preview, plan };
}

/** A refused upload as the page shows it (bytes stay bytes: the page says kilobytes). */
export function sheetProblem(
  error: { code: string } & Record<string, unknown>
): ListProblem {
  const { code, ...rest } = error;
  return {
    kind: "sheet",
    code,
    params: rest as Record<string, string | number>,
  };
}

export type IntakeSource = { text: string } | { file: Uint8Array };

/** Step 2: the errors and the plan; nothing is written. Null: no such class for this user (404). */
export async function previewIntake(input: {
  userId: string;
  classId: string;
  source: IntakeSource;
}): Promise<IntakeActionResult | null> {
  const access = await getClassAccess(input.userId, input.classId);
  if (!access) return null;
  let text: string;
  if ("file" in input.source) {
    const table = await readTable(input.source.file, {
      maxBytes: INTAKE_FILE_MAX_BYTES,
      maxRows: CLASS_LIST_MAX_TABLE_ROWS,
    });
    if (!table.ok)
      return { step: "problem", problem: sheetProblem(table.error), text: "" };
    text = tableToText(table.rows);
  } else {
    text = input.source.text;
  }
  if (text.trim() === "")
    return { step: "problem", problem: { kind: "no_input" }, text };
  const grade = access.class.grade;
  if (grade === null)
    return { step: "problem", problem: { kind: "no_grade" }, text };
  const checked = check(
    text,
    { ...access, grade },
    await loadRoster(access.class.id, grade, getDb())
  );
  return checked.ok
    ? { step: "preview", preview: checked.preview }
    : { step: "problem", problem: checked.problem, text };
}

class StalePreview extends Error {}

type NewChild = {
  line: number;
  name: string;
  studentNumber: string | null;
  guardianName: string | null;
  guardianPhone: string | null;
  username: string;
  passwordHash: string;
  initialPasswordEnc: string;
  link: ReturnType<typeof makeLinkCode>;
};

async function prepareChildren(plan: IntakePlan): Promise<NewChild[]> {
  const usernames = await drawUniqueUsernames(
    STUDENT_USERNAME_PREFIX,
    plan.create.length
  );
  // scrypt runs on libuv's thread pool: done before the transaction opens, so the class lock is held for writes only.
  return Promise.all(
    plan.create.map(async ({ line, child }, i) => {
      const username = usernames[i]!;
      const password = await makePrintableInitialPassword(username);
      return {
        line,
        name: child.name,
        studentNumber: child.studentNumber,
        guardianName: child.guardianName,
        guardianPhone: child.guardianPhone,
        username,
        ...password,
        link: makeLinkCode(username),
      };
    })
  );
}

async function writePlan(
  tx: Tx,
  input: { classId: string; plan: IntakePlan; children: NewChild[] }
): Promise<string[]> {
  const created = await tx.user.createManyAndReturn({
    data: input.children.map((c) => ({
      username: c.username,
      displayName: c.name,
      passwordHash: c.passwordHash,
      mustChangePassword: true,
      initialPasswordEnc: c.initialPasswordEnc,
    })),
    select: { id: true, username: true },
  });
  const idOf = new Map(created.map((u) => [u.username, u.id]));
  await tx.roleAssignment.createMany({
    data: input.children.map((c) => ({
      userId: idOf.get(c.username)!,
      role: "STUDENT" as const,
      orgUnitId: input.classId,
    })),
  });
  await tx.studentProfile.createMany({
    data: input.children.map((c) => ({
      userId: idOf.get(c.username)!,
      classId: input.classId,
      studentNumber: c.studentNumber,
      guardianName: c.guardianName,
      guardianPhone: c.guardianPhone,
      linkCodeHash: c.link.linkCodeHash,
      linkCodeEnc: c.link.linkCodeEnc,
      linkCodeExpiresAt: c.link.linkCodeExpiresAt,
      portfolioId: randomBytes(12).toString("base64url"),
    })),
  });
  for (const u of input.plan.update) {
    if (u.changed.includes("name"))
      await tx.user.update({
        where: { id: u.existingId },
        data: { displayName: u.child.name },
      });
    const profile = {
      ...(u.changed.includes("studentNumber")
        ? { studentNumber: u.child.studentNumber }
        : {}),
      ...(u.changed.includes("guardianName")
        ? { guardianName: u.child.guardianName }
        : {}),
      ...(u.changed.includes("guardianPhone")
        ? { guardianPhone: u.child.guardianPhone }
        : {}),
    };
    if (Object.keys(profile).length > 0)
      await tx.studentProfile.update({
        where: { userId: u.existingId },
        data: profile,
      });
  }
  return created.map((u) => u.id);
}

function isUsernameClash(error: unknown): boolean {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError &&
    error.code === "P2002" &&
    JSON.stringify(error.meta ?? {}).includes("username")
  );
}

/**
 * Step 3: the previewed text, written in one transaction, or "stale" when the
 * class changed since the preview (or the text is not the one previewed), or
 * "has_errors" when a line still has an error. Null: not found (404).
 */
export async function commitIntake(input: {
  userId: string;
  classId: string;
  text: string;
  token: string;
  ip: string | null;
}): Promise<IntakeActionResult | null> {
  const access = await getClassAccess(input.userId, input.classId);
  if (!access) return null;
  const grade = access.class.grade;
  if (grade === null)
    return { step: "problem", problem: { kind: "no_grade" }, text: input.text };
  const checked = check(
    input.text,
    { ...access, grade },
    await loadRoster(access.class.id, grade, getDb())
  );
  if (!checked.ok)
    return { step: "problem", problem: checked.problem, text: input.text };
  if (checked.preview.token !== input.token)
    return { step: "problem", problem: { kind: "stale" }, text: input.text };
  if (checked.preview.errors.length > 0)
    return {
      step: "problem",
      problem: { kind: "has_errors" },
      text: input.text,
    };
  for (let attempt = 1; ; attempt++) {
    const children = await prepareChildren(checked.plan);
    try {
      const createdIds = await getDb().$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT "id" FROM "OrgUnit" WHERE "id" = ${access.class.id} FOR UPDATE`;
          const roster = await loadRoster(access.class.id, grade, tx);
          if (planToken(input.text, grade, roster) !== input.token)
            throw new StalePreview();
          const ids = await writePlan(tx, {
            classId: access.class.id,
            plan: checked.plan,
            children,
          });
          const data = {
            created: ids,
            updated: checked.plan.update.map((u) => u.existingId),
            unchanged: checked.plan.unchanged.length,
          };
          await audit(
            {
              actorId: input.userId,
              action: "people.intake_committed",
              subjectType: "OrgUnit",
              subjectId: access.class.id,
              orgUnitId: access.class.id,
              data,
              ip: input.ip,
            },
            tx
          );
          return ids;
        },
        { timeout: 60_000, maxWait: 30_000 }
      );
      return {
        step: "committed",
        created: createdIds.length,
        updated: checked.plan.update.length,
        unchanged: checked.plan.unchanged.length,
      };
    } catch (error) {
      if (error instanceof StalePreview)
        return {
          step: "problem",
          problem: { kind: "stale" },
          text: input.text,
        };
      // Another transaction took a drawn username between the check and the insert: draw again.
      if (isUsernameClash(error) && attempt < COMMIT_ATTEMPTS) continue;
      throw error;
    }
  }
}
