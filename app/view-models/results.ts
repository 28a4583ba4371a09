// What the results, notice, verify and feedback pages show (issue 11 items
// 4–7): shapes the server builds (words already translated) and components
// draw. Types and pure helpers only. Dates travel as ISO strings.
import type { SubmissionResult } from "@conform-to/react";
import type { ContestHeader } from "./contests.ts";

export type ResultsFormReply = {
  form: string;
  result: SubmissionResult<string[]>;
  message: string | null;
  ok: boolean;
  stale?: boolean;
};

export type SeverityBar = {
  label: string;
  count: number;
  mean: number;
  sd: number;
  /** Against the other judges on the same entries; null when no entry was shared. */
  meanDifference: number | null;
  classification: string;
};

export type ResultRow = {
  entryId: string;
  rank: number;
  title: string;
  childName: string;
  schoolName: string;
  finalScore: string;
  judgeCount: number;
  method: string;
  tierName: string | null;
  /** Set when an organiser changed the tier: what the rules gave. */
  computedTierName: string | null;
  changeReason: string | null;
};

export type ResultGroupView = {
  categoryName: string;
  bandName: string;
  computedAt: string;
  normalised: boolean;
  /** One sentence: which method was used and why. */
  method: string;
  warnings: string[];
  agreement: string[];
  severity: { panelSd: number; threshold: number; judges: SeverityBar[] };
  tierNotices: string[];
  rows: ResultRow[];
  unscored: string[];
};

export type ObjectionView = {
  id: string;
  createdAt: string;
  body: string;
  contact: string | null;
  about: string | null;
  status: "OPEN" | "ANSWERED" | "RESOLVED" | "REJECTED";
  statusLabel: string;
  response: string | null;
  respondedBy: string | null;
  respondedAt: string | null;
};

export type ResultsView = {
  header: ContestHeader;
  threshold: number;
  /** Why results cannot be computed or changed now (empty: they can). */
  computeBlockers: string[];
  canChange: boolean;
  canPublish: boolean;
  canAnswer: boolean;
  canFinalise: boolean;
  tieRules: string[];
  tierRules: string[];
  tiers: { id: string; name: string }[];
  groups: ResultGroupView[];
  notice: { status: string; startsAt: string; endsAt: string; publicPath: string } | null;
  objections: ObjectionView[];
};

export type NoticeRow = { awardId: string; maskedName: string; schoolName: string; bandName: string; categoryName: string; tierName: string };

export type NoticeView = {
  contestId: string;
  contestTitle: string;
  countyName: string;
  /** "active": objections accepted; "final": results finalised; "ended": the window is over, awaiting finalisation. */
  state: "active" | "ended" | "final";
  startsAt: string;
  endsAt: string;
  rows: NoticeRow[];
};

export type NoticeReply = { ok: boolean; message: string; fieldErrors?: Partial<Record<"body" | "contact" | "awardId", string>> };

export type VerifyView =
  | { found: false }
  | { found: true; revoked: boolean; maskedName: string; contestTitle: string; categoryName: string | null; awardName: string };

export type EntryResultsView = {
  /** Judges' comments, no names; null until the results are final. */
  feedback: string[] | null;
  certificates: { id: string; label: string; serialNumber: string }[];
};

/** The severity chart's geometry, pure so that it can be unit-tested: one row per judge, bars from the panel's zero line. */
export function severityChartLayout(judges: readonly SeverityBar[], options: { width: number; rowHeight: number; labelWidth: number }) {
  const diffs = judges.map((j) => Math.abs(j.meanDifference ?? 0));
  const span = Math.max(5, ...diffs);
  const plot = options.width - options.labelWidth - 16;
  const zero = options.labelWidth + plot / 2;
  const scale = plot / 2 / span;
  return {
    height: judges.length * options.rowHeight + 24,
    zero,
    span,
    bars: judges.map((j, i) => {
      const d = j.meanDifference ?? 0;
      return { y: i * options.rowHeight + 4, x: d >= 0 ? zero : zero + d * scale, width: Math.abs(d) * scale, difference: d };
    }),
  };
}
