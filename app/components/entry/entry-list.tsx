import { Link } from "@remix-run/react";
import { Card, StatusBadge } from "~/components/index.ts";
import { formatDate, useT } from "~/i18n/index.ts";
import type { EntrySummary } from "~/view-models/entries.ts";
import { ENTRY_STATUS_TONE } from "./entry-status.ts";

/** A child's entries, each a link to its page with its status: the student home and /entries/new. */
export function EntryList({ entries }: { entries: readonly EntrySummary[] }) {
  const t = useT();
  return (
    <ul className="space-y-3">
      {entries.map((entry) => (
        <Card key={entry.id} as="li">
          <Link to={`/entries/${entry.id}`} className="block min-h-11 rounded-xl hover:bg-slate-50">
            <span className="flex items-start justify-between gap-3">
              <span className="text-lg font-semibold underline underline-offset-4">{entry.title || t("entry.untitled")}</span>
              <StatusBadge tone={ENTRY_STATUS_TONE[entry.status]}>{t(`entry.status.${entry.status}`)}</StatusBadge>
            </span>
            <span className="block text-base text-slate-700">
              {entry.categoryName} · {entry.contestTitle}
            </span>
            <span className="block text-base text-slate-600">{t("entry.updatedAt", { date: formatDate(t.locale, entry.updatedAt) })}</span>
          </Link>
        </Card>
      ))}
    </ul>
  );
}
