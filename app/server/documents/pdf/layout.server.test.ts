import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { measureText } from "./fonts.server.ts";
import { drawQrCode, drawSpacedText, fitText, measureTextBlock } from "./layout.server.ts";

describe("fitText", () => {
  it("keeps the size when the text fits", async () => {
    expect(await fitText("实验小学", { maxWidth: 200, size: 12, minSize: 8, maxLines: 2 })).toEqual({ lines: ["实验小学"], size: 12 });
  });
  it("shrinks a name to one line before giving up size", async () => {
    const fitted = await fitText("欧阳娜娜娜娜娜", { maxWidth: 100, size: 24, minSize: 10, maxLines: 1 });
    expect(fitted.lines).toEqual(["欧阳娜娜娜娜娜"]);
    expect(fitted.size).toBeLessThan(24);
    expect(await measureText("欧阳娜娜娜娜娜", fitted.size)).toBeLessThanOrEqual(100);
  });
  it("wraps a long school name into lines that each fit", async () => {
    const text = "示范县城关镇第一中心小学附属实验学校（东校区） 三年级(1)班";
    const fitted = await fitText(text, { maxWidth: 150, size: 10, minSize: 8, maxLines: 2 });
    expect(fitted.lines).toHaveLength(2);
    expect(fitted.lines.join("").replace(" ", "")).toBe(text.replace(" ", ""));
    for (const line of fitted.lines) expect(await measureText(line, fitted.size)).toBeLessThanOrEqual(150);
  });
  it("never starts a line with closing punctuation", async () => {
    const fitted = await fitText("一二三四五六七八九（十）", { maxWidth: 10 * 11, size: 10, minSize: 10, maxLines: 3 });
    for (const line of fitted.lines) expect(line).not.toMatch(/^[）)，。]/);
  });
  it("puts what does not fit at the smallest size into the last line, to be squeezed", async () => {
    const fitted = await fitText("一".repeat(40), { maxWidth: 50, size: 10, minSize: 10, maxLines: 2 });
    expect(fitted.size).toBe(10);
    expect(fitted.lines).toHaveLength(2);
    expect(fitted.lines.join("")).toHaveLength(40);
  });
  it("measures a block as it will be drawn", async () => {
    const options = { maxWidth: 150, size: 10, minSize: 8, maxLines: 2, leading: 1.5 };
    const fitted = await fitText("示范县城关镇第一中心小学附属实验学校（东校区）", options);
    expect(await measureTextBlock("示范县城关镇第一中心小学附属实验学校（东校区）", options)).toBeCloseTo(
      fitted.lines.length * fitted.size * 1.5,
      6,
    );
  });
});

describe("drawing", () => {
  it("sets codes in cells and shrinks them to maxWidth", async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    const natural = await drawSpacedText(page, "mwmwmwmw", { x: 0, y: 0, size: 16, groupSize: 4 });
    const squeezed = await drawSpacedText(page, "mwmwmwmw", { x: 0, y: 0, size: 16, groupSize: 4, maxWidth: 100 });
    expect(natural).toBeGreaterThan(100);
    expect(squeezed).toBeCloseTo(100, 6);
  });
  it("draws a QR code as a few hundred bytes of vector paths", async () => {
    const withQr = await PDFDocument.create();
    drawQrCode(withQr.addPage(), "https://sanshai.example.cn/login?username=xs23456789", { x: 10, y: 10, size: 85 });
    const empty = await PDFDocument.create();
    empty.addPage();
    const extra = (await withQr.save()).byteLength - (await empty.save()).byteLength;
    expect(extra).toBeGreaterThan(200);
    expect(extra).toBeLessThan(3000);
  });
});
