// Credentials for batch-created children's accounts, printed on login slips
// and read aloud by teachers and grandparents. Pure: randomness comes from
// crypto.getRandomValues (a global in Node and browsers) or, in tests, from
// an injected source.
//
// Three things, three alphabets:
// - initial passwords: lower case, so nobody has to think about Shift;
// - link codes (家长绑定码): upper case, so on the slip they cannot be
//   mistaken for the password, and with a check character;
// - usernames: a prefix plus digits, never anything taken from the child's
//   name (a username is shown to other people; a name in it would leak the
//   child's identity, PIPL art. 28/31).

/** Fills the array with uniformly random 32-bit words (crypto.getRandomValues' contract). */
export type RandomSource = (words: Uint32Array) => void;

const cryptoSource: RandomSource = (words) => {
  crypto.getRandomValues(words);
};

/**
 * Uniform indexes in [0, n) by rejection sampling: `word % n` alone would
 * favour the first (2^32 mod n) symbols.
 */
function randomIndexes(count: number, n: number, random: RandomSource): number[] {
  const limit = Math.floor(0x1_0000_0000 / n) * n;
  const out: number[] = [];
  const words = new Uint32Array(count);
  while (out.length < count) {
    random(words);
    for (const w of words) if (w < limit && out.length < count) out.push(w % n);
  }
  return out;
}

function randomString(alphabet: string, length: number, random: RandomSource): string {
  return randomIndexes(length, alphabet.length, random)
    .map((i) => alphabet[i])
    .join("");
}

// ---------------------------------------------------------------------------
// Initial passwords
// ---------------------------------------------------------------------------

/**
 * Lower-case letters and digits without 0 o 1 l i and without the pairs that
 * look or sound alike when handwritten or read aloud: b/6, g/q/9, s/5, z/2,
 * u/v. 25 symbols.
 */
export const PASSWORD_ALPHABET = "acdefhjkmnprtvwxy23456789";
export const PASSWORD_LENGTH = 8;
const PASSWORD_GROUP = 4;
/**
 * 8 × log2(25) ≈ 37.2 bits. Enough for a password that is only ever guessed
 * online (login is rate limited, hashes are scrypt) and must be changed at
 * first login; short enough for a grandparent to type on a phone.
 */
export const PASSWORD_ENTROPY_BITS = PASSWORD_LENGTH * Math.log2(PASSWORD_ALPHABET.length);

const PASSWORD_PATTERN = new RegExp(`^[${PASSWORD_ALPHABET}]{${PASSWORD_LENGTH}}$`);

/** An initial password: 8 symbols, what is hashed and what the child types ("kx7m4pwe"). */
export function generateInitialPassword(random: RandomSource = cryptoSource): string {
  return randomString(PASSWORD_ALPHABET, PASSWORD_LENGTH, random);
}

export function isInitialPassword(value: string): boolean {
  return PASSWORD_PATTERN.test(value);
}

/** Split into groups of four for reading aloud and printing ("kx7m-4pwe"). */
export function groupForReading(value: string, separator = "-"): string {
  const groups: string[] = [];
  for (let i = 0; i < value.length; i += PASSWORD_GROUP) groups.push(value.slice(i, i + PASSWORD_GROUP));
  return groups.join(separator);
}

/**
 * What someone typed while copying a printed initial password, made
 * comparable: full-width forms from Chinese keyboards, a capital from phone
 * auto-capitalisation, and the group separator or spaces copied from the slip
 * are removed. Returns null when the result is not an initial password, so a
 * login may try this form only as a second attempt for accounts that still
 * must change their password.
 */
export function normaliseTypedInitialPassword(typed: string): string | null {
  const candidate = typed.normalize("NFKC").toLowerCase().replace(/[\s\-_.·]/g, "");
  return isInitialPassword(candidate) ? candidate : null;
}

// ---------------------------------------------------------------------------
// Usernames
// ---------------------------------------------------------------------------

/** Digits without 0 and 1 so that a typed O, I or l is never a plausible slip. */
const USERNAME_DIGITS = "23456789";
const USERNAME_DIGIT_COUNT = 8;
/** Lower-case ASCII, 1–4 letters: "xs" (学生) for children; the caller chooses. */
const PREFIX_PATTERN = /^[a-z]{1,4}$/;
const USERNAME_PATTERN = /^[a-z]{1,4}[2-9]{8}$/;

export class InvalidUsernamePrefixError extends Error {
  constructor(prefix: string) {
    super(`username prefix must be 1–4 lower-case ASCII letters, got "${prefix}"`);
    this.name = "InvalidUsernamePrefixError";
  }
}

/**
 * prefix + 8 digits (8^8 ≈ 16.8 million per prefix). Collisions are
 * possible; the caller checks the database and draws again. Takes no name on
 * purpose: a username must not reveal who the child is.
 */
export function generateUsername(prefix: string, random: RandomSource = cryptoSource): string {
  if (!PREFIX_PATTERN.test(prefix)) throw new InvalidUsernamePrefixError(prefix);
  return prefix + randomString(USERNAME_DIGITS, USERNAME_DIGIT_COUNT, random);
}

/** Whether `value` has the shape of a generated username (optionally with this prefix). */
export function isGeneratedUsername(value: string, prefix?: string): boolean {
  if (!USERNAME_PATTERN.test(value)) return false;
  return prefix === undefined || value.slice(0, -USERNAME_DIGIT_COUNT) === prefix;
}

// ---------------------------------------------------------------------------
// Guardian link codes (家长绑定码)
// ---------------------------------------------------------------------------

/**
 * Upper-case letters and digits without 0 O D Q, 1 I L, B/8, G/6, S/5, Z/2,
 * U/V. 23 symbols: a prime, which the check character below relies on.
 */
export const LINK_CODE_ALPHABET = "ACEFHJKMNPRTWXY23456789";
const LINK_CODE_DATA_LENGTH = 8;
export const LINK_CODE_LENGTH = LINK_CODE_DATA_LENGTH + 1;
/** 8 random symbols: 8 × log2(23) ≈ 36.2 bits; the ninth is the check character. */
export const LINK_CODE_ENTROPY_BITS = LINK_CODE_DATA_LENGTH * Math.log2(LINK_CODE_ALPHABET.length);

/**
 * Letters a parent may type for a symbol the alphabet left out because it
 * looks like one that is in it.
 */
const LINK_CODE_LOOKALIKES: Readonly<Record<string, string>> = { S: "5", Z: "2", B: "8", G: "6" };

/**
 * The check symbol c makes 1·v1 + 2·v2 + … + 8·v8 + 9·c ≡ 0 (mod 23), where
 * v is a symbol's index in the alphabet. 23 is prime and every weight, and
 * every difference of neighbouring weights, is non-zero mod 23: so a single
 * wrong symbol anywhere, and a swap of any two neighbouring different
 * symbols (the check symbol included), always breaks the sum.
 */
function weightedSum(symbols: string): number {
  let sum = 0;
  for (let i = 0; i < symbols.length; i++) sum += (i + 1) * LINK_CODE_ALPHABET.indexOf(symbols[i] ?? "");
  return sum % LINK_CODE_ALPHABET.length;
}

/** 18 is the inverse of the check weight 9 modulo 23 (9 × 18 = 162 = 7 × 23 + 1). */
const INVERSE_OF_CHECK_WEIGHT = 18;

function linkCodeCheckSymbol(data: string): string {
  const n = LINK_CODE_ALPHABET.length;
  const index = (((n - weightedSum(data)) % n) * INVERSE_OF_CHECK_WEIGHT) % n;
  return LINK_CODE_ALPHABET[index] ?? "";
}

/** A link code in canonical form: 9 upper-case symbols, the last a check character. */
export function generateLinkCode(random: RandomSource = cryptoSource): string {
  const data = randomString(LINK_CODE_ALPHABET, LINK_CODE_DATA_LENGTH, random);
  return data + linkCodeCheckSymbol(data);
}

/** "ACE-FH4-7KN": three groups of three, for printing. */
export function formatLinkCode(code: string): string {
  return code.match(/.{1,3}/g)?.join("-") ?? code;
}

/**
 * link_code_format: not 9 symbols of the alphabet, the parent typed something
 * else entirely; link_code_typo: the right shape but the check symbol
 * disagrees, almost surely a mistyped character.
 */
export const LINK_CODE_ERROR_CODES = ["link_code_format", "link_code_typo"] as const;
export type LinkCodeErrorCode = (typeof LINK_CODE_ERROR_CODES)[number];

export type LinkCodeCheck = { ok: true; code: string } | { ok: false; reason: LinkCodeErrorCode };

/**
 * Normalises what a parent typed (full-width, lower case, spaces, dashes,
 * look-alikes) and checks it. A code that passes may still be unknown or
 * used: that is the database's answer, told apart from a typo here.
 */
export function checkLinkCode(typed: string): LinkCodeCheck {
  const upper = typed.normalize("NFKC").toUpperCase().replace(/[\s\-_.·]/g, "");
  const code = Array.from(upper, (c) => LINK_CODE_LOOKALIKES[c] ?? c).join("");
  const valid = code.length === LINK_CODE_LENGTH && [...code].every((c) => LINK_CODE_ALPHABET.includes(c));
  if (!valid) return { ok: false, reason: "link_code_format" };
  if (weightedSum(code) !== 0) return { ok: false, reason: "link_code_typo" };
  return { ok: true, code };
}
