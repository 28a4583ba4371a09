// The one way the contest editor writes: access, the form's schema, then one
// transaction that locks the contest row, refuses a stale form, runs the
// change's own checks and writes it with its audit record, or writes nothing.
//
// - 404: no such contest, or not under one of the user's county roles.
// - 400: the form's schema said no (field errors, in words).
// - 409: the page was stale (the contest's status moved on since it was
//   loaded), or the change was refused (it would invalidate entries, or the
//   contest's stage no longer allows it): form errors, nothing written.
// - 200: written and audited; or a conform list intent (add a row) without JS.
//
// Locking the row (SELECT … FOR UPDATE) serialises an edit with a status
// change, whose compare-and-set waits for it: an edit is always judged by the
// rules of the status it is written under.
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "@remix-run/node";
import type { z } from "zod";
import { CONTEST_STATUSES, type ContestStatus } from "~/domain/contest.ts";
import { fallbackErrorMap, type Say } from "~/domain/contest-forms.ts";
import type { Prisma } from "~/generated/prisma/client.ts";
import { t, type Locale, type MessageKey } from "~/i18n/t.ts";
import { STATUS_KEYS, type ContestFormReply } from "~/view-models/contests.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb, type Tx } from "~/server/db/db.server.ts";
import { notFound } from "~/server/auth/auth.server.ts";
import { findOrganisedContest, type ContestRow } from "./contest-access.server.ts";

export { fallbackErrorMap };

export type EditOutcome = { status: 404 } | { status: 200 | 400 | 409; reply: ContestFormReply; redirectTo?: string };

export function sayIn(locale: Locale): Say {
  return (key, params) => t(locale, key, params);
}

export type LockedContest = { id: string; status: ContestStatus; orgUnitId: string; row: ContestRow };

export type ApplyResult =
  | { refusals: string[] }
  | { audit: { action: string; data: Prisma.InputJsonValue }; message?: MessageKey; redirectTo?: string };

class Stale extends Error {
  constructor(readonly current: ContestStatus) {
    super("stale contest form");
  }
}

class Refused extends Error {
  constructor(readonly messages: string[]) {
    super("contest change refused");
  }
}

/** Locks the contest row for the rest of the transaction and returns its status. */
export async function lockContest(tx: Tx, contestId: string): Promise<ContestStatus> {
  const rows = await tx.$queryRaw<{ status: string }[]>`SELECT "status"::text AS "status" FROM "Contest" WHERE "id" = ${contestId} FOR UPDATE`;
  const status = rows[0]?.status;
  if (!status || !(CONTEST_STATUSES as readonly string[]).includes(status)) throw new Error(`contest ${contestId} vanished`);
  return status as ContestStatus;
}

export function staleMessage(say: Say, current: ContestStatus): string {
  return say("contests.form.staleStatus", { status: say(STATUS_KEYS[current]) });
}

export async function runContestEdit<S extends z.ZodType<{ expectedStatus: ContestStatus }>>(input: {
  userId: string;
  contestId: string;
  formData: FormData;
  locale: Locale;
  /** Which form on the page answered (pages with several forms show the reply beside the right one). */
  form: string;
  schema: (say: Say) => S;
  apply: (ctx: { tx: Tx; contest: LockedContest; value: z.output<S>; say: Say; now: Date }) => Promise<ApplyResult>;
}): Promise<EditOutcome> {
  const row = await findOrganisedContest(input.userId, input.contestId);
  if (!row) return { status: 404 };
  const say = sayIn(input.locale);
  const submission = parseWithZod(input.formData, { schema: input.schema(say), error: fallbackErrorMap(say) });
  const reply = (ok: boolean, result: ContestFormReply["result"], message: string | null): ContestFormReply => ({ form: input.form, ok, result, message });
  if (submission.status !== "success") {
    // undefined: a list intent (add or remove a row) sent without JavaScript; the page comes back with it applied.
    const status = submission.status === "error" ? 400 : 200;
    return { status, reply: reply(false, submission.reply(), status === 400 ? say("contests.form.fixErrors") : null) };
  }
  try {
    const done = await getDb().$transaction(
      async (tx) => {
        const status = await lockContest(tx, row.id);
        if (status !== submission.value.expectedStatus) throw new Stale(status);
        const contest = { id: row.id, status, orgUnitId: row.orgUnitId, row };
        const result = await input.apply({ tx, contest, value: submission.value, say, now: new Date() });
        if ("refusals" in result) {
          if (result.refusals.length > 0) throw new Refused(result.refusals);
          throw new Error("a change must either be refused with reasons or audited");
        }
        await audit({ actorId: input.userId, action: result.audit.action, subjectType: "Contest", subjectId: row.id, orgUnitId: row.orgUnitId, data: result.audit.data }, tx);
        return result;
      },
      { timeout: 20_000 },
    );
    return { status: 200, reply: reply(true, submission.reply({ resetForm: true }), say(done.message ?? "contests.form.saved")), redirectTo: done.redirectTo };
  } catch (error) {
    if (error instanceof Stale) {
      const message = staleMessage(say, error.current);
      return { status: 409, reply: { ...reply(false, submission.reply({ formErrors: [message] }), message), stale: true } };
    }
    if (error instanceof Refused) {
      return { status: 409, reply: reply(false, submission.reply({ formErrors: error.messages }), say("contests.form.refused")) };
    }
    throw error;
  }
}

type AuditValue = Prisma.InputJsonValue | null;

/** The fields that differ between two flat records, for the audit trail ({ field: [before, after] }). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [AuditValue, AuditValue]> {
  const changes: Record<string, [AuditValue, AuditValue]> = {};
  for (const key of Object.keys(after)) {
    const a = normaliseForAudit(before[key]);
    const b = normaliseForAudit(after[key]);
    if (JSON.stringify(a) !== JSON.stringify(b)) changes[key] = [a, b];
  }
  return changes;
}

function normaliseForAudit(value: unknown): AuditValue {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return Number(value);
  if (value === undefined || value === null) return null;
  return value as Prisma.InputJsonValue;
}

/** An edit's outcome as the route answers it: 404 thrown, a redirect after creating, else the reply with its status. */
export function editResponse(outcome: EditOutcome) {
  if (outcome.status === 404) throw notFound();
  if (outcome.status === 200 && outcome.redirectTo) throw redirect(outcome.redirectTo);
  return data(outcome.reply, { status: outcome.status });
}
