// The top of every contest page: the theme, its season and status, and the
// contest's sections as a row of tabs (scrolls sideways on a phone).
import { Link } from "@remix-run/react";
import { StatusBadge, type StatusTone } from "~/components/index.ts";
import { useT, type MessageKey } from "~/i18n/index.ts";
import { seasonLabel, STATUS_KEYS, type ContestHeader } from "~/view-models/contests.ts";
import type { ContestStatus } from "~/domain/contest.ts";

export type ContestSection = "overview" | "details" | "categories" | "bands" | "awards" | "quotas" | "entries" | "progress";

const SECTIONS: readonly { section: ContestSection; path: string; label: MessageKey }[] = [
  { section: "overview", path: "", label: "contests.nav.overview" },
  { section: "details", path: "/details", label: "contests.nav.details" },
  { section: "categories", path: "/categories", label: "contests.nav.categories" },
  { section: "bands", path: "/bands", label: "contests.nav.bands" },
  { section: "awards", path: "/awards", label: "contests.nav.awards" },
  { section: "quotas", path: "/quotas", label: "contests.nav.quotas" },
  { section: "entries", path: "/entries", label: "contests.nav.entries" },
  { section: "progress", path: "/progress", label: "contests.nav.progress" },
];

export const STATUS_TONES: Record<ContestStatus, StatusTone> = {
  DRAFT: "neutral",
  OPEN: "success",
  SCHOOL_ROUND: "info",
  COUNTY_JUDGING: "info",
  NOTICE: "warning",
  FINALISED: "success",
  ARCHIVED: "neutral",
};

export function ContestStatusBadge({ status }: { status: ContestStatus }) {
  const t = useT();
  return <StatusBadge tone={STATUS_TONES[status]}>{t(STATUS_KEYS[status])}</StatusBadge>;
}

export function ContestHeaderBar({ header, current, title }: { header: ContestHeader; current: ContestSection; title?: string }) {
  const t = useT();
  const base = `/organiser/contests/${header.id}`;
  return (
    <header className="mb-5 space-y-3">
      <Link to="/organiser/contests" className="inline-flex min-h-11 items-center text-base underline underline-offset-4">
        {t("contests.nav.all")}
      </Link>
      <div className="space-y-1">
        <h1 className="text-2xl font-bold leading-snug">{title ?? header.title}</h1>
        <p className="flex flex-wrap items-center gap-2 text-base text-slate-700">
          <ContestStatusBadge status={header.status} />
          <span>{seasonLabel(t, header)}</span>
          <span>{header.countyName}</span>
          {title ? <span className="font-semibold text-slate-900">{header.title}</span> : null}
        </p>
      </div>
      <nav aria-label={t("contests.nav.label")} className="-mx-4 overflow-x-auto px-4">
        <ul className="flex gap-2 pb-1">
          {SECTIONS.map((s) => {
            const active = s.section === current;
            return (
              <li key={s.section} className="shrink-0">
                <Link
                  to={`${base}${s.path}`}
                  aria-current={active ? "page" : undefined}
                  className={`inline-flex min-h-11 items-center rounded-full px-4 text-base font-semibold ring-1 ring-inset ${
                    active ? "bg-brand-700 text-white ring-brand-700" : "bg-white text-slate-900 ring-slate-300 hover:bg-slate-50"
                  }`}
                >
                  {t(s.label)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </header>
  );
}
