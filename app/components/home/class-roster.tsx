import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Card, EmptyState, StatusBadge } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import type { ClassRoster } from "~/view-models/home.ts";

/**
 * A class's students: name, username (for login slips) and entry counts; for
 * the class's own teacher, a way into each child's entries ("帮TA提交作品"),
 * since teachers help children submit.
 */
export function ClassRosterList({ roster }: { roster: ClassRoster }) {
  const t = useT();
  if (roster.students.length === 0) return <EmptyState title={t("roster.empty.title")} body={t("roster.empty.body")} />;
  return (
    <ul className="divide-y divide-slate-200 rounded-2xl bg-white ring-1 ring-slate-200">
      {roster.students.map((s) => (
        <li key={s.id} className="px-4 py-3">
          <div className="flex items-center justify-between gap-2">
            <span className="text-lg font-semibold">{s.displayName}</span>
            {!s.active ? <StatusBadge tone="neutral">{t("roster.disabled")}</StatusBadge> : null}
          </div>
          <p className="text-base text-slate-700">{t("roster.username", { username: s.username })}</p>
          <p className="text-base text-slate-700">{t("roster.entries", { submitted: s.submitted, drafts: s.drafts })}</p>
          {roster.viewerTeaches && s.active ? (
            <Link
              to={`/entries/new?studentId=${encodeURIComponent(s.id)}`}
              className="mt-1 inline-block min-h-11 py-2 text-base font-semibold text-sky-800 underline underline-offset-4"
            >
              {t("roster.helpSubmit", { name: s.displayName })}
            </Link>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** `actions`: links shown under the class's name, above its (long) list of children. */
export function ClassRosterCard({ roster, actions }: { roster: ClassRoster; actions?: ReactNode }) {
  const t = useT();
  return (
    <Card as="article" className="space-y-3">
      <header>
        <h2 className="text-xl font-bold">{roster.className}</h2>
        <p className="text-base text-slate-700">
          {roster.schoolName ? `${roster.schoolName} · ` : ""}
          {t("unit.students", { count: roster.students.length })}
        </p>
      </header>
      {actions}
      <ClassRosterList roster={roster} />
    </Card>
  );
}
