// /organiser/contests/new: the theme, season and year of a new contest. The
// rest (windows, categories, rubrics …) follows on the contest's own page.
import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { Button, CsrfInput, PageHeader } from "~/components/index.ts";
import { newContestSchema, SEASONS } from "~/domain/contest-forms.ts";
import { useT } from "~/i18n/index.ts";
import type { ContestFormReply } from "~/view-models/contests.ts";
import { Field, FormErrors, ReplyBanner, Select, Step, TextArea, useContestForm } from "./form-parts.tsx";

export function NewContestForm({ counties, reply, defaultYear }: { counties: { id: string; name: string }[]; reply: ContestFormReply | null; defaultYear: number }) {
  const t = useT();
  const schema = useMemo(() => newContestSchema(t), [t]);
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useContestForm({
    id: "new-contest",
    form: "new",
    schema,
    reply,
    defaultValue: { title: "", description: "", season: "WINTER", year: defaultYear },
  });
  return (
    <div>
      <PageHeader title={t("contests.new.title")} subtitle={t("contests.new.intro")} />
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <CsrfInput />
        <Step n={1} title={t("contests.new.step1")}>
          <Field field={fields.title} label={t("contests.field.title")} hint={t("contests.field.titleHint")} />
          <TextArea field={fields.description} label={t("contests.field.description")} hint={t("contests.field.descriptionHint")} />
          <Select field={fields.season} label={t("contests.field.season")} options={SEASONS.map((s) => ({ value: s, label: t(`contests.season.${s}`) }))} />
          <Field field={fields.year} label={t("contests.field.year")} type="number" />
          {counties.length > 1 ? (
            <div className="space-y-1.5">
              <label htmlFor="countyId" className="block text-lg font-semibold">
                {t("contests.field.county")}
              </label>
              <select id="countyId" name="countyId" className="block min-h-11 w-full rounded-xl border-2 border-slate-400 bg-white px-4 py-2 text-lg">
                {counties.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </Step>
        <p className="text-base text-slate-700">{t("contests.new.next")}</p>
        <FormErrors form={form} />
        <ReplyBanner reply={reply} form="new" />
        <Button block disabled={busy}>
          {busy ? t("contests.form.saving") : t("contests.new.submit")}
        </Button>
      </Form>
    </div>
  );
}
