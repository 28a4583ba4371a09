// Which new passwords are too easy to guess. Pure, so the password page and
// class intake (passwords typed for a whole class) apply the same rule.
//
// Only what an attacker tries first is refused: one character or a short unit
// over and over, runs along the digits, the alphabet or a keyboard row, the
// account's own username or phone number, and a short list of the passwords
// most used in China. No "must contain a capital letter" rules: a child has
// to be able to type it on a phone, and such rules make passwords worse.

export const PASSWORD_MIN_LENGTH = 8;

export type PasswordWeakness = "too_short" | "repeated" | "sequence" | "personal" | "common";

/**
 * Runs that count as a sequence, forwards or backwards: digits (wrapping
 * round, so "78901234" too), the alphabet, the rows of a keyboard and its
 * most typed diagonal (1qaz2wsx).
 */
const SEQUENCES = ["01234567890123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv5tgb"];

/**
 * The most common passwords in analyses of Chinese password leaks (the 2011
 * CSDN leak's top list among them) that the other rules do not already catch,
 * plus this platform's demo password. Entries shorter than the minimum
 * (5201314) still matter: with a character or two added they are long enough
 * (see isCommon). Kept short on purpose: a child's password only needs to
 * survive online guessing, which the login limits slow to four attempts an
 * hour per account.
 */
const COMMON = new Set([
  "password",
  "passw0rd",
  "iloveyou",
  "woaini",
  "woaini1314",
  "woaini520",
  "woaini123",
  "woaiwojia",
  "5201314",
  "5201314520",
  "1314520",
  "1314520520",
  "5211314",
  "147258369",
  "159357258",
  "123321123",
  "a123456",
  "a123456789",
  "aa123456",
  "abc123456",
  "abc12345",
  "abcd1234",
  "qq123456",
  "qwe123456",
  "123qwe123",
  "1q2w3e4r",
  "1234qwer",
  "qazwsxedc",
  "11223344",
  "12344321",
  "31415926",
  "789456123",
  "123654789",
  "123456abc",
  "123456789a",
  "zxcvbnm123",
  "admin123",
  "wang1234",
  "zhang123",
  "li123456",
  "sanshai2026",
]);

/** Characters people add to a listed password and think it new. */
const COMMON_TAIL = 2;

/** Full-width characters from Chinese keyboards become ASCII; case and outer spaces do not matter. */
function normalise(text: string): string {
  return text.normalize("NFKC").trim().toLowerCase();
}

/** True when the password is one unit of 1–4 characters repeated ("88888888", "12121212", "abcabcab"). */
function isRepeated(chars: string[]): boolean {
  for (let unit = 1; unit <= 4 && unit < chars.length; unit++) {
    if (chars.every((c, i) => c === chars[i % unit])) return true;
  }
  return false;
}

function isSequence(password: string): boolean {
  return SEQUENCES.some((run) => run.includes(password) || [...run].reverse().join("").includes(password));
}

/** A listed password, or one with at most two characters added ("woaini12", "52013140", "password1!"). */
function isCommon(password: string): boolean {
  if (COMMON.has(password)) return true;
  for (const common of COMMON) {
    if (password.startsWith(common) && password.length - common.length <= COMMON_TAIL) return true;
  }
  return false;
}

function isPersonal(password: string, context: { username?: string | null; phone?: string | null }): boolean {
  const username = context.username ? normalise(context.username) : "";
  const phone = context.phone?.replace(/\D/g, "") ?? "";
  return (username.length > 0 && password === username) || (phone.length >= 7 && password.includes(phone));
}

/**
 * Why `password` is too easy to guess for this account, or null when it will
 * do. Length is counted in characters as a person counts them (one per 字).
 */
export function findPasswordWeakness(
  password: string,
  context: { username?: string | null; phone?: string | null } = {},
): PasswordWeakness | null {
  const normalised = normalise(password);
  const chars = [...normalised];
  if (chars.length < PASSWORD_MIN_LENGTH) return "too_short";
  if (isRepeated(chars)) return "repeated";
  if (isSequence(normalised)) return "sequence";
  if (isPersonal(normalised, context)) return "personal";
  if (isCommon(normalised)) return "common";
  return null;
}
