// Catalog entries for judging (zh-CN source and English), spread into the
// catalogs by app/i18n/zh-CN.ts and en.ts so that features add keys without
// touching the same lines.
export const judgingZhCN = {} as const;

export const judgingEn: Record<keyof typeof judgingZhCN, string> = {};
