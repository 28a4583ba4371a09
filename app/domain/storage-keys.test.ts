import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assertSafeKey,
  assertSafePrefix,
  buildOriginalKey,
  buildRenditionKey,
  InvalidStorageKeyError,
  isSafeKey,
  MAX_KEY_LENGTH,
  parseStorageKey,
} from "./storage-keys.ts";

describe("key builders", () => {
  it("build the documented layout", () => {
    expect(buildOriginalKey({ entryId: "ckentry1", assetId: "ckasset1" })).toBe("entries/ckentry1/originals/ckasset1");
    expect(buildRenditionKey({ entryId: "e1", assetId: "a1", name: "thumb", ext: "webp" })).toBe(
      "entries/e1/renditions/a1/thumb.webp",
    );
  });

  it("are deterministic, so a retried job overwrites its own output", () => {
    const input = { entryId: "e1", assetId: "a1", name: "display", ext: "jpg" };
    expect(buildRenditionKey(input)).toBe(buildRenditionKey({ ...input }));
  });

  it("produce keys that pass assertSafeKey", () => {
    for (const key of [
      buildOriginalKey({ entryId: "e", assetId: "a" }),
      buildRenditionKey({ entryId: "e", assetId: "a", name: "poster", ext: "jpg" }),
    ]) {
      expect(isSafeKey(key)).toBe(true);
    }
  });

  it.each([
    { entryId: "../etc", assetId: "a" },
    { entryId: "E1", assetId: "a" },
    { entryId: "e1", assetId: "a/b" },
    { entryId: "", assetId: "a" },
    { entryId: "e1", assetId: "张三" },
    { entryId: "e1", assetId: "a".repeat(65) },
  ])("refuse ids that are not plain lower-case ids: %o", (input) => {
    expect(() => buildOriginalKey(input)).toThrow(InvalidStorageKeyError);
  });

  it("refuse rendition names and extensions that could change the path", () => {
    const base = { entryId: "e", assetId: "a" };
    expect(() => buildRenditionKey({ ...base, name: "../x", ext: "webp" })).toThrow(InvalidStorageKeyError);
    expect(() => buildRenditionKey({ ...base, name: "thumb", ext: "we/bp" })).toThrow(InvalidStorageKeyError);
    expect(() => buildRenditionKey({ ...base, name: "thumb", ext: "" })).toThrow(InvalidStorageKeyError);
    expect(() => buildRenditionKey({ ...base, name: "Thumb", ext: "webp" })).toThrow(InvalidStorageKeyError);
  });
});

const id = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,63}$/);
const renditionName = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,31}$/);
const ext = fc.stringMatching(/^[a-z0-9]{1,8}$/);

describe("parseStorageKey", () => {
  it("reads every original key back into the ids it was built from", () => {
    fc.assert(
      fc.property(id, id, (entryId, assetId) => {
        expect(parseStorageKey(buildOriginalKey({ entryId, assetId }))).toEqual({ kind: "original", entryId, assetId });
      }),
    );
  });

  it("reads every rendition key back into its ids, name and extension", () => {
    fc.assert(
      fc.property(id, id, renditionName, ext, (entryId, assetId, name, e) => {
        const input = { entryId, assetId, name, ext: e };
        expect(parseStorageKey(buildRenditionKey(input))).toEqual({ kind: "rendition", ...input });
      }),
    );
  });

  it("knows the sidecars @tus/s3-store writes beside an upload", () => {
    const key = buildOriginalKey({ entryId: "e1", assetId: "a1" });
    expect(parseStorageKey(`${key}.info`)).toEqual({ kind: "upload-sidecar", entryId: "e1", assetId: "a1", sidecar: "info" });
    expect(parseStorageKey(`${key}.part`)).toEqual({ kind: "upload-sidecar", entryId: "e1", assetId: "a1", sidecar: "part" });
  });

  it.each([
    "",
    "entries/e1/",
    "entries/e1",
    "entries/e1/originals/a1.jpg",
    "entries/e1/originals/a1/x",
    "entries/e1/renditions/a1/thumb",
    "entries/e1/renditions/a1/thumb.web.p",
    "entries/e1/renditions/a1/x/thumb.webp",
    "entries/E1/originals/a1",
    "entries/../originals/a1",
    "entries/e1/others/a1",
    "certificates/c1/x9.pdf",
    "staging/e1/a1",
    `entries/${"e".repeat(65)}/originals/a1`,
    "/entries/e1/originals/a1",
  ])("does not read %j as ours", (key) => {
    expect(parseStorageKey(key)).toBeNull();
  });
});

describe("assertSafeKey", () => {
  it.each(["a", "entries/e1/originals/a1", "a/b.c/d_e-f", "x.webp", "0/1/2", "a".repeat(MAX_KEY_LENGTH)])(
    "accepts %s",
    (key) => expect(() => assertSafeKey(key)).not.toThrow(),
  );

  it.each([
    ["", "empty"],
    ["a".repeat(MAX_KEY_LENGTH + 1), "too long"],
    ["../etc/passwd", "parent"],
    ["a/../../b", "parent inside"],
    ["a..b", "double dot anywhere"],
    ["..", "bare parent"],
    ["/etc/passwd", "absolute"],
    ["a/", "trailing slash"],
    ["a//b", "double slash"],
    ["a/./b", "dot segment"],
    [".", "bare dot"],
    ["A/b", "upper case"],
    ["a\\b", "backslash"],
    ["a\0b", "NUL"],
    ["a b", "space"],
    ["a%2fb", "percent"],
    ["作品/a", "non-ASCII"],
    ["a\nb", "newline"],
    ["~tmp/x", "tilde"],
  ])("refuses %j (%s)", (key) => {
    expect(() => assertSafeKey(key)).toThrow(InvalidStorageKeyError);
  });
});

describe("assertSafePrefix", () => {
  it("accepts the empty prefix and folder prefixes", () => {
    expect(() => assertSafePrefix("")).not.toThrow();
    expect(() => assertSafePrefix("entries/e1/")).not.toThrow();
  });

  it.each(["entries/e1", "/", "a//", "../", "A/"])("refuses %j", (prefix) => {
    expect(() => assertSafePrefix(prefix)).toThrow(InvalidStorageKeyError);
  });
});
