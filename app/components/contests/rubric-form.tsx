// /organiser/contests/:contestId/categories/:categoryId/rubric: the criteria
// judges score (name, what it means, weight, maximum score). The weights'
// total is shown as it is typed and must be exactly 100; the message says by
// how much it misses. Rows are added and removed with conform's list intents,
// which also work without JavaScript (the server sends the form back with the
// row added).
import { getFormProps } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { Button, Card, CsrfInput } from "~/components/index.ts";
import { rubricWeightTotal } from "~/domain/contest.ts";
import { formatHundredths, RUBRIC_CRITERIA_MAX, rubricSchema } from "~/domain/contest-forms.ts";
import { useT } from "~/i18n/index.ts";
import type { ContestFormReply, RubricView } from "~/view-models/contests.ts";
import { ContestHeaderBar } from "./contest-header.tsx";
import { Field, FieldError, FormErrors, FrozenNote, HiddenField, ReplyBanner, TextArea, useContestForm } from "./form-parts.tsx";

export function RubricPage({ view, reply }: { view: RubricView; reply: ContestFormReply | null }) {
  return <RubricForm key={view.version} view={view} reply={reply} />;
}

function RubricForm({ view, reply }: { view: RubricView; reply: ContestFormReply | null }) {
  const t = useT();
  const schema = useMemo(() => rubricSchema(t), [t]);
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useContestForm({
    id: `rubric-${view.category.id}`,
    form: "rubric",
    schema,
    reply,
    defaultValue: { criteria: view.criteria.map((c) => ({ ...c, id: c.id || undefined })) },
  });
  const criteria = fields.criteria.getFieldList();
  const typed = (form.value?.criteria ?? []) as ({ weight?: string } | undefined)[];
  const { totalHundredths, offByHundredths } = rubricWeightTotal(typed.map((c) => Number(c?.weight ?? 0) || 0));
  const readOnly = !view.canEdit;
  return (
    <div>
      <ContestHeaderBar header={view.header} current="categories" title={t("contests.rubric.title", { category: view.category.name })} />
      <Link to={`/organiser/contests/${view.header.id}/categories/${view.category.id}`} className="mb-4 inline-flex min-h-11 items-center text-lg font-semibold underline underline-offset-4">
        {t("contests.rubric.toLimits")}
      </Link>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <CsrfInput />
        <input type="hidden" name="expectedStatus" value={view.header.status} />
        <p className="text-base text-slate-700">{t("contests.rubric.intro")}</p>
        {readOnly ? <FrozenNote text={t("contests.refusal.frozen.rubrics")} /> : null}
        {view.fromPreset ? <p className="text-base text-slate-700">{t("contests.rubric.fromPreset")}</p> : null}
        <ol className="space-y-4">
          {criteria.map((criterion, index) => {
            const c = criterion.getFieldset();
            return (
              <li key={criterion.key}>
                <Card as="div" className="space-y-3">
                  <div className="flex items-center justify-between gap-2">
                    <h2 className="text-xl font-bold">{t("contests.rubric.criterion", { n: index + 1 })}</h2>
                    {!readOnly && criteria.length > 1 ? (
                      <button
                        {...form.remove.getButtonProps({ name: fields.criteria.name, index })}
                        className="min-h-11 rounded-lg px-3 text-base font-semibold text-brand-800 underline underline-offset-4 hover:bg-brand-50"
                      >
                        {t("contests.rubric.remove")}
                      </button>
                    ) : null}
                  </div>
                  <HiddenField field={c.id} />
                  <Field field={c.name} label={t("contests.field.criterionName")} readOnly={readOnly} />
                  <TextArea field={c.description} label={t("contests.field.criterionDescription")} readOnly={readOnly} rows={2} />
                  <div className="grid grid-cols-2 gap-3">
                    <Field field={c.weight} label={t("contests.field.weight")} type="number" step="0.01" suffix="%" readOnly={readOnly} />
                    <Field field={c.maxScore} label={t("contests.field.maxScore")} type="number" readOnly={readOnly} />
                  </div>
                </Card>
              </li>
            );
          })}
        </ol>
        <p
          aria-live="polite"
          id={offByHundredths === 0 ? undefined : fields.criteria.errorId}
          className={`rounded-xl px-4 py-3 text-lg font-semibold ${
            offByHundredths === 0
              ? "bg-green-50 text-green-900 ring-1 ring-green-300"
              : fields.criteria.errors?.length
                ? "border-2 border-brand-700 bg-brand-50 text-brand-900"
                : "bg-amber-50 text-amber-950 ring-1 ring-amber-300"
          }`}
        >
          {offByHundredths === 0
            ? t("contests.rubric.totalOk", { total: formatHundredths(totalHundredths) })
            : t(offByHundredths < 0 ? "contests.rubric.weightsShort" : "contests.rubric.weightsOver", {
                total: formatHundredths(totalHundredths),
                diff: formatHundredths(Math.abs(offByHundredths)),
              })}
        </p>
        {/* The weights' total is the line above; other list errors (none, too many) show here. */}
        {offByHundredths === 0 ? <FieldError field={fields.criteria} /> : null}
        {!readOnly && criteria.length < RUBRIC_CRITERIA_MAX ? (
          <Button
            variant="secondary"
            block
            {...form.insert.getButtonProps({ name: fields.criteria.name, defaultValue: { name: "", description: "", weight: undefined, maxScore: 10 } })}
          >
            {t("contests.rubric.add")}
          </Button>
        ) : null}
        <FormErrors form={form} />
        <ReplyBanner reply={reply} form="rubric" />
        <Button block disabled={busy || readOnly}>
          {busy ? t("contests.form.saving") : t("contests.rubric.save")}
        </Button>
      </Form>
    </div>
  );
}

