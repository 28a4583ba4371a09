// /organiser/contests/:contestId/details: 第1步 theme and description,
// 第2步 the four windows in Beijing time, 第3步 certificates and the
// normalisation threshold; one save. Parts the stage has frozen are shown
// read-only with the reason.
import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { Button, CsrfInput } from "~/components/index.ts";
import { contestDetailsSchema, SEASONS } from "~/domain/contest-forms.ts";
import { useT } from "~/i18n/index.ts";
import { WINDOW_KEYS, type ContestDetailsView, type ContestFormReply } from "~/view-models/contests.ts";
import { ContestHeaderBar } from "./contest-header.tsx";
import { Checkbox, Field, FormErrors, FrozenNote, ReplyBanner, Select, Step, TextArea, useContestForm } from "./form-parts.tsx";

const WINDOW_PAIRS = [
  ["submissionOpensAt", "submissionClosesAt", "contests.details.pair.submission"],
  ["schoolRoundOpensAt", "schoolRoundClosesAt", "contests.details.pair.schoolRound"],
  ["countyRoundOpensAt", "countyRoundClosesAt", "contests.details.pair.countyRound"],
  ["noticeStartsAt", "noticeEndsAt", "contests.details.pair.notice"],
] as const;

export function ContestDetailsPage({ view, reply }: { view: ContestDetailsView; reply: ContestFormReply | null }) {
  return <DetailsForm key={view.version} view={view} reply={reply} />;
}

function DetailsForm({ view, reply }: { view: ContestDetailsView; reply: ContestFormReply | null }) {
  const t = useT();
  const schema = useMemo(() => contestDetailsSchema(t), [t]);
  const busy = useNavigation().state === "submitting";
  const { editable } = view;
  const [form, fields] = useContestForm({
    id: "contest-details",
    form: "details",
    schema,
    reply,
    defaultValue: { expectedStatus: view.header.status, ...view.values, participationCertificates: view.values.participationCertificates ? "on" : "" },
  });
  return (
    <div>
      <ContestHeaderBar header={view.header} current="details" />
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <CsrfInput />
        <input type="hidden" name="expectedStatus" value={view.header.status} />
        <Step n={1} title={t("contests.details.step1")}>
          {editable.basics ? null : <FrozenNote text={t("contests.refusal.frozen.basics")} />}
          <Field field={fields.title} label={t("contests.field.title")} hint={t("contests.field.titleHint")} readOnly={!editable.basics} />
          <TextArea field={fields.description} label={t("contests.field.description")} hint={t("contests.field.descriptionHint")} readOnly={!editable.basics} rows={4} />
          <div className="grid grid-cols-2 gap-3">
            <Select field={fields.season} label={t("contests.field.season")} options={SEASONS.map((s) => ({ value: s, label: t(`contests.season.${s}`) }))} />
            <Field field={fields.year} label={t("contests.field.year")} type="number" readOnly={!editable.basics} />
          </div>
        </Step>
        <Step n={2} title={t("contests.details.step2")}>
          <p className="text-base text-slate-700">{t("contests.details.timeZoneHint")}</p>
          {editable.windows ? null : <FrozenNote text={t("contests.refusal.frozen.windows")} />}
          {WINDOW_PAIRS.map(([opens, closes, title]) => (
            <fieldset key={opens} className="min-w-0 space-y-3 rounded-xl bg-stone-50 p-3 ring-1 ring-slate-200">
              <legend className="px-1 text-lg font-bold">{t(title)}</legend>
              <Field field={fields[opens]} label={t(WINDOW_KEYS[opens])} type="datetime-local" readOnly={!editable.windows} />
              <Field field={fields[closes]} label={t(WINDOW_KEYS[closes])} type="datetime-local" readOnly={!editable.windows} />
            </fieldset>
          ))}
        </Step>
        <Step n={3} title={t("contests.details.step3")}>
          <Checkbox
            field={fields.participationCertificates}
            label={t("contests.field.participationCertificates")}
            hint={editable.certificates ? t("contests.field.participationCertificatesHint") : t("contests.refusal.frozen.certificates")}
            readOnly={!editable.certificates}
          />
          <Field
            field={fields.normaliseMinScores}
            label={t("contests.field.normaliseMinScores")}
            hint={editable.normalisation ? t("contests.field.normaliseMinScoresHint") : t("contests.refusal.frozen.normalisation")}
            type="number"
            readOnly={!editable.normalisation}
            suffix={t("contests.field.normaliseMinScoresUnit")}
          />
        </Step>
        <FormErrors form={form} />
        <ReplyBanner reply={reply} form="details" />
        <Button block disabled={busy}>
          {busy ? t("contests.form.saving") : t("contests.details.save")}
        </Button>
      </Form>
    </div>
  );
}
