// Who may act on an entry, checked on the server before every read and
// change: the child, a linked guardian or the class teacher
// (auth/acting-for.server.ts); anyone else gets null, which callers turn into
// "not found", so an id guessed from another family's URL reveals nothing.
import { getDb, type Db } from "~/server/db/db.server.ts";
import { mayActForStudent } from "~/server/auth/acting-for.server.ts";
import { categorySelect } from "~/view-models/category.ts";

/** Ids made by the database (cuid) or the upload endpoint: refuse anything else before it reaches a query. */
const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function isEntityId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}

/** The child (active, with a class) when `actorId` may act for them; else null. */
export async function loadStudentForActor(actorId: string, studentId: string, db: Db) {
  if (!isEntityId(studentId)) return null;
  const student = await db.user.findUnique({
    where: { id: studentId },
    select: {
      id: true,
      displayName: true,
      status: true,
      studentProfile: {
        select: {
          class: {
            select: {
              id: true,
              kind: true,
              name: true,
              grade: true,
              path: true,
              parent: { select: { id: true, kind: true, name: true, shortName: true, parent: { select: { id: true, kind: true } } } },
            },
          },
        },
      },
    },
  });
  if (!student || !student.studentProfile || student.status !== "ACTIVE") return null;
  const cls = student.studentProfile.class;
  if (!(await mayActForStudent(actorId, { studentId, classIds: [cls.id] }, db))) return null;
  return { ...student, cls };
}

const entrySelect = {
  id: true,
  studentId: true,
  classId: true,
  title: true,
  description: true,
  bodyText: true,
  status: true,
  submittedAt: true,
  disqualifiedReason: true,
  updatedAt: true,
  student: { select: { displayName: true, studentProfile: { select: { classId: true } } } },
  category: { select: categorySelect },
  contest: { select: { id: true, title: true, status: true, submissionOpensAt: true, submissionClosesAt: true } },
} as const;

/** The entry with what pages and changes need, when `actorId` may act for its child; else null. */
export async function findEntryForActor(entryId: string, actorId: string, db: Db) {
  if (!isEntityId(entryId)) return null;
  const entry = await db.entry.findUnique({ where: { id: entryId }, select: entrySelect });
  if (!entry) return null;
  const allowed = await mayActForStudent(actorId, { studentId: entry.studentId, classIds: [entry.classId, entry.student.studentProfile?.classId] }, db);
  return allowed ? entry : null;
}

/**
 * Whether the actor may act on this entry at all (its child, a linked
 * guardian, a teacher of its class). Actions ask before they read the form:
 * for anyone else the entry does not exist, whatever they sent.
 */
export async function mayActOnEntry(input: { entryId: string; actorId: string }, db: Db = getDb()): Promise<boolean> {
  return (await findEntryForActor(input.entryId, input.actorId, db)) !== null;
}
