// /organiser/contests: the county's contests with their status and what
// comes next; one primary action, "新建活动".
import { Link } from "@remix-run/react";
import { Card, EmptyState, LinkButton, PageHeader } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import { describeNextStep, seasonLabel, type ContestListView } from "~/view-models/contests.ts";
import { ContestStatusBadge } from "./contest-header.tsx";

export function ContestListPage({ view }: { view: ContestListView }) {
  const t = useT();
  return (
    <div>
      <PageHeader title={t("contests.list.title")} subtitle={view.counties.map((c) => c.name).join(" · ")}>
        {view.canCreate ? (
          <div className="pt-3">
            <LinkButton to="/organiser/contests/new" block>
              {t("contests.list.create")}
            </LinkButton>
          </div>
        ) : null}
      </PageHeader>
      {view.contests.length === 0 ? (
        <EmptyState title={t("contests.list.empty.title")} body={t("contests.list.empty.body")} />
      ) : (
        <ul className="space-y-4">
          {view.contests.map((c) => (
            <li key={c.id}>
              <Card as="article" className="space-y-2">
                <h2 className="text-xl font-bold leading-snug">
                  <Link to={`/organiser/contests/${c.id}`} className="flex min-h-11 items-center underline underline-offset-4">
                    {c.title}
                  </Link>
                </h2>
                <p className="flex flex-wrap items-center gap-2 text-base text-slate-700">
                  <ContestStatusBadge status={c.status} />
                  <span>{seasonLabel(t, c)}</span>
                  <span>{t("contests.list.categories", { count: c.categories })}</span>
                </p>
                <p className="text-lg">{describeNextStep(t, t.locale, c.next)}</p>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
