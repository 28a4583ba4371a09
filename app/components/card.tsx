import type { ReactNode } from "react";

export function Card({ children, className = "", as: Tag = "section" }: { children: ReactNode; className?: string; as?: "section" | "article" | "div" | "li" }) {
  return <Tag className={`rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 ${className}`}>{children}</Tag>;
}

export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: string | null; children?: ReactNode }) {
  return (
    <header className="mb-5 space-y-1">
      <h1 className="text-2xl font-bold leading-snug">{title}</h1>
      {subtitle ? <p className="text-lg text-slate-700">{subtitle}</p> : null}
      {children}
    </header>
  );
}

export function SectionTitle({ children }: { children: ReactNode }) {
  return <h2 className="mb-3 mt-7 text-xl font-bold">{children}</h2>;
}

/** Honest "nothing here yet": what is missing and what makes it appear. */
export function EmptyState({ title, body, children }: { title: string; body?: string; children?: ReactNode }) {
  return (
    <div className="rounded-2xl border-2 border-dashed border-slate-300 bg-white/60 px-4 py-6 text-center">
      <p className="text-lg font-semibold">{title}</p>
      {body ? <p className="mt-1 text-base text-slate-700">{body}</p> : null}
      {children ? <div className="mt-4">{children}</div> : null}
    </div>
  );
}

export type StatusTone = "neutral" | "info" | "success" | "warning" | "danger";

const TONES: Record<StatusTone, string> = {
  neutral: "bg-slate-100 text-slate-800 ring-slate-300",
  info: "bg-sky-50 text-sky-900 ring-sky-300",
  success: "bg-green-50 text-green-900 ring-green-300",
  warning: "bg-amber-50 text-amber-900 ring-amber-300",
  danger: "bg-brand-50 text-brand-900 ring-brand-100",
};

export function StatusBadge({ tone = "neutral", children }: { tone?: StatusTone; children: ReactNode }) {
  return (
    <span className={`inline-flex items-center whitespace-nowrap rounded-full px-3 py-0.5 text-base font-semibold ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}
