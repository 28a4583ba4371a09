import { describe, expect, it } from "vitest";
import { checkUploadAllowed, parseUploadMetadata } from "./upload-rules.ts";

const MB = 1024 * 1024;
const photo = { acceptedMediaKinds: ["IMAGE"] as const, maxFiles: 3, maxFileBytes: 30n * BigInt(MB) };

describe("parseUploadMetadata", () => {
  it("accepts entryId and kind, with optional name and type", () => {
    expect(parseUploadMetadata({ entryId: "cabc123", kind: "image", filename: "我的画.jpg", filetype: "image/jpeg" })).toEqual({
      entryId: "cabc123",
      kind: "image",
      filename: "我的画.jpg",
      filetype: "image/jpeg",
    });
    expect(parseUploadMetadata({ entryId: "cabc123", kind: "video", filename: null })).toEqual({ entryId: "cabc123", kind: "video" });
  });

  it("refuses missing or hostile fields", () => {
    expect(parseUploadMetadata(undefined)).toBeNull();
    expect(parseUploadMetadata({ kind: "image" })).toBeNull();
    expect(parseUploadMetadata({ entryId: "../etc", kind: "image" })).toBeNull();
    expect(parseUploadMetadata({ entryId: "CABC", kind: "image" })).toBeNull();
    expect(parseUploadMetadata({ entryId: "cabc", kind: "pdf" })).toBeNull();
    expect(parseUploadMetadata({ entryId: "cabc", kind: "image", filename: "a\nb" })).toBeNull();
    expect(parseUploadMetadata({ entryId: "cabc", kind: "image", filename: "x".repeat(256) })).toBeNull();
  });
});

describe("checkUploadAllowed", () => {
  it("allows an accepted kind within count and size", () => {
    expect(checkUploadAllowed({ category: photo, existingAssetCount: 2, declaredSize: 30 * MB, kind: "image" })).toEqual({ ok: true });
  });

  it("refuses a kind the category does not take", () => {
    const r = checkUploadAllowed({ category: photo, existingAssetCount: 0, declaredSize: 1, kind: "video" });
    expect(r).toMatchObject({ ok: false, code: "kind_not_accepted", params: { kind: "video", accepted: "image" } });
  });

  it("refuses once the entry holds maxFiles", () => {
    const r = checkUploadAllowed({ category: photo, existingAssetCount: 3, declaredSize: 1, kind: "image" });
    expect(r).toMatchObject({ ok: false, code: "too_many_files", params: { max: 3 } });
  });

  it("refuses one byte over maxFileBytes", () => {
    const r = checkUploadAllowed({ category: photo, existingAssetCount: 0, declaredSize: 30 * MB + 1, kind: "image" });
    expect(r).toMatchObject({ ok: false, code: "file_too_large", params: { maxBytes: 30 * MB, maxMb: 30 } });
  });

  it("refuses a deferred or nonsensical length", () => {
    for (const declaredSize of [null, undefined, -1, 1.5, Number.NaN]) {
      expect(checkUploadAllowed({ category: photo, existingAssetCount: 0, declaredSize, kind: "image" })).toMatchObject({ ok: false, code: "size_unknown" });
    }
  });

  it("accepts an empty category list as text only: nothing may be uploaded", () => {
    const r = checkUploadAllowed({ category: { ...photo, acceptedMediaKinds: [] }, existingAssetCount: 0, declaredSize: 1, kind: "image" });
    expect(r).toMatchObject({ ok: false, code: "kind_not_accepted" });
  });
});
