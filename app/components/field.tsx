import { useId, type InputHTMLAttributes } from "react";

const INPUT =
  "block w-full min-h-11 rounded-xl border-2 bg-white px-4 py-2 text-lg text-slate-900 placeholder:text-slate-500 " +
  "focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700/30";

export function TextInput({ invalid = false, className = "", ...props }: InputHTMLAttributes<HTMLInputElement> & { invalid?: boolean }) {
  return (
    <input
      className={`${INPUT} ${invalid ? "border-brand-700" : "border-slate-400"} ${className}`}
      aria-invalid={invalid || undefined}
      {...props}
    />
  );
}

type TextFieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  hint?: string;
  error?: string | null;
};

/** A labelled input with its hint and error, wired up for screen readers. */
export function TextField({ label, hint, error, id, ...props }: TextFieldProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={inputId} className="block text-lg font-semibold">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-base text-slate-700">
          {hint}
        </p>
      ) : null}
      <TextInput
        id={inputId}
        invalid={Boolean(error)}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...props}
      />
      {error ? (
        <p id={errorId} className="text-base font-semibold text-brand-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A form-level message (wrong password, too many attempts). */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="rounded-xl border-2 border-brand-700 bg-brand-50 px-4 py-3 text-lg font-semibold text-brand-900">
      {message}
    </div>
  );
}
