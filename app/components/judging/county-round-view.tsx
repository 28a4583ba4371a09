// The county round: k, then per category the panel (checkboxes of the
// county's judges), the automatic assignment and the judges' loads.
import { Form } from "@remix-run/react";
import { Button, Card, CsrfInput, EmptyState, PageHeader } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import type { CountyRoundView, JudgingReply } from "~/view-models/judging.ts";
import { ReplyBanner } from "./reply-banner.tsx";

type Reply = (JudgingReply & { categoryId?: string }) | null;

export function CountyRoundPage({ view, reply }: { view: CountyRoundView; reply: Reply }) {
  const t = useT();
  return (
    <div className="space-y-5">
      <PageHeader title={t("judging.county.title")} subtitle={view.contest.title}>
        <p className="text-base text-slate-700">{t("judging.county.intro")}</p>
      </PageHeader>
      {reply && !reply.categoryId ? <ReplyBanner reply={reply} /> : null}
      <Form method="post" className="flex flex-wrap items-end gap-3">
        <CsrfInput />
        <label className="block text-lg font-semibold">
          {t("judging.county.k")}
          <input name="k" type="number" min={1} max={9} defaultValue={view.round?.k ?? 3} disabled={!view.canEdit} className="mt-1 block min-h-11 w-24 rounded-xl border-2 border-slate-400 px-3 text-lg" />
        </label>
        <Button type="submit" name="intent" value="settings" variant="secondary" disabled={!view.canEdit}>
          {t("judging.county.kSave")}
        </Button>
      </Form>
      {view.judges.length === 0 ? <EmptyState title={t("judging.county.noJudges")} /> : null}
      {view.categories.map((c) => (
        <Card key={c.id} as="article" className="space-y-3">
          <h2 className="text-xl font-bold">{c.name}</h2>
          <p className="text-lg">{t("judging.county.nominated", { count: c.nominated })}</p>
          {reply?.categoryId === c.id ? <ReplyBanner reply={reply} /> : null}
          <Form method="post" className="space-y-2">
            <CsrfInput />
            <input type="hidden" name="categoryId" value={c.id} />
            <fieldset>
              <legend className="text-lg font-semibold">{t("judging.county.panel")}</legend>
              <ul className="grid gap-1 sm:grid-cols-2">
                {view.judges.map((j) => (
                  <li key={j.id}>
                    <label className="flex min-h-11 items-center gap-3 text-lg">
                      <input type="checkbox" name="judgeId" value={j.id} defaultChecked={c.panel.includes(j.id)} disabled={!view.canEdit} className="h-6 w-6" />
                      <span>
                        {j.name}
                        {j.affiliation ? <span className="text-base text-slate-600"> · {j.affiliation}</span> : null}
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <Button type="submit" name="intent" value="panel" variant="secondary" disabled={!view.canEdit}>
              {t("judging.county.panelSave")}
            </Button>
          </Form>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="categoryId" value={c.id} />
            <Button type="submit" name="intent" value="assign" disabled={view.contest.status !== "COUNTY_JUDGING"}>
              {c.loads.some((l) => l.load > 0) ? t("judging.county.reassign") : t("judging.county.assign")}
            </Button>
          </Form>
          {c.short > 0 ? <p className="text-lg text-brand-900">{t("judging.county.short", { count: c.short })}</p> : null}
          <section>
            <h3 className="text-base font-semibold text-slate-700">{t("judging.county.loads")}</h3>
            {c.loads.every((l) => l.load === 0) ? (
              <p className="text-base">{t("judging.county.notAssigned")}</p>
            ) : (
              <ul className="text-base">
                {c.loads.map((l) => (
                  <li key={l.judgeId}>
                    {t("judging.county.load", { name: l.name, load: l.load, submitted: l.submitted })}
                    {l.inPanel ? null : <span className="text-slate-600">{t("judging.county.offPanel")}</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </Card>
      ))}
    </div>
  );
}
