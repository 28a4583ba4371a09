import { describe, expect, it } from "vitest";
import { isRole, isWithinPath, pathIds, primaryRole, sortRoles } from "./roles.ts";

describe("roles", () => {
  it("recognises roles", () => {
    expect(isRole("TEACHER")).toBe(true);
    expect(isRole("teacher")).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
  it("picks the widest role first", () => {
    expect(primaryRole(["GUARDIAN", "TEACHER"])).toBe("TEACHER");
    expect(primaryRole([])).toBeNull();
    expect(sortRoles(["STUDENT", "ADMIN", "JUDGE"])).toEqual(["ADMIN", "JUDGE", "STUDENT"]);
  });
  it("checks subtree membership by materialised path", () => {
    expect(isWithinPath("/c/t/s/k/", "/c/t/s/")).toBe(true);
    expect(isWithinPath("/c/t/s/", "/c/t/s/")).toBe(true);
    expect(isWithinPath("/c/t/s2/k/", "/c/t/s/")).toBe(false);
    expect(isWithinPath("/c/t/s/", "")).toBe(false);
    expect(pathIds("/a/b/c/")).toEqual(["a", "b", "c"]);
  });
});
