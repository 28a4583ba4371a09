// The school round: per category the quota, then the works per grade band
// with teachers' scores, "打分" for teachers and "推荐" with a reason for the
// coordinator. One card per work, picture first.
import { Form, Link } from "@remix-run/react";
import { Button, Card, CsrfInput, EmptyState, PageHeader, SectionTitle, StatusBadge } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import type { JudgingReply, SchoolRoundEntry, SchoolRoundView } from "~/view-models/judging.ts";
import { ReplyBanner } from "./reply-banner.tsx";

type Reply = (JudgingReply & { entryId?: string }) | null;

export function SchoolRoundPage({ view, reply }: { view: SchoolRoundView; reply: Reply }) {
  const t = useT();
  return (
    <div className="space-y-4">
      <PageHeader title={`${view.school.name} · ${t("judging.school.title")}`} subtitle={view.contest.title}>
        <p className="text-base text-slate-700">{t("judging.school.intro")}</p>
      </PageHeader>
      {view.otherSchools.length > 0 ? (
        <p className="flex flex-wrap gap-3 text-base">
          <span>{t("judging.school.otherSchools")}:</span>
          {view.otherSchools.map((s) => (
            <Link key={s.id} to={`?school=${s.id}`} className="underline underline-offset-4">
              {s.name}
            </Link>
          ))}
        </p>
      ) : null}
      {!view.roundOpen ? <p className="rounded-xl bg-amber-50 px-4 py-3 text-lg text-amber-900 ring-1 ring-amber-300">{t("judging.school.notOpen")}</p> : null}
      {reply && !reply.entryId ? <ReplyBanner reply={reply} /> : null}
      {view.categories.map((category) => (
        <section key={category.id} aria-labelledby={`cat-${category.id}`}>
          <SectionTitle>
            <span id={`cat-${category.id}`}>{category.name}</span>
          </SectionTitle>
          <p className="mb-3 text-lg font-semibold">{t("judging.school.quota", { used: category.used, quota: category.quota })}</p>
          {category.bands.length === 0 ? <EmptyState title={t("judging.school.noEntries")} /> : null}
          {category.bands.map((band) => (
            <div key={band.id ?? "none"} className="mb-4">
              <h3 className="mb-2 text-lg font-bold text-slate-700">{band.name ?? t("judging.school.otherBand")}</h3>
              <ul className="space-y-3">
                {band.entries.map((entry) => (
                  <EntryCard key={entry.id} entry={entry} view={view} full={category.used >= category.quota} reply={reply?.entryId === entry.id || reply?.entryId === entry.nomination?.id ? reply : null} />
                ))}
              </ul>
            </div>
          ))}
        </section>
      ))}
    </div>
  );
}

function EntryCard({ entry, view, full, reply }: { entry: SchoolRoundEntry; view: SchoolRoundView; full: boolean; reply: Reply }) {
  const t = useT();
  return (
    <Card as="li" className="space-y-3">
      <div className="flex gap-3">
        {entry.thumb ? <img src={entry.thumb} alt="" className="h-20 w-20 flex-none rounded-lg object-cover" loading="lazy" /> : null}
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-lg font-semibold">{entry.title || t("entry.untitled")}</p>
            {entry.status === "NOMINATED" ? <StatusBadge tone="success">{t("judging.school.nominated")}</StatusBadge> : null}
          </div>
          <p className="text-base text-slate-700">{t("judging.school.by", { name: entry.studentName, className: entry.className })}</p>
          <p className="text-base text-slate-700">
            {entry.scores.mean === null ? t("judging.school.noScores") : t("judging.school.teacherScores", { count: entry.scores.count, mean: entry.scores.mean })}
          </p>
        </div>
      </div>
      {entry.nomination ? <p className="text-base">{`${t("judging.school.reason")}：${entry.nomination.reason}`}</p> : null}
      <ReplyBanner reply={reply} />
      <div className="flex flex-wrap gap-3">
        {entry.canScore ? (
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="entryId" value={entry.id} />
            <Button type="submit" name="intent" value="score" variant="secondary">
              {entry.myStatus === "SUBMITTED" ? t("judging.school.scored") : entry.myAssignmentId ? t("judging.school.continueScore") : t("judging.school.score")}
            </Button>
          </Form>
        ) : null}
        {view.isCoordinator && view.roundOpen && entry.nomination ? (
          <Form method="post" className="space-y-1">
            <CsrfInput />
            <input type="hidden" name="nominationId" value={entry.nomination.id} />
            <Button type="submit" name="intent" value="withdraw" variant="danger">
              {t("judging.school.withdraw")}
            </Button>
            <p className="text-base text-slate-600">{t("judging.school.withdrawHint")}</p>
          </Form>
        ) : null}
      </div>
      {view.isCoordinator && view.roundOpen && entry.status === "SUBMITTED" ? (
        full ? (
          <p className="text-base text-slate-700">{t("judging.school.quotaFull")}</p>
        ) : (
          <Form method="post" className="space-y-2">
            <CsrfInput />
            <input type="hidden" name="entryId" value={entry.id} />
            <label className="block text-lg font-semibold" htmlFor={`reason-${entry.id}`}>
              {t("judging.school.reason")}
            </label>
            <p className="text-base text-slate-700">{t("judging.school.reasonHint")}</p>
            <textarea id={`reason-${entry.id}`} name="reason" required minLength={2} maxLength={200} rows={2} className="block w-full rounded-xl border-2 border-slate-400 px-4 py-2 text-lg" />
            <Button type="submit" name="intent" value="nominate">
              {t("judging.school.nominate")}
            </Button>
          </Form>
        )
      ) : null}
    </Card>
  );
}
