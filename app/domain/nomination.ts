// School round rules (issue 11 item 1): who may nominate what, and when a
// nomination may be taken back. Pure: the server counts and locks, these
// functions decide. Codes, not words: the catalog has
// "judging.nominate.refused.<code>".
import type { ContestStatus } from "./contest.ts";

export const NOMINATION_REFUSALS = ["round_closed", "not_submitted", "over_quota", "already_nominated"] as const;
export type NominationRefusal = (typeof NOMINATION_REFUSALS)[number];

export const WITHDRAWAL_REFUSALS = ["round_closed", "not_nominated"] as const;
export type WithdrawalRefusal = (typeof WITHDRAWAL_REFUSALS)[number];

/** Reasons are short sentences a county reader can weigh: 2–200 characters after trimming. */
export const NOMINATION_REASON_MIN = 2;
export const NOMINATION_REASON_MAX = 200;

/** The school's quota in a category: its own number when the county set one, else the category's default. */
export function effectiveQuota(input: { override: number | null | undefined; categoryDefault: number }): number {
  return input.override ?? input.categoryDefault;
}

/**
 * Whether a coordinator may nominate this entry now. `used` counts the
 * school's standing nominations (status NOMINATED) in the entry's category.
 * The school itself is checked by the caller (another school's entry is "not
 * found", never a refusal that confirms it exists).
 */
export function nominationRefusal(input: {
  contestStatus: ContestStatus;
  entryStatus: string;
  used: number;
  quota: number;
}): NominationRefusal | null {
  if (input.contestStatus !== "SCHOOL_ROUND") return "round_closed";
  if (input.entryStatus === "NOMINATED") return "already_nominated";
  if (input.entryStatus !== "SUBMITTED") return "not_submitted";
  if (input.used >= input.quota) return "over_quota";
  return null;
}

/** A nomination may be taken back by the school only while the school round is open. */
export function withdrawalRefusal(input: { contestStatus: ContestStatus; nominationStatus: string | null }): WithdrawalRefusal | null {
  if (input.contestStatus !== "SCHOOL_ROUND") return "round_closed";
  if (input.nominationStatus !== "NOMINATED") return "not_nominated";
  return null;
}
