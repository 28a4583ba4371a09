// The organiser media queue page's UI (/organiser/media): per-kind counts,
// job lanes, failed files with their reasons and retry buttons, and the
// answer to a retry. UI only; the route loads and acts.
import { Form, Link, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { COUNTED_STATUSES, MEDIA_QUEUE_KINDS, mediaQueueSearch, type MediaQueueKind } from "~/domain/media-queue.ts";
import { Button, Card, CsrfInput, EmptyState, LinkButton, PageHeader, SectionTitle, StatusBadge } from "~/components/index.ts";
import { TIME_ZONE, formatFileSize, formatMonthDay, t, useT, type Locale, type MessageKey, type Translate } from "~/i18n/index.ts";
import type { FailedFile, KindSummary, LaneCounts, MediaQueueOverview } from "~/view-models/media-queue.ts";

/** What a retry answered, shown pinned to the bottom of the screen. */
export type MediaQueueActionResult = { ok: boolean; message: string };

export function kindLabelKey(kind: MediaQueueKind): MessageKey {
  return `category.media.${kind}`;
}

export function MediaQueueView({ overview, notices, result }: { overview: MediaQueueOverview; notices: string[]; result: MediaQueueActionResult | null }) {
  const t = useT();
  const scope = overview.level === "county" ? "mediaQueue.subtitle.county" : "mediaQueue.subtitle.school";
  return (
    <div>
      <PageHeader title={t("mediaQueue.title")} subtitle={t(scope, { units: overview.scopeNames.join("、") })} />
      <div className="space-y-3">
        <LaneAvailabilityBanners availability={overview.availability} />
        {notices.map((n) => (
          <Banner key={n} tone="warning" text={n} />
        ))}
      </div>
      <SectionTitle>{t("mediaQueue.kinds.title")}</SectionTitle>
      <div className="grid gap-4 sm:grid-cols-3">
        {overview.kinds.map((k) => (
          <KindCard key={k.kind} summary={k} canRetryAll={overview.level === "county"} limit={overview.bulkRetryLimit} />
        ))}
      </div>
      {overview.level === "county" ? <Lanes lanes={overview.lanes} /> : null}
      <FailedSection failed={overview.failed} />
      <div className="mt-8">
        <LinkButton to="/home" variant="secondary" block>
          {t("nav.back")}
        </LinkButton>
      </div>
      <ActionToast result={result} />
    </div>
  );
}

/**
 * The answer to a retry, pinned to the bottom of the screen: the buttons sit
 * far down a long list and the page keeps its scroll position, so a message
 * at the top would go unseen. Each submission gives a new object, so closing
 * one does not hide the next.
 */
function ActionToast({ result }: { result: MediaQueueActionResult | null }) {
  const t = useT();
  const [closed, setClosed] = useState<MediaQueueActionResult | null>(null);
  if (!result || closed === result) return null;
  return (
    <div className="fixed inset-x-0 bottom-0 z-10 px-4 pb-4">
      <div
        role="status"
        className={`mx-auto flex max-w-screen-md flex-wrap items-center gap-3 rounded-xl border-2 px-4 py-3 shadow-lg ${BANNER_TONES[result.ok ? "success" : "warning"]}`}
      >
        <p className="min-w-0 flex-1 text-lg font-semibold">{result.message}</p>
        <Button variant="secondary" type="button" onClick={() => setClosed(result)}>
          {t("mediaQueue.toast.close")}
        </Button>
      </div>
    </div>
  );
}

const BANNER_TONES = {
  success: "border-green-700 bg-green-50 text-green-900",
  warning: "border-amber-600 bg-amber-50 text-amber-950",
  danger: "border-red-700 bg-red-50 text-red-900",
} as const;

function Banner({ tone, text }: { tone: keyof typeof BANNER_TONES; text: string }) {
  return <p role="status" className={`rounded-xl border-2 px-4 py-3 text-lg font-semibold ${BANNER_TONES[tone]}`}>{text}</p>;
}

/**
 * Lanes no running worker can process, and why: the files of that kind wait
 * (they are not failed), so the person who can fix the server must see it
 * first. No worker at all is said once, not per lane.
 */
function LaneAvailabilityBanners({ availability }: { availability: MediaQueueOverview["availability"] }) {
  const t = useT();
  const down = availability.filter((a) => !a.available);
  if (down.length === 0) return null;
  if (availability.every((a) => a.workers === 0)) return <Banner tone="danger" text={t("mediaLane.noWorker")} />;
  return (
    <>
      {down.map((lane) => (
        <div key={lane.lane} role="alert" className={`space-y-1 rounded-xl border-2 px-4 py-3 ${BANNER_TONES.danger}`}>
          {(lane.problems.length > 0 ? lane.problems : [{ code: "noWorker", detail: null, tools: "" }]).map((p) => (
            <div key={p.code}>
              <p className="text-lg font-semibold">
                {p.code === "noWorker" ? t("mediaLane.noWorker") : t(`mediaLane.unavailable.${lane.lane}` as MessageKey, { reason: t(`mediaLane.problem.${p.code}` as MessageKey) })}
              </p>
              {p.tools ? <p className="text-base">{t("mediaLane.tools", { tools: p.tools })}</p> : null}
              {p.detail ? (
                <details className="text-base">
                  <summary className="cursor-pointer underline">{t("mediaQueue.failed.detail")}</summary>
                  <pre className="mt-1 whitespace-pre-wrap break-all text-sm">{p.detail}</pre>
                </details>
              ) : null}
            </div>
          ))}
          <p className="text-base">{t("mediaLane.waitingHint")}</p>
        </div>
      ))}
    </>
  );
}

function KindCard({ summary, canRetryAll, limit }: { summary: KindSummary; canRetryAll: boolean; limit: number }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <Card as="article" className="space-y-3">
      <header className="flex items-baseline justify-between gap-2">
        <h3 className="text-xl font-bold">{t(kindLabelKey(summary.kind))}</h3>
        <span className="text-base text-slate-700">{t("mediaQueue.kinds.total", { count: summary.total })}</span>
      </header>
      <dl className="grid grid-cols-2 gap-2">
        {COUNTED_STATUSES.map((s) => (
          <div key={s} className={`rounded-xl px-3 py-2 ${s === "FAILED" && summary.counts[s] > 0 ? "bg-brand-50" : "bg-stone-100"}`}>
            <dt className="text-base">{t(`mediaQueue.status.${s}`)}</dt>
            <dd className="text-xl font-bold tabular-nums">{summary.counts[s]}</dd>
          </div>
        ))}
      </dl>
      <p className="text-base text-slate-700">
        {summary.oldestWaitingSeconds === null
          ? t("mediaQueue.waiting.none")
          : t("mediaQueue.waiting.oldest", { age: formatAge(t, summary.oldestWaitingSeconds) })}
      </p>
      {summary.stuck ? (
        <p className="rounded-xl bg-amber-50 px-3 py-2 text-base font-semibold text-amber-950 ring-1 ring-amber-300">{t("mediaQueue.waiting.stuck")}</p>
      ) : null}
      {canRetryAll && summary.retryableFailed > 0 ? (
        <Form method="post" preventScrollReset>
          <CsrfInput />
          <input type="hidden" name="intent" value="retry-all" />
          <input type="hidden" name="kind" value={summary.kind} />
          <Button variant="secondary" block disabled={busy}>
            {t("mediaQueue.retryAll.button", { count: Math.min(summary.retryableFailed, limit) })}
          </Button>
          <p className="mt-1 text-sm text-slate-700">{t("mediaQueue.retryAll.hint", { max: limit })}</p>
        </Form>
      ) : null}
    </Card>
  );
}

const LANE_NUMBERS = ["queued", "active", "deferred", "failed"] as const satisfies readonly (keyof LaneCounts)[];

function Lanes({ lanes }: { lanes: LaneCounts[] | null }) {
  const t = useT();
  return (
    <section>
      <SectionTitle>{t("mediaQueue.lanes.title")}</SectionTitle>
      <p className="mb-3 text-base text-slate-700">{t("mediaQueue.lanes.note")}</p>
      {lanes === null ? (
        <Banner tone="warning" text={t("mediaQueue.lanes.unavailable")} />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {lanes.map((lane) => (
            <Card key={lane.queue} as="li">
              <h3 className="text-lg font-bold">{t(`mediaQueue.lane.${lane.queue}` as MessageKey)}</h3>
              <dl className="mt-2 grid grid-cols-4 gap-1 text-center">
                {LANE_NUMBERS.map((n) => (
                  <div key={n}>
                    <dt className="text-sm text-slate-700">{t(`mediaQueue.lanes.${n}`)}</dt>
                    <dd className="text-xl font-bold tabular-nums">{lane[n]}</dd>
                  </div>
                ))}
              </dl>
            </Card>
          ))}
        </ul>
      )}
    </section>
  );
}

function FailedSection({ failed }: { failed: MediaQueueOverview["failed"] }) {
  const t = useT();
  return (
    <section>
      <SectionTitle>{t("mediaQueue.failed.title", { count: failed.total })}</SectionTitle>
      <nav aria-label={t("mediaQueue.filter.label")} className="mb-4 flex flex-wrap gap-2">
        {[null, ...MEDIA_QUEUE_KINDS].map((kind) => (
          <Link
            key={kind ?? "all"}
            to={queueHref(kind, 1)}
            preventScrollReset
            aria-current={failed.kind === kind ? "page" : undefined}
            className={`inline-flex min-h-11 items-center rounded-full px-4 text-lg font-semibold ring-2 ring-inset ${
              failed.kind === kind ? "bg-brand-700 text-white ring-brand-700" : "bg-white text-slate-900 ring-slate-400"
            }`}
          >
            {kind ? t(kindLabelKey(kind)) : t("mediaQueue.filter.all")}
          </Link>
        ))}
      </nav>
      {failed.files.length === 0 ? (
        <EmptyState title={t("mediaQueue.failed.empty")} body={t("mediaQueue.failed.emptyBody")} />
      ) : (
        <ul className="space-y-3">
          {failed.files.map((file) => (
            <FailedCard key={file.id} file={file} />
          ))}
        </ul>
      )}
      {failed.pageCount > 1 ? <Pager kind={failed.kind} page={failed.page} pageCount={failed.pageCount} /> : null}
    </section>
  );
}

function FailedCard({ file }: { file: FailedFile }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const size = file.byteSize === null ? null : formatFileSize(t.locale, file.byteSize);
  const name = file.originalName ?? t("mediaQueue.file.unnamed");
  return (
    <Card as="li" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge tone="danger">{t(kindLabelKey(file.kind))}</StatusBadge>
        <span className="text-lg font-bold">{file.studentName}</span>
        <span className="text-base text-slate-700">
          {file.schoolName} {file.className}
        </span>
      </div>
      <p className="text-base text-slate-700">{[file.contestTitle, file.categoryName, file.entryTitle].filter(Boolean).join(" · ")}</p>
      <p className="break-all text-base">
        {size ? t("mediaQueue.file.nameWithSize", { name, size }) : t("mediaQueue.file.name", { name })}
      </p>
      <p className="rounded-xl bg-brand-50 px-3 py-2 text-lg font-semibold text-brand-900">{file.message}</p>
      <p className="text-base text-slate-700">
        {t(file.permanent ? "mediaQueue.failed.permanentHint" : "mediaQueue.failed.transientHint")}
      </p>
      <p className="text-base text-slate-700">
        {t("mediaQueue.failed.meta", { time: formatDateTime(t.locale, file.failedAt), attempts: file.attempts })}
      </p>
      {file.detail ? (
        <details className="text-sm">
          <summary className="min-h-11 cursor-pointer py-2 text-base font-semibold">{t("mediaQueue.failed.detail")}</summary>
          <pre className="max-h-60 overflow-auto whitespace-pre-wrap break-all rounded-lg bg-slate-100 p-2">
            {file.failureCode ? `[${file.failureCode}] ` : ""}
            {file.detail}
            {file.detailTruncated ? "…" : ""}
          </pre>
        </details>
      ) : null}
      <Form method="post" preventScrollReset>
        <CsrfInput />
        <input type="hidden" name="intent" value="retry" />
        <input type="hidden" name="assetId" value={file.id} />
        <Button variant={file.permanent ? "secondary" : "primary"} block disabled={busy}>
          {t("mediaQueue.retry.button")}
        </Button>
      </Form>
    </Card>
  );
}

function Pager({ kind, page, pageCount }: { kind: MediaQueueKind | null; page: number; pageCount: number }) {
  const t = useT();
  return (
    <nav aria-label={t("mediaQueue.page.label")} className="mt-4 flex items-center justify-between gap-2">
      {page > 1 ? (
        <LinkButton to={queueHref(kind, page - 1)} variant="secondary">
          {t("mediaQueue.page.prev")}
        </LinkButton>
      ) : (
        <span />
      )}
      <span className="text-base text-slate-700">{t("mediaQueue.page.of", { page, pages: pageCount })}</span>
      {page < pageCount ? (
        <LinkButton to={queueHref(kind, page + 1)} variant="secondary">
          {t("mediaQueue.page.next")}
        </LinkButton>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** A link to another view of this page ("." keeps the path and drops the query). */
function queueHref(kind: MediaQueueKind | null, page: number): string {
  return mediaQueueSearch(kind, page) || ".";
}

/** "不到 1 分钟", "12 分钟", "3 小时", "2 天": the largest whole unit, enough to judge "stuck or busy". */
function formatAge(t: Translate, seconds: number): string {
  if (seconds < 60) return t("mediaQueue.age.underMinute");
  if (seconds < 3600) return t("unit.minutes", { count: Math.floor(seconds / 60) });
  if (seconds < 86_400) return t("mediaQueue.age.hours", { count: Math.floor(seconds / 3600) });
  return t("mediaQueue.age.days", { count: Math.floor(seconds / 86_400) });
}

const clock = new Intl.DateTimeFormat("en-GB", { timeZone: TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

/** "1月31日 14:05" in China Standard Time, the same on server and phone. */
function formatDateTime(locale: Locale, date: Date): string {
  return t(locale, "mediaQueue.dateTime", { date: formatMonthDay(locale, date), time: clock.format(date) });
}
