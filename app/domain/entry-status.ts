// The life of an entry (Entry.status). Pure: the event table is the single
// source of truth for every status write (app/server/entries/
// entry-status.server.ts writes through it with one compare-and-set update).
//
//            submit                   nominate (school coordinator, school round)
//   DRAFT ───────────▶ SUBMITTED ─────────────────▶ NOMINATED
//     ▲  ◀── reopen ──   │   ▲ ◀──── unnominate ────── │
//     │                  │   │                          │
//     │ restore          │withdraw (family,             │
//     │ (family,         ▼  before the deadline)        │
//   WITHDRAWN ◀──────────┘                              │
//                                                        │
//   DRAFT / SUBMITTED / NOMINATED ── disqualify (organiser, with a reason) ──▶ DISQUALIFIED
//   DISQUALIFIED ── reinstate (organiser, with a reason) ──▶ SUBMITTED
//
// Who may fire an event and when are part of the table: the family's events
// need the submission window open, the school's the school round, the
// county's only that the contest is not final. Awards are rows of their own
// (Award), not entry statuses: an awarded entry stays NOMINATED.

import { isSubmissionOpen, type ContestStatus } from "./contest.ts";

export const ENTRY_STATUSES = ["DRAFT", "SUBMITTED", "WITHDRAWN", "DISQUALIFIED", "NOMINATED"] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const ENTRY_EVENTS = ["submit", "reopen", "withdraw", "restore", "nominate", "unnominate", "disqualify", "reinstate"] as const;
export type EntryEvent = (typeof ENTRY_EVENTS)[number];

/** Who fires an event: the child's family (or the class teacher acting for them), the school's coordinator, a county organiser. */
export type EntryActor = "family" | "school" | "county";

/** The contest window an event needs: the submission window, the school round, or any time before the results are final. */
export type EntryWindow = "submission" | "schoolRound" | "beforeFinal";

export type EntryEventRule = {
  from: readonly EntryStatus[];
  to: EntryStatus;
  by: EntryActor;
  window: EntryWindow;
  /** A reason must be given (and is audited). */
  needsReason: boolean;
};

export const ENTRY_EVENT_RULES: Readonly<Record<EntryEvent, EntryEventRule>> = {
  submit: { from: ["DRAFT"], to: "SUBMITTED", by: "family", window: "submission", needsReason: false },
  reopen: { from: ["SUBMITTED"], to: "DRAFT", by: "family", window: "submission", needsReason: false },
  withdraw: { from: ["DRAFT", "SUBMITTED"], to: "WITHDRAWN", by: "family", window: "submission", needsReason: false },
  restore: { from: ["WITHDRAWN"], to: "DRAFT", by: "family", window: "submission", needsReason: false },
  nominate: { from: ["SUBMITTED"], to: "NOMINATED", by: "school", window: "schoolRound", needsReason: true },
  unnominate: { from: ["NOMINATED"], to: "SUBMITTED", by: "school", window: "schoolRound", needsReason: false },
  disqualify: { from: ["DRAFT", "SUBMITTED", "NOMINATED"], to: "DISQUALIFIED", by: "county", window: "beforeFinal", needsReason: true },
  reinstate: { from: ["DISQUALIFIED"], to: "SUBMITTED", by: "county", window: "beforeFinal", needsReason: true },
};

/** Which status may follow which, derived from the events. Anything not listed is refused. */
export const ENTRY_TRANSITIONS: Readonly<Record<EntryStatus, readonly EntryStatus[]>> = (() => {
  const table = {} as Record<EntryStatus, EntryStatus[]>;
  for (const from of ENTRY_STATUSES) {
    table[from] = [...new Set(ENTRY_EVENTS.filter((e) => ENTRY_EVENT_RULES[e].from.includes(from)).map((e) => ENTRY_EVENT_RULES[e].to))];
  }
  return table;
})();

export function canTransitionEntry(from: EntryStatus, to: EntryStatus): boolean {
  return ENTRY_TRANSITIONS[from].includes(to);
}

/** Whether `event` applies to an entry in `status` (same status → it has happened already). */
export type EventCheck = { ok: true } | { ok: false; reason: "already" | "wrong_status" };

export function checkEntryEvent(event: EntryEvent, status: EntryStatus): EventCheck {
  const rule = ENTRY_EVENT_RULES[event];
  if (rule.from.includes(status)) return { ok: true };
  if (status === rule.to) return { ok: false, reason: "already" };
  return { ok: false, reason: "wrong_status" };
}

/** The family may change what the entry holds (details, files) only in a draft. */
export function isEditableByFamily(status: EntryStatus): boolean {
  return status === "DRAFT";
}

/** Statuses in which an entry takes part in judging. */
export const IN_COMPETITION: readonly EntryStatus[] = ["SUBMITTED", "NOMINATED"];

/** Whether the contest is in the window `event` needs (the submission window is checked against its dates and status). */
export function isEventWindowOpen(
  event: EntryEvent,
  contest: { status: ContestStatus; submissionOpensAt: Date; submissionClosesAt: Date },
  now: Date,
): boolean {
  switch (ENTRY_EVENT_RULES[event].window) {
    case "submission":
      return isSubmissionOpen(contest, now);
    case "schoolRound":
      return contest.status === "SCHOOL_ROUND";
    case "beforeFinal":
      return isBeforeFinal(contest.status);
  }
}

/** The county may still disqualify or reinstate: the contest has started and its results are not final. */
export function isBeforeFinal(status: ContestStatus): boolean {
  return status !== "DRAFT" && status !== "FINALISED" && status !== "ARCHIVED";
}
