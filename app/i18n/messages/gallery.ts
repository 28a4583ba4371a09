// Catalog entries for gallery (zh-CN source and English), spread into the
// catalogs by app/i18n/zh-CN.ts and en.ts so that features add keys without
// touching the same lines.
export const galleryZhCN = {} as const;

export const galleryEn: Record<keyof typeof galleryZhCN, string> = {};
