import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { CLASS_LIST_MAX_BYTES, CLASS_LIST_MAX_TABLE_ROWS, rowsFromTable, validateRows } from "~/domain/intake/class-list.ts";
import { readTable, writeCsv, writeXlsx, type Table } from "./sheets.server.ts";
import { checkUnpackedSize, readZipDirectory } from "./zip-guard.server.ts";

const limits = { maxBytes: 1024 * 1024, maxRows: 250 };
const hex = (text: string) => Uint8Array.from(text.split(" "), (b) => parseInt(b, 16));
const utf8 = (text: string) => new TextEncoder().encode(text);

async function workbookBytes(build: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("readTable: CSV", () => {
  it("decodes GBK, as Excel on Windows saves Chinese CSV", async () => {
    // "姓名,年级\r\n张三,3\r\n欧阳娜娜,三年级\r\n" in GBK, written byte by byte (Node has no GBK encoder).
    const gbk = hex("d0 d5 c3 fb 2c c4 ea bc b6 0d 0a d5 c5 c8 fd 2c 33 0d 0a c5 b7 d1 f4 c4 c8 c4 c8 2c c8 fd c4 ea bc b6 0d 0a");
    expect(await readTable(gbk, limits)).toEqual({
      ok: true,
      format: "csv",
      encoding: "gb18030",
      rows: [
        ["姓名", "年级"],
        ["张三", "3"],
        ["欧阳娜娜", "三年级"],
      ],
    });
  });
  it("reads rare name characters that only GB18030 has (䶮 is FE 9F)", async () => {
    const result = await readTable(hex("d0 d5 c3 fb 0d 0a c1 f5 fe 9f"), limits);
    expect(result).toMatchObject({ ok: true, rows: [["姓名"], ["刘䶮"]] });
  });
  it("reads UTF-8 with a BOM and without, tab-separated too", async () => {
    const withBom = await readTable(utf8("\uFEFF姓名,年级\n张三,3\n"), limits);
    expect(withBom).toEqual({ ok: true, format: "csv", encoding: "utf-8", rows: [["姓名", "年级"], ["张三", "3"]] });
    const tsv = await readTable(utf8("姓名\t家长手机\r\n龑\t13800138000"), limits);
    expect(tsv).toMatchObject({ ok: true, encoding: "utf-8", rows: [["姓名", "家长手机"], ["龑", "13800138000"]] });
  });
  it("reads UTF-16 with a BOM, as Excel's \"Unicode text\" export writes it", async () => {
    const utf16 = new Uint8Array(Buffer.from("\uFEFF姓名\t年级\r\n张三\t3\r\n", "utf16le"));
    expect(await readTable(utf16, limits)).toEqual({
      ok: true,
      format: "csv",
      encoding: "utf-16le",
      rows: [["姓名", "年级"], ["张三", "3"]],
    });
  });
  it("keeps blank rows in the middle so line numbers match the file", async () => {
    const result = await readTable(utf8("姓名\n张三\n\n李四\n\n\n"), limits);
    expect(result).toMatchObject({ ok: true, rows: [["姓名"], ["张三"], [""], ["李四"]] });
  });
  it("refuses bytes that are neither UTF-8 nor GB18030, and binary text", async () => {
    expect(await readTable(hex("d5 c5 ff ff 2c 33"), limits)).toEqual({ ok: false, error: { code: "encoding_unknown" } });
    expect(await readTable(utf8("a\u0000b"), limits)).toEqual({ ok: false, error: { code: "not_spreadsheet", detected: "binary" } });
  });
  it("refuses an unclosed quote rather than swallowing the rest of the file", async () => {
    const result = await readTable(utf8('姓名,备注\n张三,"好\n李四,x\n'), limits);
    expect(result).toEqual({ ok: false, error: { code: "csv_malformed", row: 2 } });
  });
  it("refuses a 10,000-row CSV after reading only the first few hundred rows", async () => {
    const csv = utf8(["姓名", ...Array.from({ length: 10_000 }, (_, i) => `学生${i}`)].join("\n"));
    const started = performance.now();
    const result = await readTable(csv, limits);
    console.info(`readTable refused a 10,000-row CSV (${csv.byteLength} bytes) in ${(performance.now() - started).toFixed(1)} ms`);
    expect(result).toEqual({ ok: false, error: { code: "too_many_rows", maxRows: 250 } });
  });
  it("refuses an empty file and one of blank lines", async () => {
    expect(await readTable(new Uint8Array(), limits)).toEqual({ ok: false, error: { code: "file_empty" } });
    expect(await readTable(utf8("\uFEFF\n \n"), limits)).toEqual({ ok: false, error: { code: "file_empty" } });
  });
  it("refuses more than maxBytes before looking inside", async () => {
    const result = await readTable(new Uint8Array(2000), { maxBytes: 1000, maxRows: 10 });
    expect(result).toEqual({ ok: false, error: { code: "file_too_large", maxBytes: 1000, size: 2000 } });
  });
});

describe("readTable: file type by content", () => {
  it("refuses a PNG named .xlsx as a picture, whatever its name", async () => {
    const png = hex("89 50 4e 47 0d 0a 1a 0a 00 00 00 0d 49 48 44 52");
    expect(await readTable(png, limits)).toEqual({ ok: false, error: { code: "not_spreadsheet", detected: "image" } });
  });
  it("names an old .xls (or a password-protected .xlsx) and a PDF", async () => {
    const ole2 = hex("d0 cf 11 e0 a1 b1 1a e1 00 00 00 00");
    expect(await readTable(ole2, limits)).toEqual({ ok: false, error: { code: "legacy_xls" } });
    expect(await readTable(utf8("%PDF-1.7\n..."), limits)).toEqual({ ok: false, error: { code: "not_spreadsheet", detected: "pdf" } });
  });
  it("calls a truncated xlsx damaged", async () => {
    const bytes = await writeXlsx({ headers: ["姓名"], rows: [["张三"]] }, { sheetName: "名单" });
    expect(await readTable(bytes.subarray(0, bytes.byteLength - 30), limits)).toEqual({ ok: false, error: { code: "xlsx_damaged" } });
  });
});

describe("readTable: XLSX", () => {
  it("reads back what writeXlsx wrote", async () => {
    const table: Table = {
      headers: ["姓名", "年级", "家长手机", "备注"],
      rows: [
        ["张三", 3, 13800138000, "=1+1"],
        ["𠮷田", 3, null, "+86 注意"],
      ],
    };
    const result = await readTable(await writeXlsx(table, { sheetName: "三年级(1)班" }), limits);
    expect(result).toEqual({
      ok: true,
      format: "xlsx",
      rows: [
        ["姓名", "年级", "家长手机", "备注"],
        ["张三", "3", "13800138000", "=1+1"],
        ["𠮷田", "3", "", "+86 注意"],
      ],
    });
  });
  it("shows numbers as formatted: leading zeros, fixed decimals, long integers in full", async () => {
    const bytes = await workbookBytes((wb) => {
      const sheet = wb.addWorksheet("名单");
      sheet.addRow(["学号", "身高", "学籍号"]);
      const row = sheet.addRow([123, 1.5, 123456789012]);
      row.getCell(1).numFmt = "000000";
      row.getCell(2).numFmt = "0.00";
    });
    expect(await readTable(bytes, limits)).toMatchObject({ ok: true, rows: [["学号", "身高", "学籍号"], ["000123", "1.50", "123456789012"]] });
  });
  it("refuses a formula, naming its cell, without trusting its cached result", async () => {
    const bytes = await workbookBytes((wb) => {
      const sheet = wb.addWorksheet("名单");
      sheet.addRow(["姓名", "年级"]);
      sheet.addRow(["张三", { formula: "1+2", result: 3 }]);
    });
    expect(await readTable(bytes, limits)).toEqual({
      ok: false,
      error: { code: "formula_cell", row: 2, column: 2, cell: "B2" },
    });
  });
  it("refuses a date, which in a class list is Excel having rewritten something", async () => {
    const bytes = await workbookBytes((wb) => {
      const sheet = wb.addWorksheet("名单");
      sheet.addRow(["姓名", "班级"]);
      sheet.addRow(["张三", new Date(Date.UTC(2026, 2, 1))]);
    });
    expect(await readTable(bytes, limits)).toEqual({ ok: false, error: { code: "date_cell", row: 2, column: 2, cell: "B2" } });
  });
  it("reads the first visible sheet and fills merged cells from their first cell", async () => {
    const bytes = await workbookBytes((wb) => {
      wb.addWorksheet("模板说明", { state: "hidden" }).addRow(["请勿修改"]);
      const sheet = wb.addWorksheet("名单");
      sheet.addRows([["姓名", "年级"], ["张三", "三年级"], ["李四"]]);
      sheet.mergeCells("B2:B3");
    });
    expect(await readTable(bytes, limits)).toMatchObject({ ok: true, rows: [["姓名", "年级"], ["张三", "三年级"], ["李四", "三年级"]] });
  });
  // CPU-bound (whole fonts or a 10,000-row workbook): slow on a loaded two-core CI machine, so not the 5 s default.
  it("refuses a 10,000-row sheet without building 10,000 rows", async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`学生${i}`, 3, 13800000000 + i]);
    const bytes = await writeXlsx({ headers: ["姓名", "年级", "家长手机"], rows }, { sheetName: "名单" });
    // The full read goes first so that both are timed with exceljs warmed up.
    let started = performance.now();
    const full = await readTable(bytes, { maxBytes: limits.maxBytes, maxRows: 20_000 });
    const fullMs = performance.now() - started;
    started = performance.now();
    const refused = await readTable(bytes, limits);
    const refusedMs = performance.now() - started;
    console.info(
      `10,000-row XLSX (${bytes.byteLength} bytes): refused in ${refusedMs.toFixed(0)} ms; read in full in ${fullMs.toFixed(0)} ms`,
    );
    expect(refused).toEqual({ ok: false, error: { code: "too_many_rows", maxRows: 250 } });
    expect(full.ok && full.rows.length).toBe(10_001);
    expect(refusedMs).toBeLessThan(fullMs / 2);
  }, 60_000);
});

describe("zip guard", () => {
  it("lists the parts of an xlsx and bounds what they unpack to", async () => {
    const bytes = await writeXlsx({ headers: ["姓名"], rows: [["张三"]] }, { sheetName: "名单" });
    const entries = readZipDirectory(bytes);
    expect(entries?.map((e) => e.name)).toContain("xl/workbook.xml");
    expect(checkUnpackedSize(bytes, entries ?? [], 10 * 1024 * 1024)).toBe("ok");
    expect(checkUnpackedSize(bytes, entries ?? [], 1000)).toBe("too_large");
    expect(readZipDirectory(utf8("not a zip at all, just some text that is long enough"))).toBeNull();
  });
});

describe("writeCsv", () => {
  it("writes UTF-8 with a BOM and CRLF, and defuses formulas in text only", () => {
    const bytes = writeCsv({
      headers: ["姓名", "备注", "分数"],
      rows: [
        ["张三", "=HYPERLINK(\"http://x\")", -5],
        ["李四", "-2+3", null],
        ["王五", "@SUM(A1)", 90],
        ["赵六", "+86 138", 1.5],
        ["孙七", "\tx", 0],
      ],
    });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")).toEqual([
      "姓名,备注,分数",
      '张三,"\'=HYPERLINK(""http://x"")",-5',
      '李四,"\'-2+3",',
      '王五,"\'@SUM(A1)",90',
      '赵六,"\'+86 138",1.5',
      '孙七,"\'\tx",0',
    ]);
  });
});

describe("writeXlsx", () => {
  it("writes a bold, frozen header, sized columns, and text that stays text", async () => {
    const bytes = await writeXlsx(
      { headers: ["姓名", "说明"], rows: [["欧阳娜娜娜娜娜", "=cmd|' /C calc'!A0"]] },
      { sheetName: "三年级[1]班: 名单/导出 这个名字超过了三十一个字符的限制呢呢呢" },
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    const sheet = workbook.worksheets[0]!;
    expect(Array.from(sheet.name).length).toBeLessThanOrEqual(31);
    expect(sheet.name).not.toMatch(/[[\]:*?/\\]/);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(16);
    const cell = sheet.getCell("B2");
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe("=cmd|' /C calc'!A0");
    expect(cell.numFmt).toBe("@");
  });
});

describe("a class list from upload to plan", () => {
  it("reads an Excel file with a title row into lines the teacher can find", async () => {
    const bytes = await workbookBytes((wb) => {
      const sheet = wb.addWorksheet("名单");
      sheet.addRows([["三年级(1)班学生名单"], ["序号", "学生姓名", "家长手机"], [1, "张三", 13800138000], [2, "李四", 12345]]);
    });
    const table = await readTable(bytes, { maxBytes: CLASS_LIST_MAX_BYTES, maxRows: CLASS_LIST_MAX_TABLE_ROWS });
    if (!table.ok) throw new Error(table.error.code);
    const result = validateRows(rowsFromTable(table.rows), { classGrade: 3, existing: [] });
    expect(result).toMatchObject({
      ok: true,
      errors: [{ line: 4, column: 3, field: "guardianPhone", code: "phone_invalid" }],
      plan: { create: [{ line: 3, child: { name: "张三", guardianPhone: "13800138000" } }] },
    });
  });
});
