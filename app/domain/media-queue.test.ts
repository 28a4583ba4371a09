import { describe, expect, it } from "vitest";
import { MAX_PAGE, mediaQueueSearch, parseMediaQueueQuery } from "./media-queue.ts";

const q = (s: string) => parseMediaQueueQuery(new URLSearchParams(s));

describe("parseMediaQueueQuery", () => {
  it("defaults to every kind, page 1", () => {
    expect(q("")).toEqual({ kind: null, page: 1, problems: [] });
    expect(q("kind=all&page=")).toEqual({ kind: null, page: 1, problems: [] });
  });

  it("accepts kinds in any case and whole page numbers", () => {
    expect(q("kind=video&page=2")).toEqual({ kind: "VIDEO", page: 2, problems: [] });
    expect(q("kind=Image")).toMatchObject({ kind: "IMAGE" });
    expect(q(`page=${MAX_PAGE}`)).toMatchObject({ page: MAX_PAGE, problems: [] });
  });

  it("falls back to the default and reports what it could not use", () => {
    expect(q("kind=pdf")).toEqual({ kind: null, page: 1, problems: ["invalid_kind"] });
    for (const page of ["0", "-1", "1.5", "1e3", "0x10", "abc", String(MAX_PAGE + 1), "9".repeat(30)]) {
      expect(q(`page=${encodeURIComponent(page)}`), page).toEqual({ kind: null, page: 1, problems: ["invalid_page"] });
    }
    expect(q("kind=x&page=x").problems).toEqual(["invalid_kind", "invalid_page"]);
  });

  it("round-trips through mediaQueueSearch", () => {
    expect(mediaQueueSearch(null, 1)).toBe("");
    expect(mediaQueueSearch("AUDIO", 3)).toBe("?kind=audio&page=3");
    expect(q(mediaQueueSearch("AUDIO", 3).slice(1))).toEqual({ kind: "AUDIO", page: 3, problems: [] });
  });
});
