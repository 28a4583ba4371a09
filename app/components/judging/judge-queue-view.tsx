// The judge's queue: blind (code, title, category), open rounds first.
import { Link } from "@remix-run/react";
import { EmptyState, PageHeader, StatusBadge, type StatusTone } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import type { JudgeQueueView } from "~/view-models/judging.ts";

export const ASSIGNMENT_TONE: Record<string, StatusTone> = { ASSIGNED: "warning", IN_PROGRESS: "info", SUBMITTED: "success", RECUSED: "neutral" };

export function JudgeQueuePage({ view }: { view: JudgeQueueView }) {
  const t = useT();
  return (
    <div className="space-y-4">
      <PageHeader title={t("judging.queue.title")} subtitle={view.pending > 0 ? t("judging.queue.pending", { count: view.pending }) : null}>
        <p className="text-base text-slate-700">{t("judging.queue.intro")}</p>
      </PageHeader>
      {view.schoolRounds.map((r) => (
        <Link key={`${r.contestId}:${r.schoolId}`} to={`/school/contests/${r.contestId}/round?school=${r.schoolId}`} className="block min-h-11 rounded-xl bg-white px-4 py-3 text-lg font-semibold underline underline-offset-4 ring-1 ring-slate-300">
          {t("judging.home.schoolRound")} · {r.title}
        </Link>
      ))}
      {view.items.length === 0 ? (
        <EmptyState title={t("judging.queue.empty")} />
      ) : (
        <ul className="space-y-3">
          {view.items.map((item) => (
            <li key={item.assignmentId}>
              <Link to={`/judge/assignments/${item.assignmentId}`} className="block rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:bg-slate-50">
                <div className="flex items-start justify-between gap-3">
                  <span className="text-lg font-semibold underline underline-offset-4">{item.title || t("entry.untitled")}</span>
                  <StatusBadge tone={item.open ? ASSIGNMENT_TONE[item.status] : "neutral"}>{item.open ? t(`judging.status.${item.status}`) : t("judging.queue.closed")}</StatusBadge>
                </div>
                <span className="block text-base text-slate-700">
                  {t("judging.queue.code", { code: item.code })} · {item.categoryName} · {t(`judging.level.${item.level}`)}
                </span>
                <span className="block text-base text-slate-600">{item.contestTitle}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
