import { Link } from "@remix-run/react";
import { Card, EmptyState, PageHeader, StatusBadge } from "~/components/index.ts";
import { formatMonthDay, useT, type MessageKey } from "~/i18n/index.ts";
import type { OrganiserHome } from "~/view-models/home.ts";
import { MediaQueueLink } from "./media-queue-link.tsx";

export function OrganiserHomeView({ data }: { data: OrganiserHome }) {
  const t = useT();
  const contests = data.counties.flatMap((c) => c.contests);
  return (
    <div>
      <PageHeader title={t("organiser.title")} subtitle={data.counties.map((c) => c.name).join(" · ")}>
        <div className="space-y-2">
          <Link to="/organiser/contests" className="block min-h-11 rounded-xl bg-white px-4 py-2 ring-1 ring-slate-300 hover:bg-slate-50">
            <span className="text-lg font-semibold underline underline-offset-4">{t("contests.home.link")}</span>
            <span className="block text-base text-slate-700">{t("contests.home.linkHint")}</span>
          </Link>
        </div>
      </PageHeader>
      {contests.length === 0 ? (
        <EmptyState title={t("organiser.empty.title")} body={t("organiser.empty.body")} />
      ) : (
        <div className="space-y-5">
          {contests.map((contest) => (
            <Card key={contest.id} as="article" className="space-y-4">
              <header>
                <h2 className="text-xl font-bold leading-snug">{contest.title}</h2>
                <div className="mt-1 flex flex-wrap items-center gap-2">
                  <StatusBadge tone="info">{t(`contest.status.${contest.status}` as MessageKey)}</StatusBadge>
                  <span className="text-base text-slate-700">{t("contest.deadline", { date: formatMonthDay(t.locale, contest.submissionClosesAt) })}</span>
                </div>
                <p className="mt-1 text-lg font-semibold">{t("organiser.total", { count: contest.total })}</p>
                {/* judging (issue 11): the school round's nominations and the county's panels */}
                <p className="mt-1 flex flex-wrap gap-x-4 text-base">
                  <Link to={`/organiser/contests/${contest.id}/nominations`} className="inline-flex min-h-11 items-center font-semibold underline underline-offset-4">
                    {t("judging.home.nominations")}
                  </Link>
                  <Link to={`/organiser/contests/${contest.id}/judging`} className="inline-flex min-h-11 items-center font-semibold underline underline-offset-4">
                    {t("judging.home.countyRound")}
                  </Link>
                </p>
              </header>
              <section>
                <h3 className="text-base font-semibold text-slate-700">{t("organiser.byCategory")}</h3>
                <ul className="mt-1 grid grid-cols-2 gap-2 sm:grid-cols-5">
                  {contest.categories.map((cat) => (
                    <li key={cat.id} className="rounded-xl bg-stone-100 px-3 py-2">
                      <span className="block text-base">{cat.name}</span>
                      <span className="text-xl font-bold tabular-nums">{cat.submitted}</span>
                    </li>
                  ))}
                </ul>
              </section>
              <section>
                <h3 className="text-base font-semibold text-slate-700">{t("organiser.bySchool")}</h3>
                {contest.schools.length === 0 ? (
                  <p className="text-base">{t("organiser.noSchools")}</p>
                ) : (
                  <ul className="mt-1 divide-y divide-slate-200">
                    {contest.schools.map((school) => (
                      <li key={school.id} className="py-2">
                        <div className="flex items-baseline justify-between gap-2 text-lg">
                          <span className="font-semibold">{school.name}</span>
                          <span className="font-bold tabular-nums">{t("organiser.schoolTotal", { count: school.total })}</span>
                        </div>
                        <p className="flex flex-wrap gap-x-4 text-base text-slate-700">
                          {contest.categories.map((cat, i) => (
                            <span key={cat.id} className="whitespace-nowrap">
                              {cat.name} <span className="tabular-nums">{school.byCategory[i] ?? 0}</span>
                            </span>
                          ))}
                        </p>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </Card>
          ))}
        </div>
      )}
      {/* The files' processing queue: a tool for when something goes wrong, after the day's real work. */}
      <div className="mt-8">
        <MediaQueueLink />
      </div>
    </div>
  );
}
