// Agreement for a real panel, from the scores as they come out of the
// database: (entry, judge, total) rows. Panels are often incomplete (each
// entry scored by k of n judges), and the two-way ICC forms and Kendall's W
// need every judge to score every entry, so the figures computed depend on the
// design; the result says which were computed and why, as codes for the catalog.
import {
  concordanceLevel,
  icc1FromGroups,
  iccFromMatrix,
  iccLevel,
  iccLevelsOf,
  kendallW,
  type ConcordanceLevel,
  type ConcordanceResult,
  type GroupIccResult,
  type IccKind,
  type IccLevel,
  type IccResult,
} from "./agreement.ts";
import { assertValidJudgeScores, compareIds, groupSorted, type JudgeScore } from "./judge-scores.ts";

/** Judges per entry up to which every subset of an entry's judges is tried as a crossed block (2⁶ − 7 = 57 subsets). */
const MAX_JUDGES_FOR_SUBSETS = 6;
/** Kendall's W over fewer entries says too little to be shown. */
const MIN_BLOCK_ENTRIES = 3;

export interface ConcordanceFigure extends ConcordanceResult {
  level: ConcordanceLevel | null;
}

export interface CrossedBlock {
  judgeIds: string[];
  entryIds: string[];
  concordance: ConcordanceFigure;
}

export type PanelAgreement =
  | {
      design: "fully_crossed";
      reason: "every_judge_scored_every_entry";
      entryIds: string[];
      judgeIds: string[];
      icc: IccResult;
      iccLevels: Record<IccKind, IccLevel | null>;
      concordance: ConcordanceFigure;
    }
  | {
      design: "incomplete";
      reason: "some_judges_missed_some_entries";
      /** ICC(1) over the entries with at least 2 scores. */
      groups: GroupIccResult & { level: IccLevel | null };
      /** Entries left out of ICC(1) because only one judge scored them. */
      entriesWithOneScore: string[];
      crossedBlock: CrossedBlock | null;
      crossedBlockReason: "largest_crossed_block" | "no_block_of_2_judges_by_3_entries";
    }
  | { design: "insufficient"; reason: "fewer_than_2_entries_with_2_scores" };

/**
 * Fully crossed (every judge scored every entry, at least 2 × 2): all six ICC
 * forms and Kendall's W. Otherwise ICC(1) from the unbalanced one-way model
 * over the entries with 2 or more scores, plus Kendall's W over the largest
 * fully crossed block of at least 2 judges × 3 entries, if there is one.
 */
export function agreementForPanel(scores: readonly JudgeScore[]): PanelAgreement {
  assertValidJudgeScores(scores);
  const byEntry = groupSorted(scores, (s) => s.entryId, (s) => s);
  const judgeIds = [...new Set(scores.map((s) => s.judgeId))].sort(compareIds);
  const scoredTwice = [...byEntry.values()].filter((group) => group.length >= 2);
  if (scoredTwice.length < 2) return { design: "insufficient", reason: "fewer_than_2_entries_with_2_scores" };
  const entryIds = [...byEntry.keys()];
  if (scores.length === entryIds.length * judgeIds.length) {
    const matrix = toMatrix(scores, entryIds, judgeIds);
    const icc = iccFromMatrix(matrix);
    const iccLevels = iccLevelsOf(icc.values);
    return { design: "fully_crossed", reason: "every_judge_scored_every_entry", entryIds, judgeIds, icc, iccLevels, concordance: concordanceOf(matrix) };
  }
  const groups = icc1FromGroups(scoredTwice.map((group) => group.map((s) => s.total)));
  const block = largestCrossedBlock(byEntry);
  return {
    design: "incomplete",
    reason: "some_judges_missed_some_entries",
    groups: { ...groups, level: groups.icc1 === null ? null : iccLevel(groups.icc1) },
    entriesWithOneScore: entryIds.filter((id) => (byEntry.get(id)?.length ?? 0) < 2),
    crossedBlock: block && { ...block, concordance: concordanceOf(toMatrix(scores, block.entryIds, block.judgeIds)) },
    crossedBlockReason: block ? "largest_crossed_block" : "no_block_of_2_judges_by_3_entries",
  };
}

function concordanceOf(matrix: number[][]): ConcordanceFigure {
  const result = kendallW(matrix);
  return { ...result, level: result.w === null ? null : concordanceLevel(result.w) };
}

/** Rows = entries, columns = judges, in the order given; every cell must exist (the callers checked the design). */
function toMatrix(scores: readonly JudgeScore[], entryIds: readonly string[], judgeIds: readonly string[]): number[][] {
  const cell = new Map(scores.map((s) => [JSON.stringify([s.entryId, s.judgeId]), s.total]));
  return entryIds.map((entryId) => judgeIds.map((judgeId) => cell.get(JSON.stringify([entryId, judgeId])) ?? Number.NaN));
}

/**
 * The set of ≥ 2 judges and the entries all of them scored that holds the most
 * scores (judges × entries), with at least 3 entries; ties go to more judges,
 * then to the first judge set in id order. Finding the true maximum is the
 * maximum edge biclique problem (NP-hard), so candidates are limited to each
 * entry's own judge set and, when it has at most 6 judges, all its subsets of
 * 2 or more: exact for the usual k = 2..6 panels; a near-complete panel with
 * more judges per entry is searched over the entries' full judge sets only.
 */
function largestCrossedBlock(byEntry: Map<string, JudgeScore[]>): { judgeIds: string[]; entryIds: string[] } | null {
  const entriesOfJudge = new Map<string, Set<string>>();
  const candidates = new Map<string, string[]>();
  for (const [entryId, group] of byEntry) {
    const judges = group.map((s) => s.judgeId).sort(compareIds);
    for (const judgeId of judges) entriesOfJudge.set(judgeId, (entriesOfJudge.get(judgeId) ?? new Set()).add(entryId));
    const sets = judges.length <= MAX_JUDGES_FOR_SUBSETS ? subsetsOfAtLeastTwo(judges) : [judges];
    for (const set of sets) candidates.set(JSON.stringify(set), set);
  }
  let best: { judgeIds: string[]; entryIds: string[] } | null = null;
  for (const judgeIds of [...candidates.values()].sort(compareIdLists)) {
    const sets = judgeIds.map((id) => entriesOfJudge.get(id) ?? new Set<string>());
    const smallest = sets.reduce((a, b) => (b.size < a.size ? b : a));
    const entryIds = [...smallest].filter((entryId) => sets.every((set) => set.has(entryId))).sort(compareIds);
    if (entryIds.length < MIN_BLOCK_ENTRIES) continue;
    const size = judgeIds.length * entryIds.length;
    const bestSize = best ? best.judgeIds.length * best.entryIds.length : 0;
    if (size > bestSize || (size === bestSize && best && judgeIds.length > best.judgeIds.length)) best = { judgeIds, entryIds };
  }
  return best;
}

/** All subsets with at least 2 members, each in the (sorted) order of `ids`. */
function subsetsOfAtLeastTwo(ids: readonly string[]): string[][] {
  const subsets: string[][] = [];
  for (let mask = 0; mask < 1 << ids.length; mask++) {
    const subset = ids.filter((_, i) => (mask & (1 << i)) !== 0);
    if (subset.length >= 2) subsets.push(subset);
  }
  return subsets;
}

function compareIdLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIds(a[i] ?? "", b[i] ?? "");
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
