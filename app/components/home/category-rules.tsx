import { formatDuration, formatList, formatMegabytes, useT, type MessageKey } from "~/i18n/index.ts";
import type { CategorySummary } from "~/view-models/category.ts";

/** A category's rules in plain words: what can be sent, how much, how long. */
export function categoryRules(t: ReturnType<typeof useT>, c: CategorySummary): string[] {
  const lines: string[] = [];
  const hasMedia = c.acceptedMediaKinds.length > 0;
  if (hasMedia) {
    const kinds = c.acceptedMediaKinds.map((k) => t(`category.media.${k}` as MessageKey));
    lines.push(t("category.accepts", { kinds: formatList(t.locale, kinds) }));
  }
  if (c.acceptsText) {
    if (!hasMedia) lines.push(t("category.textOnly"));
    lines.push(c.maxTextChars ? t("category.acceptsTextLimit", { chars: c.maxTextChars }) : t("category.acceptsText"));
  }
  if (hasMedia) {
    const size = formatMegabytes(t.locale, c.maxFileBytes);
    lines.push(c.maxFiles === 1 ? t("category.fileLimitOne", { size }) : t("category.fileLimit", { count: c.maxFiles, size }));
  }
  const video = c.acceptedMediaKinds.includes("VIDEO");
  const audio = c.acceptedMediaKinds.includes("AUDIO");
  if ((video || audio) && c.maxDurationSeconds) {
    const key = video && audio ? "category.durationLimit" : video ? "category.durationLimit.VIDEO" : "category.durationLimit.AUDIO";
    lines.push(t(key, { duration: formatDuration(t.locale, c.maxDurationSeconds) }));
  }
  if (c.gradeMin > 1 || c.gradeMax < 9) lines.push(t("category.grades", { min: c.gradeMin, max: c.gradeMax }));
  return lines;
}

export function CategoryRules({ category }: { category: CategorySummary }) {
  const t = useT();
  return (
    <div>
      <h4 className="text-lg font-bold">{category.name}</h4>
      {category.description ? <p className="text-base text-slate-800">{category.description}</p> : null}
      <ul className="mt-1 list-disc space-y-0.5 pl-5 text-base text-slate-700">
        {categoryRules(t, category).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
