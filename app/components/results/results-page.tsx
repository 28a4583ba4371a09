// /organiser/contests/:contestId/results: 第1步 compute, the rules stated,
// each (category, band) with its method, warnings, agreement reading,
// severity chart and ranking (a tier changed by hand only with a reason);
// 第2步 the public notice and its objections, answered one by one; 第3步
// finalise; downloads. Words come translated from the server.
import { Form, useNavigation } from "@remix-run/react";
import { Button, Card, CsrfInput, SectionTitle, TextInput } from "~/components/index.ts";
import { ContestHeaderBar } from "~/components/contests/contest-header.tsx";
import { ReplyBanner, Step } from "~/components/contests/form-parts.tsx";
import { formatContestTime } from "~/view-models/contests.ts";
import { useT } from "~/i18n/index.ts";
import type { ObjectionView, ResultGroupView, ResultsFormReply, ResultsView } from "~/view-models/results.ts";
import { SeverityChart } from "./severity-chart.tsx";

/** Every error a reply carries (form-level and per field), for the form that was sent. */
function replyErrors(reply: ResultsFormReply | null, form: string, key?: string): string[] {
  if (!reply || reply.form !== form || reply.ok) return [];
  const errors = (reply.result.error ?? {}) as Record<string, string[] | null>;
  return Object.entries(errors)
    .filter(([field]) => key === undefined || field === "" || field === key)
    .flatMap(([, list]) => list ?? []);
}

function Errors({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul role="alert" className="space-y-1 rounded-xl border-2 border-amber-600 bg-amber-50 px-4 py-3 text-lg text-amber-950">
      {[...new Set(messages)].map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

function Hidden({ intent, status }: { intent: string; status: string }) {
  return (
    <>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="expectedStatus" value={status} />
    </>
  );
}

export function ResultsPage({ view, reply }: { view: ResultsView; reply: ResultsFormReply | null }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const status = view.header.status;
  return (
    <div className="space-y-6">
      <ContestHeaderBar header={view.header} current="results" />
      <Step n={1} title={t("results.step.compute")}>
        <p className="text-base text-slate-700">{t("results.compute.intro")}</p>
        {view.computeBlockers.length > 0 ? <Errors messages={view.computeBlockers} /> : null}
        <Form method="post" className="space-y-3">
          <Hidden intent="compute" status={status} />
          <label className="block space-y-1">
            <span className="block text-lg font-semibold">{t("results.compute.threshold")}</span>
            <span className="block text-base text-slate-700">{t("results.compute.thresholdHint")}</span>
            <TextInput name="threshold" type="number" inputMode="numeric" min={2} max={100} defaultValue={view.threshold} className="max-w-32" />
          </label>
          <ReplyBanner reply={reply} form="compute" />
          <Errors messages={replyErrors(reply, "compute")} />
          <Button disabled={busy || view.computeBlockers.length > 0}>{t("results.compute.submit")}</Button>
        </Form>
      </Step>
      <Card className="space-y-3">
        <SectionTitle>{t("results.rules.title")}</SectionTitle>
        <h3 className="text-lg font-semibold">{t("results.rules.aggregate")}</h3>
        <p className="text-base">{t("results.rules.aggregateText")}</p>
        <h3 className="text-lg font-semibold">{t("results.rules.ties")}</h3>
        <ol className="list-decimal space-y-1 pl-6 text-base">
          {view.tieRules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ol>
        <h3 className="text-lg font-semibold">{t("results.rules.tiers")}</h3>
        <ol className="list-decimal space-y-1 pl-6 text-base">
          {view.tierRules.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ol>
      </Card>
      <ReplyBanner reply={reply} form="change-tier" />
      <Errors messages={replyErrors(reply, "change-tier")} />
      {view.groups.length === 0 ? <p className="text-lg">{t("results.none")}</p> : null}
      {view.groups.map((g) => (
        <GroupCard key={`${g.categoryName}-${g.bandName}`} group={g} view={view} busy={busy} />
      ))}
      <Step n={2} title={t("results.step.notice")}>
        <NoticeSection view={view} reply={reply} busy={busy} />
      </Step>
      <Step n={3} title={t("results.step.finalise")}>
        <p className="text-base text-slate-700">{t("results.finalise.intro")}</p>
        <Form method="post" className="space-y-3">
          <Hidden intent="finalise" status={status} />
          <ReplyBanner reply={reply} form="finalise" />
          <Errors messages={replyErrors(reply, "finalise")} />
          <Button disabled={busy || !view.canFinalise}>{t("results.finalise.submit")}</Button>
        </Form>
      </Step>
      <Card className="space-y-2">
        <SectionTitle>{t("results.export.title")}</SectionTitle>
        <ul className="flex flex-wrap gap-3 text-lg">
          {(["csv", "xlsx"] as const).flatMap((format) =>
            (["awards", "participation"] as const).map((table) => (
              <li key={`${table}.${format}`}>
                <a href={`/organiser/contests/${view.header.id}/results.${format}?table=${table}`} className="inline-flex min-h-11 items-center underline underline-offset-4" download>
                  {t(table === "awards" ? "results.export.awardsLink" : "results.export.participationLink", { format: format.toUpperCase() })}
                </a>
              </li>
            )),
          )}
        </ul>
      </Card>
    </div>
  );
}

function GroupCard({ group, view, busy }: { group: ResultGroupView; view: ResultsView; busy: boolean }) {
  const t = useT();
  return (
    <Card className="space-y-4">
      <SectionTitle>{t("results.group.title", { category: group.categoryName, band: group.bandName })}</SectionTitle>
      <p className={`rounded-xl px-4 py-3 text-base ${group.normalised ? "bg-green-50 text-green-900" : "bg-amber-50 text-amber-950"}`}>{group.method}</p>
      {group.warnings.length > 0 ? (
        <ul className="list-disc space-y-1 pl-6 text-base text-amber-950">
          {group.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      ) : null}
      <div className="space-y-1">
        <h3 className="text-lg font-semibold">{t("results.agreement.title")}</h3>
        {group.agreement.map((line, i) => (
          <p key={i} className="text-base">
            {line}
          </p>
        ))}
      </div>
      <div className="space-y-1">
        <h3 className="text-lg font-semibold">{t("results.severity.title")}</h3>
        <SeverityChart severity={group.severity} title={t("results.severity.chartTitle", { category: group.categoryName, band: group.bandName })} />
      </div>
      {group.tierNotices.map((n) => (
        <p key={n} className="text-base text-amber-950">
          {n}
        </p>
      ))}
      <div className="overflow-x-auto">
        <table className="w-full min-w-[640px] text-left text-base">
          <thead>
            <tr className="border-b border-slate-300">
              <th className="py-2 pr-2">{t("results.table.rank")}</th>
              <th className="py-2 pr-2">{t("results.table.entry")}</th>
              <th className="py-2 pr-2">{t("results.table.score")}</th>
              <th className="py-2 pr-2">{t("results.table.tier")}</th>
              <th className="py-2">{t("results.table.change")}</th>
            </tr>
          </thead>
          <tbody>
            {group.rows.map((row) => (
              <tr key={row.entryId} className="border-b border-slate-100 align-top">
                <td className="py-2 pr-2 text-lg font-bold">{row.rank}</td>
                <td className="py-2 pr-2">
                  <span className="block font-semibold">{row.title}</span>
                  <span className="block text-slate-700">
                    {row.childName} · {row.schoolName}
                  </span>
                </td>
                <td className="py-2 pr-2">
                  <span className="block">{row.finalScore}</span>
                  <span className="block text-sm text-slate-700">{t("results.table.judges", { n: row.judgeCount, method: row.method })}</span>
                </td>
                <td className="py-2 pr-2">
                  <span className="block font-semibold">{row.tierName ?? t("results.noAward")}</span>
                  {row.changeReason ? <span className="block text-sm text-slate-700">{t("results.table.changed", { computed: row.computedTierName ?? "", reason: row.changeReason })}</span> : null}
                </td>
                <td className="py-2">
                  {view.canChange ? (
                    <details>
                      <summary className="min-h-11 cursor-pointer py-2 underline underline-offset-4">{t("results.change.open")}</summary>
                      <Form method="post" className="mt-2 space-y-2">
                        <Hidden intent="change-tier" status={view.header.status} />
                        <input type="hidden" name="entryId" value={row.entryId} />
                        <label className="block">
                          <span className="block">{t("results.change.tier")}</span>
                          <select name="tierId" className="min-h-11 rounded-lg border-2 border-slate-400 px-2">
                            {view.tiers.map((tier) => (
                              <option key={tier.id} value={tier.id}>
                                {tier.name}
                              </option>
                            ))}
                            <option value="none">{t("results.noAward")}</option>
                          </select>
                        </label>
                        <label className="block">
                          <span className="block">{t("results.change.reason")}</span>
                          <textarea name="reason" required minLength={4} rows={2} className="w-full rounded-lg border-2 border-slate-400 px-2 py-1" />
                        </label>
                        <Button variant="secondary" disabled={busy}>
                          {t("results.change.submit")}
                        </Button>
                      </Form>
                    </details>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {group.unscored.length > 0 ? <p className="text-base text-amber-950">{t("results.group.unscored", { titles: group.unscored.join("、") })}</p> : null}
    </Card>
  );
}

function NoticeSection({ view, reply, busy }: { view: ResultsView; reply: ResultsFormReply | null; busy: boolean }) {
  const t = useT();
  return (
    <div className="space-y-4">
      <p className="text-base text-slate-700">{t("results.notice.intro")}</p>
      {view.notice ? (
        <p className="text-lg">
          {t("results.notice.state", { status: view.notice.status, starts: formatContestTime(t.locale, view.notice.startsAt), ends: formatContestTime(t.locale, view.notice.endsAt) })}{" "}
          <a href={view.notice.publicPath} className="underline underline-offset-4">
            {t("results.notice.publicLink")}
          </a>
        </p>
      ) : null}
      <Form method="post" className="space-y-3">
        <Hidden intent="publish" status={view.header.status} />
        <ReplyBanner reply={reply} form="publish" />
        <Errors messages={replyErrors(reply, "publish")} />
        <Button disabled={busy || !view.canPublish}>{t("results.notice.publish")}</Button>
      </Form>
      <h3 className="text-lg font-semibold">{t("results.objections.title", { n: view.objections.length })}</h3>
      <ReplyBanner reply={reply} form="answer" />
      <Errors messages={replyErrors(reply, "answer")} />
      <ul className="space-y-3">
        {view.objections.map((o) => (
          <ObjectionItem key={o.id} objection={o} view={view} busy={busy} />
        ))}
      </ul>
    </div>
  );
}

function ObjectionItem({ objection: o, view, busy }: { objection: ObjectionView; view: ResultsView; busy: boolean }) {
  const t = useT();
  const open = o.status === "OPEN" || o.status === "ANSWERED";
  return (
    <li className="space-y-2 rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200">
      <p className="text-base text-slate-700">
        {formatContestTime(t.locale, o.createdAt)} · {o.statusLabel}
        {o.about ? ` · ${o.about}` : ""}
      </p>
      <p className="whitespace-pre-wrap text-lg">{o.body}</p>
      {o.contact ? <p className="text-base">{t("results.objections.contact", { contact: o.contact })}</p> : null}
      {o.response ? (
        <p className="rounded-lg bg-white px-3 py-2 text-base">
          {t("results.objections.answer", { who: o.respondedBy ?? "", at: o.respondedAt ? formatContestTime(t.locale, o.respondedAt) : "", response: o.response })}
        </p>
      ) : null}
      {open && view.canAnswer ? (
        <Form method="post" className="space-y-2">
          <Hidden intent="answer" status={view.header.status} />
          <input type="hidden" name="objectionId" value={o.id} />
          <fieldset className="flex flex-wrap gap-4">
            <legend className="mb-1 text-base font-semibold">{t("results.objections.decision")}</legend>
            <label className="inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="decision" value="dismissed" required className="size-5" /> {t("results.objections.dismiss")}
            </label>
            <label className="inline-flex min-h-11 items-center gap-2">
              <input type="radio" name="decision" value="upheld" className="size-5" /> {t("results.objections.uphold")}
            </label>
          </fieldset>
          <label className="block">
            <span className="block">{t("results.objections.response")}</span>
            <textarea name="response" required rows={3} className="w-full rounded-lg border-2 border-slate-400 px-2 py-1" />
          </label>
          <Button variant="secondary" disabled={busy}>
            {t("results.objections.submit")}
          </Button>
        </Form>
      ) : null}
    </li>
  );
}
