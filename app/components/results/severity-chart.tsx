// Judge severity as an SVG chart drawn on the server (no chart script): one
// row per judge, a bar from the zero line (the other judges on the same
// entries) to the judge's mean difference, right = lenient, left = severe;
// the dashed lines mark the threshold beyond which a judge is called so.
import { useT } from "~/i18n/index.ts";
import { severityChartLayout, type ResultGroupView } from "~/view-models/results.ts";

const WIDTH = 640;
const ROW = 34;
const LABEL = 180;

export function SeverityChart({ severity, title }: { severity: ResultGroupView["severity"]; title: string }) {
  const t = useT();
  if (severity.judges.length === 0) return <p className="text-base text-slate-700">{t("results.severity.none")}</p>;
  const layout = severityChartLayout(severity.judges, { width: WIDTH, rowHeight: ROW, labelWidth: LABEL });
  const plot = WIDTH - LABEL - 16;
  const thresholdX = (plot / 2 / layout.span) * severity.threshold;
  return (
    <figure className="space-y-2">
      <svg viewBox={`0 0 ${WIDTH} ${layout.height}`} role="img" aria-label={title} className="h-auto w-full max-w-2xl">
        <title>{title}</title>
        {severity.threshold > 0 && severity.threshold < layout.span ? (
          <g stroke="#94a3b8" strokeDasharray="4 4">
            <line x1={layout.zero - thresholdX} x2={layout.zero - thresholdX} y1={0} y2={layout.height - 20} />
            <line x1={layout.zero + thresholdX} x2={layout.zero + thresholdX} y1={0} y2={layout.height - 20} />
          </g>
        ) : null}
        <line x1={layout.zero} x2={layout.zero} y1={0} y2={layout.height - 20} stroke="#0f172a" />
        {severity.judges.map((j, i) => {
          const bar = layout.bars[i]!;
          const colour = bar.difference >= 0 ? "#b45309" : "#1d4ed8";
          return (
            <g key={j.label + i}>
              <text x={0} y={bar.y + 18} fontSize="15" fill="#0f172a">
                {j.label}
              </text>
              <rect x={bar.x} y={bar.y + 4} width={Math.max(bar.width, 1)} height={ROW - 12} fill={colour} />
              <text x={bar.difference >= 0 ? bar.x + bar.width + 4 : bar.x - 4} y={bar.y + 18} fontSize="13" fill="#334155" textAnchor={bar.difference >= 0 ? "start" : "end"}>
                {j.meanDifference === null ? "—" : `${j.meanDifference >= 0 ? "+" : ""}${j.meanDifference.toFixed(1)}`}
              </text>
            </g>
          );
        })}
        <text x={LABEL} y={layout.height - 4} fontSize="13" fill="#1d4ed8">
          {t("results.severity.axisSevere")}
        </text>
        <text x={WIDTH - 16} y={layout.height - 4} fontSize="13" fill="#b45309" textAnchor="end">
          {t("results.severity.axisLenient")}
        </text>
      </svg>
      <figcaption className="text-base text-slate-700">{t("results.severity.caption", { threshold: severity.threshold.toFixed(1) })}</figcaption>
      <table className="w-full text-left text-base">
        <thead>
          <tr className="border-b border-slate-300">
            <th className="py-1 pr-2">{t("results.severity.judge")}</th>
            <th className="py-1 pr-2">{t("results.severity.count")}</th>
            <th className="py-1 pr-2">{t("results.severity.mean")}</th>
            <th className="py-1 pr-2">{t("results.severity.sd")}</th>
            <th className="py-1">{t("results.severity.reading")}</th>
          </tr>
        </thead>
        <tbody>
          {severity.judges.map((j, i) => (
            <tr key={j.label + i} className="border-b border-slate-100">
              <td className="py-1 pr-2">{j.label}</td>
              <td className="py-1 pr-2">{j.count}</td>
              <td className="py-1 pr-2">{j.mean.toFixed(1)}</td>
              <td className="py-1 pr-2">{j.sd.toFixed(1)}</td>
              <td className="py-1">{j.classification}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
