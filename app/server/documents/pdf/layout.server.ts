// Low-level layout for the documents the platform prints: login slips now,
// certificates later (A4 landscape, a big title, name, award, QR). Sizes in
// PDF points; text through fonts.server.ts so every script and rare name
// character is handled the same way everywhere.
import {
  fill,
  PageSizes,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingColor,
  type Color,
  type PDFPage,
} from "pdf-lib";
import { QR_MARGIN_MODULES, qrMatrix } from "~/server/documents/qr.server.ts";
import { codePointWidths, drawTextRuns } from "./fonts.server.ts";

export const A4_PORTRAIT = { width: PageSizes.A4[0], height: PageSizes.A4[1] };
export const A4_LANDSCAPE = { width: PageSizes.A4[1], height: PageSizes.A4[0] };
export const INK = rgb(0, 0, 0);
/** Labels and small print: dark enough for a cheap laser printer at 8 pt. */
export const MUTED = rgb(0.33, 0.33, 0.33);
export const CUT_LINE = rgb(0.6, 0.6, 0.6);

export const mm = (millimetres: number) => (millimetres * 72) / 25.4;

/** Where Noto Sans SC's baseline sits below the top of a line, in ems (ascender 0.88). */
const ASCENT = 0.88;
/** Line height as a multiple of the size. */
const DEFAULT_LEADING = 1.3;

// Chinese typesetting never starts a line with closing punctuation.
const NO_LINE_START = new Set([..."，。、；：？！）》」』】〕,.;:?!)]}%"]);

type Measured = { char: string; width: number };

/** Greedy line breaking by character (Chinese breaks anywhere); null when more than maxLines are needed. */
function breakLines(chars: Measured[], maxWidth: number, maxLines: number): string[] | null {
  const lines: Measured[][] = [];
  let line: Measured[] = [];
  for (const item of chars) {
    const used = line.reduce((w, c) => w + c.width, 0);
    if (used + item.width <= maxWidth || line.length === 0 || item.char === " ") {
      line.push(item);
      continue;
    }
    const carried = NO_LINE_START.has(item.char) && line.length > 1 ? line.splice(-1) : [];
    lines.push(line);
    line = [...carried, item];
  }
  lines.push(line);
  const texts = lines.map((l) => l.map((c) => c.char).join("").trim()).filter((t) => t !== "");
  return texts.length <= maxLines ? texts : null;
}

export interface FitOptions {
  maxWidth: number;
  size: number;
  /** Never smaller than this; if the text still does not fit, the last line is squeezed. */
  minSize: number;
  maxLines: number;
}

/** The largest size from `size` down to `minSize` at which the text fits in maxLines lines. */
export async function fitText(text: string, options: FitOptions): Promise<{ lines: string[]; size: number }> {
  const chars = await codePointWidths(text);
  for (let size = options.size; size > options.minSize; size -= 0.5) {
    const lines = breakLines(chars, options.maxWidth / size, options.maxLines);
    if (lines) return { lines, size };
  }
  const atMin = breakLines(chars, options.maxWidth / options.minSize, Number.POSITIVE_INFINITY) ?? [];
  if (atMin.length <= options.maxLines) return { lines: atMin, size: options.minSize };
  const kept = atMin.slice(0, options.maxLines - 1);
  return { lines: [...kept, atMin.slice(kept.length).join("")], size: options.minSize };
}

/** Height of a text block as drawTextBlock would draw it. */
export async function measureTextBlock(text: string, options: FitOptions & { leading?: number }): Promise<number> {
  const { lines, size } = await fitText(text, options);
  return lines.length * size * (options.leading ?? DEFAULT_LEADING);
}

export interface TextBlockOptions extends FitOptions {
  x: number;
  /** Top of the first line. */
  top: number;
  color?: Color;
  /** Line height as a multiple of the size. */
  leading?: number;
}

/** Draws text fitted into a box; returns where the box ends and any character no font has. */
export async function drawTextBlock(
  page: PDFPage,
  text: string,
  options: TextBlockOptions,
): Promise<{ bottom: number; missing: string[] }> {
  const { lines, size } = await fitText(text, options);
  const lineHeight = size * (options.leading ?? DEFAULT_LEADING);
  const missing: string[] = [];
  for (const [i, line] of lines.entries()) {
    const y = options.top - size * ASCENT - i * lineHeight;
    const drawn = await drawTextRuns(page, line, { x: options.x, y, size, color: options.color, maxWidth: options.maxWidth });
    missing.push(...drawn.missing);
  }
  return { bottom: options.top - lines.length * lineHeight, missing };
}

export interface SpacedTextOptions {
  x: number;
  /** Baseline. */
  y: number;
  size: number;
  /** Characters per group; groups are set apart by 0.6 of a cell. */
  groupSize?: number;
  /** Drawn smaller rather than past this. */
  maxWidth?: number;
  color?: Color;
}

/** Cell width in ems: digits and most letters fit; m and w get a wider cell of their own. */
const CELL = 0.7;
const CELL_MIN_GAP = 0.1;

/**
 * Each character centred in a cell of (nearly) one width, like a
 * typewriter: codes read aloud or copied by hand must not run together
 * ("rn" → "m"). Groups are set apart by space, not a character, so nobody
 * types a separator. Returns the width drawn.
 */
export async function drawSpacedText(page: PDFPage, text: string, options: SpacedTextOptions): Promise<number> {
  const chars = await codePointWidths(text);
  const { groupSize } = options;
  const isGroupStart = (i: number) => groupSize !== undefined && i > 0 && i % groupSize === 0;
  const cells = chars.map(({ width }, i) => ({ gap: isGroupStart(i) ? CELL * 0.6 : 0, cell: Math.max(CELL, width + CELL_MIN_GAP) }));
  const natural = cells.reduce((sum, c) => sum + c.gap + c.cell, 0) * options.size;
  const size = options.maxWidth !== undefined && natural > options.maxWidth ? options.size * (options.maxWidth / natural) : options.size;
  let x = options.x;
  for (const [i, { char, width }] of chars.entries()) {
    const { gap, cell } = cells[i] ?? { gap: 0, cell: CELL };
    x += gap * size;
    await drawTextRuns(page, char, { x: x + ((cell - width) * size) / 2, y: options.y, size, color: options.color });
    x += cell * size;
  }
  return x - options.x;
}

/**
 * A QR code as vector squares (sharp on any printer, ~1 KB compressed),
 * quiet zone included in `size`. Dark modules in a row are merged into one
 * rectangle and all are filled at once; written as operators directly,
 * since pdf-lib's drawSvgPath parses a path string per call (~4 ms a code).
 */
export function drawQrCode(page: PDFPage, text: string, options: { x: number; y: number; size: number; color?: Color }): void {
  const { size: modules, dark } = qrMatrix(text);
  const unit = options.size / (modules + 2 * QR_MARGIN_MODULES);
  const top = options.y + options.size - QR_MARGIN_MODULES * unit;
  const rectangles: PDFOperator[] = [];
  dark.forEach((row, r) => {
    for (let c = 0; c < modules; c++) {
      if (!row[c]) continue;
      const start = c;
      while (row[c + 1]) c++;
      const box = [options.x + (start + QR_MARGIN_MODULES) * unit, top - (r + 1) * unit, (c - start + 1) * unit, unit];
      rectangles.push(PDFOperator.of(PDFOperatorNames.AppendRectangle, box.map((n) => PDFNumber.of(Math.round(n * 100) / 100))));
    }
  });
  page.pushOperators(pushGraphicsState(), setFillingColor(options.color ?? INK), ...rectangles, fill(), popGraphicsState());
}

/** A dashed rectangle to cut along. */
export function drawCutMarks(page: PDFPage, box: { x: number; y: number; width: number; height: number }): void {
  page.drawRectangle({ ...box, borderColor: CUT_LINE, borderWidth: 0.5, borderDashArray: [4, 3] });
}
