// Making and reading the credentials of batch-created accounts: usernames
// that say nothing about the child, readable initial passwords (stored as
// the scrypt hash plus a sealed copy for printing), and guardian link codes
// (a keyed digest for lookup plus a sealed copy for reprinting).
//
// A link code's row states (StudentProfile):
//   linkCodeHash + linkCodeEnc, not expired  → ready to use, printable
//   linkCodeHash + linkCodeEnc, expired      → "expired" (told apart from wrong)
//   linkCodeHash, linkCodeEnc null           → used (single use; kept so a
//                                              second try says "used", not "wrong")
//   no linkCodeHash                          → none yet
import { checkLinkCode, generateInitialPassword, generateLinkCode, generateUsername, type LinkCodeErrorCode } from "~/domain/intake/credentials.ts";
import { LINK_CODE_TTL_DAYS } from "~/domain/people/forms.ts";
import type { Db, Tx } from "~/server/db/db.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { hashPassword } from "~/server/auth/password.server.ts";
import { lookupDigest, openSecret, sealSecret } from "./secret-box.server.ts";

const MAX_USERNAME_ROUNDS = 20;

/**
 * `count` usernames with the prefix that no account has and that differ from
 * each other. Drawn again on a collision; the unique index still decides at
 * insert (a concurrent transaction), where the caller retries.
 */
export async function drawUniqueUsernames(prefix: string, count: number, db: Db | Tx = getDb()): Promise<string[]> {
  const chosen = new Set<string>();
  for (let round = 0; round < MAX_USERNAME_ROUNDS && chosen.size < count; round++) {
    const candidates = new Set<string>();
    while (candidates.size < count - chosen.size) {
      const name = generateUsername(prefix);
      if (!chosen.has(name)) candidates.add(name);
    }
    const taken = await db.user.findMany({ where: { username: { in: [...candidates] } }, select: { username: true } });
    const takenSet = new Set(taken.map((t) => t.username));
    for (const name of candidates) if (!takenSet.has(name)) chosen.add(name);
  }
  if (chosen.size < count) throw new Error(`could not draw ${count} free usernames with prefix ${prefix}`);
  return [...chosen];
}

export type InitialPassword = { password: string; passwordHash: string };

/**
 * A new initial password: what to show or print once, and its hash. Staff
 * read theirs on the organiser's screen; nothing else keeps it.
 */
export async function makeInitialPassword(): Promise<InitialPassword> {
  const password = generateInitialPassword();
  return { password, passwordHash: await hashPassword(password) };
}

/** A child's initial password, with the sealed copy the teacher prints slips from. */
export async function makePrintableInitialPassword(username: string): Promise<InitialPassword & { initialPasswordEnc: string }> {
  const made = await makeInitialPassword();
  return { ...made, initialPasswordEnc: sealSecret(made.password, { purpose: "initial-password", bindTo: username }) };
}

export type NewLinkCode = { code: string; linkCodeHash: string; linkCodeEnc: string; linkCodeExpiresAt: Date };

export function makeLinkCode(username: string, now = new Date()): NewLinkCode {
  const code = generateLinkCode();
  return {
    code,
    linkCodeHash: linkCodeDigest(code),
    linkCodeEnc: sealSecret(code, { purpose: "link-code", bindTo: username }),
    linkCodeExpiresAt: new Date(now.getTime() + LINK_CODE_TTL_DAYS * 86_400_000),
  };
}

export function linkCodeDigest(canonicalCode: string): string {
  return lookupDigest(canonicalCode, "link-code");
}

export function openInitialPassword(user: { username: string; initialPasswordEnc: string | null }): string | null {
  return user.initialPasswordEnc ? openSecret(user.initialPasswordEnc, { purpose: "initial-password", bindTo: user.username }) : null;
}

export type LinkCodeState = "ready" | "used" | "expired" | "none" | "unreadable";

export function linkCodeState(
  profile: { linkCodeHash: string | null; linkCodeEnc: string | null; linkCodeExpiresAt: Date | null },
  now = new Date(),
): Exclude<LinkCodeState, "unreadable"> {
  if (!profile.linkCodeHash) return "none";
  if (!profile.linkCodeEnc) return "used";
  if (profile.linkCodeExpiresAt && profile.linkCodeExpiresAt.getTime() <= now.getTime()) return "expired";
  return "ready";
}

/** The code to print, when it is ready and still opens under today's secret. */
export function openLinkCode(
  username: string,
  profile: { linkCodeHash: string | null; linkCodeEnc: string | null; linkCodeExpiresAt: Date | null },
  now = new Date(),
): { state: LinkCodeState; code: string | null } {
  const state = linkCodeState(profile, now);
  if (state !== "ready" || !profile.linkCodeEnc) return { state, code: null };
  const code = openSecret(profile.linkCodeEnc, { purpose: "link-code", bindTo: username });
  return code ? { state, code } : { state: "unreadable", code: null };
}

export type TypedLinkCode = { ok: true; digest: string } | { ok: false; reason: LinkCodeErrorCode };

/** What a parent typed, checked for shape and typos before any lookup. */
export function readTypedLinkCode(typed: string): TypedLinkCode {
  const checked = checkLinkCode(typed);
  return checked.ok ? { ok: true, digest: linkCodeDigest(checked.code) } : { ok: false, reason: checked.reason };
}
