import { describe, expect, it } from "vitest";
import {
  AWARD_TIER_PRESETS,
  CATEGORY_KINDS,
  CATEGORY_PRESETS,
  CategoryPresetSchema,
  categoryLimits,
  getCategoryPreset,
} from "./category-presets.ts";

describe("category presets", () => {
  it("has exactly one valid preset per category kind", () => {
    expect(CATEGORY_PRESETS.map((p) => p.kind).sort()).toEqual([...CATEGORY_KINDS].sort());
    for (const preset of CATEGORY_PRESETS) {
      expect(CategoryPresetSchema.safeParse(preset).error?.issues ?? []).toEqual([]);
    }
  });

  it("keeps video to one file of at most 5 minutes and 500 MB", () => {
    const video = getCategoryPreset("VIDEO");
    expect(video.acceptedMediaKinds).toEqual(["VIDEO"]);
    expect(video.maxFiles).toBe(1);
    expect(video.maxDurationSeconds).toBe(300);
    expect(video.maxFileBytes).toBe(500 * 1024 * 1024);
  });

  it("takes typed text or photos of handwriting for essays, and a read-aloud recording for reading", () => {
    const essay = getCategoryPreset("ESSAY");
    expect(essay.acceptsText).toBe(true);
    expect(essay.acceptedMediaKinds).toContain("IMAGE");
    const reading = getCategoryPreset("READING");
    expect(reading.acceptsText).toBe(true);
    expect(reading.acceptedMediaKinds).toEqual(expect.arrayContaining(["IMAGE", "AUDIO"]));
    expect(reading.maxDurationSeconds).not.toBeNull();
  });

  it("allows at most 9 photos", () => {
    expect(getCategoryPreset("PHOTO").maxFiles).toBe(9);
  });

  it("rejects inconsistent presets", () => {
    const broken = { ...getCategoryPreset("PHOTO"), acceptsText: true };
    const issues = CategoryPresetSchema.safeParse(broken).error?.issues.map((i) => i.message) ?? [];
    expect(issues).toEqual(["PHOTO: maxTextChars is set exactly when text is accepted"]);

    const heavy = getCategoryPreset("ART");
    const weights = { ...heavy, rubric: { ...heavy.rubric, criteria: heavy.rubric.criteria.slice(1) } };
    expect(CategoryPresetSchema.safeParse(weights).success).toBe(false);
  });

  it("maps a preset to category columns without the rubric", () => {
    const limits = categoryLimits(getCategoryPreset("ART"));
    expect(limits).not.toHaveProperty("rubric");
    expect(limits).toMatchObject({ kind: "ART", name: "美术", maxFiles: 4 });
  });

  it("ranks award tiers from 一等奖 down without gaps", () => {
    expect(AWARD_TIER_PRESETS.map((t) => t.name)).toEqual(["一等奖", "二等奖", "三等奖", "优秀奖"]);
    expect(AWARD_TIER_PRESETS.map((t) => t.rank)).toEqual([1, 2, 3, 4]);
  });
});
