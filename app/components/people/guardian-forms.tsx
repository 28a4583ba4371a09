// The guardian's forms: registering with a child's link code
// (/guardian/register) and linking another child (/guardian/children).
// Numbered steps, the link code first (it is what the slip in their hand
// says), big inputs, one button. UI only.
import { Form, Link, useNavigation } from "@remix-run/react";
import { Button, Card, CsrfInput, FormError, PageHeader, TextField } from "~/components/index.ts";
import { GUARDIAN_RELATIONS } from "~/domain/people/forms.ts";
import { useT, type MessageKey } from "~/i18n/index.ts";
import { StepHeading } from "./ui.tsx";

export type GuardianFormAnswer = { formError: string | null; fieldErrors: Record<string, string>; values: Record<string, string> };

function RelationChoice({ error, defaultValue }: { error?: string; defaultValue?: string }) {
  const t = useT();
  return (
    <fieldset className="space-y-2">
      <legend className="text-lg font-semibold">{t("guardian.form.relation")}</legend>
      <div className="grid grid-cols-2 gap-2">
        {GUARDIAN_RELATIONS.map((relation) => (
          <label key={relation} className="flex min-h-11 items-center gap-2 rounded-xl bg-white px-3 ring-2 ring-slate-300 has-[:checked]:ring-brand-700">
            <input type="radio" name="relation" value={relation} defaultChecked={defaultValue === relation} required className="h-5 w-5 shrink-0 accent-brand-700" />
            <span className="text-lg">{t(`guardian.form.relation.${relation}` as MessageKey)}</span>
          </label>
        ))}
      </div>
      {error ? <p className="text-base font-semibold text-brand-800">{error}</p> : null}
    </fieldset>
  );
}

function LinkCodeField({ error, defaultValue }: { error?: string; defaultValue?: string }) {
  const t = useT();
  return (
    <TextField
      label={t("guardian.form.linkCode")}
      hint={t("guardian.form.linkCodeHint")}
      name="linkCode"
      autoComplete="off"
      autoCapitalize="characters"
      autoCorrect="off"
      spellCheck={false}
      maxLength={40}
      placeholder="ACE-FH4-7KN"
      required
      defaultValue={defaultValue}
      error={error}
      className="font-mono text-xl tracking-widest"
    />
  );
}

export function GuardianRegisterForm({ answer }: { answer: GuardianFormAnswer | null }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = answer?.fieldErrors ?? {};
  const values = answer?.values ?? {};
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={t("guardian.register.title")} subtitle={t("guardian.register.intro")} />
      <Card>
        <Form method="post" replace className="space-y-5">
          <CsrfInput />
          <FormError message={answer?.formError} />
          <StepHeading number={1} label={t("guardian.register.step1")} />
          <LinkCodeField error={errors.linkCode} defaultValue={values.linkCode} />
          <RelationChoice error={errors.relation} defaultValue={values.relation} />
          <StepHeading number={2} label={t("guardian.register.step2")} />
          <TextField
            label={t("guardian.form.phone")}
            hint={t("guardian.form.phoneHint")}
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            maxLength={20}
            required
            defaultValue={values.phone}
            error={errors.phone}
          />
          <TextField label={t("guardian.form.name")} hint={t("guardian.form.nameHint")} name="displayName" autoComplete="name" maxLength={20} defaultValue={values.displayName} error={errors.displayName} />
          <StepHeading number={3} label={t("guardian.register.step3")} />
          <TextField label={t("password.new")} hint={t("password.newHint")} name="password" type="password" autoComplete="new-password" required maxLength={128} error={errors.password} />
          <TextField label={t("password.confirm")} name="confirmPassword" type="password" autoComplete="new-password" required maxLength={128} error={errors.confirmPassword} />
          <Button block disabled={busy}>
            {busy ? t("guardian.register.submitting") : t("guardian.register.submit")}
          </Button>
        </Form>
      </Card>
      <p className="mt-5 text-lg">
        {t("guardian.register.haveAccount")}{" "}
        <Link to="/login" className="font-semibold underline underline-offset-4">
          {t("guardian.register.toLogin")}
        </Link>
      </p>
    </div>
  );
}

export function LinkChildForm({ answer, atLimit, maxChildren }: { answer: GuardianFormAnswer | null; atLimit: boolean; maxChildren: number }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const errors = answer?.fieldErrors ?? {};
  return (
    <Card className="space-y-4">
      <h2 className="text-xl font-bold">{t("guardian.link.title")}</h2>
      {atLimit ? <p className="text-lg">{t("guardian.error.too_many_children", { max: maxChildren })}</p> : <p className="text-lg">{t("guardian.link.intro", { max: maxChildren })}</p>}
      <Form method="post" replace className="space-y-5">
        <CsrfInput />
        <FormError message={answer?.formError} />
        <LinkCodeField error={errors.linkCode} defaultValue={answer?.values.linkCode} />
        <RelationChoice error={errors.relation} defaultValue={answer?.values.relation} />
        <Button block disabled={busy}>
          {busy ? t("guardian.link.submitting") : t("guardian.link.submit")}
        </Button>
      </Form>
    </Card>
  );
}
