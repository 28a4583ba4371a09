import { describe, expect, it } from "vitest";
import { ASSET_STATUSES, canTransition, entryMediaStatus, failureMessageKey, fileDisplayStatus, shouldWriteProgress, statusesBefore } from "./asset-status.ts";

describe("asset status transitions", () => {
  it("allows the pipeline's path and the recoveries, nothing else", () => {
    expect(canTransition("UPLOADING", "UPLOADED")).toBe(true);
    expect(canTransition("UPLOADED", "PROCESSING")).toBe(true);
    expect(canTransition("PROCESSING", "PROCESSING")).toBe(true); // a killed worker's job runs again
    expect(canTransition("PROCESSING", "READY")).toBe(true);
    expect(canTransition("PROCESSING", "FAILED")).toBe(true);
    expect(canTransition("FAILED", "UPLOADED")).toBe(true); // retry
    expect(canTransition("READY", "UPLOADED")).toBe(true); // rebuild
    expect(canTransition("UPLOADING", "READY")).toBe(false);
    expect(canTransition("UPLOADING", "PROCESSING")).toBe(false);
    expect(canTransition("READY", "FAILED")).toBe(false);
    expect(canTransition("FAILED", "READY")).toBe(false);
    for (const to of ASSET_STATUSES) expect(canTransition("DELETED", to)).toBe(false);
    for (const from of ASSET_STATUSES.filter((s) => s !== "DELETED")) expect(canTransition(from, "DELETED")).toBe(true);
  });

  it("lists where a status may be reached from", () => {
    expect(statusesBefore("UPLOADED").sort()).toEqual(["FAILED", "PROCESSING", "READY", "UPLOADING"]);
    expect(statusesBefore("READY")).toEqual(["PROCESSING"]);
  });
});

describe("what families see", () => {
  it("maps each status to one of four words", () => {
    expect(fileDisplayStatus("UPLOADING")).toBe("uploading");
    expect(fileDisplayStatus("UPLOADED")).toBe("processing");
    expect(fileDisplayStatus("PROCESSING")).toBe("processing");
    expect(fileDisplayStatus("READY")).toBe("ready");
    expect(fileDisplayStatus("FAILED")).toBe("failed");
  });

  it("derives the entry's status: failed wins, then uploading, then processing; deleted files do not count", () => {
    expect(entryMediaStatus([])).toBe("empty");
    expect(entryMediaStatus([{ status: "DELETED" }])).toBe("empty");
    expect(entryMediaStatus([{ status: "READY" }, { status: "READY" }])).toBe("ready");
    expect(entryMediaStatus([{ status: "READY" }, { status: "PROCESSING" }])).toBe("processing");
    expect(entryMediaStatus([{ status: "UPLOADED" }, { status: "UPLOADING" }])).toBe("uploading");
    expect(entryMediaStatus([{ status: "UPLOADING" }, { status: "FAILED" }])).toBe("failed");
    expect(entryMediaStatus([{ status: "READY" }, { status: "DELETED" }])).toBe("ready");
  });

  it("names a catalog message for every stored code, unknown ones as internal", () => {
    expect(failureMessageKey("video_too_long")).toBe("media.failure.video_too_long");
    expect(failureMessageKey("a_code_from_a_newer_worker")).toBe("media.failure.internal");
    expect(failureMessageKey(null)).toBe("media.failure.internal");
  });
});

describe("progress writes", () => {
  it("writes every 5 percent and at 100, never backwards", () => {
    expect(shouldWriteProgress(0, 3)).toBe(false);
    expect(shouldWriteProgress(0, 5)).toBe(true);
    expect(shouldWriteProgress(5, 9.9)).toBe(false);
    expect(shouldWriteProgress(95, 100)).toBe(true);
    expect(shouldWriteProgress(98, 100)).toBe(true);
    expect(shouldWriteProgress(50, 40)).toBe(false);
    expect(shouldWriteProgress(100, 100)).toBe(false);
    expect(shouldWriteProgress(0, Number.NaN)).toBe(false);
  });
});
