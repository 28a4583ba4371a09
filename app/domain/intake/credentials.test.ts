import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkLinkCode,
  formatLinkCode,
  generateInitialPassword,
  generateLinkCode,
  generateUsername,
  groupForReading,
  InvalidUsernamePrefixError,
  isGeneratedUsername,
  isInitialPassword,
  LINK_CODE_ALPHABET,
  LINK_CODE_ENTROPY_BITS,
  LINK_CODE_LENGTH,
  normaliseTypedInitialPassword,
  PASSWORD_ALPHABET,
  PASSWORD_ENTROPY_BITS,
  type RandomSource,
} from "./credentials.ts";

/**
 * A random source driven by fast-check: its words first (including the
 * extremes that rejection sampling must throw away), then a counter so that
 * generation always ends.
 */
function sourceFrom(words: number[]): RandomSource {
  let next = 0;
  return (out) => {
    for (let i = 0; i < out.length; i++) {
      out[i] = next < words.length ? (words[next] ?? 0) : next;
      next++;
    }
  };
}
const randomWords = fc.array(fc.oneof(fc.nat({ max: 0xffff_ffff }), fc.constant(0xffff_ffff)), { maxLength: 40 });

const NEVER_IN_PASSWORDS = [..."0Oo1lIi", ..."bgqszu", ..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"];
const NEVER_IN_LINK_CODES = [..."0ODQ1IL", ..."BGSZUV", ..."abcdefghijklmnopqrstuvwxyz"];

describe("initial passwords", () => {
  it("always validate and never contain confusable characters", () => {
    fc.assert(
      fc.property(randomWords, (words) => {
        const password = generateInitialPassword(sourceFrom(words));
        expect(isInitialPassword(password)).toBe(true);
        expect(password).toHaveLength(8);
        for (const c of NEVER_IN_PASSWORDS) expect(password).not.toContain(c);
      }),
    );
  });
  it("come from the real crypto source too, and differ", () => {
    const passwords = new Set(Array.from({ length: 200 }, () => generateInitialPassword()));
    expect(passwords.size).toBe(200);
    for (const p of passwords) expect(isInitialPassword(p)).toBe(true);
  });
  it("have about 37 bits of entropy", () => {
    expect(PASSWORD_ALPHABET).toHaveLength(25);
    expect(PASSWORD_ENTROPY_BITS).toBeCloseTo(37.15, 1);
  });
  it("are grouped in fours for reading aloud", () => {
    expect(groupForReading("kx7m4pwe")).toBe("kx7m-4pwe");
    expect(groupForReading("kx7m4pwe", " ")).toBe("kx7m 4pwe");
  });
  it("accept what a grandparent types from the slip", () => {
    expect(normaliseTypedInitialPassword("Kx7m-4pwe")).toBe("kx7m4pwe");
    expect(normaliseTypedInitialPassword("ｋｘ７ｍ　４ｐｗｅ")).toBe("kx7m4pwe");
    expect(normaliseTypedInitialPassword("kx7m4pw")).toBeNull();
    expect(normaliseTypedInitialPassword("kx7m4pwo")).toBeNull();
  });
});

describe("usernames", () => {
  it("are the prefix plus eight digits 2–9, whatever the random words", () => {
    fc.assert(
      fc.property(randomWords, fc.stringMatching(/^[a-z]{1,4}$/), (words, prefix) => {
        const username = generateUsername(prefix, sourceFrom(words));
        expect(isGeneratedUsername(username, prefix)).toBe(true);
        expect(username).toMatch(/^[a-z]{1,4}[2-9]{8}$/);
      }),
    );
  });
  it("refuse prefixes that could carry a name or confuse a login", () => {
    for (const prefix of ["", "zhang", "张", "X", "x1", "ab-"]) {
      expect(() => generateUsername(prefix)).toThrow(InvalidUsernamePrefixError);
    }
  });
  it("are told apart from other usernames", () => {
    expect(isGeneratedUsername("xs23456789")).toBe(true);
    expect(isGeneratedUsername("xs23456789", "xs")).toBe(true);
    expect(isGeneratedUsername("xs23456789", "s")).toBe(false);
    expect(isGeneratedUsername("zhangsan")).toBe(false);
    expect(isGeneratedUsername("xs12345678")).toBe(false);
  });
});

describe("guardian link codes", () => {
  const validCode = fc.array(fc.nat({ max: 0xffff_ffff }), { maxLength: 20 }).map((w) => generateLinkCode(sourceFrom(w)));

  it("always validate and never contain confusable characters", () => {
    fc.assert(
      fc.property(randomWords, (words) => {
        const code = generateLinkCode(sourceFrom(words));
        expect(code).toHaveLength(LINK_CODE_LENGTH);
        expect(checkLinkCode(code)).toEqual({ ok: true, code });
        for (const c of NEVER_IN_LINK_CODES) expect(code).not.toContain(c);
      }),
    );
    expect(LINK_CODE_ENTROPY_BITS).toBeGreaterThan(36);
  });
  it("tell every single wrong symbol apart from a wrong code", () => {
    fc.assert(
      fc.property(validCode, fc.nat({ max: 8 }), fc.nat({ max: 21 }), (code, position, shift) => {
        const index = LINK_CODE_ALPHABET.indexOf(code[position] ?? "");
        const replacement = LINK_CODE_ALPHABET[(index + 1 + shift) % LINK_CODE_ALPHABET.length] ?? "";
        const typo = code.slice(0, position) + replacement + code.slice(position + 1);
        expect(checkLinkCode(typo)).toEqual({ ok: false, reason: "link_code_typo" });
      }),
    );
  });
  it("tell every swap of two neighbouring symbols apart from a wrong code", () => {
    fc.assert(
      fc.property(validCode, fc.nat({ max: 7 }), (code, i) => {
        fc.pre(code[i] !== code[i + 1]);
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(checkLinkCode(swapped)).toEqual({ ok: false, reason: "link_code_typo" });
      }),
    );
  });
  it("accept the printed form, lower case, full-width and look-alike letters", () => {
    const code = generateLinkCode();
    expect(checkLinkCode(formatLinkCode(code))).toEqual({ ok: true, code });
    expect(checkLinkCode(` ${code.toLowerCase()} `)).toEqual({ ok: true, code });
    const fullWidth = Array.from(code, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join("");
    expect(checkLinkCode(fullWidth)).toEqual({ ok: true, code });
    const withFive = "5".repeat(8);
    const valid = generateLinkCode(sourceFrom(Array(8).fill(LINK_CODE_ALPHABET.indexOf("5"))));
    expect(valid.startsWith(withFive)).toBe(true);
    expect(checkLinkCode(valid.replaceAll("5", "S"))).toEqual({ ok: true, code: valid });
  });
  it("call anything that is not nine symbols of the alphabet a format error", () => {
    for (const typed of ["", "ACEF", "ACEFHJKMNP", "ACEFHJKM0", "家长绑定码ACEF"]) {
      expect(checkLinkCode(typed)).toEqual({ ok: false, reason: "link_code_format" });
    }
  });
  it("print in three groups", () => {
    expect(formatLinkCode("ACEFH4789")).toBe("ACE-FH4-789");
  });
});
