// The county's view of nominations: the schools that have not nominated
// first, then every school's nominations against quota per category.
import { Card, EmptyState, PageHeader, SectionTitle } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import type { NominationsView } from "~/view-models/judging.ts";

export function NominationsPage({ view }: { view: NominationsView }) {
  const t = useT();
  return (
    <div className="space-y-4">
      <PageHeader title={t("judging.nominations.title")} subtitle={view.contest.title}>
        <p className="text-base text-slate-700">{t("judging.nominations.intro")}</p>
      </PageHeader>
      <SectionTitle>{t("judging.nominations.notYet", { count: view.notYet.length })}</SectionTitle>
      {view.notYet.length === 0 ? (
        <EmptyState title={t("judging.nominations.allDone")} />
      ) : (
        <ul className="divide-y divide-slate-200 rounded-2xl bg-white ring-1 ring-slate-200" data-testid="not-yet">
          {view.notYet.map((s) => (
            <li key={s.id} className="flex min-h-11 items-center justify-between px-4 py-2 text-lg">
              <span>
                {s.township ? `${s.township} · ` : ""}
                {s.name}
              </span>
              <span className="text-base text-slate-700">{t("judging.nominations.submitted", { count: s.submitted })}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="overflow-x-auto">
        <table className="mt-6 w-full min-w-[32rem] text-left text-lg">
          <thead>
            <tr className="border-b-2 border-slate-300">
              <th className="py-2 pr-3">{t("judging.nominations.school")}</th>
              {view.categories.map((c) => (
                <th key={c.id} className="px-2 py-2 text-right">
                  {c.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.schools.map((s) => (
              <tr key={s.id} className="border-b border-slate-200">
                <td className="py-2 pr-3">{s.name}</td>
                {s.byCategory.map((c, i) => (
                  <td key={view.categories[i]?.id ?? i} className="px-2 py-2 text-right tabular-nums">
                    {t("judging.nominations.cell", { nominated: c.nominated, quota: c.quota })}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.schools
        .filter((s) => s.nominations.length > 0)
        .map((s) => (
          <Card key={s.id} as="article">
            <h3 className="text-lg font-bold">{s.name}</h3>
            <ul className="mt-2 space-y-2">
              {s.nominations.map((n) => (
                <li key={n.id} className="text-base">
                  <span className="font-semibold">{n.category} · {n.title}</span>
                  <span className="block text-slate-700">{`${t("judging.school.reason")}：${n.reason}`}</span>
                </li>
              ))}
            </ul>
          </Card>
        ))}
    </div>
  );
}
