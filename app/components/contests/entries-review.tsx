// /organiser/contests/:contestId/entries: the county's list of a contest's
// entries, filtered by status and category, 50 at a time, with the two county
// decisions on each: 取消资格 (with a reason the family reads on the entry
// page) and 恢复资格 (with a reason). Both are audited.
import { Form, Link, useNavigation } from "@remix-run/react";
import { Button, Card, CsrfInput, EmptyState, StatusBadge } from "~/components/index.ts";
import { ENTRY_STATUS_TONE } from "~/components/entry/entry-status.ts";
import { ENTRY_STATUSES, type EntryStatus } from "~/domain/entry-status.ts";
import { formatMonthDay, useT, type MessageKey } from "~/i18n/index.ts";
import type { ReviewEntryRow, ReviewFilter, ReviewPage } from "~/view-models/entry-review.ts";
import { ContestHeaderBar } from "./contest-header.tsx";

export type ReviewReply = { ok: boolean; message: string; entryId: string | null };

function reviewHref(contestId: string, filter: Partial<ReviewFilter>): string {
  const params = new URLSearchParams();
  if (filter.status) params.set("status", filter.status);
  if (filter.categoryId) params.set("category", filter.categoryId);
  if (filter.after) params.set("after", filter.after);
  const query = params.toString();
  return `/organiser/contests/${contestId}/entries${query ? `?${query}` : ""}`;
}

function Chip({ to, active, children }: { to: string; active: boolean; children: React.ReactNode }) {
  return (
    <Link
      to={to}
      aria-current={active ? "page" : undefined}
      className={`inline-flex min-h-11 items-center rounded-full px-4 text-base font-semibold ring-1 ring-inset ${
        active ? "bg-slate-800 text-white ring-slate-800" : "bg-white ring-slate-300 hover:bg-slate-50"
      }`}
    >
      {children}
    </Link>
  );
}

export function EntriesReviewPage({ view, reply }: { view: ReviewPage; reply: ReviewReply | null }) {
  const t = useT();
  const id = view.header.id;
  return (
    <div>
      <ContestHeaderBar header={view.header} current="entries" />
      <p className="mb-4 text-base text-slate-700">{t(view.canChange ? "review.intro" : "review.introFinal")}</p>
      {reply && reply.entryId === null ? (
        <p role="alert" className="mb-4 rounded-xl bg-red-50 p-3 text-base text-red-800">
          {reply.message}
        </p>
      ) : null}
      <nav aria-label={t("review.statusNav")} className="-mx-4 mb-3 overflow-x-auto px-4">
        <ul className="flex gap-2 pb-1">
          <li className="shrink-0">
            <Chip to={reviewHref(id, { categoryId: view.filter.categoryId })} active={view.filter.status === null}>
              {t("review.status.inCompetition")}
            </Chip>
          </li>
          {ENTRY_STATUSES.map((s) => (
            <li key={s} className="shrink-0">
              <Chip to={reviewHref(id, { status: s, categoryId: view.filter.categoryId })} active={view.filter.status === s}>
                {t("review.statusWithCount", { status: t(`entry.status.${s}` as MessageKey), count: view.counts[s] })}
              </Chip>
            </li>
          ))}
        </ul>
      </nav>
      {view.categories.length > 1 ? (
        <nav aria-label={t("review.categoryNav")} className="-mx-4 mb-4 overflow-x-auto px-4">
          <ul className="flex gap-2 pb-1">
            <li className="shrink-0">
              <Chip to={reviewHref(id, { status: view.filter.status })} active={view.filter.categoryId === null}>
                {t("review.allCategories")}
              </Chip>
            </li>
            {view.categories.map((c) => (
              <li key={c.id} className="shrink-0">
                <Chip to={reviewHref(id, { status: view.filter.status, categoryId: c.id })} active={view.filter.categoryId === c.id}>
                  {c.name}
                </Chip>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {view.entries.length === 0 ? (
        <EmptyState title={t("review.empty")} />
      ) : (
        <ul className="space-y-3">
          {view.entries.map((entry) => (
            <EntryCard key={entry.id} entry={entry} canChange={view.canChange} reply={reply?.entryId === entry.id ? reply : null} />
          ))}
        </ul>
      )}
      {view.nextAfter ? (
        <p className="mt-4">
          <Link to={reviewHref(id, { ...view.filter, after: view.nextAfter })} className="inline-flex min-h-11 items-center text-base underline underline-offset-4">
            {t("review.more")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}

function EntryCard({ entry, canChange, reply }: { entry: ReviewEntryRow; canChange: boolean; reply: ReviewReply | null }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("entryId") === entry.id;
  const event = reviewEvent(entry.status);
  return (
    <Card as="li" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge tone={ENTRY_STATUS_TONE[entry.status]}>{t(`entry.status.${entry.status}` as MessageKey)}</StatusBadge>
        <span className="text-base text-slate-700">{entry.categoryName}</span>
      </div>
      <p className="text-lg font-semibold">{entry.title || t("review.untitled")}</p>
      <p className="text-base text-slate-700">
        {t("review.who", { name: entry.studentName, school: entry.schoolName, className: entry.className, grade: entry.grade })}
      </p>
      {entry.submittedAt ? <p className="text-base text-slate-700">{t("review.submittedOn", { date: formatMonthDay(t.locale, new Date(entry.submittedAt)) })}</p> : null}
      {entry.disqualifiedReason && entry.status === "DISQUALIFIED" ? (
        <p className="text-base text-red-800">{t("review.reasonShown", { reason: entry.disqualifiedReason })}</p>
      ) : null}
      {reply ? (
        <p role={reply.ok ? "status" : "alert"} className={`rounded-xl p-3 text-base ${reply.ok ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-800"}`}>
          {reply.message}
        </p>
      ) : null}
      {canChange && event ? (
        <details className="rounded-xl bg-slate-50 p-3">
          <summary className="min-h-11 cursor-pointer content-center text-base font-semibold">{t(`review.${event}.open`)}</summary>
          <Form method="post" className="mt-2 space-y-2">
            <CsrfInput />
            <input type="hidden" name="intent" value={event} />
            <input type="hidden" name="entryId" value={entry.id} />
            <label className="block text-base font-semibold" htmlFor={`reason-${entry.id}`}>
              {t(`review.${event}.reason`)}
            </label>
            <textarea
              id={`reason-${entry.id}`}
              name="reason"
              required
              maxLength={200}
              rows={2}
              className="w-full rounded-xl border border-slate-300 p-3 text-base"
            />
            <Button variant={event === "disqualify" ? "danger" : "primary"} disabled={busy}>
              {t(`review.${event}.submit`)}
            </Button>
          </Form>
        </details>
      ) : null}
    </Card>
  );
}

function reviewEvent(status: EntryStatus): "disqualify" | "reinstate" | null {
  if (status === "DISQUALIFIED") return "reinstate";
  if (status === "DRAFT" || status === "SUBMITTED" || status === "NOMINATED") return "disqualify";
  return null;
}
