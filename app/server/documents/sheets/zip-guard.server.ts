// A look inside a ZIP (an .xlsx) before any spreadsheet library unpacks it.
// exceljs hands the whole archive to JSZip, which inflates every entry into
// memory: a 1 MB upload could unpack to a gigabyte. Reading the central
// directory and inflating with a cap costs milliseconds and bounds that.
import { inflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_LENGTH = 22;
const MAX_COMMENT_LENGTH = 0xffff;
/** An xlsx has a few dozen parts; thousands means something else (or an attack on the parser). */
const MAX_ENTRIES = 2000;
const STORED = 0;
const DEFLATED = 8;

function findEndOfCentralDirectory(view: DataView): number | null {
  const last = view.byteLength - EOCD_MIN_LENGTH;
  const first = Math.max(0, last - MAX_COMMENT_LENGTH);
  for (let at = last; at >= first; at--) if (view.getUint32(at, true) === EOCD_SIGNATURE) return at;
  return null;
}

/**
 * The archive's table of contents, or null when it is not a readable ZIP
 * (truncated, ZIP64, more entries than any spreadsheet has).
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view);
  if (eocd === null) return null;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  if (count > MAX_ENTRIES) return null;
  const entries: ZipEntry[] = [];
  const names = new TextDecoder("utf-8");
  for (let i = 0; i < count; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL_SIGNATURE) return null;
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (at + 46 + skip > view.byteLength) return null;
    entries.push({
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    });
    at += 46 + skip;
  }
  return entries;
}

function entryData(bytes: Uint8Array, view: DataView, entry: ZipEntry): Uint8Array | null {
  const at = entry.localHeaderOffset;
  if (at + 30 > view.byteLength || view.getUint32(at, true) !== LOCAL_SIGNATURE) return null;
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  return end > bytes.byteLength ? null : bytes.subarray(start, end);
}

/**
 * Whether every entry really unpacks (sizes written in the archive are the
 * sender's word, so each is inflated) and all together stay within
 * `budget` bytes. "damaged" for anything unreadable.
 */
export function checkUnpackedSize(bytes: Uint8Array, entries: ZipEntry[], budget: number): "ok" | "too_large" | "damaged" {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (const entry of entries) {
    const data = entryData(bytes, view, entry);
    if (data === null || (entry.method !== STORED && entry.method !== DEFLATED)) return "damaged";
    const remaining = budget - total;
    if (entry.method === STORED) total += data.byteLength;
    else {
      try {
        total += inflateRawSync(data, { maxOutputLength: Math.max(1, remaining) }).byteLength;
      } catch (error) {
        return (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" ? "too_large" : "damaged";
      }
    }
    if (total > budget) return "too_large";
  }
  return "ok";
}
