// On the entry page after the results are final: the judges' comments as
// feedback (never who wrote them) and the child's certificates to download.
import { Card, SectionTitle } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import type { EntryResultsView } from "~/view-models/results.ts";

export function EntryResultsCard({ results }: { results: EntryResultsView }) {
  const t = useT();
  return (
    <Card className="space-y-3">
      <SectionTitle>{t("results.entry.title")}</SectionTitle>
      {results.certificates.length > 0 ? (
        <ul className="space-y-2">
          {results.certificates.map((c) => (
            <li key={c.id}>
              <a href={`/certificates/${c.id}.pdf`} className="inline-flex min-h-11 items-center rounded-xl bg-brand-700 px-4 text-lg font-semibold text-white" download>
                {c.label}
              </a>
              <span className="ml-2 text-base text-slate-700">{c.serialNumber}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <h3 className="text-lg font-semibold">{t("results.entry.feedback")}</h3>
      {results.feedback && results.feedback.length > 0 ? (
        <ul className="space-y-2">
          {results.feedback.map((comment, i) => (
            <li key={i} className="rounded-xl bg-slate-50 px-4 py-3 text-lg">
              <span className="block text-base text-slate-700">{t("results.entry.judgeN", { n: i + 1 })}</span>
              {comment}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-base text-slate-700">{t("results.entry.noFeedback")}</p>
      )}
    </Card>
  );
}
