import { Link } from "@remix-run/react";
import { Card, EmptyState, PageHeader, SectionTitle, StatusBadge } from "~/components/index.ts";
import { useT, type MessageKey } from "~/i18n/index.ts";
import type { CoordinatorHome } from "~/view-models/home.ts";
import { MediaQueueLink } from "./media-queue-link.tsx";

export function CoordinatorHomeView({ data }: { data: CoordinatorHome }) {
  const t = useT();
  if (data.schools.length === 0) {
    return (
      <div>
        <PageHeader title={t("coordinator.title")} />
        <EmptyState title={t("coordinator.noSchool.title")} body={t("coordinator.noSchool.body")} />
      </div>
    );
  }
  return (
    <div className="space-y-8">
      {data.schools.map((school) => (
        <section key={school.schoolId}>
          <PageHeader title={school.schoolName} subtitle={t("coordinator.title")} />
          <SectionTitle>{t("coordinator.entries.title")}</SectionTitle>
          {school.contests.length === 0 ? (
            <EmptyState title={t("coordinator.entries.none")} />
          ) : (
            school.contests.map((contest) => (
              <Card key={contest.id} as="article" className="mb-4">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <h3 className="text-lg font-bold">{contest.title}</h3>
                  <StatusBadge tone="info">{t(`contest.status.${contest.status}` as MessageKey)}</StatusBadge>
                </div>
                <p className="text-base text-slate-700">{t("coordinator.entries.total", { count: contest.total })}</p>
                <ul className="mt-2 divide-y divide-slate-200">
                  {contest.categories.map((cat) => (
                    <li key={cat.id} className="flex min-h-11 items-center justify-between text-lg">
                      <span>{cat.name}</span>
                      <span className="font-semibold tabular-nums">{t("unit.count", { count: cat.submitted })}</span>
                    </li>
                  ))}
                </ul>
                <Link
                  to={`/school/contests/${contest.id}/progress?school=${school.schoolId}`}
                  className="mt-2 inline-flex min-h-11 items-center text-lg font-semibold underline underline-offset-4"
                >
                  {t("contests.home.progressLink")}
                </Link>
                {contest.status === "NOTICE" ? (
                  <Link to={`/notice/${contest.id}`} className="mt-2 block min-h-11 text-lg font-semibold underline underline-offset-4">
                    {t("results.home.noticeLink")}
                  </Link>
                ) : null}
                {contest.status === "FINALISED" ? (
                  <a href={`/school/contests/${contest.id}/certificates.zip`} download className="mt-2 block min-h-11 text-lg font-semibold underline underline-offset-4">
                    {t("results.home.zipLink")}
                  </a>
                ) : null}
                {/* judging (issue 11): the school round, once entries are in */}
                {contest.status !== "DRAFT" ? (
                  <Link
                    to={`/school/contests/${contest.id}/round?school=${school.schoolId}`}
                    className="ml-4 mt-2 inline-flex min-h-11 items-center text-lg font-semibold underline underline-offset-4"
                  >
                    {t("judging.home.schoolRound")}
                  </Link>
                ) : null}
              </Card>
            ))
          )}
          <SectionTitle>{t("coordinator.classes.title")}</SectionTitle>
          {school.classes.length === 0 ? (
            <EmptyState title={t("coordinator.classes.empty")} />
          ) : (
            <ul className="divide-y divide-slate-200 rounded-2xl bg-white ring-1 ring-slate-200">
              {school.classes.map((cls) => (
                <li key={cls.id}>
                  <Link to={`/classes/${cls.id}`} className="flex min-h-11 items-center justify-between px-4 py-2 text-lg hover:bg-slate-50">
                    <span className="font-semibold underline underline-offset-4">{cls.name}</span>
                    <span className="text-base text-slate-700">{t("unit.students", { count: cls.students })}</span>
                  </Link>
                  {/* people (issue 10): enrol a class of the school, print its login slips */}
                  <p className="flex gap-4 px-4 pb-2 text-base">
                    <Link to={`/classes/${cls.id}/intake`} className="inline-flex min-h-11 items-center underline underline-offset-4">
                      {t("people.home.intakeShort")}
                    </Link>
                    <Link to={`/classes/${cls.id}/accounts`} className="inline-flex min-h-11 items-center underline underline-offset-4">
                      {t("people.home.accountsShort")}
                    </Link>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      {/* The files' processing queue: a tool for when something goes wrong, after the school's real work. */}
      <MediaQueueLink />
    </div>
  );
}
