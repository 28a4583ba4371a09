import { describe, expect, it } from "vitest";
import { acceptAttribute, assetIdFromUploadUrl, classifyUploadError, kindForFile, uploadFileName } from "./upload-helpers.ts";

describe("kindForFile", () => {
  it("uses the browser's type, else the extension", () => {
    expect(kindForFile({ name: "a.jpg", type: "image/jpeg" }, ["IMAGE"])).toBe("image");
    expect(kindForFile({ name: "IMG_0001.HEIC", type: "" }, ["IMAGE"])).toBe("image");
    expect(kindForFile({ name: "vlog.MOV", type: "" }, ["VIDEO"])).toBe("video");
    expect(kindForFile({ name: "notes.pdf", type: "application/pdf" }, ["IMAGE"])).toBeNull();
  });
  it("follows the category for containers that hold sound or picture", () => {
    expect(kindForFile({ name: "录音.3gp", type: "video/3gpp" }, ["IMAGE", "AUDIO"])).toBe("audio");
    expect(kindForFile({ name: "clip.mp4", type: "video/mp4" }, ["VIDEO"])).toBe("video");
    expect(kindForFile({ name: "clip.mp4", type: "video/mp4" }, ["VIDEO", "AUDIO"])).toBe("video");
    expect(kindForFile({ name: "a.m4a", type: "audio/mp4" }, ["VIDEO"])).toBe("audio");
  });
});

describe("acceptAttribute", () => {
  it("offers the category's kinds and the extensions phones mislabel", () => {
    expect(acceptAttribute(["IMAGE"])).toBe("image/*,.heic,.heif");
    expect(acceptAttribute(["IMAGE", "AUDIO"])).toContain("audio/*");
  });
});

describe("assetIdFromUploadUrl", () => {
  it("reads the asset id from the base64url object key, and nothing else", () => {
    const segment = Buffer.from("entries/cm0entry1/originals/u0123abcd").toString("base64url");
    expect(assetIdFromUploadUrl(`http://localhost:3000/uploads/${segment}`)).toBe("u0123abcd");
    expect(assetIdFromUploadUrl(`/uploads/${Buffer.from("entries/x/renditions/y").toString("base64url")}`)).toBeNull();
    expect(assetIdFromUploadUrl("/uploads/%%%")).toBeNull();
    expect(assetIdFromUploadUrl(null)).toBeNull();
  });
});

describe("uploadFileName", () => {
  it("drops control characters and keeps names short", () => {
    expect(uploadFileName("我的\u0000作品.jpg")).toBe("我的作品.jpg");
    expect([...uploadFileName("字".repeat(300))].length).toBe(120);
  });
});

describe("classifyUploadError", () => {
  it("keeps trying when the network drops or the server has a moment", () => {
    expect(classifyUploadError(0, null)).toEqual({ action: "retry", message: { key: "upload.error.network" } });
    expect(classifyUploadError(503, "")).toMatchObject({ action: "retry", message: { key: "upload.error.server_error" } });
    expect(classifyUploadError(409, "")).toMatchObject({ action: "retry" });
  });
  it("stops with the server's reason for a refusal", () => {
    expect(classifyUploadError(422, JSON.stringify({ code: "too_many_files", params: { max: 3 } }))).toEqual({
      action: "stop",
      message: { key: "upload.error.too_many_files", params: { max: 3 } },
    });
    expect(classifyUploadError(409, JSON.stringify({ code: "submission_closed", params: {} }))).toMatchObject({ action: "stop" });
    expect(classifyUploadError(403, "Forbidden")).toMatchObject({ action: "stop", message: { key: "upload.error.forbidden" } });
  });
  it("waits as long as the rate limit says", () => {
    expect(classifyUploadError(429, JSON.stringify({ code: "rate_limited", params: { retryAfterSeconds: 90 } }))).toMatchObject({ action: "wait", seconds: 90 });
  });
});
