// Spreadsheets in and out: the only importer of exceljs and papaparse.
// In: whatever a teacher uploads as a class list (CSV from Excel on Windows
// in GBK, UTF-8 with or without BOM, XLSX from Excel or WPS), read into rows
// of strings as the teacher sees them, with typed refusals. The type is
// decided by the bytes, never by the file name. Out: CSV and XLSX exports
// that open correctly in Excel and cannot carry a formula into it.
import type ExcelJS from "exceljs";
import type { Cell, Worksheet, XlsxReadOptions } from "exceljs";
import Papa from "papaparse";
import { checkUnpackedSize, readZipDirectory } from "./zip-guard.server.ts";

// exceljs is loaded on first use, not with the app: ~12 MB of a process that
// most days never reads or writes a workbook (README "Memory").
let excel: typeof ExcelJS | null = null;

async function loadExcel(): Promise<typeof ExcelJS> {
  excel ??= (await import("exceljs")).default;
  return excel;
}

/** exceljs once an async entry point (readXlsx, writeXlsx) has loaded it. */
function loadedExcel(): typeof ExcelJS {
  if (!excel) throw new Error("exceljs is used before loadExcel()");
  return excel;
}

export const SHEET_ERROR_CODES = [
  "file_empty",
  "file_too_large",
  "content_too_large",
  "too_many_rows",
  "too_many_columns",
  "not_spreadsheet",
  "legacy_xls",
  "encoding_unknown",
  "csv_malformed",
  "xlsx_damaged",
  "no_visible_sheet",
  "formula_cell",
  "date_cell",
] as const;
export type SheetErrorCode = (typeof SHEET_ERROR_CODES)[number];

/** What a refused upload turned out to be, so the message can say "this is a photo". */
export type DetectedKind = "image" | "media" | "pdf" | "archive" | "document" | "binary";

export type SheetError =
  | { code: "file_empty" | "encoding_unknown" | "xlsx_damaged" | "no_visible_sheet" | "legacy_xls" }
  | { code: "file_too_large"; maxBytes: number; size: number }
  /** The archive unpacks to more than a spreadsheet of that size can hold. */
  | { code: "content_too_large"; maxBytes: number }
  | { code: "too_many_rows"; maxRows: number }
  | { code: "too_many_columns"; maxColumns: number }
  | { code: "not_spreadsheet"; detected: DetectedKind }
  /** An unclosed quote: everything after it would run into one cell. `row` is 1-based. */
  | { code: "csv_malformed"; row: number }
  /** `cell` is the Excel address ("B3"); row and column are 1-based. */
  | { code: "formula_cell" | "date_cell"; row: number; column: number; cell: string };

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "gb18030";

export type ReadTableResult =
  | { ok: true; rows: string[][]; format: "csv"; encoding: TextEncodingName }
  | { ok: true; rows: string[][]; format: "xlsx" }
  | { ok: false; error: SheetError };

export interface ReadTableLimits {
  maxBytes: number;
  /** Rows up to the last one with content, blank and header rows included. */
  maxRows: number;
}

/** No class list is wider; a wider sheet is a different kind of file or an attack on memory. */
export const MAX_COLUMNS = 200;
/** Blank lines a CSV may end with beyond maxRows before it counts as too long. */
const BLANK_TAIL = 100;

// ---------------------------------------------------------------------------
// Telling file types apart by their first bytes
// ---------------------------------------------------------------------------

type Sniffed = { kind: "zip" } | { kind: "ole2" } | { kind: "text" } | { kind: "other"; detected: DetectedKind };

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

const SIGNATURES: readonly { prefix: readonly number[]; at?: number; detected: DetectedKind }[] = [
  { prefix: [0x89, 0x50, 0x4e, 0x47], detected: "image" },
  { prefix: [0xff, 0xd8, 0xff], detected: "image" },
  { prefix: ascii("GIF8"), detected: "image" },
  { prefix: ascii("WEBP"), at: 8, detected: "image" },
  { prefix: ascii("ftyp"), at: 4, detected: "media" },
  { prefix: ascii("%PDF"), detected: "pdf" },
  { prefix: [0x1f, 0x8b], detected: "archive" },
  { prefix: ascii("Rar!"), detected: "archive" },
  { prefix: [0x37, 0x7a, 0xbc, 0xaf], detected: "archive" },
];

function sniff(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return { kind: "zip" };
  // Compound File: an old .xls, or an .xlsx saved with a password.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: "ole2" };
  const signature = SIGNATURES.find((s) => startsWith(bytes, s.prefix, s.at));
  return signature ? { kind: "other", detected: signature.detected } : { kind: "text" };
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

const BYTE_ORDER_MARKS: readonly { bom: readonly number[]; encoding: TextEncodingName }[] = [
  { bom: [0xef, 0xbb, 0xbf], encoding: "utf-8" },
  { bom: [0xff, 0xfe], encoding: "utf-16le" },
  { bom: [0xfe, 0xff], encoding: "utf-16be" },
];

/**
 * A BOM decides; otherwise strict UTF-8, then GB18030 (a superset of the
 * GBK that Excel on Windows writes for "CSV" in a Chinese locale). Both
 * decoders are fatal, so GBK bytes never pass as UTF-8 mojibake.
 */
function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } | null {
  const byBom = BYTE_ORDER_MARKS.find(({ bom }) => startsWith(bytes, bom))?.encoding;
  const candidates: TextEncodingName[] = byBom ? [byBom] : ["utf-8", "gb18030"];
  for (const encoding of candidates) {
    try {
      return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
    } catch {
      // not this encoding; try the next
    }
  }
  return null;
}

const isBlankRow = (row: readonly string[]) => row.every((cell) => cell.trim() === "");

function trimTrailingBlankRows(rows: string[][]): string[][] {
  let end = rows.length;
  while (end > 0 && isBlankRow(rows[end - 1] ?? [])) end--;
  return rows.slice(0, end);
}

/**
 * papaparse's guess counts blank lines as one-field rows, so a short
 * tab-separated list ending in a newline (5 children, a header, "\r\n")
 * falls back to commas. Guess on the first lines without blanks instead,
 * then parse with blanks kept so line numbers stay true.
 */
function guessDelimiter(text: string): string {
  const sample = Papa.parse<string[]>(text, { preview: 10, skipEmptyLines: "greedy", delimitersToGuess: [",", "\t", ";", "|"] });
  return sample.meta.delimiter;
}

function readCsv(bytes: Uint8Array, limits: ReadTableLimits): ReadTableResult {
  const decoded = decodeText(bytes);
  if (decoded === null) return { ok: false, error: { code: "encoding_unknown" } };
  if (decoded.text.includes("\u0000")) return { ok: false, error: { code: "not_spreadsheet", detected: "binary" } };
  // preview stops papaparse after that many rows: a 10,000-line file is
  // refused having built maxRows + BLANK_TAIL rows, not 10,000.
  const preview = limits.maxRows + BLANK_TAIL;
  const delimiter = guessDelimiter(decoded.text);
  const parsed = Papa.parse<string[]>(decoded.text, { preview, skipEmptyLines: false, delimiter });
  const unclosed = parsed.errors.find((e) => e.code === "MissingQuotes");
  if (unclosed) return { ok: false, error: { code: "csv_malformed", row: (unclosed.row ?? 0) + 1 } };
  const rows = trimTrailingBlankRows(parsed.data);
  if (parsed.data.length >= preview || rows.length > limits.maxRows) {
    return { ok: false, error: { code: "too_many_rows", maxRows: limits.maxRows } };
  }
  if (rows.some((row) => row.length > MAX_COLUMNS)) return { ok: false, error: { code: "too_many_columns", maxColumns: MAX_COLUMNS } };
  if (rows.length === 0) return { ok: false, error: { code: "file_empty" } };
  return { ok: true, rows, format: "csv", encoding: decoded.encoding };
}

// ---------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------

/**
 * Sheet XML compresses 10–20×; a genuine spreadsheet of maxBytes never
 * unpacks to more than this.
 */
const unpackBudget = (maxBytes: number) => Math.max(16 * maxBytes, 4 * 1024 * 1024);

/**
 * Integers in full (a 12-digit 学籍号 must survive, although Excel's General
 * format would show 1.23457E+11), zero-padded formats ("000000" for
 * student numbers with leading zeros) and fixed decimals as shown;
 * everything else at Excel's 15 significant digits.
 */
function formatNumber(value: number, numFmt: string | undefined): string {
  const format = numFmt ?? "General";
  const padded = /^(0+)(?:\.(0+))?$/.exec(format);
  if (padded) {
    const [, integerZeros = "", decimals = ""] = padded;
    const fixed = Math.abs(value).toFixed(decimals.length);
    const [integer = "", fraction] = fixed.split(".");
    const text = integer.padStart(integerZeros.length, "0") + (fraction === undefined ? "" : `.${fraction}`);
    return value < 0 ? `-${text}` : text;
  }
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
}

type CellText = { ok: true; text: string } | { ok: false; error: SheetError };

/**
 * Formulas are refused, not evaluated: the cached result may be stale (WPS
 * and scripts write none or old ones) and a class list has no reason to
 * compute anything. Dates are refused because in a class list they are
 * almost always Excel having turned "3-1" into 1 March.
 */
function cellText(cell: Cell): CellText {
  const source = cell.master;
  const at = { row: Number(source.row), column: Number(source.col), cell: source.address };
  const value = source.value;
  const { ValueType } = loadedExcel();
  switch (source.type) {
    case ValueType.Formula:
      return { ok: false, error: { code: "formula_cell", ...at } };
    case ValueType.Date:
      return { ok: false, error: { code: "date_cell", ...at } };
    case ValueType.Number:
      return { ok: true, text: formatNumber(Number(value), source.numFmt) };
    case ValueType.Boolean:
      return { ok: true, text: value ? "TRUE" : "FALSE" };
    case ValueType.RichText:
      return { ok: true, text: (value as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join("") };
    case ValueType.Hyperlink:
      return { ok: true, text: (value as ExcelJS.CellHyperlinkValue).text };
    case ValueType.Error:
      return { ok: true, text: (value as ExcelJS.CellErrorValue).error };
    case ValueType.String:
    case ValueType.SharedString:
      return { ok: true, text: String(value) };
    default:
      return { ok: true, text: "" };
  }
}

function rowCells(sheet: Worksheet, rowNumber: number): { ok: true; cells: string[] } | { ok: false; error: SheetError } {
  const row = sheet.findRow(rowNumber);
  const cells: string[] = [];
  for (let column = 1; row && column <= row.cellCount; column++) {
    const cell = row.findCell(column);
    const text = cell ? cellText(cell) : { ok: true as const, text: "" };
    if (!text.ok) return text;
    cells.push(text.text);
  }
  while (cells.length > 0 && cells[cells.length - 1]?.trim() === "") cells.pop();
  return { ok: true, cells };
}

function sheetRows(sheet: Worksheet, limits: ReadTableLimits): ReadTableResult {
  const rows: string[][] = [];
  for (let rowNumber = 1; rowNumber <= sheet.rowCount; rowNumber++) {
    const result = rowCells(sheet, rowNumber);
    if (!result.ok) return result;
    rows.push(result.cells);
  }
  const trimmed = trimTrailingBlankRows(rows);
  if (trimmed.length > limits.maxRows) return { ok: false, error: { code: "too_many_rows", maxRows: limits.maxRows } };
  if (trimmed.length === 0) return { ok: false, error: { code: "file_empty" } };
  return { ok: true, rows: trimmed, format: "xlsx" };
}

/**
 * exceljs stops parsing a sheet past maxRows `<row>` elements (supported by
 * its parser, missing from its types). The cap is looser than maxRows:
 * templates often format hundreds of empty rows; rows with content are
 * counted afterwards.
 */
function exceljsReadOptions(maxRows: number): Partial<XlsxReadOptions> {
  const options: Partial<XlsxReadOptions> & { maxRows: number; maxCols: number } = {
    // Validation over whole columns ("A2:A1048576", common in templates)
    // makes exceljs list every cell: https://github.com/exceljs/exceljs/issues/1842
    ignoreNodes: ["dataValidations"],
    maxRows: Math.max(maxRows * 4, 1000),
    maxCols: MAX_COLUMNS,
  };
  return options;
}

function loadError(error: unknown, limits: ReadTableLimits): SheetError {
  const message = error instanceof Error ? error.message : "";
  if (message.startsWith("Max row count")) return { code: "too_many_rows", maxRows: limits.maxRows };
  if (message.startsWith("Max c count")) return { code: "too_many_columns", maxColumns: MAX_COLUMNS };
  return { code: "xlsx_damaged" };
}

async function readXlsx(bytes: Uint8Array, limits: ReadTableLimits): Promise<ReadTableResult> {
  const entries = readZipDirectory(bytes);
  if (entries === null) return { ok: false, error: { code: "xlsx_damaged" } };
  const names = new Set(entries.map((e) => e.name));
  if (!names.has("xl/workbook.xml")) {
    const office = names.has("word/document.xml") || names.has("ppt/presentation.xml");
    return { ok: false, error: { code: "not_spreadsheet", detected: office ? "document" : "archive" } };
  }
  const unpacked = checkUnpackedSize(bytes, entries, unpackBudget(limits.maxBytes));
  if (unpacked === "too_large") return { ok: false, error: { code: "content_too_large", maxBytes: limits.maxBytes } };
  if (unpacked === "damaged") return { ok: false, error: { code: "xlsx_damaged" } };
  const workbook = new (await loadExcel()).Workbook();
  try {
    // An ArrayBuffer copy: exceljs types `load` with its own Buffer that
    // Node's Buffer does not satisfy, https://github.com/exceljs/exceljs/issues/2877
    await workbook.xlsx.load(new Uint8Array(bytes).buffer, exceljsReadOptions(limits.maxRows));
  } catch (error) {
    return { ok: false, error: loadError(error, limits) };
  }
  const sheet = workbook.worksheets.find((s) => s.state === "visible");
  if (sheet === undefined) return { ok: false, error: { code: "no_visible_sheet" } };
  return sheetRows(sheet, limits);
}

/**
 * Reads the first visible sheet of an XLSX, or a CSV/TSV, into rows of
 * strings. Row i of the result is line i + 1 of the file (blank rows kept,
 * trailing blank rows dropped), so line numbers match what the teacher sees.
 */
export async function readTable(bytes: Uint8Array, limits: ReadTableLimits): Promise<ReadTableResult> {
  if (bytes.byteLength === 0) return { ok: false, error: { code: "file_empty" } };
  if (bytes.byteLength > limits.maxBytes) {
    return { ok: false, error: { code: "file_too_large", maxBytes: limits.maxBytes, size: bytes.byteLength } };
  }
  const sniffed = sniff(bytes);
  switch (sniffed.kind) {
    case "zip":
      return readXlsx(bytes, limits);
    case "ole2":
      return { ok: false, error: { code: "legacy_xls" } };
    case "other":
      return { ok: false, error: { code: "not_spreadsheet", detected: sniffed.detected } };
    case "text":
      return readCsv(bytes, limits);
  }
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

export type TableCell = string | number | null;
export interface Table {
  headers: string[];
  rows: TableCell[][];
}

/**
 * Spreadsheet programs run a cell that starts with one of these as a
 * formula (OWASP "CSV injection"); a child's name or a title typed by
 * anyone must never become one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * UTF-8 with a BOM (without it Excel on Windows reads UTF-8 as GBK and shows
 * mojibake), CRLF, and a ' before any text that would start a formula.
 * Numbers are written as numbers: "-5" typed as a number stays -5.
 */
export function writeCsv(table: Table): Buffer {
  const csv = Papa.unparse(
    { fields: table.headers, data: table.rows },
    // papaparse's own pattern ends in `.*$`, which misses text with a line break after the "=".
    { escapeFormulae: FORMULA_START, newline: "\r\n" },
  );
  return Buffer.from(`\uFEFF${csv}`, "utf8");
}

/** Excel refuses sheet names over 31 characters or with []:*?/\ in them. */
function safeSheetName(name: string): string {
  const cleaned = Array.from(name.replace(/[[\]:*?/\\]/g, " ").trim()).slice(0, 31).join("").replace(/^'+|'+$/g, "");
  return cleaned === "" ? "Sheet1" : cleaned;
}

/** Display width in Excel's character units: CJK and full-width forms take two. */
function displayWidth(value: TableCell): number {
  if (value === null) return 0;
  return Array.from(String(value)).reduce((w, c) => w + (/[\u2e80-\uffef\u{20000}-\u{3ffff}]/u.test(c) ? 2 : 1), 0);
}

function columnWidths(table: Table): number[] {
  return table.headers.map((header, i) => {
    const widest = Math.max(displayWidth(header), ...table.rows.map((row) => displayWidth(row[i] ?? null)));
    return Math.min(Math.max(widest + 2, 8), 60);
  });
}

/**
 * One sheet: bold frozen header, columns sized to their content. Text is
 * written as text with the "@" (Text) format, so Excel neither runs it as a
 * formula on opening nor turns it into one when a cell is edited.
 */
export async function writeXlsx(table: Table, options: { sheetName: string }): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet(safeSheetName(options.sheetName), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columnWidths(table).map((width) => ({ width }));
  for (const values of [table.headers, ...table.rows]) {
    const row = sheet.addRow(values.map((v) => v ?? null));
    row.eachCell((cell) => {
      if (typeof cell.value === "string") cell.numFmt = "@";
    });
  }
  sheet.getRow(1).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
