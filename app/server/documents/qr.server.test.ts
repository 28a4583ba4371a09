import { describe, expect, it } from "vitest";
import { qrMatrix, qrPng, qrSvg } from "./qr.server.ts";

const url = "https://sanshai.example.cn/login?username=xs23456789";

describe("QR codes", () => {
  it("have the three finder patterns in the corners", () => {
    const { size, dark } = qrMatrix(url);
    expect(size).toBeGreaterThanOrEqual(21);
    const finderRow = [true, true, true, true, true, true, true];
    expect(dark[0]?.slice(0, 7)).toEqual(finderRow);
    expect(dark[0]?.slice(size - 7)).toEqual(finderRow);
    expect(dark[size - 1]?.slice(0, 7)).toEqual(finderRow);
  });
  it("come as a PNG of the requested width", async () => {
    const png = await qrPng(url, { size: 300 });
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.readUInt32BE(16)).toBe(300);
  });
  it("come as SVG", async () => {
    expect(await qrSvg(url)).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});
