import { describe, expect, it } from "vitest";
import { restoreDraft } from "./use-details-draft.ts";

const saved = { title: "", description: "", bodyText: "" };
const typed = { title: "家乡的雪", description: "", bodyText: "雪下了一夜。" };

describe("restoreDraft", () => {
  it("brings back what was typed on top of what the server still holds", () => {
    expect(restoreDraft(JSON.stringify({ base: saved, values: typed }), saved)).toEqual(typed);
  });
  it("drops a draft the server has overtaken, one equal to it, and anything malformed", () => {
    expect(restoreDraft(JSON.stringify({ base: saved, values: typed }), { ...saved, title: "在别的手机上改过" })).toBeNull();
    expect(restoreDraft(JSON.stringify({ base: typed, values: typed }), typed)).toBeNull();
    expect(restoreDraft("{not json", saved)).toBeNull();
    expect(restoreDraft(JSON.stringify({ base: saved, values: { title: 1 } }), saved)).toBeNull();
    expect(restoreDraft(null, saved)).toBeNull();
  });
});
