// Pieces the contest editor's forms share: labelled conform fields (text,
// number, date-time, select, checkbox), their errors, the form's own errors,
// and the answer to the last save. Phone first: full-width controls at least
// 44 px tall, 18 px text, labels above.
import { getInputProps, getSelectProps, getTextareaProps, useForm, type DefaultValue, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import { fallbackErrorMap } from "~/domain/contest-forms.ts";
import { Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/index.ts";
import { TextInput } from "~/components/index.ts";
import type { ContestFormReply } from "~/view-models/contests.ts";

/**
 * conform's useForm as every contest form uses it: the schema (built in the
 * reader's words) validates on blur and as a fixed field is typed, and again
 * on the server; the last reply applies only to the form that sent it.
 */
export function useContestForm<S extends z.ZodType<unknown, Record<string, unknown>>>(options: {
  id: string;
  form: string;
  schema: S;
  reply: ContestFormReply | null | undefined;
  defaultValue: DefaultValue<z.input<S>>;
}) {
  const t = useT();
  const { schema } = options;
  return useForm<z.input<S>, z.output<S>>({
    id: options.id,
    lastResult: options.reply?.form === options.form ? options.reply.result : undefined,
    defaultValue: options.defaultValue,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema, error: fallbackErrorMap(t) }),
  });
}

const CONTROL =
  "block w-full min-h-11 rounded-xl border-2 bg-white px-4 py-2 text-lg text-slate-900 focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700/30 read-only:bg-stone-100";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- conform's field metadata is generic in the form's schema
type AnyField = FieldMetadata<any, any, string[]>;

export function FieldError({ field }: { field: AnyField }) {
  if (!field.errors?.length) return null;
  return (
    <p id={field.errorId} className="text-base font-semibold text-brand-800">
      {field.errors[0]}
    </p>
  );
}

export function Labelled({ field, label, hint, children }: { field: AnyField; label: string; hint?: string | null; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={field.id} className="block text-lg font-semibold">
        {label}
      </label>
      {hint ? (
        <p id={field.descriptionId} className="text-base text-slate-700">
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError field={field} />
    </div>
  );
}

type InputType = "text" | "number" | "datetime-local";

/** A labelled input; numbers open the numeric keypad on phones. */
export function Field({
  field,
  label,
  hint,
  type = "text",
  readOnly = false,
  step,
  suffix,
}: {
  field: AnyField;
  label: string;
  hint?: string | null;
  type?: InputType;
  readOnly?: boolean;
  step?: string;
  suffix?: string;
}) {
  const { key, ...props } = getInputProps(field, { type, ariaDescribedBy: hint ? field.descriptionId : undefined });
  const input = (
    <TextInput
      key={key}
      {...props}
      invalid={Boolean(field.errors?.length)}
      readOnly={readOnly}
      step={step}
      inputMode={type === "number" ? (step && step !== "1" ? "decimal" : "numeric") : undefined}
      className={type === "number" ? "tabular-nums" : ""}
    />
  );
  return (
    <Labelled field={field} label={label} hint={hint}>
      {suffix ? (
        <div className="flex items-center gap-2">
          <div className="min-w-0 flex-1">{input}</div>
          <span className="shrink-0 text-lg">{suffix}</span>
        </div>
      ) : (
        input
      )}
    </Labelled>
  );
}

export function TextArea({ field, label, hint, readOnly = false, rows = 3 }: { field: AnyField; label: string; hint?: string | null; readOnly?: boolean; rows?: number }) {
  const { key, ...props } = getTextareaProps(field, { ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <Labelled field={field} label={label} hint={hint}>
      <textarea key={key} {...props} rows={rows} readOnly={readOnly} className={`${CONTROL} ${field.errors?.length ? "border-brand-700" : "border-slate-400"}`} />
    </Labelled>
  );
}

export function Select({
  field,
  label,
  hint,
  options,
  disabled = false,
}: {
  field: AnyField;
  label: string;
  hint?: string | null;
  options: readonly { value: string; label: string }[];
  disabled?: boolean;
}) {
  const { key, ...props } = getSelectProps(field, { ariaDescribedBy: hint ? field.descriptionId : undefined });
  return (
    <Labelled field={field} label={label} hint={hint}>
      <select key={key} {...props} disabled={disabled} className={`${CONTROL} ${field.errors?.length ? "border-brand-700" : "border-slate-400"}`}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** A large tappable checkbox row (the whole row is the label). */
export function Checkbox({ field, label, hint, value, readOnly = false }: { field: AnyField; label: string; hint?: string | null; value?: string; readOnly?: boolean }) {
  const { key, ...props } = getInputProps(field, { type: "checkbox", value: value ?? "on" });
  return (
    <label className="flex min-h-11 cursor-pointer items-start gap-3 rounded-xl bg-stone-50 px-3 py-2 ring-1 ring-slate-300">
      <input key={key} {...props} onClick={readOnly ? (e) => e.preventDefault() : undefined} className="mt-1 size-6 shrink-0 accent-brand-700" />
      <span>
        <span className="block text-lg">{label}</span>
        {hint ? <span className="block text-base text-slate-700">{hint}</span> : null}
      </span>
    </label>
  );
}

/** The form's own errors (stale page, refusals that name categories and entries): all of them, as a list. */
export function FormErrors({ form }: { form: { errors?: string[]; errorId: string } }) {
  const errors = form.errors ?? [];
  if (errors.length === 0) return null;
  return (
    <div id={form.errorId} role="alert" className="space-y-1 rounded-xl border-2 border-brand-700 bg-brand-50 px-4 py-3 text-lg text-brand-900">
      {errors.map((e) => (
        <p key={e} className="font-semibold">
          {e}
        </p>
      ))}
    </div>
  );
}

/**
 * "已保存" after a save, or the summary line of a refusal, for the form that
 * was sent; a stale page gets a link that reloads it.
 */
export function ReplyBanner({ reply, form }: { reply: ContestFormReply | null | undefined; form: string }) {
  const t = useT();
  const location = useLocation();
  if (!reply || reply.form !== form || !reply.message) return null;
  const tone = reply.ok ? "border-green-700 bg-green-50 text-green-900" : "border-amber-600 bg-amber-50 text-amber-950";
  return (
    <div role="status" className={`rounded-xl border-2 px-4 py-3 text-lg font-semibold ${tone}`}>
      <p>{reply.message}</p>
      {reply.stale ? (
        <Link to={location.pathname + location.search} reloadDocument className="inline-flex min-h-11 items-center underline underline-offset-4">
          {t("contests.form.refresh")}
        </Link>
      ) : null}
    </div>
  );
}

/** A note under a section that the contest's stage no longer allows changing it. */
export function FrozenNote({ text }: { text: string }) {
  return <p className="rounded-xl bg-stone-200 px-4 py-3 text-base text-slate-800">{text}</p>;
}

/** Numbered steps within one form ("第1步 …"). */
export function Step({ n, title, children }: { n: number; title: string; children: ReactNode }) {
  return (
    <fieldset className="min-w-0 space-y-4 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <legend className="float-left mb-2 w-full text-xl font-bold">
        <span className="mr-2 inline-flex size-8 items-center justify-center rounded-full bg-brand-700 text-base text-white">{n}</span>
        {title}
      </legend>
      <div className="clear-both space-y-4">{children}</div>
    </fieldset>
  );
}

/** A row's id, sent back so the server keeps the row (and what points at it) instead of making a new one. */
export function HiddenField({ field }: { field: AnyField }) {
  const { key, ...props } = getInputProps(field, { type: "hidden" });
  return <input key={key} {...props} />;
}
