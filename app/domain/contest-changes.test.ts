// The refusal rules as pure functions over the counts the server passes in.
import { describe, expect, it } from "vitest";
import { categoryLimits, getCategoryPreset } from "./category-presets.ts";
import {
  categoryLimitRefusals,
  categoryRemovalRefusals,
  frozenChanges,
  gradeBandRefusals,
  NO_CONFLICTS,
  quotaRefusals,
  rubricRefusals,
  tierRefusals,
  tightenedLimits,
  type CategoryLimitValues,
} from "./contest-changes.ts";
import { CONTEST_STATUSES } from "./contest.ts";

const MB = 1024 * 1024;
const video: CategoryLimitValues = categoryLimits(getCategoryPreset("VIDEO"));
const reading: CategoryLimitValues = categoryLimits(getCategoryPreset("READING"));

describe("category limits", () => {
  it("lets a draft change limits freely while no entry is hit", () => {
    const smaller = { ...video, maxFileBytes: 100 * MB, maxDurationSeconds: 60 };
    expect(categoryLimitRefusals({ status: "DRAFT", category: "小视频", current: video, proposed: smaller, conflicts: NO_CONFLICTS })).toEqual([]);
  });

  it("names the category and the entries a lowered limit would hit", () => {
    const proposed = { ...reading, acceptedMediaKinds: ["IMAGE" as const], maxTextChars: 500, maxFiles: 2, maxFileBytes: 5 * MB, maxDurationSeconds: null, gradeMin: 3, gradeMax: 9 };
    const conflicts = { usingKind: { IMAGE: 9, AUDIO: 4 }, withText: 12, overTextLimit: 3, overFileCount: 2, overFileSize: 5, overDuration: 0, outsideGrades: 7 };
    expect(categoryLimitRefusals({ status: "DRAFT", category: "读书", current: reading, proposed, conflicts })).toEqual([
      { code: "kind_in_use", category: "读书", kind: "AUDIO", entries: 4 },
      { code: "text_limit_below_entries", category: "读书", entries: 3, value: 500 },
      { code: "file_count_below_entries", category: "读书", entries: 2, value: 2 },
      { code: "file_size_below_entries", category: "读书", entries: 5, value: 5 * MB },
      { code: "grades_exclude_entries", category: "读书", entries: 7, grades: [1, 2] },
    ]);
  });

  it("refuses switching text off while entries hold text, and shortening a video below a processed one", () => {
    expect(categoryLimitRefusals({ status: "DRAFT", category: "读书", current: reading, proposed: { ...reading, acceptsText: false, maxTextChars: null }, conflicts: { ...NO_CONFLICTS, withText: 2, overTextLimit: 2 } })).toEqual([
      { code: "text_in_use", category: "读书", entries: 2 },
    ]);
    expect(categoryLimitRefusals({ status: "DRAFT", category: "小视频", current: video, proposed: { ...video, maxDurationSeconds: 120 }, conflicts: { ...NO_CONFLICTS, overDuration: 1 } })).toEqual([
      { code: "duration_below_entries", category: "小视频", entries: 1, value: 120 },
    ]);
  });

  it("after opening, only loosens (whatever the entries)", () => {
    const tighter = { ...video, maxFileBytes: 400 * MB, gradeMin: 2 };
    expect(categoryLimitRefusals({ status: "OPEN", category: "小视频", current: video, proposed: tighter, conflicts: NO_CONFLICTS })).toEqual([
      { code: "limit_tightened_after_open", category: "小视频", limit: "fileSize" },
      { code: "limit_tightened_after_open", category: "小视频", limit: "grades" },
    ]);
    const looser = { ...video, maxFileBytes: 800 * MB, maxDurationSeconds: 600, acceptedMediaKinds: ["VIDEO" as const, "IMAGE" as const], maxFiles: 3 };
    expect(categoryLimitRefusals({ status: "OPEN", category: "小视频", current: video, proposed: looser, conflicts: NO_CONFLICTS })).toEqual([]);
  });

  it("freezes once submission has closed", () => {
    for (const status of CONTEST_STATUSES.filter((s) => s !== "DRAFT" && s !== "OPEN")) {
      expect(categoryLimitRefusals({ status, category: "小视频", current: video, proposed: video, conflicts: NO_CONFLICTS })).toEqual([{ code: "stage_frozen", part: "limits" }]);
    }
  });

  it("knows which limits got stricter", () => {
    expect(tightenedLimits(reading, reading)).toEqual([]);
    expect(tightenedLimits(reading, { ...reading, acceptsText: false, maxTextChars: null })).toEqual(["text"]);
    expect(tightenedLimits(reading, { ...reading, maxTextChars: 100 })).toEqual(["textLength"]);
    expect(tightenedLimits(reading, { ...reading, maxDurationSeconds: 60, maxFiles: 1 })).toEqual(["files", "duration"]);
    // Adding video to a photo category (and with it a duration limit) loosens it.
    const photo = categoryLimits(getCategoryPreset("PHOTO"));
    expect(tightenedLimits(photo, { ...photo, acceptedMediaKinds: ["IMAGE", "VIDEO"], maxDurationSeconds: 60 })).toEqual([]);
  });
});

describe("removing a category", () => {
  it("only in a draft, and never with entries", () => {
    expect(categoryRemovalRefusals({ status: "DRAFT", category: "摄影", entries: 0 })).toEqual([]);
    expect(categoryRemovalRefusals({ status: "DRAFT", category: "摄影", entries: 3 })).toEqual([{ code: "category_has_entries", category: "摄影", entries: 3 }]);
    expect(categoryRemovalRefusals({ status: "OPEN", category: "摄影", entries: 0 })).toEqual([{ code: "stage_frozen", part: "removeCategory" }]);
  });
});

describe("grade bands", () => {
  const bands = [
    { name: "小学", gradeMin: 1, gradeMax: 6 },
    { name: "初中", gradeMin: 7, gradeMax: 8 },
  ];
  it("refuses bands that leave existing entries outside every band", () => {
    expect(gradeBandRefusals({ status: "OPEN", bands, entryGrades: [{ grade: 3, entries: 10 }, { grade: 9, entries: 2 }] })).toEqual([
      { code: "entries_outside_bands", entries: 2, grades: [9] },
    ]);
    expect(gradeBandRefusals({ status: "OPEN", bands, entryGrades: [{ grade: 3, entries: 10 }] })).toEqual([]);
  });

  it("freezes when county judging starts", () => {
    expect(gradeBandRefusals({ status: "COUNTY_JUDGING", bands, entryGrades: [] })).toEqual([{ code: "stage_frozen", part: "bands" }]);
  });
});

describe("rubrics, tiers, quotas", () => {
  it("freezes rubrics at county judging and keeps scored criteria", () => {
    expect(rubricRefusals({ status: "COUNTY_JUDGING", category: "征文", removedScored: [] })).toEqual([{ code: "stage_frozen", part: "rubrics" }]);
    expect(rubricRefusals({ status: "SCHOOL_ROUND", category: "征文", removedScored: ["立意"] })).toEqual([{ code: "criterion_has_scores", category: "征文", criterion: "立意" }]);
  });

  it("freezes tiers at the notice and keeps tiers already given", () => {
    expect(tierRefusals({ status: "NOTICE", removedWithAwards: [] })).toEqual([{ code: "stage_frozen", part: "tiers" }]);
    expect(tierRefusals({ status: "COUNTY_JUDGING", removedWithAwards: ["优秀奖"] })).toEqual([{ code: "tier_has_awards", tier: "优秀奖" }]);
  });

  it("keeps quotas at or above the nominations made, until the school round ends", () => {
    const quotas = [
      { school: "实验小学", quota: 1, nominated: 2 },
      { school: "第二小学", quota: 3, nominated: 3 },
    ];
    expect(quotaRefusals({ status: "SCHOOL_ROUND", category: "美术", quotas })).toEqual([
      { code: "quota_below_nominations", category: "美术", school: "实验小学", nominated: 2, value: 1 },
    ]);
    expect(quotaRefusals({ status: "COUNTY_JUDGING", category: "美术", quotas: [] })).toEqual([{ code: "stage_frozen", part: "quotas" }]);
  });

  it("refuses a changed field only when its stage is frozen", () => {
    expect(frozenChanges("NOTICE", ["basics", "windows", "normalisation", "normalisation"])).toEqual([{ code: "stage_frozen", part: "normalisation" }]);
    expect(frozenChanges("ARCHIVED", [])).toEqual([]);
  });
});
