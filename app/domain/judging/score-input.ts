// A judge's score sheet as typed: one text per criterion (empty = not scored
// yet), checked against the rubric before anything is written. Partial
// sheets are saved as they are typed (autosave); a submitted sheet must be
// complete. Full-width digits from Chinese input methods are accepted.

export interface SheetCriterion {
  id: string;
  maxScore: number;
}

export type ScoreInputProblem = "not_a_number" | "out_of_range" | "missing";

export type ParsedSheet =
  | { ok: true; scores: Map<string, number | null> }
  | { ok: false; problems: Map<string, ScoreInputProblem> };

/** Up to two decimals (the column is DECIMAL(6,2)). */
const NUMBER = /^\d{1,4}(?:\.\d{1,2})?$/;

export function parseScoreValue(raw: string, maxScore: number): { value: number | null } | { problem: ScoreInputProblem } {
  const text = raw.normalize("NFKC").trim();
  if (text === "") return { value: null };
  if (!NUMBER.test(text)) return { problem: /^-/.test(text) ? "out_of_range" : "not_a_number" };
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > maxScore) return { problem: "out_of_range" };
  return { value };
}

/**
 * Every criterion's typed value checked; `complete` also requires each one.
 * Values for criteria outside the rubric are ignored by construction (only
 * the rubric's ids are read).
 */
export function parseScoreSheet(criteria: readonly SheetCriterion[], raw: (criterionId: string) => string, options: { complete: boolean }): ParsedSheet {
  const scores = new Map<string, number | null>();
  const problems = new Map<string, ScoreInputProblem>();
  for (const c of criteria) {
    const parsed = parseScoreValue(raw(c.id), c.maxScore);
    if ("problem" in parsed) problems.set(c.id, parsed.problem);
    else if (parsed.value === null && options.complete) problems.set(c.id, "missing");
    else scores.set(c.id, parsed.value);
  }
  return problems.size > 0 ? { ok: false, problems } : { ok: true, scores };
}
