// Which judges score which entries. Rules, in order of strength:
//   1. never a judge's own school, own class (teachers) or a declared conflict;
//   2. every entry gets exactly k distinct judges, or nothing is assigned and
//      the entries that cannot be covered are listed (no partial assignment);
//   3. kept assignments (already scored) stay and count towards loads;
//      excluded judges (dropped out) get nothing new;
//   4. loads as even as the conflicts allow: the smallest possible maximum
//      load, then the largest possible minimum (so max − min ≤ 1 whenever
//      that is achievable at all).
// Solved exactly as a flow problem with lower and upper bounds on the judges'
// loads (see `solveBalanced`); a greedy pass can fail on inputs that have a solution.
//
// Measured with Node 24 on the shared 2-core development machine, under load
// (load average ~7), 2,000 entries × 40 judges × k = 3:
//   - 8 schools, judges from 3 of them or none, one declared conflict each
//     (even loads achievable: one max-flow): 150–300 ms per call once warm,
//     ~0.8 s for the first call (JIT warm-up); a rebalance with a third of the
//     pairs kept and 2 judges dropped: 190–300 ms;
//   - 90 % of the entries from one school that half the judges belong to (loads
//     30..270 at best, ~20 flows for the bound searches): 0.7–0.9 s.
import { compareIds } from "./judge-scores.ts";
import { FlowNetwork } from "./max-flow.ts";
import { sum } from "./stats.ts";

export interface AssignmentEntry {
  id: string;
  schoolId: string;
  classId?: string | null;
}

export interface AssignmentJudge {
  id: string;
  /** Teachers' school (null for county experts with none). */
  schoolId?: string | null;
  /** Teachers' own class. */
  classId?: string | null;
  /** What the judge declared: entries and whole schools they must not judge. */
  conflicts?: { entryIds?: readonly string[]; schoolIds?: readonly string[] };
}

export interface JudgePair {
  entryId: string;
  judgeId: string;
}

export interface AssignmentOptions {
  entries: readonly AssignmentEntry[];
  judges: readonly AssignmentJudge[];
  /** Judges per entry. */
  k: number;
  /** Assignments already scored: never moved or dropped. */
  keep?: readonly JudgePair[];
  /** Judges who dropped out: they keep what they scored (in `keep`) and get nothing new. */
  exclude?: readonly string[];
}

export interface JudgeLoad {
  judgeId: string;
  /** All assignments, kept ones included. */
  load: number;
  kept: number;
  excluded: boolean;
}

export interface AssignmentResult {
  /** Sorted by entry id, then judge id. */
  assignments: (JudgePair & { kept: boolean })[];
  /** Every judge, sorted by id. */
  loads: JudgeLoad[];
  /** Smallest and largest load over the judges not excluded; null when there are none. */
  balance: { minLoad: number; maxLoad: number } | null;
}

export type AssignmentInputErrorCode =
  | "invalid_k"
  | "duplicate_entry"
  | "duplicate_judge"
  | "unknown_entry"
  | "unknown_judge"
  | "duplicate_kept"
  | "kept_assignment_ineligible"
  | "too_many_kept";

export class AssignmentInputError extends Error {
  override name = "AssignmentInputError";
  readonly code: AssignmentInputErrorCode;
  constructor(code: AssignmentInputErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.code = code;
  }
}

export interface UncoverableEntry {
  entryId: string;
  /** k */
  required: number;
  /** Judges who may score it: kept ones plus the eligible judges not excluded. */
  available: number;
}

/** Some entries cannot get k judges under the rules; nothing was assigned. */
export class AssignmentInfeasibleError extends Error {
  override name = "AssignmentInfeasibleError";
  readonly entries: UncoverableEntry[];
  constructor(entries: UncoverableEntry[]) {
    super(`${entries.length} entr${entries.length === 1 ? "y" : "ies"} cannot get enough judges: ${entries.map((e) => `${e.entryId} (${e.available}/${e.required})`).join(", ")}`);
    this.entries = entries;
  }
}

/** Rule 1: the judge may score the entry. Kept assignments must satisfy it too. */
export function isEligible(judge: AssignmentJudge, entry: AssignmentEntry): boolean {
  if (judge.schoolId != null && judge.schoolId === entry.schoolId) return false;
  if (judge.classId != null && judge.classId === entry.classId) return false;
  if (judge.conflicts?.entryIds?.includes(entry.id)) return false;
  return !judge.conflicts?.schoolIds?.includes(entry.schoolId);
}

/** A judge who may get new assignments, with the loads already fixed by kept ones. */
interface ActiveJudge {
  judge: AssignmentJudge;
  judgeId: string;
  index: number;
  kept: number;
}

/** An entry that still needs judges, and the active eligible judges not already on it. */
interface Need {
  entryId: string;
  need: number;
  candidates: ActiveJudge[];
}

interface Problem {
  judges: AssignmentJudge[];
  keep: JudgePair[];
  excluded: Set<string>;
  active: ActiveJudge[];
  needs: Need[];
}

interface LoadBounds {
  lower: number;
  upper: number;
}

const SOURCE = 0;
const SINK = 1;
/** Collects each judge's load above their lower bound, capped as a whole (see `loadFlow`). */
const ABOVE_FLOOR = 2;
const FIRST_NODE = 3;

/**
 * Assigns k judges to every entry under the rules at the top of this file.
 * Throws AssignmentInputError for malformed input and AssignmentInfeasibleError
 * when some entry has fewer than k judges available. Deterministic: entries
 * and judges are taken in id order, whatever the order of the input.
 */
export function assignJudges(options: AssignmentOptions): AssignmentResult {
  const problem = prepare(options);
  const uncoverable = problem.needs
    .filter((n) => n.candidates.length < n.need)
    .map((n): UncoverableEntry => ({ entryId: n.entryId, required: options.k, available: options.k - n.need + n.candidates.length }));
  if (uncoverable.length > 0) throw new AssignmentInfeasibleError(uncoverable);
  return buildResult(problem, problem.needs.length === 0 ? [] : solveBalanced(problem));
}

/**
 * The tightest loads: the smallest feasible maximum U, then the largest
 * feasible minimum L under that U, and the assignment for [L, U]. Both
 * searches are monotone (a looser bound stays feasible), and with unbounded
 * loads every entry is coverable (checked before), so U = largest kept load +
 * number of entries is always feasible, and so is L = 0 under the U found.
 */
function solveBalanced(problem: Problem): JudgePair[] {
  const { active, needs } = problem;
  const flow = loadFlow(problem);
  const tried = new Map<string, JudgePair[] | null>();
  const attempt = (bounds: LoadBounds) => {
    const key = `${bounds.lower}:${bounds.upper}`;
    if (!tried.has(key)) tried.set(key, flow(bounds));
    return tried.get(key) ?? null;
  };
  const total = sum(needs.map((n) => n.need)) + sum(active.map((j) => j.kept));
  const maxKept = Math.max(0, ...active.map((j) => j.kept));
  const lowestUpper = Math.max(maxKept, Math.ceil(total / active.length));
  // No load can beat these bounds (the maximum is at least the average, the
  // minimum at most); when they are feasible, as they usually are, one flow suffices.
  const ideal = attempt({ lower: Math.min(lowestUpper, Math.floor(total / active.length)), upper: lowestUpper });
  if (ideal) return ideal;
  const upper = lowestFeasible(lowestUpper, maxKept + needs.length, (u) => attempt({ lower: 0, upper: u }) !== null);
  const highestLower = Math.min(upper, Math.floor(total / active.length));
  // The largest feasible L is the smallest feasible −L.
  const lower = -lowestFeasible(-highestLower, 0, (minusL) => attempt({ lower: -minusL, upper }) !== null);
  const pairs = attempt({ lower, upper });
  if (!pairs) throw new Error(`No assignment for loads [${lower}, ${upper}], which the search found feasible`);
  return pairs;
}

/** Smallest x in [lo, hi] with feasible(x), by bisection, given feasible(hi) and monotonicity. */
function lowestFeasible(lo: number, hi: number, feasible: (x: number) => boolean): number {
  let infeasible = lo - 1;
  let found = hi;
  while (found - infeasible > 1) {
    const mid = Math.floor((infeasible + found) / 2);
    if (feasible(mid)) found = mid;
    else infeasible = mid;
  }
  return found;
}

/**
 * The flow network, built once: source → entry (its need) → judge (1 per
 * eligible pair) → sink, and a function that solves it for load bounds. A
 * judge's load must lie in [lower, upper]: the part up to the floor
 * (lower − kept) goes straight to the sink, the rest through ABOVE_FLOOR,
 * whose single edge to the sink carries only (total need − Σ floors). The flow
 * can then reach the total need only if every floor is filled, so max flow =
 * total need exactly when the bounds are feasible. The function returns the
 * new pairs, or null when the bounds are infeasible.
 */
function loadFlow(problem: Problem): (bounds: LoadBounds) => JudgePair[] | null {
  const { active, needs } = problem;
  const required = sum(needs.map((n) => n.need));
  const network = new FlowNetwork(FIRST_NODE + needs.length + active.length);
  const judgeNode = (judge: ActiveJudge) => FIRST_NODE + needs.length + judge.index;
  const pairs = needs.flatMap((n, i) => {
    network.addEdge(SOURCE, FIRST_NODE + i, n.need);
    return n.candidates.map((judge) => ({ entryId: n.entryId, judgeId: judge.judgeId, edge: network.addEdge(FIRST_NODE + i, judgeNode(judge), 1) }));
  });
  const judgeEdges = active.map((judge) => ({ judge, toSink: network.addEdge(judgeNode(judge), SINK, 0), aboveFloor: network.addEdge(judgeNode(judge), ABOVE_FLOOR, 0) }));
  const aboveFloorToSink = network.addEdge(ABOVE_FLOOR, SINK, 0);
  return (bounds) => {
    const floors = judgeEdges.map(({ judge }) => Math.max(0, bounds.lower - judge.kept));
    const roomAboveFloors = required - sum(floors);
    if (roomAboveFloors < 0 || active.some((j) => j.kept > bounds.upper)) return null;
    network.reset();
    judgeEdges.forEach(({ judge, toSink, aboveFloor }, i) => {
      const floor = floors[i] ?? 0;
      toSink.setCapacity(floor);
      aboveFloor.setCapacity(bounds.upper - judge.kept - floor);
    });
    aboveFloorToSink.setCapacity(roomAboveFloors);
    if (network.maxFlow(SOURCE, SINK) < required) return null;
    return pairs.filter((p) => p.edge.flow > 0).map(({ entryId, judgeId }) => ({ entryId, judgeId }));
  };
}

/** Validates the input and lays the problem out in id order. */
function prepare(options: AssignmentOptions): Problem {
  if (!Number.isInteger(options.k) || options.k < 1) throw new AssignmentInputError("invalid_k", `k = ${options.k}`);
  const entries = sortedUnique(options.entries, "duplicate_entry");
  const judges = sortedUnique(options.judges, "duplicate_judge");
  const judgeById = new Map(judges.map((j) => [j.id, j]));
  const excluded = new Set(options.exclude ?? []);
  for (const id of excluded) if (!judgeById.has(id)) throw new AssignmentInputError("unknown_judge", `excluded judge ${id}`);
  const keep = validKeep(options, entries, judgeById);
  const keptOn = new Map<string, Set<string>>();
  const keptLoad = new Map<string, number>();
  for (const { entryId, judgeId } of keep) {
    keptOn.set(entryId, (keptOn.get(entryId) ?? new Set()).add(judgeId));
    keptLoad.set(judgeId, (keptLoad.get(judgeId) ?? 0) + 1);
  }
  const active = judges.filter((j) => !excluded.has(j.id)).map((judge, index): ActiveJudge => ({ judge, judgeId: judge.id, index, kept: keptLoad.get(judge.id) ?? 0 }));
  const needs = entries.flatMap((entry): Need[] => {
    const already = keptOn.get(entry.id) ?? new Set<string>();
    if (already.size > options.k) throw new AssignmentInputError("too_many_kept", `entry ${entry.id} has ${already.size} kept judges, k = ${options.k}`);
    const candidates = active.filter((j) => !already.has(j.judgeId) && isEligible(j.judge, entry));
    return already.size < options.k ? [{ entryId: entry.id, need: options.k - already.size, candidates }] : [];
  });
  return { judges, keep, excluded, active, needs };
}

function sortedUnique<T extends { id: string }>(items: readonly T[], code: "duplicate_entry" | "duplicate_judge"): T[] {
  const sorted = [...items].sort((a, b) => compareIds(a.id, b.id));
  sorted.forEach((item, i) => {
    if (i > 0 && sorted[i - 1]?.id === item.id) throw new AssignmentInputError(code, item.id);
  });
  return sorted;
}

/** Kept pairs must name known entries and judges, once each, and still be allowed by rule 1. */
function validKeep(options: AssignmentOptions, entries: readonly AssignmentEntry[], judgeById: ReadonlyMap<string, AssignmentJudge>): JudgePair[] {
  const entryById = new Map(entries.map((e) => [e.id, e]));
  const seen = new Set<string>();
  return (options.keep ?? []).map(({ entryId, judgeId }) => {
    const entry = entryById.get(entryId);
    const judge = judgeById.get(judgeId);
    if (!entry) throw new AssignmentInputError("unknown_entry", `kept entry ${entryId}`);
    if (!judge) throw new AssignmentInputError("unknown_judge", `kept judge ${judgeId}`);
    const key = JSON.stringify([entryId, judgeId]);
    if (seen.has(key)) throw new AssignmentInputError("duplicate_kept", `entry ${entryId}, judge ${judgeId}`);
    seen.add(key);
    // A conflict declared after scoring: a person must decide about that score, not this function.
    if (!isEligible(judge, entry)) throw new AssignmentInputError("kept_assignment_ineligible", `entry ${entryId}, judge ${judgeId}`);
    return { entryId, judgeId };
  });
}

function buildResult(problem: Problem, added: readonly JudgePair[]): AssignmentResult {
  const assignments = [...problem.keep.map((p) => ({ ...p, kept: true })), ...added.map((p) => ({ ...p, kept: false }))].sort(
    (a, b) => compareIds(a.entryId, b.entryId) || compareIds(a.judgeId, b.judgeId),
  );
  const loadOf = new Map<string, { load: number; kept: number }>();
  for (const a of assignments) {
    const counts = loadOf.get(a.judgeId) ?? { load: 0, kept: 0 };
    loadOf.set(a.judgeId, { load: counts.load + 1, kept: counts.kept + (a.kept ? 1 : 0) });
  }
  const loads = problem.judges.map((judge): JudgeLoad => ({ judgeId: judge.id, ...(loadOf.get(judge.id) ?? { load: 0, kept: 0 }), excluded: problem.excluded.has(judge.id) }));
  const activeLoads = loads.filter((l) => !l.excluded).map((l) => l.load);
  const balance = activeLoads.length > 0 ? { minLoad: Math.min(...activeLoads), maxLoad: Math.max(...activeLoads) } : null;
  return { assignments, loads, balance };
}
