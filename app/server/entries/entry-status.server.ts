// The one place an entry's status is written. Every change is an event of
// app/domain/entry-status.ts applied as a compare-and-set: `UPDATE … WHERE
// status IN (the event's from-statuses)`, so two people pressing at once (a
// grandparent withdrawing while the coordinator nominates) cannot both win,
// and a status the table does not allow is never written. The caller holds
// the entry's row lock where it must decide other things under it (files).
import { ENTRY_EVENT_RULES, type EntryEvent } from "~/domain/entry-status.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import type { Tx } from "~/server/db/db.server.ts";
import { audit } from "~/server/platform/audit.server.ts";

export type EntryEventInput = {
  entryId: string;
  event: EntryEvent;
  actorId: string;
  now: Date;
  /** Required by the events that need one (nominate, disqualify, reinstate); audited. */
  reason?: string;
  /** Extra audit data (e.g. how many files a submitted entry has). */
  auditData?: Record<string, unknown>;
};

/** The columns an event writes besides the status. */
function columnsFor(event: EntryEvent, input: EntryEventInput): Prisma.EntryUpdateManyMutationInput {
  switch (event) {
    case "submit":
      return { submittedAt: input.now, withdrawnAt: null };
    case "reopen":
      return { submittedAt: null };
    case "withdraw":
      return { withdrawnAt: input.now, submittedAt: null };
    case "restore":
      return { withdrawnAt: null };
    case "nominate":
    case "unnominate":
      return {};
    case "disqualify":
      return { disqualifiedAt: input.now, disqualifiedReason: input.reason ?? null };
    case "reinstate":
      return { disqualifiedAt: null, disqualifiedReason: null };
  }
}

/** Who the event names in its own column (Entry.submittedById, Entry.disqualifiedById). */
function actorColumn(event: EntryEvent, actorId: string): Prisma.EntryUncheckedUpdateManyInput {
  if (event === "submit") return { submittedById: actorId };
  if (event === "disqualify") return { disqualifiedById: actorId };
  if (event === "reinstate") return { disqualifiedById: null };
  return {};
}

export class MissingReasonError extends Error {
  constructor(event: EntryEvent) {
    super(`entry event ${event} needs a reason`);
    this.name = "MissingReasonError";
  }
}

/**
 * Applies `event` to the entry if its current status allows it; true when this
 * call changed it, false when the status did not fit (someone else changed it
 * first, or it was never allowed). Audited in the same transaction.
 */
export async function applyEntryEvent(tx: Tx, input: EntryEventInput): Promise<boolean> {
  const rule = ENTRY_EVENT_RULES[input.event];
  if (rule.needsReason && !input.reason?.trim()) throw new MissingReasonError(input.event);
  const { count } = await tx.entry.updateMany({
    where: { id: input.entryId, status: { in: [...rule.from] } },
    data: { status: rule.to, ...columnsFor(input.event, input), ...actorColumn(input.event, input.actorId) },
  });
  if (count === 0) return false;
  await audit(
    {
      actorId: input.actorId,
      action: `entry.${input.event}`,
      subjectType: "Entry",
      subjectId: input.entryId,
      data: { to: rule.to, ...(input.reason ? { reason: input.reason } : {}), ...input.auditData } as Prisma.InputJsonValue,
    },
    tx,
  );
  return true;
}
