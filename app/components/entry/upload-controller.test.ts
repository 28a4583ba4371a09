// The controller's bookkeeping without a browser: links kept across polls,
// rows hidden after a cancel, and the checks that refuse a file before a byte
// is sent (no network is touched: every file here is refused).
import { describe, expect, it } from "vitest";
import type { EntryFile } from "~/view-models/entries.ts";
import { UploadController, type UploadControllerOptions } from "./upload-controller.ts";
import { buildRows, liveAssetStatuses } from "./use-entry-uploads.ts";

const options: UploadControllerOptions = {
  entryId: "entry1",
  statusUrl: "/entries/entry1/status",
  endpoint: "/uploads",
  chunkSize: 5 * 1024 * 1024,
  category: { acceptedMediaKinds: ["IMAGE"], maxFiles: 2, maxFileBytes: 1024 * 1024 },
  csrfToken: "token",
};

function file(id: string, patch: Partial<EntryFile> = {}): EntryFile {
  return { id, kind: "IMAGE", name: `${id}.jpg`, sizeBytes: 10, status: "processing", progress: 0, retrying: false, failureMessage: null, version: null, media: null, ...patch };
}

const links = (n: number) => ({
  thumb: { webp: `/files/thumb-${n}`, jpeg: null, width: 1, height: 1 },
  display: null,
  poster: null,
  video: null,
  audio: null,
});

describe("UploadController", () => {
  it("keeps a ready file's links while its renditions are unchanged, so pictures and videos do not reload", () => {
    const c = new UploadController(options, [file("a")]);
    c.setServerFiles([file("a", { status: "ready", version: "v1", media: links(1) })]);
    c.setServerFiles([file("a", { status: "ready", version: "v1", media: links(2) })]);
    expect(c.getSnapshot().files[0]!.media!.thumb!.webp).toBe("/files/thumb-1");
    c.setServerFiles([file("a", { status: "ready", version: "v2", media: links(3) })]);
    expect(c.getSnapshot().files[0]!.media!.thumb!.webp).toBe("/files/thumb-3");
  });

  it("hides a removed file until the server stops listing it", () => {
    const c = new UploadController(options, [file("a"), file("b")]);
    c.hide("a");
    c.setServerFiles([file("a"), file("b")]);
    expect(c.getSnapshot().files.map((f) => f.id)).toEqual(["b"]);
    c.setServerFiles([file("b")]);
    c.setServerFiles([file("a"), file("b")]);
    expect(c.getSnapshot().files.map((f) => f.id)).toEqual(["a", "b"]);
  });

  it("refuses, before sending, a kind the category does not take, an empty or too large file, and one file too many", async () => {
    const c = new UploadController(options, [file("a", { status: "ready" })]);
    await c.addFiles([
      new File(["%PDF-1.7"], "作业.pdf", { type: "application/pdf" }),
      new File([], "空.jpg", { type: "image/jpeg" }),
      new File([new Uint8Array(2 * 1024 * 1024)], "大.jpg", { type: "image/jpeg" }),
    ]);
    const refusals = c.getSnapshot().uploads.map((u) => [u.name, u.state, u.message?.key, u.message?.params?.maxMb]);
    expect(refusals).toEqual([
      ["作业.pdf", "failed", "upload.error.kind_not_accepted", 1],
      ["空.jpg", "failed", "media.failure.empty_file", 1],
      ["大.jpg", "failed", "upload.error.file_too_large", 1],
    ]);
    // Refused rows take no slot: the entry (1 of 2) still has room, a second ready file fills it.
    c.setServerFiles([file("a", { status: "ready" }), file("b", { status: "ready" })]);
    await c.addFiles([new File(["x"], "第三张.jpg", { type: "image/jpeg" })]);
    expect(c.getSnapshot().uploads.at(-1)).toMatchObject({ state: "failed", message: { key: "upload.error.too_many_files", params: { max: 2 } } });
    // Rows: the server's files, then the refused ones; refusals do not block submitting.
    expect(buildRows(c.getSnapshot()).map((r) => r.key).slice(0, 2)).toEqual(["a", "b"]);
    expect(liveAssetStatuses(c.getSnapshot())).toEqual([{ status: "READY" }, { status: "READY" }]);
    const first = c.getSnapshot().uploads[0]!;
    c.dismiss(first.key);
    expect(c.getSnapshot().uploads.map((u) => u.name)).not.toContain("作业.pdf");
  });
});
