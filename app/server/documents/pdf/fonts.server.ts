// Chinese text in PDFs (login slips now, certificates later). The only
// importer of @pdf-lib/fontkit and of the @fontsource/noto-sans-sc files.
//
// Noto Sans SC ships as web subsets: one large "chinese-simplified" file
// (8,248 glyphs) and ~100 numbered slices that carry rarer characters (龑 is
// only in slice 21). Each piece of text is split into runs, each drawn with
// the first file that has its glyphs, and a document embeds subsets of only
// the files it used. A character no file has (䶮, 𠮷 are in none) is drawn
// as □ with the real character kept as /ActualText, so copying, searching
// and pdftotext still get the name right; the caller is told, so a teacher
// can write it in by hand.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import fontkit, { type Font as FontkitFont } from "@pdf-lib/fontkit";
import {
  beginText,
  endMarkedContent,
  endText,
  moveText,
  PDFHexString,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  setFontAndSize,
  showText,
  type Color,
  type PDFDocument,
  type PDFFont,
  type PDFPage,
} from "pdf-lib";
import { woffToSubsettableSfnt } from "./sfnt.server.ts";

export interface FontFile {
  /** "chinese-simplified", "latin", "21" … */
  key: string;
  /** Plain OpenType (sfnt) bytes: what pdf-lib embeds. */
  sfnt: Uint8Array;
  face: FontkitFont;
  /** A PDF subset tag ("AAAAAB+"): viewers and pdffonts recognise subsets by it. */
  tag: string;
}

// The files most text needs, tried first; the numbered slices are read only
// when some character is missing from these.
const PRIMARY_SUBSETS = ["chinese-simplified", "latin", "latin-ext"];
const FILE_NAME = (subset: string) => `noto-sans-sc-${subset}-400-normal.woff`;
const NUMBERED_FILE = /^noto-sans-sc-(\d+)-400-normal\.woff$/;

/** What stands in for a character no font file has: visible, so nobody mistakes the slip for complete. */
export const MISSING_GLYPH = "□";
const MISSING_GLYPH_CODE_POINT = 0x25a1;

function fontDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@fontsource/noto-sans-sc/package.json")), "files");
}

function subsetTag(index: number): string {
  return Array.from({ length: 6 }, (_, i) => String.fromCharCode(65 + (Math.floor(index / 26 ** (5 - i)) % 26))).join("");
}

async function loadFiles(directory: string, subsets: string[], firstIndex: number): Promise<FontFile[]> {
  return Promise.all(
    subsets.map(async (key, i) => {
      const sfnt = woffToSubsettableSfnt(await readFile(join(directory, FILE_NAME(key))));
      return { key, sfnt, face: fontkit.create(sfnt), tag: subsetTag(firstIndex + i) };
    }),
  );
}

async function numberedSubsets(directory: string): Promise<string[]> {
  const names = await readdir(directory);
  return names
    .map((name) => NUMBERED_FILE.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort((a, b) => Number(a) - Number(b));
}

/** Loaded once per process, the slices only when first needed. */
class FontLibrary {
  private slices: Promise<void> | null = null;
  private files: FontFile[];
  private byCodePoint = new Map<number, FontFile | null>();

  constructor(
    private directory: string,
    primary: FontFile[],
  ) {
    this.files = primary;
  }

  /** Makes sure every file that could carry one of these characters (and □) is loaded. */
  async cover(text: string): Promise<void> {
    const lacking = [...text, MISSING_GLYPH].some((c) => this.fileFor(c.codePointAt(0) ?? 0) === null);
    if (lacking && this.slices === null) {
      this.slices = numberedSubsets(this.directory)
        .then((keys) => loadFiles(this.directory, keys, this.files.length))
        .then((slices) => {
          this.files = [...this.files, ...slices];
          this.byCodePoint.clear();
        });
    }
    await this.slices;
  }

  /** The file that draws □; the pinned font package has it in slice 88. */
  boxFile(): FontFile {
    const file = this.fileFor(MISSING_GLYPH_CODE_POINT);
    if (file === null) throw new Error("No Noto Sans SC file has □ (U+25A1): has @fontsource/noto-sans-sc changed?");
    return file;
  }

  fileFor(codePoint: number): FontFile | null {
    let file = this.byCodePoint.get(codePoint);
    if (file === undefined) {
      file = this.files.find((f) => f.face.hasGlyphForCodePoint(codePoint)) ?? null;
      this.byCodePoint.set(codePoint, file);
    }
    return file;
  }
}

let library: Promise<FontLibrary> | null = null;

function getLibrary(): Promise<FontLibrary> {
  library ??= (async () => {
    const directory = fontDirectory();
    return new FontLibrary(directory, await loadFiles(directory, PRIMARY_SUBSETS, 0));
  })();
  return library;
}

/** A stretch of text drawn with one font file; `file` null: no file has these characters. */
export interface TextRun {
  text: string;
  file: FontFile | null;
}

// Variation selectors pick a glyph variant the subsets do not carry, and
// control characters have no glyph: neither should become a □.
const INVISIBLE = /[\p{Cc}\p{Cf}\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;

/** Keeps the current font while it has the next character, so runs stay long. */
function splitRuns(lib: FontLibrary, text: string): TextRun[] {
  const runs: TextRun[] = [];
  for (const char of text.replace(/\s+/g, " ").replace(INVISIBLE, "")) {
    const last = runs[runs.length - 1];
    const codePoint = char.codePointAt(0) ?? 0;
    const keep = last !== undefined && (last.file === null ? lib.fileFor(codePoint) === null : last.file.face.hasGlyphForCodePoint(codePoint));
    if (keep) last.text += char;
    else runs.push({ text: char, file: lib.fileFor(codePoint) });
  }
  return runs;
}

/** The glyphs a run is drawn with: its own text, or one □ per missing character. */
function drawable(lib: FontLibrary, run: TextRun): { file: FontFile; glyphs: string } {
  if (run.file !== null) return { file: run.file, glyphs: run.text };
  return { file: lib.boxFile(), glyphs: MISSING_GLYPH.repeat([...run.text].length) };
}

/** Width at size 1: the glyph advances pdf-lib will write for the same text. */
function runWidth(lib: FontLibrary, run: TextRun): number {
  const { file, glyphs } = drawable(lib, run);
  return file.face.layout(glyphs).advanceWidth / file.face.unitsPerEm;
}

export interface PreparedText {
  runs: TextRun[];
  /** Width at size 1 point. */
  width: number;
  /** Characters no font file has, drawn as □. */
  missing: string[];
}

/** Loads what the text needs and splits it into runs; measuring is then free. */
export async function prepareText(text: string): Promise<PreparedText> {
  const lib = await getLibrary();
  await lib.cover(text);
  const runs = splitRuns(lib, text);
  const width = runs.reduce((sum, run) => sum + runWidth(lib, run), 0);
  return { runs, width, missing: runs.filter((r) => r.file === null).flatMap((r) => [...r.text]) };
}

export async function measureText(text: string, size: number): Promise<number> {
  return (await prepareText(text)).width * size;
}

/** Each code point's advance at size 1, for breaking lines. */
export async function codePointWidths(text: string): Promise<{ char: string; width: number }[]> {
  const lib = await getLibrary();
  await lib.cover(text);
  return splitRuns(lib, text).flatMap((run) =>
    [...run.text].map((char) => ({ char, width: runWidth(lib, { text: char, file: run.file }) })),
  );
}

const embedded = new WeakMap<PDFDocument, Map<string, Promise<PDFFont>>>();

/** Each file is embedded once per document, as a subset of the glyphs drawn with it. */
function embed(doc: PDFDocument, file: FontFile): Promise<PDFFont> {
  let fonts = embedded.get(doc);
  if (!fonts) {
    doc.registerFontkit(fontkit);
    fonts = new Map();
    embedded.set(doc, fonts);
  }
  let font = fonts.get(file.key);
  if (!font) {
    font = doc.embedFont(file.sfnt, { subset: true, customName: `${file.tag}+NotoSansSC-Regular` });
    fonts.set(file.key, font);
  }
  return font;
}

export interface DrawTextOptions {
  x: number;
  /** Baseline. */
  y: number;
  size: number;
  color?: Color;
  /** Text wider than this is drawn smaller, never past it. */
  maxWidth?: number;
}

export interface DrawnText {
  width: number;
  size: number;
  missing: string[];
}

const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

/** One resource name per font and page (pdf-lib's drawText adds a new one on every call). */
function fontKey(page: PDFPage, font: PDFFont): PDFName {
  let keys = fontKeys.get(page);
  if (!keys) fontKeys.set(page, (keys = new Map()));
  let key = keys.get(font);
  if (!key) keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref)));
  return key;
}

/**
 * Writes one run's text operators. `actualText` wraps the glyphs in a
 * marked-content span inside BT…ET: closed after the text state is gone,
 * poppler places the replacement text at the wrong size and line.
 */
function showRun(page: PDFPage, font: PDFFont, glyphs: string, at: RunPosition, actualText: string | null): void {
  // An inline property list: pdf-lib's operator arguments take no PDFDict,
  // but a string is written as is (the hex string is plain ASCII).
  const properties = actualText === null ? "" : `<< /ActualText ${PDFHexString.fromText(actualText).toString()} >>`;
  const span = actualText === null ? [] : [PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of("Span"), properties])];
  page.pushOperators(
    pushGraphicsState(),
    setFillingColor(at.color),
    beginText(),
    setFontAndSize(fontKey(page, font), at.size),
    moveText(at.x, at.y),
    ...span,
    showText(font.encodeText(glyphs)),
    ...(span.length > 0 ? [endMarkedContent()] : []),
    endText(),
    popGraphicsState(),
  );
}

interface RunPosition {
  x: number;
  y: number;
  size: number;
  color: Color;
}

async function drawRun(page: PDFPage, lib: FontLibrary, run: TextRun, at: RunPosition): Promise<void> {
  const { file, glyphs } = drawable(lib, run);
  showRun(page, await embed(page.doc, file), glyphs, at, run.file === null ? run.text : null);
}

/** Draws one line of mixed-font text, shrinking it to maxWidth if needed. */
export async function drawTextRuns(page: PDFPage, text: string, options: DrawTextOptions): Promise<DrawnText> {
  const lib = await getLibrary();
  const prepared = await prepareText(text);
  const natural = prepared.width * options.size;
  const size = options.maxWidth !== undefined && natural > options.maxWidth ? options.size * (options.maxWidth / natural) : options.size;
  const color = options.color ?? rgb(0, 0, 0);
  let x = options.x;
  for (const run of prepared.runs) {
    await drawRun(page, lib, run, { x, y: options.y, size, color });
    x += runWidth(lib, run) * size;
  }
  return { width: x - options.x, size, missing: prepared.missing };
}

/**
 * Text as SVG outlines (issue 12's share posters): librsvg, which sharp uses
 * to rasterise SVG, only finds fonts installed on the machine (a fresh one
 * has no Chinese font), so each glyph of the same Noto Sans SC files is
 * written as a path instead. Cut with "…" to `maxWidth` pixels.
 */
export async function svgTextPaths(text: string, o: { x: number; y: number; size: number; fill: string; maxWidth: number }): Promise<string> {
  const lib = await getLibrary();
  await lib.cover(`${text}…`);
  const outline = (runText: string) =>
    splitRuns(lib, runText).flatMap((run) => {
      const { file, glyphs } = drawable(lib, run);
      const scale = o.size / file.face.unitsPerEm;
      return file.face.layout(glyphs).glyphs.map((glyph) => ({ d: glyph.path.toSVG(), scale, advance: glyph.advanceWidth * scale }));
    });
  let glyphs = outline(text);
  const width = (list: typeof glyphs) => list.reduce((sum, g) => sum + g.advance, 0);
  if (width(glyphs) > o.maxWidth) {
    const ellipsis = outline("…");
    while (glyphs.length > 0 && width(glyphs) + width(ellipsis) > o.maxWidth) glyphs = glyphs.slice(0, -1);
    glyphs = [...glyphs, ...ellipsis];
  }
  let x = o.x;
  const paths = glyphs.map((g) => {
    const path = `<path transform="translate(${x.toFixed(1)} ${o.y}) scale(${g.scale.toFixed(5)} ${(-g.scale).toFixed(5)})" d="${g.d}"/>`;
    x += g.advance;
    return path;
  });
  return `<g fill="${o.fill}">${paths.join("")}</g>`;
}
