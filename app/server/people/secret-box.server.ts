// The small secrets a school must be able to print again (a child's initial
// password, a guardian link code) and must not leak with a copy of the
// database. The only place keys are derived from SESSION_SECRET for them.
//
// - sealSecret / openSecret: AES-256-GCM with a random 96-bit nonce, under a
//   key derived with HKDF-SHA-256 from SESSION_SECRET per purpose. The
//   additional data binds a sealed value to its purpose and to the account
//   (its username), so a value copied into another row does not open.
// - lookupDigest: HMAC-SHA-256 under another derived key, for finding a row
//   by a secret someone types (StudentProfile.linkCodeHash). A plain SHA-256
//   of a 36-bit link code is reversed by trying every code in seconds on one
//   GPU; keyed, a stolen database without the secret reveals nothing.
//
// Consequence: changing SESSION_SECRET makes every sealed value unreadable
// (slips cannot be reprinted until a password is reset and a new link code
// made) and every unused link code unknown. openSecret returns null then,
// never throws, so pages can say so.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { getSessionSecret } from "~/server/platform/env.server.ts";

export type SecretPurpose = "initial-password" | "link-code";

const FORMAT = "v1";
const SALT = "sanshai/secret-box/v1";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const keys = new Map<string, Buffer>();

function deriveKey(secret: string, info: string): Buffer {
  const cacheKey = `${info}\u0000${secret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, SALT, info, 32));
    keys.set(cacheKey, key);
  }
  return key;
}

function additionalData(purpose: SecretPurpose, bindTo: string): Buffer {
  return Buffer.from(`${purpose}\u0000${bindTo}`, "utf8");
}

/** "v1.<nonce>.<ciphertext+tag>" in base64url. */
export function sealSecret(plaintext: string, context: { purpose: SecretPurpose; bindTo: string }, secret = getSessionSecret()): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(secret, `seal:${context.purpose}`), nonce);
  cipher.setAAD(additionalData(context.purpose, context.bindTo));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [FORMAT, nonce.toString("base64url"), body.toString("base64url")].join(".");
}

/** The plaintext, or null when the value is damaged, sealed for another purpose or account, or under another secret. */
export function openSecret(sealed: string, context: { purpose: SecretPurpose; bindTo: string }, secret = getSessionSecret()): string | null {
  const [format, nonceText, bodyText, extra] = sealed.split(".");
  if (format !== FORMAT || !nonceText || !bodyText || extra !== undefined) return null;
  const nonce = Buffer.from(nonceText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", deriveKey(secret, `seal:${context.purpose}`), nonce);
    decipher.setAAD(additionalData(context.purpose, context.bindTo));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/** A deterministic keyed digest (hex) of a typed secret, for lookups by equality. */
export function lookupDigest(value: string, purpose: SecretPurpose, secret = getSessionSecret()): string {
  return createHmac("sha256", deriveKey(secret, `lookup:${purpose}`)).update(value, "utf8").digest("hex");
}
