import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";
import fontkit from "@pdf-lib/fontkit";
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { drawTextRuns, measureText, prepareText } from "./fonts.server.ts";
import { hasPopplerTool, pdfToText } from "./poppler.test-helpers.ts";
import { woffToSubsettableSfnt } from "./sfnt.server.ts";

const woffPath = createRequire(import.meta.url).resolve(
  "@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff",
);

/** The one embedded TrueType font program of a PDF, inflated. */
async function embeddedFontFile(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  const descriptor = doc.context
    .enumerateIndirectObjects()
    .map(([, object]) => object)
    .find((object): object is PDFDict => object instanceof PDFDict && object.get(PDFName.of("Type")) === PDFName.of("FontDescriptor"));
  const stream = descriptor && doc.context.lookup(descriptor.get(PDFName.of("FontFile2")));
  if (!(stream instanceof PDFRawStream)) throw new Error("no embedded TrueType font");
  return inflateSync(stream.contents);
}

/** Outline boxes of glyphs 1..count; null where the glyph data cannot even be decoded. */
function glyphBoxes(font: ReturnType<typeof fontkit.create>, count: number) {
  return Array.from({ length: count }, (_, i) => {
    try {
      return font.getGlyph(i + 1).bbox;
    } catch {
      return null;
    }
  });
}

async function onePage(draw: (doc: PDFDocument) => Promise<void>): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  await draw(doc);
  return doc.save();
}

describe("prepareText", () => {
  it("draws each character with the first font file that has it", async () => {
    const { runs, missing } = await prepareText("王龑 kx7m");
    expect(runs.map((r) => [r.text, r.file?.key])).toEqual([
      ["王", "chinese-simplified"],
      ["龑 ", "21"],
      ["kx7m", "chinese-simplified"],
    ]);
    expect(missing).toEqual([]);
  });
  it("marks characters that no file has, outside the BMP too", async () => {
    const { runs, missing } = await prepareText("刘䶮𠮷田");
    expect(runs.map((r) => [r.text, r.file?.key ?? null])).toEqual([
      ["刘", "chinese-simplified"],
      ["䶮𠮷", null],
      ["田", "chinese-simplified"],
    ]);
    expect(missing).toEqual(["䶮", "𠮷"]);
  });
  it("drops control characters and variation selectors instead of drawing boxes", async () => {
    const { runs, missing } = await prepareText("张\u0007三\uFE00\n");
    expect(runs.map((r) => r.text).join("")).toBe("张三 ");
    expect(missing).toEqual([]);
  });
  it("measures linearly in the size", async () => {
    const small = await measureText("欧阳娜娜 kx7m", 10);
    expect(small).toBeGreaterThan(40);
    expect(await measureText("欧阳娜娜 kx7m", 20)).toBeCloseTo(small * 2, 6);
  });
});

describe("drawTextRuns", () => {
  it("shrinks text to maxWidth and reports what it could not draw", async () => {
    await onePage(async (doc) => {
      const page = doc.addPage();
      const drawn = await drawTextRuns(page, "欧阳娜娜娜娜娜 刘䶮", { x: 10, y: 10, size: 40, maxWidth: 100 });
      expect(drawn.width).toBeCloseTo(100, 3);
      expect(drawn.size).toBeLessThan(40);
      expect(drawn.missing).toEqual(["䶮"]);
    });
  });
  it("keeps the real character in the text layer behind a □", async () => {
    if (!hasPopplerTool("pdftotext")) return;
    const pdf = await onePage(async (doc) => {
      await drawTextRuns(doc.addPage(), "刘䶮 𠮷田 王龑", { x: 20, y: 700, size: 20 });
    });
    expect(pdfToText(pdf).trim()).toBe("刘䶮 𠮷田 王龑");
  });
  // CPU-bound (whole fonts or a 10,000-row workbook): slow on a loaded two-core CI machine, so not the 5 s default.
  it("embeds subsets whose glyphs are the font's glyphs (pdf-lib#1232)", async () => {
    const text = "欧阳娜司马相如kx7m4年级";
    const original = fontkit.create(woffToSubsettableSfnt(readFileSync(woffPath)));
    const expected = [...text].map((c) => original.glyphForCodePoint(c.codePointAt(0) ?? 0).bbox);
    const ours = await onePage(async (doc) => void (await drawTextRuns(doc.addPage(), text, { x: 20, y: 700, size: 16 })));
    // Subset glyph ids follow first use: glyph i + 1 is the i-th character drawn.
    const subset = fontkit.create(await embeddedFontFile(ours));
    expect(glyphBoxes(subset, expected.length)).toEqual(expected);
    // The upstream defect worked around in sfnt.server.ts. When this starts
    // failing, @pdf-lib/fontkit subsets correctly and the padding can go.
    const unpatched = await onePage(async (doc) => {
      doc.registerFontkit(fontkit);
      const font = await doc.embedFont(readFileSync(woffPath), { subset: true });
      doc.addPage().drawText(text, { x: 20, y: 700, size: 16, font });
    });
    const broken = fontkit.create(await embeddedFontFile(unpatched));
    expect(glyphBoxes(broken, expected.length)).not.toEqual(expected);
  }, 60_000);
});
