import { describe, expect, it } from "vitest";
import { isMediaFailureCode, isPermanentFailure, isSystemFailureOutput, isSystemSignal, MEDIA_FAILURE_CODES, MediaError, toMediaFailure } from "./media-failures.ts";

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

describe("whose fault a tool's failure is", () => {
  it("reads the machine's failures in the tool's words", () => {
    for (const said of [
      "av_interleaved_write_frame(): No space left on device",
      "Error writing trailer of file:/s/out/video.mp4: No space left on device",
      "Unrecognized option 'fps_mode'.\nError splitting the argument list: Option not found",
      "Cannot allocate memory",
      "Unknown encoder 'libx264'",
      "No such filter: 'zscale'",
      "file:/s/original: Permission denied",
    ]) {
      expect(isSystemFailureOutput(said), said).toBe(true);
    }
  });

  it("leaves the file's own faults to the file (pending the lane's self-test)", () => {
    for (const said of ["moov atom not found", "Invalid data found when processing input", "[h264 @ 0x1] error while decoding MB 3 2"]) {
      expect(isSystemFailureOutput(said), said).toBe(false);
    }
  });

  it("counts a kill from outside as the machine's, a crash as the file's", () => {
    expect(isSystemSignal("SIGKILL")).toBe(true); // the OOM killer
    expect(isSystemSignal("SIGTERM")).toBe(true);
    expect(isSystemSignal("SIGSEGV")).toBe(false);
    expect(isSystemSignal(null)).toBe(false);
  });

  it("carries which tool gave a verdict", () => {
    expect(new MediaError("video_corrupt", { tool: "ffmpeg" }).tool).toBe("ffmpeg");
    expect(new MediaError("video_too_long").tool).toBeUndefined();
  });
});
