// /organiser/contests/:contestId/categories: the contest's categories with
// their limits and rubric in plain words, links to change them, removal
// (drafts only), and adding one of the five presets.
import { Form, Link, useNavigation } from "@remix-run/react";
import { Button, Card, CsrfInput, EmptyState, SectionTitle } from "~/components/index.ts";
import { CATEGORY_PRESETS } from "~/domain/category-presets.ts";
import { formatHundredths } from "~/domain/contest-forms.ts";
import { formatDuration, formatList, formatMegabytes, useT, type Translate } from "~/i18n/index.ts";
import { MEDIA_KIND_KEYS, type CategoriesView, type CategoryLimitsForm, type ContestFormReply } from "~/view-models/contests.ts";
import { ContestHeaderBar } from "./contest-header.tsx";
import { FrozenNote, ReplyBanner } from "./form-parts.tsx";

const MB = 1024 * 1024;

/** A category's limits in plain words. */
export function limitLines(t: Translate & { locale: "zh-CN" | "en" }, c: CategoryLimitsForm): string[] {
  const lines: string[] = [];
  if (c.acceptedMediaKinds.length > 0) {
    lines.push(t("category.accepts", { kinds: formatList(t.locale, c.acceptedMediaKinds.map((k) => t(MEDIA_KIND_KEYS[k]))) }));
    const size = formatMegabytes(t.locale, c.maxFileMb * MB);
    lines.push(c.maxFiles === 1 ? t("category.fileLimitOne", { size }) : t("category.fileLimit", { count: c.maxFiles, size }));
  }
  if (c.maxDurationMinutes !== null && c.acceptedMediaKinds.some((k) => k !== "IMAGE")) {
    lines.push(t("category.durationLimit", { duration: formatDuration(t.locale, Math.round(c.maxDurationMinutes * 60)) }));
  }
  if (c.acceptsText) lines.push(c.maxTextChars ? t("category.acceptsTextLimit", { chars: c.maxTextChars }) : t("category.acceptsText"));
  lines.push(t("category.grades", { min: c.gradeMin, max: c.gradeMax }));
  lines.push(t("contests.categories.quotaLine", { count: c.defaultSchoolQuota }));
  return lines;
}

export function CategoriesPage({ view, reply }: { view: CategoriesView; reply: ContestFormReply | null }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const base = `/organiser/contests/${view.header.id}/categories`;
  const refusals = reply && !reply.ok && !reply.stale ? (reply.result.error?.[""] ?? []) : [];
  return (
    <div>
      <ContestHeaderBar header={view.header} current="categories" />
      <div className="space-y-3">
        <ReplyBanner reply={reply} form="add-category" />
        <ReplyBanner reply={reply} form="remove-category" />
        {refusals.map((r) => (
          <p key={r} role="alert" className="rounded-xl border-2 border-brand-700 bg-brand-50 px-4 py-3 text-lg font-semibold text-brand-900">
            {r}
          </p>
        ))}
      </div>
      <SectionTitle>{t("contests.categories.title", { count: view.categories.length })}</SectionTitle>
      {view.categories.length === 0 ? (
        <EmptyState title={t("contests.categories.empty.title")} body={t("contests.categories.empty.body")} />
      ) : (
        <ol className="space-y-4">
          {view.categories.map((c, i) => {
            const weightsOk = c.rubric !== null && c.rubric.totalHundredths === 10_000;
            return (
              <li key={c.id}>
                <Card as="article" className="space-y-3">
                  <h3 className="text-xl font-bold">
                    {i + 1}. {c.name}
                  </h3>
                  <ul className="list-disc space-y-0.5 pl-6 text-base text-slate-800">
                    {limitLines(t, c).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                  <p className={`text-base font-semibold ${weightsOk ? "text-slate-800" : "text-brand-800"}`}>
                    {c.rubric
                      ? t(weightsOk ? "contests.categories.rubricOk" : "contests.categories.rubricOff", { count: c.rubric.criteria, total: formatHundredths(c.rubric.totalHundredths) })
                      : t("contests.categories.rubricMissing")}
                  </p>
                  <p className="text-base text-slate-700">{t("contests.categories.entries", { count: c.entries })}</p>
                  <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
                    <Link to={`${base}/${c.id}`} className="inline-flex min-h-11 items-center justify-center rounded-xl px-4 text-lg font-semibold ring-2 ring-inset ring-slate-400 hover:bg-slate-50">
                      {t("contests.categories.editLimits")}
                    </Link>
                    <Link to={`${base}/${c.id}/rubric`} className="inline-flex min-h-11 items-center justify-center rounded-xl px-4 text-lg font-semibold ring-2 ring-inset ring-slate-400 hover:bg-slate-50">
                      {t("contests.categories.editRubric")}
                    </Link>
                  </div>
                  {view.canRemove && c.entries === 0 ? (
                    <Form method="post" preventScrollReset>
                      <CsrfInput />
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="expectedStatus" value={view.header.status} />
                      <input type="hidden" name="categoryId" value={c.id} />
                      <Button variant="quiet" disabled={busy}>
                        {t("contests.categories.remove", { category: c.name })}
                      </Button>
                    </Form>
                  ) : null}
                </Card>
              </li>
            );
          })}
        </ol>
      )}

      <SectionTitle>{t("contests.categories.addTitle")}</SectionTitle>
      {!view.canAdd ? (
        <FrozenNote text={t("contests.refusal.frozen.addCategory")} />
      ) : view.addable.length === 0 ? (
        <p className="text-lg">{t("contests.categories.allAdded")}</p>
      ) : (
        <Card>
          <Form method="post" className="space-y-4">
            <CsrfInput />
            <input type="hidden" name="intent" value="add" />
            <input type="hidden" name="expectedStatus" value={view.header.status} />
            <fieldset className="min-w-0 space-y-2">
              <legend className="mb-2 text-lg font-semibold">{t("contests.categories.pick")}</legend>
              {CATEGORY_PRESETS.filter((p) => view.addable.includes(p.kind)).map((p, i) => (
                <label key={p.kind} className="flex min-h-11 cursor-pointer items-start gap-3 rounded-xl bg-stone-50 px-3 py-2 ring-1 ring-slate-300">
                  <input type="radio" name="kind" value={p.kind} defaultChecked={i === 0} className="mt-1 size-6 shrink-0 accent-brand-700" />
                  <span>
                    <span className="block text-lg font-semibold">{p.name}</span>
                    <span className="block text-base text-slate-700">{p.description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <p className="text-base text-slate-700">{t("contests.categories.addHint")}</p>
            <Button block disabled={busy}>
              {t("contests.categories.add")}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
