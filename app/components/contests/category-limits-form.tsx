// /organiser/contests/:contestId/categories/:categoryId: what a category
// accepts and how much (第1步 name, 第2步 what may be sent, 第3步 how many and
// how large, 第4步 grades and the default nomination quota). After the
// contest opens, limits may only be loosened; the server refuses anything
// that existing entries would no longer fit, naming how many.
import { getCollectionProps, getFormProps } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { Button, CsrfInput } from "~/components/index.ts";
import { MEDIA_KINDS } from "~/domain/category-presets.ts";
import { categoryLimitsSchema, LIMIT_BOUNDS } from "~/domain/contest-forms.ts";
import { useT } from "~/i18n/index.ts";
import { MEDIA_KIND_KEYS, type CategoryLimitsView, type ContestFormReply } from "~/view-models/contests.ts";
import { ContestHeaderBar } from "./contest-header.tsx";
import { Checkbox, Field, FieldError, FormErrors, FrozenNote, ReplyBanner, Step, TextArea, useContestForm } from "./form-parts.tsx";

export function CategoryLimitsPage({ view, reply }: { view: CategoryLimitsView; reply: ContestFormReply | null }) {
  return <LimitsForm key={view.version} view={view} reply={reply} />;
}

function LimitsForm({ view, reply }: { view: CategoryLimitsView; reply: ContestFormReply | null }) {
  const t = useT();
  const schema = useMemo(() => categoryLimitsSchema(t), [t]);
  const busy = useNavigation().state === "submitting";
  const c = view.category;
  const [form, fields] = useContestForm({
    id: `limits-${c.id}`,
    form: "limits",
    schema,
    reply,
    defaultValue: {
      name: c.name,
      description: c.description,
      acceptedMediaKinds: c.acceptedMediaKinds,
      acceptsText: c.acceptsText ? "on" : "",
      maxTextChars: c.maxTextChars ?? "",
      maxFiles: c.acceptedMediaKinds.length > 0 ? c.maxFiles : "",
      maxFileMb: c.acceptedMediaKinds.length > 0 ? c.maxFileMb : "",
      maxDurationMinutes: c.maxDurationMinutes ?? "",
      gradeMin: c.gradeMin,
      gradeMax: c.gradeMax,
      defaultSchoolQuota: c.defaultSchoolQuota,
    },
  });
  const b = LIMIT_BOUNDS;
  const readOnly = !view.canEdit;
  return (
    <div>
      <ContestHeaderBar header={view.header} current="categories" title={t("contests.limits.title", { category: c.name })} />
      <Link to={`/organiser/contests/${view.header.id}/categories/${c.id}/rubric`} className="mb-4 inline-flex min-h-11 items-center text-lg font-semibold underline underline-offset-4">
        {t("contests.limits.toRubric")}
      </Link>
      <Form method="post" {...getFormProps(form)} className="space-y-5">
        <CsrfInput />
        <input type="hidden" name="expectedStatus" value={view.header.status} />
        {readOnly ? <FrozenNote text={t("contests.refusal.frozen.limits")} /> : view.onlyLoosen ? <FrozenNote text={t("contests.limits.onlyLoosen")} /> : null}
        {c.entries > 0 ? <p className="text-base text-slate-700">{t("contests.limits.entriesNote", { count: c.entries })}</p> : null}
        <Step n={1} title={t("contests.limits.step1")}>
          <Field field={fields.name} label={t("contests.field.categoryName")} />
          <TextArea field={fields.description} label={t("contests.field.categoryDescription")} hint={t("contests.field.categoryDescriptionHint")} />
        </Step>
        <Step n={2} title={t("contests.limits.step2")}>
          <fieldset className="min-w-0 space-y-2" aria-describedby={fields.acceptedMediaKinds.errors?.length ? fields.acceptedMediaKinds.errorId : undefined}>
            <legend className="mb-1 text-lg font-semibold">{t("contests.field.acceptedMediaKinds")}</legend>
            {getCollectionProps(fields.acceptedMediaKinds, { type: "checkbox", options: [...MEDIA_KINDS] }).map(({ key, ...props }) => (
              <label key={key} className="flex min-h-11 cursor-pointer items-center gap-3 rounded-xl bg-stone-50 px-3 py-2 ring-1 ring-slate-300">
                <input {...props} onClick={readOnly ? (e) => e.preventDefault() : undefined} className="size-6 shrink-0 accent-brand-700" />
                <span className="text-lg">{t(MEDIA_KIND_KEYS[props.value as (typeof MEDIA_KINDS)[number]])}</span>
              </label>
            ))}
            <FieldError field={fields.acceptedMediaKinds} />
          </fieldset>
          <Checkbox field={fields.acceptsText} label={t("contests.field.acceptsText")} readOnly={readOnly} />
          <Field field={fields.maxTextChars} label={t("contests.field.maxTextChars")} hint={t("contests.field.maxTextCharsHint", b.maxTextChars)} type="number" suffix={t("contests.unit.chars")} readOnly={readOnly} />
        </Step>
        <Step n={3} title={t("contests.limits.step3")}>
          <Field field={fields.maxFiles} label={t("contests.field.maxFiles")} hint={t("contests.field.maxFilesHint", b.maxFiles)} type="number" suffix={t("contests.unit.files")} readOnly={readOnly} />
          <Field field={fields.maxFileMb} label={t("contests.field.maxFileMb")} hint={t("contests.field.maxFileMbHint", b.maxFileMb)} type="number" suffix="MB" readOnly={readOnly} />
          <Field
            field={fields.maxDurationMinutes}
            label={t("contests.field.maxDurationMinutes")}
            hint={t("contests.field.maxDurationMinutesHint", b.maxDurationMinutes)}
            type="number"
            step="0.5"
            suffix={t("contests.unit.minutes")}
            readOnly={readOnly}
          />
        </Step>
        <Step n={4} title={t("contests.limits.step4")}>
          <div className="grid grid-cols-2 gap-3">
            <Field field={fields.gradeMin} label={t("contests.field.gradeMin")} type="number" readOnly={readOnly} />
            <Field field={fields.gradeMax} label={t("contests.field.gradeMax")} type="number" readOnly={readOnly} />
          </div>
          <Field field={fields.defaultSchoolQuota} label={t("contests.field.defaultSchoolQuota")} hint={t("contests.field.defaultSchoolQuotaHint")} type="number" suffix={t("contests.unit.entries")} />
        </Step>
        <FormErrors form={form} />
        <ReplyBanner reply={reply} form="limits" />
        <Button block disabled={busy}>
          {busy ? t("contests.form.saving") : t("contests.limits.save")}
        </Button>
      </Form>
    </div>
  );
}
