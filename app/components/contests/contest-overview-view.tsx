// /organiser/contests/:contestId: the contest's life as numbered steps, what
// the next step still needs (in words), and the button that takes it. When a
// step only waits for a closing time, "close now" is offered and says which
// time it moves. Setup sections are linked below with what they hold.
import { Form, Link, useNavigation } from "@remix-run/react";
import { Button, Card, CsrfInput, SectionTitle } from "~/components/index.ts";
import { useT, type MessageKey } from "~/i18n/index.ts";
import {
  formatContestTime,
  LIFE_STEPS,
  STATUS_KEYS,
  WINDOW_KEYS,
  type ContestFormReply,
  type ContestOverviewView,
  type TransitionOption,
} from "~/view-models/contests.ts";
import type { ContestStatus } from "~/domain/contest.ts";
import { ContestHeaderBar } from "./contest-header.tsx";
import { ReplyBanner } from "./form-parts.tsx";

const STEP_BUTTON: Record<ContestStatus, MessageKey> = {
  DRAFT: "contests.transition.to.DRAFT",
  OPEN: "contests.transition.to.OPEN",
  SCHOOL_ROUND: "contests.transition.to.SCHOOL_ROUND",
  COUNTY_JUDGING: "contests.transition.to.COUNTY_JUDGING",
  NOTICE: "contests.transition.to.NOTICE",
  FINALISED: "contests.transition.to.FINALISED",
  ARCHIVED: "contests.transition.to.ARCHIVED",
};

export function ContestOverviewPage({ view, reply }: { view: ContestOverviewView; reply: ContestFormReply | null }) {
  const t = useT();
  const { header } = view;
  const base = `/organiser/contests/${header.id}`;
  const current = LIFE_STEPS.indexOf(header.status);
  const refusals = reply?.form === "status" && !reply.ok && !reply.stale ? (reply.result.error?.[""] ?? []) : [];
  return (
    <div>
      <ContestHeaderBar header={header} current="overview" />
      <SectionTitle>{t("contests.overview.next")}</SectionTitle>
      <div className="space-y-3">
        <ReplyBanner reply={reply} form="status" />
        {refusals.length > 0 ? (
          <div role="alert" className="space-y-1 rounded-xl border-2 border-brand-700 bg-brand-50 px-4 py-3 text-lg text-brand-900">
            {refusals.map((r) => (
              <p key={r} className="font-semibold">
                {r}
              </p>
            ))}
          </div>
        ) : null}
        {view.options.length === 0 ? <p className="text-lg">{t("contests.overview.noNext")}</p> : null}
        {view.options.map((option, i) => (
          <StepCard key={option.to} option={option} expected={header.status} primary={i === 0} />
        ))}
      </div>

      <SectionTitle>{t("contests.overview.life")}</SectionTitle>
      <ol className="grid grid-cols-2 gap-2">
        {LIFE_STEPS.map((status, i) => (
          <li
            key={status}
            aria-current={i === current ? "step" : undefined}
            className={`flex min-h-11 items-center gap-2 rounded-xl px-3 py-2 text-lg ${
              i === current ? "bg-brand-700 font-bold text-white" : i < current ? "bg-white text-slate-700 ring-1 ring-slate-200" : "bg-stone-200/60 text-slate-700"
            }`}
          >
            <span className="inline-flex size-7 shrink-0 items-center justify-center rounded-full bg-white/90 text-base font-bold text-slate-900 ring-1 ring-slate-300">{i + 1}</span>
            <span>{t(STATUS_KEYS[status])}</span>
            {i < current ? (
              <span className="ml-auto">
                <span aria-hidden="true">✓</span>
                <span className="sr-only">{t("contests.overview.done")}</span>
              </span>
            ) : null}
            {i === current ? <span className="sr-only">{t("contests.overview.now")}</span> : null}
          </li>
        ))}
      </ol>

      <SectionTitle>{t("contests.overview.windows")}</SectionTitle>
      <Card>
        <dl className="divide-y divide-slate-200">
          {view.windows.map((w) => (
            <div key={w.field} className="flex flex-wrap items-baseline justify-between gap-x-3 py-2">
              <dt className="text-base text-slate-700">{t(WINDOW_KEYS[w.field])}</dt>
              <dd className={`text-lg tabular-nums ${w.at ? "" : "text-brand-800"}`}>{w.at ? formatContestTime(t.locale, w.at) : t("contests.overview.notSet")}</dd>
            </div>
          ))}
        </dl>
        <Link to={`${base}/details`} className="mt-2 inline-flex min-h-11 items-center text-lg font-semibold underline underline-offset-4">
          {t("contests.overview.editWindows")}
        </Link>
      </Card>

      <SectionTitle>{t("contests.overview.setup")}</SectionTitle>
      <ul className="divide-y divide-slate-200 rounded-2xl bg-white ring-1 ring-slate-200">
        {(
          [
            ["/categories", "contests.nav.categories", t("contests.overview.countCategories", { count: view.counts.categories })],
            ["/bands", "contests.nav.bands", t("contests.overview.countBands", { count: view.counts.bands })],
            ["/awards", "contests.nav.awards", view.counts.tiers > 0 ? t("contests.overview.countTiers", { count: view.counts.tiers }) : t("contests.overview.tiersNotSet")],
            ["/quotas", "contests.nav.quotas", t("contests.overview.quotasHint")],
            ["/progress", "contests.nav.progress", t("contests.overview.countEntries", { count: view.counts.entries })],
          ] as const
        ).map(([path, label, detail]) => (
          <li key={path}>
            <Link to={`${base}${path}`} className="flex min-h-11 items-center justify-between gap-3 px-4 py-2 hover:bg-slate-50">
              <span className="text-lg font-semibold underline underline-offset-4">{t(label)}</span>
              <span className="text-base text-slate-700">{detail}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function StepCard({ option, expected, primary }: { option: TransitionOption; expected: ContestStatus; primary: boolean }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const ready = option.problems.length === 0;
  const closable = !ready && option.closeNow !== null && option.closeNow.problems.length === 0;
  // When closing now is the way forward, say what still stands in its way (e.g. it has not opened yet).
  const shown = closable ? [] : option.closeNow ? option.closeNow.problems : option.problems;
  return (
    <Card as="article" className="space-y-3">
      <h3 className="text-xl font-bold">{t(STEP_BUTTON[option.to])}</h3>
      <p className="text-base text-slate-700">{t(`contests.transition.about.${option.to}`)}</p>
      {shown.length > 0 ? (
        <div>
          <p className="text-lg font-semibold">{t("contests.overview.stillNeeded")}</p>
          <ul className="mt-1 list-disc space-y-1 pl-6 text-lg">
            {shown.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="post" className="space-y-3" preventScrollReset>
        <CsrfInput />
        <input type="hidden" name="expectedStatus" value={expected} />
        <input type="hidden" name="to" value={option.to} />
        {closable && option.closeNow ? (
          <label className="flex min-h-11 cursor-pointer items-start gap-3 rounded-xl bg-amber-50 px-3 py-2 ring-1 ring-amber-300">
            <input type="checkbox" name="closeNow" required className="mt-1 size-6 shrink-0 accent-brand-700" />
            <span className="text-lg">
              {t(`contests.transition.closeNow.${option.closeNow.field}` as MessageKey, { at: formatContestTime(t.locale, option.closeNow.at) })}
            </span>
          </label>
        ) : null}
        <Button block variant={primary ? "primary" : option.to === "ARCHIVED" ? "danger" : "secondary"} disabled={busy || !(ready || closable)}>
          {t(STEP_BUTTON[option.to])}
        </Button>
      </Form>
    </Card>
  );
}
