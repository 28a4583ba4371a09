// The editor's form schemas, as conform runs them in the browser and on the
// server: each bad input gets its zh-CN message on the right field.
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { t } from "../i18n/t.ts";
import { CONTEST_CHECK_CODES, CONTEST_WINDOW_PROBLEMS } from "./contest.ts";
import {
  awardTiersSchema,
  categoryLimitsSchema,
  contestDetailsSchema,
  fallbackErrorMap,
  gradeBandsSchema,
  newContestSchema,
  rubricSchema,
  type Say,
} from "./contest-forms.ts";

const say: Say = (key, params) => t("zh-CN", key, params);

function parse<S extends z.ZodType>(
  schema: S,
  fields: Record<string, string | string[]>,
): { ok: true; value: z.output<S> } | { ok: false; errors: Record<string, string[] | null> } {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) body.append(k, value);
  const submission = parseWithZod(body, { schema, error: fallbackErrorMap(say) });
  return submission.status === "success" ? { ok: true, value: submission.value } : { ok: false, errors: submission.error ?? {} };
}

const details = {
  expectedStatus: "DRAFT",
  title: "2026年寒假“三晒一创”活动",
  description: "",
  season: "WINTER",
  year: "2026",
  submissionOpensAt: "2026-01-20T08:00",
  submissionClosesAt: "2026-02-20T20:00",
  schoolRoundOpensAt: "2026-02-21T08:00",
  schoolRoundClosesAt: "2026-02-28T20:00",
  countyRoundOpensAt: "2026-03-01T08:00",
  countyRoundClosesAt: "2026-03-15T20:00",
  noticeStartsAt: "2026-03-16T08:00",
  noticeEndsAt: "2026-03-23T08:00",
  normaliseMinScores: "8",
};

describe("contest details", () => {
  it("reads windows as Beijing time and leaves blank ones null", () => {
    const r = parse(contestDetailsSchema(say), { ...details, noticeStartsAt: "", noticeEndsAt: "" });
    expect(r.ok && r.value.submissionOpensAt.toISOString()).toBe("2026-01-20T00:00:00.000Z");
    expect(r.ok && r.value.noticeEndsAt).toBeNull();
    expect(r.ok && r.value.participationCertificates).toBe(false);
  });

  it("says which window is in the wrong order, on that window", () => {
    const r = parse(contestDetailsSchema(say), { ...details, submissionClosesAt: "2026-01-10T08:00" });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual({ submissionClosesAt: ["征集截止时间要晚于开始时间。"] });
    const r2 = parse(contestDetailsSchema(say), { ...details, countyRoundOpensAt: "2026-02-25T08:00" });
    expect(!r2.ok && r2.errors).toEqual({ countyRoundOpensAt: ["县级评审要在学校初评结束以后开始。"] });
  });

  it("refuses an empty or too long title and a date that does not exist", () => {
    expect(!parse(newContestSchema(say), { title: "  ", season: "WINTER", year: "2026" }).ok && "ok").toBe("ok");
    const empty = parse(newContestSchema(say), { title: "  ", season: "WINTER", year: "2026" });
    expect(!empty.ok && empty.errors.title).toEqual(["请填写活动主题"]);
    const long = parse(newContestSchema(say), { title: "长".repeat(61), season: "WINTER", year: "2026" });
    expect(!long.ok && long.errors.title).toEqual(["活动主题最多 60 个字，请删减一些"]);
    const date = parse(contestDetailsSchema(say), { ...details, noticeEndsAt: "2026-02-30T08:00" });
    expect(!date.ok && date.errors.noticeEndsAt).toEqual(["日期或时间不对，请重新选择"]);
  });
});

const limits = {
  expectedStatus: "DRAFT",
  name: "小视频",
  acceptedMediaKinds: "VIDEO",
  maxFiles: "1",
  maxFileMb: "500",
  maxDurationMinutes: "5",
  gradeMin: "1",
  gradeMax: "9",
  defaultSchoolQuota: "3",
};

describe("category limits", () => {
  it("turns megabytes and minutes into bytes and seconds", () => {
    const r = parse(categoryLimitsSchema(say), { ...limits, maxDurationMinutes: "2.5" });
    expect(r.ok && r.value.limits).toEqual({
      acceptedMediaKinds: ["VIDEO"],
      acceptsText: false,
      maxTextChars: null,
      maxFiles: 1,
      maxFileBytes: 500 * 1024 * 1024,
      maxDurationSeconds: 150,
      gradeMin: 1,
      gradeMax: 9,
    });
  });

  it("refuses a limit out of range: 0 files, a 0 MB file, a 10-hour video, reversed grades", () => {
    const r = parse(categoryLimitsSchema(say), { ...limits, maxFiles: "0", maxFileMb: "0", maxDurationMinutes: "600", gradeMin: "6", gradeMax: "3" });
    expect(!r.ok && r.errors).toEqual({
      maxFiles: ["请填 1 到 20 之间的整数"],
      maxFileMb: ["请填 1 到 2048 之间的整数"],
      maxDurationMinutes: ["请填 0.5 到 30 分钟"],
      gradeMax: ["最高年级不能低于最低年级"],
    });
    const grades = parse(categoryLimitsSchema(say), { ...limits, gradeMin: "6", gradeMax: "3" });
    expect(!grades.ok && grades.errors).toEqual({ gradeMax: ["最高年级不能低于最低年级"] });
  });

  it("needs something to accept, and the limits of what it accepts", () => {
    const nothing = parse(categoryLimitsSchema(say), { ...limits, acceptedMediaKinds: [] });
    expect(!nothing.ok && nothing.errors.acceptedMediaKinds).toEqual(["至少要能上传一种文件，或者能直接输入文字"]);
    const text = parse(categoryLimitsSchema(say), { ...limits, acceptsText: "on" });
    expect(!text.ok && text.errors.maxTextChars).toEqual(["可以输入文字时，请填字数上限"]);
  });
});

describe("rubric", () => {
  const criteria = (weights: string[]) => Object.fromEntries(weights.flatMap((w, i) => [[`criteria[${i}].name`, `标准${i}`], [`criteria[${i}].weight`, w], [`criteria[${i}].maxScore`, "10"]]));

  it("says by how much the weights miss 100", () => {
    const short = parse(rubricSchema(say), { expectedStatus: "DRAFT", ...criteria(["30", "30", "35"]) });
    expect(!short.ok && short.errors.criteria).toEqual(["各项权重合计 95，还差 5 才到 100。"]);
    const over = parse(rubricSchema(say), { expectedStatus: "DRAFT", ...criteria(["30", "30", "40.5"]) });
    expect(!over.ok && over.errors.criteria).toEqual(["各项权重合计 100.5，比 100 多了 0.5。"]);
    expect(parse(rubricSchema(say), { expectedStatus: "DRAFT", ...criteria(["33.33", "33.33", "33.34"]) }).ok).toBe(true);
  });

  it("refuses a weight of 0 or with three decimals", () => {
    const r = parse(rubricSchema(say), { expectedStatus: "DRAFT", ...criteria(["0", "99.999"]) });
    expect(!r.ok && r.errors).toEqual({ "criteria[0].weight": ["权重要大于 0，不超过 100"], "criteria[1].weight": ["权重最多两位小数"] });
  });
});

describe("grade bands", () => {
  it("refuses overlapping bands, naming both and the grades", () => {
    const r = parse(gradeBandsSchema(say), {
      expectedStatus: "DRAFT",
      "bands[0].name": "低年级",
      "bands[0].gradeMin": "1",
      "bands[0].gradeMax": "4",
      "bands[1].name": "高年级",
      "bands[1].gradeMin": "4",
      "bands[1].gradeMax": "9",
    });
    expect(!r.ok && r.errors.bands).toEqual(["“低年级”和“高年级”都包含 4 年级，年级组不能重叠。"]);
  });
});

describe("award tiers", () => {
  const tiers = (rows: [string, string, string][]) =>
    Object.fromEntries(rows.flatMap(([name, mode, value], i) => [[`tiers[${i}].name`, name], [`tiers[${i}].mode`, mode], [`tiers[${i}].value`, value]]));

  it("refuses percentages over 100 % together, a negative count, a fractional count", () => {
    const over = parse(awardTiersSchema(say), { expectedStatus: "DRAFT", tierRounding: "FLOOR", ...tiers([["一等奖", "percent", "60"], ["二等奖", "percent", "50.5"]]) });
    expect(!over.ok && over.errors.tiers).toEqual(["按比例的奖项加起来是 110.5%，超过了 100%。"]);
    const negative = parse(awardTiersSchema(say), { expectedStatus: "DRAFT", tierRounding: "FLOOR", ...tiers([["一等奖", "count", "-1"]]) });
    expect(!negative.ok && negative.errors).toEqual({ "tiers[0].value": ["名额不能是负数"] });
    const fraction = parse(awardTiersSchema(say), { expectedStatus: "DRAFT", tierRounding: "FLOOR", ...tiers([["一等奖", "count", "2.5"]]) });
    expect(!fraction.ok && fraction.errors).toEqual({ "tiers[0].value": ["名额要填整数"] });
  });

  it("accepts counts and percentages up to 100 % with a rounding rule", () => {
    const r = parse(awardTiersSchema(say), { expectedStatus: "OPEN", tierRounding: "ROUND_HALF_UP", ...tiers([["一等奖", "count", "5"], ["二等奖", "percent", "40"], ["优秀奖", "percent", "60"]]) });
    expect(r.ok).toBe(true);
  });
});

describe("the catalog", () => {
  it("has a message for every step check and window problem", () => {
    for (const code of CONTEST_CHECK_CODES) {
      const key = (CONTEST_WINDOW_PROBLEMS as readonly string[]).includes(code) ? `contests.window.problem.${code}` : `contests.check.${code}`;
      expect([code, say(key as never)]).not.toEqual([code, undefined]);
    }
  });
});
