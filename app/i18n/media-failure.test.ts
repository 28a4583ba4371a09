import { describe, expect, it } from "vitest";
import { MEDIA_FAILURE_CODES } from "~/domain/media-failures.ts";
import { formatMediaFailure } from "./media-failure.ts";

describe("formatMediaFailure", () => {
  it("says what went wrong and what to do, with the limit filled in", () => {
    expect(formatMediaFailure("zh-CN", "video_too_long", { maxMinutes: 5, maxSeconds: 300 })).toBe("视频超过5分钟，请剪短后重新上传。");
    expect(formatMediaFailure("en", "video_too_long", { maxMinutes: 5 })).toContain("5 minutes");
  });

  it("names media kinds in words, not codes", () => {
    expect(formatMediaFailure("zh-CN", "wrong_kind", { expected: "image", actual: "video" })).toBe("文件类型不对：这里需要照片或图片，上传的是视频。");
  });

  it("has a message for every code, with no placeholder left unfilled by the engine's params", () => {
    for (const code of Object.keys(MEDIA_FAILURE_CODES)) {
      const text = formatMediaFailure("zh-CN", code, { maxMinutes: 5, maxMegapixels: 50, width: 8000, height: 6000, expected: "image", actual: "video" });
      expect(text, code).not.toMatch(/[{}]|media\.failure/);
    }
  });

  it("falls back to the internal message for unknown codes and ignores odd params", () => {
    expect(formatMediaFailure("zh-CN", "nope", ["x"])).toBe(formatMediaFailure("zh-CN", "internal"));
  });
});
