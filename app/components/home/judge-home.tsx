import { Link } from "@remix-run/react";
import { Card, EmptyState, LinkButton, PageHeader, StatusBadge, type StatusTone } from "~/components/index.ts";
import { useT, type MessageKey } from "~/i18n/index.ts";
import type { JudgeHome } from "~/view-models/home.ts";

const TONE: Record<string, StatusTone> = { ASSIGNED: "warning", IN_PROGRESS: "info", SUBMITTED: "success", RECUSED: "neutral" };

export function JudgeHomeView({ data }: { data: JudgeHome }) {
  const t = useT();
  return (
    <div>
      <PageHeader
        title={t("judge.title")}
        subtitle={data.total > 0 ? t("judge.summary", { total: data.total, pending: data.pending }) : null}
      />
      {data.total === 0 ? (
        <EmptyState title={t("judge.empty.title")} body={t("judge.empty.body")} />
      ) : (
        <>
          {/* judging (issue 11): the queue, where each work is scored */}
          <LinkButton to="/judge" block className="mb-1">
            {t("judging.home.queue")}
          </LinkButton>
          <p className="mb-3 text-base text-slate-700">{t("judging.home.queueHint")}</p>
          <p className="mb-3 text-base text-slate-700">{t("judge.blindNote")}</p>
          <ul className="space-y-3">
            {data.assignments.map((a) => (
              <Card key={a.id} as="li">
                <div className="flex items-start justify-between gap-3">
                  {a.status === "RECUSED" ? (
                    <p className="text-lg font-semibold">{a.entryTitle || t("entry.untitled")}</p>
                  ) : (
                    <Link to={`/judge/assignments/${a.id}`} className="text-lg font-semibold underline underline-offset-4">
                      {a.entryTitle || t("entry.untitled")}
                    </Link>
                  )}
                  <StatusBadge tone={TONE[a.status]}>{t(`assignment.status.${a.status}` as MessageKey)}</StatusBadge>
                </div>
                <p className="text-base text-slate-700">
                  {a.categoryName} · {a.roundName} · {t(`round.level.${a.roundLevel}` as MessageKey)}
                </p>
                <p className="text-base text-slate-600">{a.contestTitle}</p>
              </Card>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
