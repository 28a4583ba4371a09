// Who may act for a child's entries (start one, fill it in, upload files,
// submit): the child, a linked guardian, or an active teacher of the entry's
// class or of the child's class now. One rule for the entry pages
// (app/server/entries/) and the upload endpoint (uploads/uploads.server.ts), so a page
// never offers what /uploads refuses.
import { getDb, type Db } from "~/server/db/db.server.ts";

export async function mayActForStudent(
  userId: string,
  student: { studentId: string; classIds: readonly (string | null | undefined)[] },
  db: Db = getDb(),
): Promise<boolean> {
  if (student.studentId === userId) return true;
  const guardian = await db.guardianLink.findFirst({ where: { guardianId: userId, studentId: student.studentId }, select: { id: true } });
  if (guardian) return true;
  const classIds = student.classIds.filter((c): c is string => !!c);
  if (classIds.length === 0) return false;
  const teacher = await db.roleAssignment.findFirst({
    where: { userId, role: "TEACHER", orgUnitId: { in: classIds }, user: { status: "ACTIVE" } },
    select: { id: true },
  });
  return !!teacher;
}
