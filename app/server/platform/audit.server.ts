// The append-only audit trail (AuditLog): logins, consent, nominations,
// awards, publication, deletion. Pass the transaction when the audited change
// is transactional, so the record and the change commit together.
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Db, Tx } from "~/server/db/db.server.ts";
import { getDb } from "~/server/db/db.server.ts";

export type AuditAction =
  | "auth.login"
  | "auth.login_failed"
  | "auth.logout"
  | "auth.password_changed"
  | (string & {});

export type AuditInput = {
  actorId?: string | null;
  action: AuditAction;
  subjectType: string;
  subjectId?: string | null;
  orgUnitId?: string | null;
  data?: Prisma.InputJsonValue;
  ip?: string | null;
};

export async function audit(input: AuditInput, tx: Db | Tx = getDb()): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: input.actorId ?? null,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId ?? null,
      orgUnitId: input.orgUnitId ?? null,
      data: input.data,
      ip: input.ip ?? null,
    },
  });
}
