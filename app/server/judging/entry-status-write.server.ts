// The school round's entry status writes (SUBMITTED ⇄ NOMINATED), as a
// compare-and-set on the current status: false when the entry was no longer
// in `from` (a family's reopen, a second tap), and the caller refuses.
// Interim: to be routed through app/server/entries/entry-status.server.ts's
// changeEntryStatus (the transition table) once it lands on main.
import type { Tx } from "~/server/db/db.server.ts";

export async function changeEntryStatusCas(tx: Tx, input: { entryId: string; from: "SUBMITTED" | "NOMINATED"; to: "SUBMITTED" | "NOMINATED" }): Promise<boolean> {
  const { count } = await tx.entry.updateMany({ where: { id: input.entryId, status: input.from }, data: { status: input.to } });
  return count === 1;
}
