// The public notice (公示): the award list (masked names), the window, and
// while it runs a form to object; after finalising, a clear "final" banner.
import { Form, useNavigation } from "@remix-run/react";
import { Button, Card, CsrfInput, PageHeader } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import { formatContestTime } from "~/view-models/contests.ts";
import type { NoticeReply, NoticeView } from "~/view-models/results.ts";

export function NoticePage({ view, reply }: { view: NoticeView; reply: NoticeReply | null }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const period = { starts: formatContestTime(t.locale, view.startsAt), ends: formatContestTime(t.locale, view.endsAt) };
  const banner =
    view.state === "final" ? t("results.notice.final") : view.state === "active" ? t("results.notice.active", period) : t("results.notice.ended", period);
  return (
    <div className="space-y-5">
      <PageHeader title={t("results.notice.heading", { contest: view.contestTitle })} subtitle={view.countyName} />
      <p role="status" className={`rounded-xl px-4 py-3 text-lg font-semibold ${view.state === "final" ? "bg-green-50 text-green-900" : "bg-amber-50 text-amber-950"}`}>
        {banner}
      </p>
      {view.rows.length === 0 ? <p className="text-lg">{t("results.notice.empty")}</p> : null}
      <ul className="space-y-2">
        {view.rows.map((r) => (
          <li key={r.awardId} className="rounded-xl bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200">
            <p className="text-lg font-bold">
              {r.tierName} · {r.maskedName}
            </p>
            <p className="text-base text-slate-700">
              {r.schoolName} · {r.bandName} · {r.categoryName}
            </p>
          </li>
        ))}
      </ul>
      {view.state === "active" ? (
        <Card className="space-y-3">
          <h2 className="text-xl font-bold">{t("results.objection.title")}</h2>
          <p className="text-base text-slate-700">{t("results.objection.intro")}</p>
          <Form method="post" className="space-y-3">
            <CsrfInput />
            <label className="block space-y-1">
              <span className="block text-lg font-semibold">{t("results.objection.about")}</span>
              <select name="awardId" className="min-h-11 w-full rounded-lg border-2 border-slate-400 px-2 text-lg">
                <option value="">{t("results.objection.aboutNone")}</option>
                {view.rows.map((r) => (
                  <option key={r.awardId} value={r.awardId}>
                    {`${r.categoryName} · ${r.tierName} · ${r.maskedName} · ${r.schoolName}`}
                  </option>
                ))}
              </select>
              {reply?.fieldErrors?.awardId ? <span className="block text-base text-brand-800">{reply.fieldErrors.awardId}</span> : null}
            </label>
            <label className="block space-y-1">
              <span className="block text-lg font-semibold">{t("results.objection.body")}</span>
              <textarea name="body" required rows={5} className="w-full rounded-lg border-2 border-slate-400 px-3 py-2 text-lg" />
              {reply?.fieldErrors?.body ? <span className="block text-base text-brand-800">{reply.fieldErrors.body}</span> : null}
            </label>
            <label className="block space-y-1">
              <span className="block text-lg font-semibold">{t("results.objection.contact")}</span>
              <span className="block text-base text-slate-700">{t("results.objection.contactHint")}</span>
              <input name="contact" className="min-h-11 w-full rounded-lg border-2 border-slate-400 px-3 text-lg" />
              {reply?.fieldErrors?.contact ? <span className="block text-base text-brand-800">{reply.fieldErrors.contact}</span> : null}
            </label>
            {reply ? (
              <p role="status" className={`rounded-xl px-4 py-3 text-lg font-semibold ${reply.ok ? "bg-green-50 text-green-900" : "bg-amber-50 text-amber-950"}`}>
                {reply.message}
              </p>
            ) : null}
            <Button disabled={busy}>{t("results.objection.submit")}</Button>
          </Form>
        </Card>
      ) : reply ? (
        <p role="status" className="rounded-xl bg-amber-50 px-4 py-3 text-lg font-semibold text-amber-950">
          {reply.message}
        </p>
      ) : null}
    </div>
  );
}
