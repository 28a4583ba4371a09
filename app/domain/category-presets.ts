// The five "三晒一创" categories as the county runs them, with the limits an
// organiser starts from when creating a contest (and that the demo seed uses).
// Pure data plus a schema: no I/O, shared by the app, the worker and the seed.
//
// Limits are chosen for children on phones over rural mobile networks:
// - photos straight from a phone camera are 3–15 MB (48–50 MP sensors up to ~25 MB);
// - a 5 minute 1080p phone video is 300–450 MB, so 500 MB with ≤ 5 min;
// - a read-aloud recording of a few pages is 3–8 minutes (m4a ≈ 1 MB/min).
import { z } from "zod";

export const CATEGORY_KINDS = ["READING", "ESSAY", "VIDEO", "PHOTO", "ART"] as const;
export type CategoryKind = (typeof CATEGORY_KINDS)[number];

export const MEDIA_KINDS = ["IMAGE", "VIDEO", "AUDIO"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

const MB = 1024 * 1024;

export const RubricCriterionPresetSchema = z.object({
  name: z.string().min(1),
  description: z.string(),
  /** Percent of the total; a rubric's weights add up to 100. */
  weight: z.number().positive().max(100),
  maxScore: z.number().int().positive(),
});

export const CategoryPresetSchema = z
  .object({
    kind: z.enum(CATEGORY_KINDS),
    name: z.string().min(1),
    description: z.string().min(1),
    acceptedMediaKinds: z.array(z.enum(MEDIA_KINDS)),
    acceptsText: z.boolean(),
    maxTextChars: z.number().int().positive().nullable(),
    /** Files per entry (all media kinds together). */
    maxFiles: z.number().int().min(0),
    /** Per file. */
    maxFileBytes: z.number().int().positive(),
    /** Per video or audio file; null when the category takes neither. */
    maxDurationSeconds: z.number().int().positive().nullable(),
    gradeMin: z.number().int().min(1).max(9),
    gradeMax: z.number().int().min(1).max(9),
    rubric: z.object({ name: z.string().min(1), criteria: z.array(RubricCriterionPresetSchema).min(1) }),
  })
  .superRefine((preset, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: "custom", message: `${preset.kind}: ${message}` });
    if (preset.acceptsText !== (preset.maxTextChars !== null)) problem("maxTextChars is set exactly when text is accepted");
    if (!preset.acceptsText && preset.acceptedMediaKinds.length === 0) problem("accepts neither text nor media");
    if ((preset.acceptedMediaKinds.length === 0) !== (preset.maxFiles === 0)) problem("maxFiles is 0 exactly when no media is accepted");
    const timed = preset.acceptedMediaKinds.some((k) => k === "VIDEO" || k === "AUDIO");
    if (timed !== (preset.maxDurationSeconds !== null)) problem("maxDurationSeconds is set exactly for video or audio");
    if (preset.gradeMin > preset.gradeMax) problem("gradeMin is above gradeMax");
    const total = preset.rubric.criteria.reduce((sum, c) => sum + c.weight, 0);
    if (Math.abs(total - 100) > 1e-9) problem(`rubric weights add up to ${total}, not 100`);
  });

export type CategoryPreset = z.infer<typeof CategoryPresetSchema>;

export const CATEGORY_PRESETS: readonly CategoryPreset[] = [
  {
    kind: "READING",
    name: "读书",
    description: "晒读书：读书笔记或读后感（可直接输入文字），可配读书照片，可上传一段朗读录音。",
    acceptedMediaKinds: ["IMAGE", "AUDIO"],
    acceptsText: true,
    maxTextChars: 3000,
    maxFiles: 6,
    maxFileBytes: 30 * MB,
    maxDurationSeconds: 10 * 60,
    gradeMin: 1,
    gradeMax: 9,
    rubric: {
      name: "读书评分标准",
      criteria: [
        { name: "阅读理解", description: "读懂了书的主要内容，抓住要点", weight: 30, maxScore: 10 },
        { name: "感悟表达", description: "有自己的体会和思考，真情实感", weight: 30, maxScore: 10 },
        { name: "朗读表现", description: "朗读正确、流利、有感情", weight: 25, maxScore: 10 },
        { name: "书写与版面", description: "字迹工整或排版清楚，图文相配", weight: 15, maxScore: 10 },
      ],
    },
  },
  {
    kind: "ESSAY",
    name: "征文",
    description: "晒写作：直接输入文字，或拍下手写稿（每页一张照片）。",
    acceptedMediaKinds: ["IMAGE"],
    acceptsText: true,
    maxTextChars: 5000,
    maxFiles: 6,
    maxFileBytes: 20 * MB,
    maxDurationSeconds: null,
    gradeMin: 1,
    gradeMax: 9,
    rubric: {
      name: "征文评分标准",
      criteria: [
        { name: "立意", description: "紧扣主题，思想积极健康", weight: 30, maxScore: 10 },
        { name: "内容与结构", description: "内容具体充实，条理清楚", weight: 30, maxScore: 10 },
        { name: "语言表达", description: "语句通顺，用词准确生动", weight: 30, maxScore: 10 },
        { name: "书写规范", description: "书写工整（手写稿）或标点规范", weight: 10, maxScore: 10 },
      ],
    },
  },
  {
    kind: "VIDEO",
    name: "小视频",
    description: "晒生活：一段不超过5分钟的小视频（不超过500MB），手机拍摄即可。",
    acceptedMediaKinds: ["VIDEO"],
    acceptsText: false,
    maxTextChars: null,
    maxFiles: 1,
    maxFileBytes: 500 * MB,
    maxDurationSeconds: 5 * 60,
    gradeMin: 1,
    gradeMax: 9,
    rubric: {
      name: "小视频评分标准",
      criteria: [
        { name: "主题内容", description: "主题鲜明，内容积极向上", weight: 35, maxScore: 10 },
        { name: "创意", description: "构思新颖，有童趣", weight: 25, maxScore: 10 },
        { name: "拍摄与剪辑", description: "画面清楚稳定，声音清晰，剪辑流畅", weight: 25, maxScore: 10 },
        { name: "表现力", description: "表达自然大方，有感染力", weight: 15, maxScore: 10 },
      ],
    },
  },
  {
    kind: "PHOTO",
    name: "摄影",
    description: "晒美景：摄影作品，单张或组照，最多9张。",
    acceptedMediaKinds: ["IMAGE"],
    acceptsText: false,
    maxTextChars: null,
    maxFiles: 9,
    maxFileBytes: 30 * MB,
    maxDurationSeconds: null,
    gradeMin: 1,
    gradeMax: 9,
    rubric: {
      name: "摄影评分标准",
      criteria: [
        { name: "主题", description: "主题明确，反映假期生活", weight: 30, maxScore: 10 },
        { name: "构图", description: "构图合理，主体突出", weight: 25, maxScore: 10 },
        { name: "光影色彩", description: "曝光得当，色彩和谐", weight: 25, maxScore: 10 },
        { name: "创意", description: "视角独特，有新意", weight: 20, maxScore: 10 },
      ],
    },
  },
  {
    kind: "ART",
    name: "美术",
    description: "一创：绘画、手工作品的照片，可从不同角度拍摄，最多4张。",
    acceptedMediaKinds: ["IMAGE"],
    acceptsText: false,
    maxTextChars: null,
    maxFiles: 4,
    maxFileBytes: 30 * MB,
    maxDurationSeconds: null,
    gradeMin: 1,
    gradeMax: 9,
    rubric: {
      name: "美术评分标准",
      criteria: [
        { name: "主题", description: "切合主题，内容健康", weight: 25, maxScore: 10 },
        { name: "创意", description: "想象丰富，构思独特", weight: 30, maxScore: 10 },
        { name: "技法", description: "造型、色彩或制作技巧运用得当", weight: 30, maxScore: 10 },
        { name: "完成度", description: "作品完整，画面或做工精细", weight: 15, maxScore: 10 },
      ],
    },
  },
];

/** Award tiers a county usually gives per category; `places` null means "as many as merit it". */
export const AWARD_TIER_PRESETS: readonly { name: string; rank: number; places: number | null }[] = [
  { name: "一等奖", rank: 1, places: 5 },
  { name: "二等奖", rank: 2, places: 10 },
  { name: "三等奖", rank: 3, places: 15 },
  { name: "优秀奖", rank: 4, places: null },
];

/** A new contest's grade bands (the editor may change them): primary lower, primary upper, junior middle. */
export const DEFAULT_GRADE_BANDS: readonly { name: string; gradeMin: number; gradeMax: number }[] = [
  { name: "小学低年级", gradeMin: 1, gradeMax: 3 },
  { name: "小学高年级", gradeMin: 4, gradeMax: 6 },
  { name: "初中", gradeMin: 7, gradeMax: 9 },
];

export function getCategoryPreset(kind: CategoryKind): CategoryPreset {
  const preset = CATEGORY_PRESETS.find((p) => p.kind === kind);
  if (!preset) throw new Error(`No preset for category ${kind}`);
  return preset;
}

/** The preset minus its rubric: the columns of a Category row. */
export function categoryLimits(preset: CategoryPreset) {
  const { rubric: _rubric, ...limits } = preset;
  return limits;
}
