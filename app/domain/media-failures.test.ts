import { describe, expect, it } from "vitest";
import { isMediaFailureCode, isPermanentFailure, MEDIA_FAILURE_CODES, MediaError, toMediaFailure } from "./media-failures.ts";

describe("media failure codes", () => {
  it("are snake_case and stable (stored on rows, looked up in the catalog)", () => {
    for (const code of Object.keys(MEDIA_FAILURE_CODES)) expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it("only timeouts and internal errors are retried", () => {
    const transient = Object.keys(MEDIA_FAILURE_CODES).filter((c) => !isPermanentFailure(c as keyof typeof MEDIA_FAILURE_CODES));
    expect(transient.sort()).toEqual(["internal", "processing_timeout"]);
  });

  it("recognises codes", () => {
    expect(isMediaFailureCode("video_too_long")).toBe(true);
    expect(isMediaFailureCode("toString")).toBe(false);
    expect(isMediaFailureCode(42)).toBe(false);
  });
});

describe("MediaError", () => {
  it("carries code, permanence, params and a log-only detail", () => {
    const error = new MediaError("video_too_long", { detail: "412.0 s", params: { maxMinutes: 5 } });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "MediaError", code: "video_too_long", permanent: true, detail: "412.0 s" });
    expect(error.message).toBe("video_too_long: 412.0 s");
    expect(error.toFailure()).toEqual({ code: "video_too_long", permanent: true, params: { maxMinutes: 5 } });
  });

  it("is transient for timeouts", () => {
    expect(new MediaError("processing_timeout").permanent).toBe(false);
  });

  it("turns anything unknown into a transient internal failure, without its message", () => {
    expect(toMediaFailure(new Error("ENOSPC /tmp/x"))).toEqual({ code: "internal", permanent: false });
    expect(toMediaFailure(new MediaError("image_corrupt", { detail: "x" }))).toEqual({ code: "image_corrupt", permanent: true });
  });
});
