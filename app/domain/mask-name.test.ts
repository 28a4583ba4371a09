import { describe, expect, it } from "vitest";
import { maskName } from "./mask-name.ts";

describe("maskName", () => {
  it("keeps first and last character of a three-character name", () => {
    expect(maskName("张三明")).toBe("张*明");
  });
  it("masks the second character of a two-character name", () => {
    expect(maskName("张明")).toBe("张*");
  });
  it("masks every middle character of longer names", () => {
    expect(maskName("欧阳小明")).toBe("欧**明");
  });
  it("masks a single character completely", () => {
    expect(maskName("明")).toBe("*");
  });
  it("counts characters outside the BMP as one", () => {
    expect(maskName("𠀀小明")).toBe("𠀀*明");
  });
  it("masks each part of dotted minority names", () => {
    expect(maskName("阿依古丽·买买提")).toBe("阿**丽·买*提");
  });
  it("keeps only initials of Latin-script names", () => {
    expect(maskName("Alice Wang")).toBe("A*** W***");
    expect(maskName("Al")).toBe("A*");
  });
  it("trims and collapses whitespace, and returns empty for empty input", () => {
    expect(maskName("  张三明 ")).toBe("张*明");
    expect(maskName("   ")).toBe("");
  });
  it("never returns the original name", () => {
    for (const n of ["李", "李四", "王小二", "Bob"]) expect(maskName(n)).not.toBe(n);
  });
});
