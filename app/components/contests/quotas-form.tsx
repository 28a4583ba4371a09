// /organiser/contests/:contestId/quotas?category=…: how many entries each
// school may nominate in one category: the default for every school, and a
// school's own number where it differs (blank: the default). Schools are
// grouped by township; the nominations already made are shown beside them.
import { getFormProps } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { Button, CsrfInput, EmptyState } from "~/components/index.ts";
import { LIMIT_BOUNDS, quotasSchema } from "~/domain/contest-forms.ts";
import { useT } from "~/i18n/index.ts";
import { townshipName, type ContestFormReply, type QuotasView } from "~/view-models/contests.ts";
import { ContestHeaderBar } from "./contest-header.tsx";
import { Field, FieldError, FormErrors, FrozenNote, HiddenField, ReplyBanner, useContestForm } from "./form-parts.tsx";

export function QuotasPage({ view, reply }: { view: QuotasView; reply: ContestFormReply | null }) {
  const t = useT();
  const base = `/organiser/contests/${view.header.id}/quotas`;
  return (
    <div>
      <ContestHeaderBar header={view.header} current="quotas" />
      <p className="mb-4 text-base text-slate-700">{t("contests.quotas.intro")}</p>
      {view.category === null ? (
        <EmptyState title={t("contests.quotas.noCategories")} />
      ) : (
        <>
          <nav aria-label={t("contests.quotas.categoryNav")} className="-mx-4 mb-4 overflow-x-auto px-4">
            <ul className="flex gap-2 pb-1">
              {view.categories.map((c) => (
                <li key={c.id} className="shrink-0">
                  <Link
                    to={`${base}?category=${c.id}`}
                    aria-current={c.id === view.category?.id ? "page" : undefined}
                    className={`inline-flex min-h-11 items-center rounded-full px-4 text-base font-semibold ring-1 ring-inset ${
                      c.id === view.category?.id ? "bg-slate-800 text-white ring-slate-800" : "bg-white ring-slate-300 hover:bg-slate-50"
                    }`}
                  >
                    {c.name}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <QuotasForm key={`${view.category.id}:${view.version}`} view={view} category={view.category} reply={reply} />
        </>
      )}
    </div>
  );
}

function QuotasForm({ view, category, reply }: { view: QuotasView; category: NonNullable<QuotasView["category"]>; reply: ContestFormReply | null }) {
  const t = useT();
  const schema = useMemo(() => quotasSchema(t), [t]);
  const busy = useNavigation().state === "submitting";
  const schools = view.townships.flatMap((g) => g.schools);
  const [form, fields] = useContestForm({
    id: `quotas-${category.id}`,
    form: "quotas",
    schema,
    reply,
    defaultValue: { categoryId: category.id, defaultSchoolQuota: category.defaultSchoolQuota, overrides: schools.map((s) => ({ schoolId: s.id, quota: s.quota ?? "" })) },
  });
  const rows = fields.overrides.getFieldList();
  const readOnly = !view.canEdit;
  // Rows follow the schools in township order (the default value's order).
  const firstRow = view.townships.map((_, i) => view.townships.slice(0, i).reduce((n, g) => n + g.schools.length, 0));
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <CsrfInput />
      <input type="hidden" name="expectedStatus" value={view.header.status} />
      <input type="hidden" name="categoryId" value={category.id} />
      {readOnly ? <FrozenNote text={t("contests.refusal.frozen.quotas")} /> : null}
      <Field
        field={fields.defaultSchoolQuota}
        label={t("contests.quotas.default", { category: category.name })}
        hint={t("contests.form.integerRange", LIMIT_BOUNDS.quota)}
        type="number"
        suffix={t("contests.unit.entries")}
        readOnly={readOnly}
      />
      {view.townships.map((township, g) => (
        <details key={township.id} open className="rounded-2xl bg-white ring-1 ring-slate-200">
          <summary className="flex min-h-11 cursor-pointer items-center px-4 text-lg font-bold">{t("contests.quotas.township", { name: townshipName(t, township), count: township.schools.length })}</summary>
          <ul className="divide-y divide-slate-200 px-4 pb-2">
            {township.schools.map((school, i) => {
              const row = rows[firstRow[g]! + i]!.getFieldset();
              return (
                <li key={school.id} className="py-2">
                  <HiddenField field={row.schoolId} />
                  <Field
                    field={row.quota}
                    label={school.name}
                    hint={t("contests.quotas.schoolHint", { nominated: school.nominated, default: category.defaultSchoolQuota })}
                    type="number"
                    suffix={t("contests.unit.entries")}
                    readOnly={readOnly}
                  />
                </li>
              );
            })}
          </ul>
        </details>
      ))}
      <FieldError field={fields.overrides} />
      <FormErrors form={form} />
      <ReplyBanner reply={reply} form="quotas" />
      <Button block disabled={busy || readOnly}>
        {busy ? t("contests.form.saving") : t("contests.quotas.save")}
      </Button>
    </Form>
  );
}
