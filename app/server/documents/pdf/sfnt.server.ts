// Font bytes prepared for pdf-lib's subsetting. Two defects of
// @pdf-lib/fontkit 1.1.1 (a stale fork of fontkit) would otherwise blank out
// text in our PDFs while pdftotext still reads it fine:
// - its WOFF reader inflates some tables wrongly ("Data error" on slice 101's
//   cmap, https://github.com/devongovett/tiny-inflate/issues/4), so WOFF is
//   unpacked here with Node's zlib;
// - its TrueType subsetter writes a short `loca` by halving offsets without
//   padding glyph records to even length, so one odd-length glyph shifts all
//   later ones and most characters render blank
//   (https://github.com/Hopding/pdf-lib/issues/1232, fixed upstream by
//   foliojs/fontkit#191). It copies each glyph's bytes as the source font
//   lays them out, so padding every glyph record here keeps its offsets even.
import { inflateSync } from "node:zlib";

interface Table {
  tag: string;
  data: Uint8Array;
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const padded4 = (length: number) => Math.ceil(length / 4) * 4;

function readWoff(woff: Uint8Array): { flavor: number; tables: Table[] } {
  const header = view(woff);
  const tables = Array.from({ length: header.getUint16(12) }, (_, i) => {
    const at = 44 + i * 20;
    const tag = String.fromCharCode(...woff.subarray(at, at + 4));
    const [offset, compressed, length] = [header.getUint32(at + 4), header.getUint32(at + 8), header.getUint32(at + 12)];
    const raw = woff.subarray(offset, offset + compressed);
    return { tag, data: compressed < length ? new Uint8Array(inflateSync(raw)) : raw };
  });
  return { flavor: header.getUint32(4), tables };
}

/** Every glyph record padded to 4 bytes, `loca` rewritten in the long format. */
function padGlyphRecords(tables: Table[]): Table[] {
  const find = (tag: string) => tables.find((t) => t.tag === tag)?.data;
  const [head, loca, glyf, maxp] = [find("head"), find("loca"), find("glyf"), find("maxp")];
  if (!head || !loca || !glyf || !maxp) return tables; // CFF outlines: no glyf/loca to fix
  const numGlyphs = view(maxp).getUint16(4);
  const longLoca = view(head).getInt16(50) === 1;
  const offsetOf = (i: number) => (longLoca ? view(loca).getUint32(i * 4) : view(loca).getUint16(i * 2) * 2);
  const offsets = Array.from({ length: numGlyphs + 1 }, (_, i) => offsetOf(i));
  const newLoca = new Uint8Array((numGlyphs + 1) * 4);
  const newGlyf = new Uint8Array(offsets.slice(1).reduce((sum, end, i) => sum + padded4(end - (offsets[i] ?? 0)), 0));
  let at = 0;
  for (let i = 0; i < numGlyphs; i++) {
    view(newLoca).setUint32(i * 4, at);
    newGlyf.set(glyf.subarray(offsets[i], offsets[i + 1]), at);
    at += padded4((offsets[i + 1] ?? 0) - (offsets[i] ?? 0));
  }
  view(newLoca).setUint32(numGlyphs * 4, at);
  const newHead = head.slice();
  view(newHead).setInt16(50, 1);
  const replaced: Record<string, Uint8Array> = { head: newHead, loca: newLoca, glyf: newGlyf };
  return tables.map((t) => ({ tag: t.tag, data: replaced[t.tag] ?? t.data }));
}

function checksum(data: Uint8Array): number {
  const words = new Uint8Array(padded4(data.byteLength));
  words.set(data);
  let sum = 0;
  for (let i = 0; i < words.byteLength; i += 4) sum = (sum + view(words).getUint32(i)) >>> 0;
  return sum;
}

/** An OpenType file: offset table, table records sorted by tag, 4-byte aligned tables. */
function writeSfnt(flavor: number, unsorted: Table[]): Uint8Array {
  const tables = [...unsorted].sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const headerSize = 12 + tables.length * 16;
  const out = new Uint8Array(tables.reduce((sum, t) => sum + padded4(t.data.byteLength), headerSize));
  const dv = view(out);
  const power = 2 ** Math.floor(Math.log2(tables.length));
  dv.setUint32(0, flavor);
  [tables.length, power * 16, Math.log2(power), (tables.length - power) * 16].forEach((v, i) => dv.setUint16(4 + i * 2, v));
  let offset = headerSize;
  tables.forEach((table, i) => {
    const record = 12 + i * 16;
    out.set(new TextEncoder().encode(table.tag), record);
    [checksum(table.data), offset, table.data.byteLength].forEach((v, j) => dv.setUint32(record + 4 + j * 4, v));
    out.set(table.data, offset);
    offset += padded4(table.data.byteLength);
  });
  return out;
}

/** A WOFF 1.0 file as an OpenType file that pdf-lib subsets correctly. */
export function woffToSubsettableSfnt(woff: Uint8Array): Uint8Array {
  const { flavor, tables } = readWoff(woff);
  return writeSfnt(flavor, padGlyphRecords(tables));
}
