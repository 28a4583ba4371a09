import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectFileType } from "./detect.ts";
import { withScratchDir } from "./scratch.ts";

describe("detectFileType", () => {
  it("decides by content, not by the name", async () => {
    await withScratchDir(async (dir) => {
      const png = path.join(dir, "holiday.mp4");
      await writeFile(png, Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
      expect(await detectFileType(png)).toEqual({ ok: true, kind: "image", mime: "image/png", container: "png" });
      const html = path.join(dir, "photo.jpg");
      await writeFile(html, "<!DOCTYPE html><html></html>");
      expect(await detectFileType(html)).toMatchObject({ ok: false, code: "html_not_allowed" });
    });
  });

  it("refuses an empty file", async () => {
    await withScratchDir(async (dir) => {
      const empty = path.join(dir, "video.mp4");
      await writeFile(empty, "");
      expect(await detectFileType(empty)).toMatchObject({ ok: false, code: "empty_file" });
    });
  });

  it("reads only the head of a large file", async () => {
    await withScratchDir(async (dir) => {
      const big = path.join(dir, "big");
      await writeFile(big, Buffer.concat([Buffer.from("ID3\x04\0\0\0\0\0\0", "latin1"), Buffer.alloc(8 * 1024 * 1024)]));
      expect(await detectFileType(big)).toMatchObject({ ok: true, container: "mp3" });
    });
  });
});
