// A guardian's consent to show a child's work, masked name and the judges'
// comments in public. Pure: the records are append-only (ConsentRecord, one
// row per choice a guardian made); the current state of each scope is a
// function of them, computed here and nowhere else. The server module
// (app/server/people/consent.server.ts) reads and writes the rows and calls
// these functions; galleries and notices call its currentConsent().

export const CONSENT_SCOPES = ["PUBLIC_WORK", "PUBLIC_NAME", "PUBLIC_FEEDBACK"] as const;
export type ConsentScopeName = (typeof CONSENT_SCOPES)[number];

export const CONSENT_ACTIONS = ["GIVEN", "WITHDRAWN"] as const;
export type ConsentActionName = (typeof CONSENT_ACTIONS)[number];

/**
 * The version of the words a guardian reads before choosing (the catalog's
 * consent.explain.* texts). Stored with every record, so that what was agreed
 * to can be shown later. Bump it whenever those words change:
 * consent.test.ts pins a digest of the zh-CN words to this version and fails
 * when one changes without the other.
 */
export const CONSENT_TEXT_VERSION = "consent-2026-12-v1";

export interface ConsentRecordLike {
  id: string;
  scope: ConsentScopeName;
  action: ConsentActionName;
  createdAt: Date;
}

export type ConsentStateName = "given" | "withdrawn" | "none";

export interface ScopeConsent {
  state: ConsentStateName;
  /** When the current state began (the latest record); null when nobody ever chose. */
  since: Date | null;
  /** The record that decided it. */
  recordId: string | null;
}

export interface CurrentConsent {
  scopes: Record<ConsentScopeName, ScopeConsent>;
  /**
   * What may actually be shown. A name or the judges' comments mean nothing
   * in public without the work they belong to, so they count only while the
   * work itself may be shown: withdrawing PUBLIC_WORK hides all three at
   * once, and giving it back brings back what was given before.
   */
  effective: { work: boolean; name: boolean; feedback: boolean };
}

/** Newest last; equal times keep the order given (the database's insertion order). */
function chronological<T extends ConsentRecordLike>(records: readonly T[]): T[] {
  return records
    .map((record, index) => ({ record, index }))
    .sort((a, b) => a.record.createdAt.getTime() - b.record.createdAt.getTime() || a.index - b.index)
    .map(({ record }) => record);
}

/** The current consent of one child, from all of its records (any order). Nothing recorded: nothing public. */
export function currentConsentFrom(records: readonly ConsentRecordLike[]): CurrentConsent {
  const none: ScopeConsent = { state: "none", since: null, recordId: null };
  const scopes: Record<ConsentScopeName, ScopeConsent> = { PUBLIC_WORK: none, PUBLIC_NAME: none, PUBLIC_FEEDBACK: none };
  for (const record of chronological(records)) {
    scopes[record.scope] = { state: record.action === "GIVEN" ? "given" : "withdrawn", since: record.createdAt, recordId: record.id };
  }
  const work = scopes.PUBLIC_WORK.state === "given";
  return {
    scopes,
    effective: { work, name: work && scopes.PUBLIC_NAME.state === "given", feedback: work && scopes.PUBLIC_FEEDBACK.state === "given" },
  };
}

/** The records newest first, for the history a guardian and a child can read. */
export function consentHistoryFrom<T extends ConsentRecordLike>(records: readonly T[]): T[] {
  return chronological(records).reverse();
}

export type ConsentDecision = { write: true } | { write: false; reason: "unchanged" };

/**
 * Whether a choice changes anything. Giving what is given, or withdrawing
 * what was never given or already withdrawn, writes nothing: the history
 * stays a list of real changes (a double tap on a slow phone is not two).
 */
export function decideConsentChange(current: CurrentConsent, scope: ConsentScopeName, action: ConsentActionName): ConsentDecision {
  const state = current.scopes[scope].state;
  const unchanged = action === "GIVEN" ? state === "given" : state !== "given";
  return unchanged ? { write: false, reason: "unchanged" } : { write: true };
}

export function isConsentScope(value: unknown): value is ConsentScopeName {
  return typeof value === "string" && (CONSENT_SCOPES as readonly string[]).includes(value);
}
