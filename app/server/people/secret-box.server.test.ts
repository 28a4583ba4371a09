import { describe, expect, it } from "vitest";
import { lookupDigest, openSecret, sealSecret } from "./secret-box.server.ts";

const SECRET = "test-secret-0123456789abcdef0123456789abcdef";
const OTHER_SECRET = "another-secret-0123456789abcdef0123456789ab";
const child = { purpose: "initial-password", bindTo: "xs23456789" } as const;

describe("sealSecret / openSecret", () => {
  it("opens what it sealed", () => {
    const sealed = sealSecret("kx7m4pwe", child, SECRET);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(openSecret(sealed, child, SECRET)).toBe("kx7m4pwe");
  });

  it("never shows the plaintext and never repeats a ciphertext (random nonce)", () => {
    const a = sealSecret("kx7m4pwe", child, SECRET);
    const b = sealSecret("kx7m4pwe", child, SECRET);
    expect(a).not.toBe(b);
    expect(a).not.toContain("kx7m4pwe");
    expect(Buffer.from(a.split(".")[2]!, "base64url").toString("latin1")).not.toContain("kx7m4pwe");
  });

  it("does not open under another secret: a stolen database alone reveals nothing", () => {
    expect(openSecret(sealSecret("kx7m4pwe", child, SECRET), child, OTHER_SECRET)).toBeNull();
  });

  it("does not open for another account or another purpose (a value copied to another row)", () => {
    const sealed = sealSecret("kx7m4pwe", child, SECRET);
    expect(openSecret(sealed, { ...child, bindTo: "xs98765432" }, SECRET)).toBeNull();
    expect(openSecret(sealed, { ...child, purpose: "link-code" }, SECRET)).toBeNull();
  });

  it("refuses a changed byte, a cut value and other formats without throwing", () => {
    const sealed = sealSecret("kx7m4pwe", child, SECRET);
    const [format, nonce, body] = sealed.split(".") as [string, string, string];
    const bytes = Buffer.from(body, "base64url");
    bytes[0]! ^= 1;
    expect(openSecret([format, nonce, bytes.toString("base64url")].join("."), child, SECRET)).toBeNull();
    expect(openSecret(`${format}.${nonce}.${body.slice(0, 10)}`, child, SECRET)).toBeNull();
    expect(openSecret(`v2.${nonce}.${body}`, child, SECRET)).toBeNull();
    expect(openSecret("kx7m4pwe", child, SECRET)).toBeNull();
    expect(openSecret(`${sealed}.x`, child, SECRET)).toBeNull();
  });

  it("keeps characters outside ASCII", () => {
    expect(openSecret(sealSecret("龑𠮷", child, SECRET), child, SECRET)).toBe("龑𠮷");
  });
});

describe("lookupDigest", () => {
  it("is deterministic per secret and purpose, and differs from a plain SHA-256", async () => {
    const { createHash } = await import("node:crypto");
    const digest = lookupDigest("ACEFH47KN", "link-code", SECRET);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(lookupDigest("ACEFH47KN", "link-code", SECRET)).toBe(digest);
    expect(lookupDigest("ACEFH47KN", "link-code", OTHER_SECRET)).not.toBe(digest);
    expect(lookupDigest("ACEFH47KN", "initial-password", SECRET)).not.toBe(digest);
    expect(digest).not.toBe(createHash("sha256").update("ACEFH47KN").digest("hex"));
  });
});
