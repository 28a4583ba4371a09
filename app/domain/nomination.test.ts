import { describe, expect, it } from "vitest";
import { effectiveQuota, nominationRefusal, withdrawalRefusal } from "./nomination.ts";

describe("nominationRefusal", () => {
  const ok = { contestStatus: "SCHOOL_ROUND" as const, entryStatus: "SUBMITTED", used: 1, quota: 2 };
  it("allows a submitted entry within the quota while the school round is open", () => {
    expect(nominationRefusal(ok)).toBeNull();
  });
  it("refuses outside the school round, twice, drafts and over quota", () => {
    expect(nominationRefusal({ ...ok, contestStatus: "OPEN" })).toBe("round_closed");
    expect(nominationRefusal({ ...ok, contestStatus: "COUNTY_JUDGING" })).toBe("round_closed");
    expect(nominationRefusal({ ...ok, entryStatus: "NOMINATED" })).toBe("already_nominated");
    expect(nominationRefusal({ ...ok, entryStatus: "DRAFT" })).toBe("not_submitted");
    expect(nominationRefusal({ ...ok, used: 2 })).toBe("over_quota");
    expect(nominationRefusal({ ...ok, quota: 0, used: 0 })).toBe("over_quota");
  });
});

describe("withdrawalRefusal", () => {
  it("only a standing nomination, only during the school round", () => {
    expect(withdrawalRefusal({ contestStatus: "SCHOOL_ROUND", nominationStatus: "NOMINATED" })).toBeNull();
    expect(withdrawalRefusal({ contestStatus: "COUNTY_JUDGING", nominationStatus: "NOMINATED" })).toBe("round_closed");
    expect(withdrawalRefusal({ contestStatus: "SCHOOL_ROUND", nominationStatus: "WITHDRAWN" })).toBe("not_nominated");
    expect(withdrawalRefusal({ contestStatus: "SCHOOL_ROUND", nominationStatus: null })).toBe("not_nominated");
  });
});

describe("effectiveQuota", () => {
  it("the school's own number wins over the category default, including 0", () => {
    expect(effectiveQuota({ override: null, categoryDefault: 3 })).toBe(3);
    expect(effectiveQuota({ override: 0, categoryDefault: 3 })).toBe(0);
    expect(effectiveQuota({ override: 5, categoryDefault: 3 })).toBe(5);
  });
});
