// How a contest is going (county: /organiser/contests/:id/progress; a
// school: /school/contests/:id/progress): a horizontal bar chart drawn as SVG
// on the server (no chart library; a <title>, a <desc> and a text label on
// every bar), the table beside it (the same rows as the CSV and XLSX), and
// the two downloads.
import { Card, LinkButton, PageHeader, SectionTitle } from "~/components/index.ts";
import { useT, type Translate } from "~/i18n/index.ts";
import {
  formatContestTime,
  handedIn,
  progressTable,
  seasonLabel,
  townshipName,
  type ContestProgressView,
} from "~/view-models/contests.ts";
import { ContestHeaderBar, ContestStatusBadge } from "./contest-header.tsx";

export function ProgressPage({ view }: { view: ContestProgressView }) {
  const t = useT();
  const table = progressTable(t, view);
  const headerCount = table.headers.length;
  return (
    <div>
      {view.level === "county" ? (
        <ContestHeaderBar header={view.header} current="progress" />
      ) : (
        <PageHeader title={view.header.title} subtitle={t("contests.progress.schoolSubtitle", { schools: view.scopeNames.join("、") })}>
          <p className="flex flex-wrap items-center gap-2 text-base text-slate-700">
            <ContestStatusBadge status={view.header.status} />
            <span>{seasonLabel(t, view.header)}</span>
          </p>
        </PageHeader>
      )}
      <p className="text-base text-slate-700">{t("contests.progress.asOf", { at: formatContestTime(t.locale, view.generatedAt) })}</p>
      <div className="mt-3 grid grid-cols-2 gap-2">
        <LinkButton to={view.downloads.csv} reloadDocument variant="secondary">
          {t("contests.progress.downloadCsv")}
        </LinkButton>
        <LinkButton to={view.downloads.xlsx} reloadDocument variant="secondary">
          {t("contests.progress.downloadXlsx")}
        </LinkButton>
      </div>
      <div className="lg:grid lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)] lg:gap-6">
        <section>
          <SectionTitle>{t("contests.progress.chartTitle")}</SectionTitle>
          <Card>
            <ProgressChart view={view} t={t} />
          </Card>
        </section>
        <section className="min-w-0">
          <SectionTitle>{t("contests.progress.tableTitle")}</SectionTitle>
          <div className="overflow-x-auto rounded-2xl bg-white ring-1 ring-slate-200">
            <table className="min-w-full text-base">
              <caption className="sr-only">{t("contests.progress.tableTitle")}</caption>
              <thead className="bg-stone-100">
                <tr>
                  {table.headers.map((h, i) => (
                    <th key={h} scope="col" className={`whitespace-nowrap px-3 py-2 font-semibold ${i < 2 ? "text-left" : "text-right"}`}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, r) => {
                  const summary = row[1] === t("contests.progress.subtotal") || row[0] === t("contests.progress.total");
                  return (
                    <tr key={`${r}:${row[0]}:${row[1]}`} className={`border-t border-slate-200 ${summary ? "bg-stone-50 font-bold" : ""}`}>
                      {row.slice(0, headerCount).map((cell, i) =>
                        i === 1 ? (
                          <th key={i} scope="row" className="whitespace-nowrap px-3 py-2 text-left font-semibold">
                            {cell}
                          </th>
                        ) : (
                          <td key={i} className={`whitespace-nowrap px-3 py-2 ${i < 2 ? "text-left" : "text-right tabular-nums"}`}>
                            {cell}
                          </td>
                        ),
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </div>
  );
}

const WIDTH = 320;
const LABEL_ROW = 24;
const BAR = 16;
const SCHOOL_ROW = 52;
const TOWNSHIP_ROW = 34;

/**
 * Handed-in entries per school (dark) with drafts after them (light), under
 * their township's name. Sized in a 320-unit-wide viewBox, about the card's
 * width on a 390 px phone, so the text is drawn at about its own size.
 */
/** Where each township heading and school bar goes (pure: computed before drawing). */
function chartLayout(view: ContestProgressView) {
  const schools = view.townships.flatMap((g) => g.schools);
  const max = Math.max(1, ...schools.map((s) => handedIn(s) + s.entries.DRAFT));
  const scale = (n: number) => (n / max) * WIDTH;
  let y = 0;
  const rows = view.townships.map((township) => {
    const top = y;
    y += TOWNSHIP_ROW;
    const bars = township.schools.map((s) => {
      const at = y;
      y += SCHOOL_ROW;
      const done = handedIn(s);
      return { s, at, done, doneWidth: scale(done), draftWidth: scale(s.entries.DRAFT) };
    });
    return { township, top, bars };
  });
  return { rows, height: Math.max(y, TOWNSHIP_ROW) };
}

function ProgressChart({ view, t }: { view: ContestProgressView; t: Translate }) {
  const { rows, height } = chartLayout(view);
  const titleId = `progress-chart-title-${view.header.id}`;
  const descId = `progress-chart-desc-${view.header.id}`;
  return (
    <div>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={`${titleId} ${descId}`} className="max-w-md">
        <title id={titleId}>{t("contests.progress.chartTitle")}</title>
        <desc id={descId}>{t("contests.progress.chartDesc")}</desc>
        {rows.map(({ township, top, bars }) => (
          <g key={township.id}>
            <text x={0} y={top + 24} fontSize={18} fontWeight={700} fill="#0f172a">
              {townshipName(t, township)}
            </text>
            {bars.map(({ s, at, done, doneWidth, draftWidth }) => (
              <g key={s.id}>
                <title>{t("contests.progress.barLabel", { school: s.name, done, drafts: s.entries.DRAFT })}</title>
                <text x={0} y={at + 18} fontSize={17} fill="#1e293b">
                  {s.name}
                </text>
                <text x={WIDTH} y={at + 18} fontSize={16} fill="#1e293b" textAnchor="end">
                  {t("contests.progress.barValue", { done, drafts: s.entries.DRAFT })}
                </text>
                <rect x={0} y={at + LABEL_ROW} width={WIDTH} height={BAR} rx={3} fill="#f1f5f9" />
                <rect x={0} y={at + LABEL_ROW} width={Math.max(doneWidth, done > 0 ? 2 : 0)} height={BAR} rx={3} fill="#b91c1c" />
                <rect x={doneWidth} y={at + LABEL_ROW} width={draftWidth} height={BAR} rx={3} fill="#fca5a5" />
              </g>
            ))}
          </g>
        ))}
      </svg>
      <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-base">
        <span className="inline-flex items-center gap-2">
          <span aria-hidden="true" className="inline-block size-4 rounded-sm bg-[#b91c1c]" />
          {t("contests.progress.legendDone")}
        </span>
        <span className="inline-flex items-center gap-2">
          <span aria-hidden="true" className="inline-block size-4 rounded-sm bg-[#fca5a5]" />
          {t("contests.progress.legendDrafts")}
        </span>
      </p>
    </div>
  );
}
