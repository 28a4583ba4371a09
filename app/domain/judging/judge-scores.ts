// One judge's weighted total for one entry: the unit that normalisation,
// aggregation, agreement and severity all work on.

export interface JudgeScore {
  entryId: string;
  judgeId: string;
  /** Weighted total on the 0–100 scale (see scoring.ts), raw or normalised. */
  total: number;
}

export type JudgeScoresErrorCode = "duplicate_score" | "total_not_finite";

/** Refuses score lists that would silently count a judge twice or carry NaN into the results. */
export class JudgeScoresError extends Error {
  override name = "JudgeScoresError";
  readonly code: JudgeScoresErrorCode;
  readonly entryId: string;
  readonly judgeId: string;
  constructor(code: JudgeScoresErrorCode, score: Pick<JudgeScore, "entryId" | "judgeId">) {
    super(`${code}: entry ${score.entryId}, judge ${score.judgeId}`);
    this.code = code;
    this.entryId = score.entryId;
    this.judgeId = score.judgeId;
  }
}

/** Throws JudgeScoresError for a non-finite total or a second score by the same judge for the same entry. */
export function assertValidJudgeScores(scores: readonly JudgeScore[]): void {
  const seen = new Set<string>();
  for (const score of scores) {
    if (!Number.isFinite(score.total)) throw new JudgeScoresError("total_not_finite", score);
    // JSON of the pair: ids may contain any character, so no separator is safe.
    const key = JSON.stringify([score.entryId, score.judgeId]);
    if (seen.has(key)) throw new JudgeScoresError("duplicate_score", score);
    seen.add(key);
  }
}

/** Groups values by a key, keys sorted (code-unit order) so that every result built from it is deterministic. */
export function groupSorted<T, V>(items: readonly T[], keyOf: (item: T) => string, valueOf: (item: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(valueOf(item));
    else groups.set(key, [valueOf(item)]);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => compareIds(a, b)));
}

/** Id order used everywhere: plain code-unit order, independent of the locale of the machine. */
export function compareIds(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
