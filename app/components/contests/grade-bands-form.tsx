// /organiser/contests/:contestId/bands: the grade bands entries are ranked
// within. Bands may not overlap; the page says which of grades 1–9 no band
// covers (allowed: a contest may be for primary schools only), as it is typed.
import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { Button, Card, CsrfInput } from "~/components/index.ts";
import { checkGradeBands } from "~/domain/contest.ts";
import { gradeBandsSchema } from "~/domain/contest-forms.ts";
import { useT } from "~/i18n/index.ts";
import type { ContestFormReply, GradeBandsView } from "~/view-models/contests.ts";
import { ContestHeaderBar } from "./contest-header.tsx";
import { Field, FieldError, FormErrors, FrozenNote, HiddenField, ReplyBanner, useContestForm } from "./form-parts.tsx";

export function GradeBandsPage({ view, reply }: { view: GradeBandsView; reply: ContestFormReply | null }) {
  return <BandsForm key={view.version} view={view} reply={reply} />;
}

function BandsForm({ view, reply }: { view: GradeBandsView; reply: ContestFormReply | null }) {
  const t = useT();
  const schema = useMemo(() => gradeBandsSchema(t), [t]);
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useContestForm({
    id: "grade-bands",
    form: "bands",
    schema,
    reply,
    defaultValue: { bands: view.bands.map((b) => ({ ...b, id: b.id || undefined })) },
  });
  const bands = fields.bands.getFieldList();
  const typed = ((form.value?.bands ?? []) as ({ name?: string; gradeMin?: string; gradeMax?: string } | undefined)[]).map((b, i) => ({
    name: b?.name ?? String(i),
    gradeMin: Number(b?.gradeMin),
    gradeMax: Number(b?.gradeMax),
  }));
  const uncovered = form.value ? checkGradeBands(typed).uncovered : view.uncovered;
  const readOnly = !view.canEdit;
  return (
    <div>
      <ContestHeaderBar header={view.header} current="bands" />
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <CsrfInput />
        <input type="hidden" name="expectedStatus" value={view.header.status} />
        <p className="text-base text-slate-700">{t("contests.bands.intro")}</p>
        {readOnly ? <FrozenNote text={t("contests.refusal.frozen.bands")} /> : null}
        {view.fromDefault ? <p className="text-base text-slate-700">{t("contests.bands.fromDefault")}</p> : null}
        <ol className="space-y-4">
          {bands.map((band, index) => {
            const b = band.getFieldset();
            return (
              <li key={band.key}>
                <Card as="div" className="space-y-3">
                  <div className="flex items-center justify-between gap-2">
                    <h2 className="text-xl font-bold">{t("contests.bands.band", { n: index + 1 })}</h2>
                    {!readOnly && bands.length > 1 ? (
                      <button
                        {...form.remove.getButtonProps({ name: fields.bands.name, index })}
                        className="min-h-11 rounded-lg px-3 text-base font-semibold text-brand-800 underline underline-offset-4 hover:bg-brand-50"
                      >
                        {t("contests.bands.remove")}
                      </button>
                    ) : null}
                  </div>
                  <HiddenField field={b.id} />
                  <Field field={b.name} label={t("contests.field.bandName")} readOnly={readOnly} />
                  <div className="grid grid-cols-2 gap-3">
                    <Field field={b.gradeMin} label={t("contests.field.bandFrom")} type="number" suffix={t("contests.unit.grade")} readOnly={readOnly} />
                    <Field field={b.gradeMax} label={t("contests.field.bandTo")} type="number" suffix={t("contests.unit.grade")} readOnly={readOnly} />
                  </div>
                </Card>
              </li>
            );
          })}
        </ol>
        <p aria-live="polite" className={`rounded-xl px-4 py-3 text-lg font-semibold ring-1 ${uncovered.length === 0 ? "bg-green-50 text-green-900 ring-green-300" : "bg-amber-50 text-amber-950 ring-amber-300"}`}>
          {uncovered.length === 0 ? t("contests.bands.allCovered") : t("contests.bands.uncovered", { grades: uncovered.join("、") })}
        </p>
        <FieldError field={fields.bands} />
        {!readOnly && bands.length < 9 ? (
          <Button variant="secondary" block {...form.insert.getButtonProps({ name: fields.bands.name, defaultValue: { name: "", gradeMin: undefined, gradeMax: undefined } })}>
            {t("contests.bands.add")}
          </Button>
        ) : null}
        <FormErrors form={form} />
        <ReplyBanner reply={reply} form="bands" />
        <Button block disabled={busy || readOnly}>
          {busy ? t("contests.form.saving") : t("contests.bands.save")}
        </Button>
      </Form>
    </div>
  );
}

