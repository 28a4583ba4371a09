import { describe, expect, it } from "vitest";
import { sniffMediaType, type SniffResult } from "./media-kinds.ts";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + compatible.length * 4;
  return bytes([0, 0, 0, size], "ftyp", major, [0, 0, 0, 0], ...compatible, [0, 0, 0, 8], "free");
}

function sniff(b: Uint8Array): SniffResult {
  return sniffMediaType(b, b.length);
}

describe("sniffMediaType: accepted", () => {
  it.each([
    ["JPEG", bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], "JFIF"), "jpeg", "image", "image/jpeg"],
    ["PNG", bytes([0x89], "PNG\r\n\x1a\n", [0, 0, 0, 13], "IHDR"), "png", "image", "image/png"],
    ["GIF89a", bytes("GIF89a", [1, 0, 1, 0]), "gif", "image", "image/gif"],
    ["GIF87a", bytes("GIF87a", [1, 0, 1, 0]), "gif", "image", "image/gif"],
    ["TIFF little-endian", bytes("II*\0", [8, 0, 0, 0]), "tiff", "image", "image/tiff"],
    ["TIFF big-endian", bytes("MM\0*", [0, 0, 0, 8]), "tiff", "image", "image/tiff"],
    ["WebP", bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 "), "webp", "image", "image/webp"],
    ["HEIC (iPhone)", ftyp("heic", "mif1", "heic"), "heif", "image", "image/heic"],
    ["HEIF mif1 without AVIF", ftyp("mif1", "heic"), "heif", "image", "image/heic"],
    ["AVIF via mif1", ftyp("mif1", "avif", "miaf"), "avif", "image", "image/avif"],
    ["AVIF", ftyp("avif", "mif1"), "avif", "image", "image/avif"],
    ["MP4 isom", ftyp("isom", "isom", "avc1"), "mp4", "video", "video/mp4"],
    ["MP4 mp42 (Android)", ftyp("mp42", "isom"), "mp4", "video", "video/mp4"],
    ["MP4 vendor brand with isom", ftyp("kddi", "isom"), "mp4", "video", "video/mp4"],
    ["MOV (iPhone)", ftyp("qt  ", "qt  "), "mov", "video", "video/quicktime"],
    ["QuickTime without ftyp", bytes([0, 0, 0, 8], "wide", [0, 0, 0, 0], "mdat"), "mov", "video", "video/quicktime"],
    ["3GP", ftyp("3gp4", "isom", "3gp4"), "3gp", "video", "video/3gpp"],
    ["3G2", ftyp("3g2a", "3g2a"), "3gp", "video", "video/3gpp"],
    ["M4A", ftyp("M4A ", "M4A ", "mp42"), "m4a", "audio", "audio/mp4"],
    ["WebM", bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], "webm"), "webm", "video", "video/webm"],
    ["Matroska", bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x88], "matroska"), "matroska", "video", "video/x-matroska"],
    ["WAV", bytes("RIFF", [0, 0, 0, 0], "WAVEfmt "), "wav", "audio", "audio/wav"],
    ["Ogg", bytes("OggS", [0, 2]), "ogg", "audio", "audio/ogg"],
    ["FLAC", bytes("fLaC", [0, 0, 0, 34]), "flac", "audio", "audio/flac"],
    ["AMR-NB", bytes("#!AMR\n", [0x3c]), "amr", "audio", "audio/amr"],
    ["AMR-WB", bytes("#!AMR-WB\n", [0x44]), "amr", "audio", "audio/amr"],
    ["MP3 with ID3", bytes("ID3", [4, 0, 0, 0, 0, 0, 0]), "mp3", "audio", "audio/mpeg"],
    // 128 kbit/s at 44.1 kHz: 417-byte frames, the second header where the first says.
    ["MP3 frames", bytes([0xff, 0xfb, 0x90, 0x64], new Array(413).fill(0), [0xff, 0xfb, 0x90, 0x64]), "mp3", "audio", "audio/mpeg"],
    ["ADTS AAC", bytes([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc], new Array(9).fill(0), [0xff, 0xf1, 0x50, 0x80]), "aac", "audio", "audio/aac"],
  ] as const)("%s", (_label, input, container, kind, mime) => {
    expect(sniff(input)).toEqual({ ok: true, container, kind, mime });
  });
});

describe("sniffMediaType: refused, each with its own code", () => {
  const zipHeader = (name: string, after = "") =>
    bytes("PK\x03\x04", [20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, name.length, 0, 0, 0], name, after);

  it.each([
    ["a zero-byte file", new Uint8Array(0), "empty_file"],
    ["a ZIP", zipHeader("video.mp4", "data"), "archive_not_allowed"],
    ["an empty ZIP", bytes("PK\x05\x06", new Array(18).fill(0)), "archive_not_allowed"],
    ["a Word document", zipHeader("[Content_Types].xml"), "document_not_supported"],
    ["an OpenDocument text", zipHeader("mimetype", "application/vnd.oasis.opendocument.text"), "document_not_supported"],
    ["a RAR", bytes("Rar!\x1a\x07\x01\x00"), "archive_not_allowed"],
    ["a 7z", bytes([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), "archive_not_allowed"],
    ["a gzip (e.g. .svgz)", bytes([0x1f, 0x8b, 8, 0]), "archive_not_allowed"],
    ["a PDF", bytes("%PDF-1.7\n%\xe2\xe3"), "document_not_supported"],
    ["an old Word/Excel file", bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "document_not_supported"],
    ["a Windows program", bytes("MZ", [0x90, 0, 3, 0, 0, 0]), "not_a_supported_type"],
    ["a Linux program", bytes("\x7fELF", [2, 1, 1, 0]), "not_a_supported_type"],
    ["a BMP", bytes("BM", [0x36, 0, 0, 0, 0, 0]), "not_a_supported_type"],
    ["an AVI", bytes("RIFF", [0, 0, 0, 0], "AVI LIST"), "not_a_supported_type"],
    ["a Canon raw", ftyp("crx ", "crx "), "not_a_supported_type"],
    ["an HLS playlist", bytes("#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:10,\nhttp://127.0.0.1:9/a.ts\n"), "playlist_not_allowed"],
    ["an HLS playlist with a BOM and blank lines", bytes([0xef, 0xbb, 0xbf], "\n\n  #EXTM3U\n"), "playlist_not_allowed"],
    ["a playlist without the header", bytes("#EXTINF:10,\n#EXT-X-ENDLIST\n"), "playlist_not_allowed"],
    ["a PLS playlist", bytes("[playlist]\nFile1=http://x/a.mp3\n"), "playlist_not_allowed"],
    ["an ASX playlist", bytes('<asx version="3.0"><entry><ref href="http://x"/></entry></asx>'), "playlist_not_allowed"],
    ["an ffconcat list", bytes("ffconcat version 1.0\nfile '/etc/passwd'\n"), "concat_list_not_allowed"],
    ["an SVG", bytes('<?xml version="1.0"?>\n<!-- drawn -->\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "svg_not_allowed"],
    ["an SVG in capitals", bytes("<SVG onload='alert(1)'></SVG>"), "svg_not_allowed"],
    ["an SVG doctype", bytes('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN">'), "svg_not_allowed"],
    ["an HTML page", bytes("<!doctype html><html><body>hi</body></html>"), "html_not_allowed"],
    ["an HTML page with an inline SVG", bytes("<html><body><svg></svg></body></html>"), "html_not_allowed"],
    ["a bare script tag", bytes("<script>fetch('/')</script>"), "html_not_allowed"],
    ["UTF-8 text", bytes(...[[...Buffer.from("我的寒假\n寒假里我和爷爷一起去图书馆。\n", "utf8")]]), "text_not_allowed"],
    ["GBK text", bytes([0xce, 0xd2, 0xb5, 0xc4, 0xba, 0xae, 0xbc, 0xd9, 0x0d, 0x0a]), "text_not_allowed"],
    ["XML that is not SVG", bytes('<?xml version="1.0"?><note>hi</note>'), "text_not_allowed"],
    ["random binary", bytes([0x00, 0x13, 0x37, 0x00, 0x42, 0x01, 0x02, 0x03]), "not_a_supported_type"],
    ["UTF-16 text", bytes([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]), "not_a_supported_type"],
    ["a lone MP3-like frame header followed by junk", bytes([0xff, 0xfb, 0x90, 0x64], new Array(500).fill(7)), "not_a_supported_type"],
  ] as const)("%s", (_label, input, code) => {
    const result = sniff(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.detail.length).toBeGreaterThan(0);
    }
  });

  it("trusts the size it is told: an empty file is empty even with a stale buffer", () => {
    expect(sniffMediaType(bytes([0xff, 0xd8, 0xff]), 0)).toMatchObject({ ok: false, code: "empty_file" });
  });

  it("looks at bytes only: the same JPEG bytes are a JPEG whatever they are called", () => {
    const jpeg = bytes([0xff, 0xd8, 0xff, 0xdb]);
    expect(sniff(jpeg)).toMatchObject({ ok: true, container: "jpeg" });
  });
});
