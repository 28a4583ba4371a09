// 第1步 填写作品信息: title, a few words about the work, and the typed text for
// categories that take it, with a live character count. The form (id
// ENTRY_FORM_ID) is also what "提交作品" further down sends, so typed words are
// saved whichever button is pressed and nothing is lost to a refusal.
import { Form, useNavigation } from "@remix-run/react";
import { useId, type TextareaHTMLAttributes } from "react";
import { Button, CsrfInput, TextField } from "~/components/index.ts";
import { ENTRY_DESCRIPTION_MAX, ENTRY_TEXT_FALLBACK_MAX, ENTRY_TITLE_MAX, countChars } from "~/domain/entry-rules.ts";
import { useT } from "~/i18n/index.ts";
import type { CategorySummary } from "~/view-models/category.ts";

export const ENTRY_FORM_ID = "entry-form";

export type DetailValues = { title: string; description: string; bodyText: string };

/** HTML maxlength counts UTF-16 units, not 字: a generous hard stop only; the counter and the server hold the real limit. */
const hardStop = (max: number) => max * 2 + 100;

export function EntryDetailsForm(props: {
  category: CategorySummary;
  /** What is saved (shown when the entry can no longer be changed). */
  initial: DetailValues;
  /** The fields' values: typed, restored from this browser, or saved (controlled inputs). */
  live: DetailValues;
  onChange: (values: DetailValues) => void;
  fieldErrors: Partial<Record<keyof DetailValues, string>>;
  editable: boolean;
}) {
  const { category, initial, live, onChange, fieldErrors, editable } = props;
  const t = useT();
  const navigation = useNavigation();
  const saving = navigation.state !== "idle" && navigation.formData?.get("intent") === "save";
  const set = (field: keyof DetailValues) => (event: { currentTarget: { value: string } }) => onChange({ ...live, [field]: event.currentTarget.value });
  const maxText = category.maxTextChars ?? ENTRY_TEXT_FALLBACK_MAX;

  if (!editable) return <ReadOnlyDetails values={initial} acceptsText={category.acceptsText} />;
  return (
    <Form method="post" id={ENTRY_FORM_ID} replace preventScrollReset className="space-y-5">
      <CsrfInput />
      <TextField
        label={t("entryPage.field.title")}
        hint={t("entryPage.field.titleHint", { max: ENTRY_TITLE_MAX })}
        name="title"
        value={live.title}
        onChange={set("title")}
        maxLength={hardStop(ENTRY_TITLE_MAX)}
        autoComplete="off"
        enterKeyHint="done"
        error={fieldErrors.title}
      />
      <Counter count={countChars(live.title.trim())} max={ENTRY_TITLE_MAX} />
      <TextArea
        label={t("entryPage.field.description")}
        hint={t("entryPage.field.descriptionHint", { max: ENTRY_DESCRIPTION_MAX })}
        name="description"
        rows={3}
        value={live.description}
        onChange={set("description")}
        maxLength={hardStop(ENTRY_DESCRIPTION_MAX)}
        error={fieldErrors.description}
        count={countChars(live.description.trim())}
        max={ENTRY_DESCRIPTION_MAX}
      />
      {category.acceptsText ? (
        <TextArea
          label={t("entryPage.field.bodyText")}
          hint={t("entryPage.field.bodyTextHint", { max: maxText })}
          name="bodyText"
          rows={10}
          value={live.bodyText}
          onChange={set("bodyText")}
          maxLength={hardStop(maxText)}
          error={fieldErrors.bodyText}
          count={countChars(live.bodyText.trim())}
          max={maxText}
        />
      ) : null}
      <Button variant="secondary" name="intent" value="save" block disabled={saving}>
        {saving ? t("entryPage.saving") : t("entryPage.save")}
      </Button>
    </Form>
  );
}

function Counter({ count, max, id }: { count: number; max: number; id?: string }) {
  const t = useT();
  const over = count - max;
  return (
    <p id={id} aria-live="polite" className={`text-right text-base tabular-nums ${over > 0 ? "font-semibold text-brand-800" : "text-slate-600"}`}>
      {over > 0 ? t("entryPage.field.counterOver", { count, max, over }) : t("entryPage.field.counter", { count, max })}
    </p>
  );
}

type TextAreaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint: string; name: string; error?: string; count: number; max: number };

function TextArea({ label, hint, error, count, max, ...props }: TextAreaProps) {
  const id = useId();
  const describedBy = [`${id}-hint`, `${id}-count`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-lg font-semibold">
        {label}
      </label>
      <p id={`${id}-hint`} className="text-base text-slate-700">
        {hint}
      </p>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`block w-full rounded-xl border-2 bg-white px-4 py-3 text-lg leading-relaxed text-slate-900 focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700/30 ${error ? "border-brand-700" : "border-slate-400"}`}
        {...props}
      />
      <Counter id={`${id}-count`} count={count} max={max} />
      {error ? (
        <p id={`${id}-error`} className="text-base font-semibold text-brand-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function ReadOnlyDetails({ values, acceptsText }: { values: DetailValues; acceptsText: boolean }) {
  const t = useT();
  const rows: [string, string][] = [
    [t("entryPage.field.title"), values.title],
    [t("entryPage.field.description"), values.description],
    ...(acceptsText ? ([[t("entryPage.field.bodyText"), values.bodyText]] as [string, string][]) : []),
  ];
  return (
    <dl className="space-y-4">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt className="text-base font-semibold text-slate-700">{label}</dt>
          <dd className="whitespace-pre-wrap break-words text-lg">{value || t("entryPage.noText")}</dd>
        </div>
      ))}
    </dl>
  );
}
