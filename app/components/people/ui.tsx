// Small pieces the people pages share: numbered steps, banners, a list
// textarea and file picker, a line-numbered problem list. UI only.
import type { ReactNode, TextareaHTMLAttributes } from "react";
import { useId } from "react";

const TONES = {
  success: "border-green-700 bg-green-50 text-green-950",
  warning: "border-amber-600 bg-amber-50 text-amber-950",
  danger: "border-brand-700 bg-brand-50 text-brand-900",
  info: "border-sky-700 bg-sky-50 text-sky-950",
} as const;
export type BannerTone = keyof typeof TONES;

/** A message that must be seen: a result, a refusal, what to do next. */
export function Banner({ tone, title, children, role }: { tone: BannerTone; title?: string; children?: ReactNode; role?: "status" | "alert" }) {
  return (
    <div role={role ?? (tone === "danger" ? "alert" : "status")} className={`space-y-2 rounded-xl border-2 px-4 py-3 ${TONES[tone]}`}>
      {title ? <p className="text-lg font-bold">{title}</p> : null}
      {children ? <div className="space-y-2 text-lg">{children}</div> : null}
    </div>
  );
}

/** "第1步 粘贴名单": the step's number in a circle, its name beside it; later steps greyed until reached. */
export function StepHeading({ number, label, active = true }: { number: number; label: string; active?: boolean }) {
  return (
    <h2 className={`mb-3 mt-6 flex items-center gap-3 text-xl font-bold ${active ? "" : "text-slate-500"}`}>
      <span
        aria-hidden="true"
        className={`inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-lg ${active ? "bg-brand-700 text-white" : "bg-slate-300 text-slate-700"}`}
      >
        {number}
      </span>
      <span>{label}</span>
    </h2>
  );
}

type TextAreaProps = TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: string; name: string };

export function TextAreaField({ label, hint, id, className = "", ...props }: TextAreaProps) {
  const autoId = useId();
  const inputId = id ?? autoId;
  return (
    <div className="space-y-1.5">
      <label htmlFor={inputId} className="block text-lg font-semibold">
        {label}
      </label>
      {hint ? <p id={`${inputId}-hint`} className="text-base text-slate-700">{hint}</p> : null}
      <textarea
        id={inputId}
        aria-describedby={hint ? `${inputId}-hint` : undefined}
        className={`block w-full rounded-xl border-2 border-slate-400 bg-white px-3 py-2 text-lg leading-relaxed focus:border-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700/30 ${className}`}
        {...props}
      />
    </div>
  );
}

/** A file picker as big as a button (the native one is tiny on a phone). */
export function FileField({ label, hint, name, accept }: { label: string; hint?: string; name: string; accept: string }) {
  const id = useId();
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-lg font-semibold">
        {label}
      </label>
      {hint ? <p className="text-base text-slate-700">{hint}</p> : null}
      <input
        id={id}
        type="file"
        name={name}
        accept={accept}
        className="block min-h-11 w-full rounded-xl border-2 border-dashed border-slate-400 bg-white px-3 py-2 text-base file:mr-3 file:min-h-10 file:rounded-lg file:border-0 file:bg-slate-200 file:px-4 file:text-base file:font-semibold"
      />
    </div>
  );
}

export function SelectField({ label, name, children, defaultValue, value, onChange, required }: {
  label: string;
  name: string;
  children: ReactNode;
  defaultValue?: string;
  value?: string;
  onChange?: (value: string) => void;
  required?: boolean;
}) {
  const id = useId();
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-lg font-semibold">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        value={value}
        required={required}
        onChange={onChange ? (e) => onChange(e.target.value) : undefined}
        className="block min-h-11 w-full rounded-xl border-2 border-slate-400 bg-white px-3 py-2 text-lg focus:border-brand-700 focus:outline-none"
      >
        {children}
      </select>
    </div>
  );
}

/** Problems by line, as a teacher finds them in Excel: "第 5 行 · 姓名 · 名字里有数字或符号". */
export function LineProblems({ items }: { items: { key: string; line: string; field: string; message: string }[] }) {
  return (
    <ol className="divide-y divide-amber-200 rounded-xl bg-white ring-1 ring-amber-300">
      {items.map((item) => (
        <li key={item.key} className="flex gap-3 px-3 py-2">
          <span className="shrink-0 whitespace-nowrap rounded-lg bg-amber-100 px-2 py-0.5 text-base font-bold tabular-nums text-amber-950">{item.line}</span>
          <span className="min-w-0 text-lg">
            <span className="font-semibold">{item.field}</span>
            {item.field ? " · " : ""}
            {item.message}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** A collapsed list (names in a plan) that opens on a tap. */
export function Expandable({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="rounded-xl bg-white ring-1 ring-slate-200">
      <summary className="flex min-h-11 cursor-pointer items-center px-4 text-lg font-semibold">{summary}</summary>
      <div className="border-t border-slate-200 px-4 py-3">{children}</div>
    </details>
  );
}
