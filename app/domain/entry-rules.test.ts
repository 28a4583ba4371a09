import { describe, expect, it } from "vitest";
import { cleanText, countChars, parseEntryDetails, submitBlocker, ENTRY_TITLE_MAX } from "./entry-rules.ts";

const photo = { acceptsText: false, acceptedMediaKinds: ["IMAGE"] };
const essay = { acceptsText: true, acceptedMediaKinds: ["IMAGE"] };
const textOnly = { acceptsText: true, acceptedMediaKinds: [] };

describe("countChars and cleanText", () => {
  it("counts 字 and characters outside the BMP as one each", () => {
    expect(countChars("我家的年夜饭")).toBe(6);
    expect(countChars("𠀀a")).toBe(2);
  });
  it("normalises line ends, drops control characters, trims", () => {
    expect(cleanText("  第一段\r\n第二段\u0007\t \n")).toBe("第一段\n第二段");
  });
});

describe("parseEntryDetails", () => {
  it("cleans the fields and keeps text only for categories that take it", () => {
    const raw = { title: "  我的\n寒假  ", description: " 介绍 ", bodyText: "正文" };
    expect(parseEntryDetails({ acceptsText: true, maxTextChars: 10 }, raw)).toEqual({ ok: true, data: { title: "我的 寒假", description: "介绍", bodyText: "正文" } });
    expect(parseEntryDetails({ acceptsText: false, maxTextChars: null }, raw)).toMatchObject({ ok: true, data: { bodyText: null } });
    expect(parseEntryDetails({ acceptsText: true, maxTextChars: 10 }, { ...raw, bodyText: "  " })).toMatchObject({ ok: true, data: { bodyText: null } });
  });
  it("refuses over-long fields with the limit for the message", () => {
    const result = parseEntryDetails({ acceptsText: true, maxTextChars: 5 }, { title: "题".repeat(ENTRY_TITLE_MAX + 1), description: "", bodyText: "六个字的正文" });
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        title: { key: "entry.form.error.titleTooLong", params: { max: ENTRY_TITLE_MAX } },
        bodyText: { key: "entry.form.error.textTooLong", params: { max: 5 } },
      },
    });
  });
});

describe("submitBlocker", () => {
  const ready = { status: "READY" as const };
  it("needs a title", () => {
    expect(submitBlocker({ title: "  ", bodyText: null, category: photo, assets: [ready] })).toBe("title_missing");
  });
  it("allows submission only when every live file is READY", () => {
    expect(submitBlocker({ title: "雪", bodyText: null, category: photo, assets: [ready, { status: "DELETED" }] })).toBeNull();
    expect(submitBlocker({ title: "雪", bodyText: null, category: photo, assets: [ready, { status: "UPLOADED" }] })).toBe("files_processing");
    expect(submitBlocker({ title: "雪", bodyText: null, category: photo, assets: [ready, { status: "UPLOADING" }] })).toBe("files_uploading");
    expect(submitBlocker({ title: "雪", bodyText: null, category: photo, assets: [{ status: "PROCESSING" }, { status: "FAILED" }] })).toBe("files_failed");
  });
  it("takes text alone only where the category takes text", () => {
    expect(submitBlocker({ title: "雪", bodyText: "正文", category: essay, assets: [] })).toBeNull();
    expect(submitBlocker({ title: "雪", bodyText: "正文", category: photo, assets: [] })).toBe("files_missing");
    expect(submitBlocker({ title: "雪", bodyText: " ", category: essay, assets: [] })).toBe("content_missing");
    expect(submitBlocker({ title: "雪", bodyText: null, category: textOnly, assets: [] })).toBe("text_missing");
  });
});
