// Catalog entries for results (zh-CN source and English), spread into the
// catalogs by app/i18n/zh-CN.ts and en.ts so that features add keys without
// touching the same lines.
export const resultsZhCN = {} as const;

export const resultsEn: Record<keyof typeof resultsZhCN, string> = {};
