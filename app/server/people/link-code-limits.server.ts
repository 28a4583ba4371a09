// Limits on guessing guardian link codes. A code has ~36 bits, so guessing
// one online needs billions of tries; these limits keep it that way. Two
// buckets, both counting FAILURES only (a wrong, used or expired code, or a
// phone number already registered), claimed before the database is asked:
// - the account (the guardian's account, or the phone number being
//   registered): growing delays after five failures, as for logins;
// - the client address: a cap per window, generous because a parents'
//   meeting in a school hall shares one address.
// A mistyped code (bad shape or check character) is caught before either
// bucket: it tells a guesser nothing and a grandparent retyping is not one.
import { claimBackoffAttempt, clearBackoff, consumeRateLimit, refundRateLimit, type BackoffPolicy } from "~/server/auth/rate-limit.server.ts";

export const LINK_CODE_BACKOFF: BackoffPolicy = { freeFailures: 5, maxDelaySeconds: 15 * 60, memorySeconds: 24 * 60 * 60 };
export const LINK_CODE_ADDRESS_LIMIT = 30;
export const LINK_CODE_ADDRESS_WINDOW_SECONDS = 15 * 60;

export type LinkCodeAttempt =
  | { ok: false; retryAfterSeconds: number }
  | { ok: true; succeeded(): Promise<void>; failed(): Promise<void> };

/** `account`: "user:<id>" for a signed-in guardian, "phone:<number>" while registering. */
export async function beginLinkCodeAttempt(input: { account: string; ip: string | null }): Promise<LinkCodeAttempt> {
  const ipKey = input.ip ? `linkcode:ip:${input.ip}` : null;
  const address = ipKey ? await consumeRateLimit({ key: ipKey, limit: LINK_CODE_ADDRESS_LIMIT, windowSeconds: LINK_CODE_ADDRESS_WINDOW_SECONDS }) : null;
  const refundAddress = async () => {
    if (ipKey && address) await refundRateLimit({ key: ipKey, windowStart: address.windowStart });
  };
  if (address && !address.allowed) return { ok: false, retryAfterSeconds: address.retryAfterSeconds };
  const accountKey = `linkcode:${input.account}`.slice(0, 120);
  const claim = await claimBackoffAttempt(accountKey, LINK_CODE_BACKOFF);
  if (!claim.allowed) {
    await refundAddress();
    return { ok: false, retryAfterSeconds: claim.retryAfterSeconds };
  }
  return {
    ok: true,
    succeeded: async () => {
      await Promise.all([clearBackoff(accountKey), refundAddress()]);
    },
    // Both claims already counted this attempt as a failure.
    failed: async () => {},
  };
}
