import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assignJudges,
  AssignmentInfeasibleError,
  AssignmentInputError,
  type AssignmentEntry,
  type AssignmentJudge,
  type AssignmentOptions,
  type AssignmentResult,
  type JudgePair,
} from "./assignment.ts";

// ---------------------------------------------------------------------------
// An independent statement of the rules, written from the brief and not from
// the implementation, against which every property is checked.

function allowed(judge: AssignmentJudge, entry: AssignmentEntry): boolean {
  const conflicts = judge.conflicts ?? {};
  return (
    (judge.schoolId == null || judge.schoolId !== entry.schoolId) &&
    (judge.classId == null || judge.classId !== entry.classId) &&
    !(conflicts.entryIds ?? []).includes(entry.id) &&
    !(conflicts.schoolIds ?? []).includes(entry.schoolId)
  );
}

/** How many judges each entry could have: kept ones plus allowed, not excluded, not already kept. */
function available(options: AssignmentOptions): Map<string, number> {
  const keep = options.keep ?? [];
  const exclude = options.exclude ?? [];
  return new Map(
    options.entries.map((entry) => {
      const kept = keep.filter((p) => p.entryId === entry.id).map((p) => p.judgeId);
      const fresh = options.judges.filter((j) => !exclude.includes(j.id) && !kept.includes(j.id) && allowed(j, entry));
      return [entry.id, kept.length + fresh.length];
    }),
  );
}

function expectedShortfall(options: AssignmentOptions) {
  return [...available(options)]
    .filter(([, count]) => count < options.k)
    .map(([entryId, count]) => ({ entryId, required: options.k, available: count }))
    .sort((a, b) => (a.entryId < b.entryId ? -1 : 1));
}

/** Runs the assignment; on an infeasibility error checks it against the independent count. */
function solveOrCheckError(options: AssignmentOptions): AssignmentResult | null {
  try {
    const result = assignJudges(options);
    expect(expectedShortfall(options)).toEqual([]);
    return result;
  } catch (error) {
    if (!(error instanceof AssignmentInfeasibleError)) throw error;
    const shortfall = expectedShortfall(options);
    expect(shortfall.length).toBeGreaterThan(0);
    expect(error.entries).toEqual(shortfall);
    return null;
  }
}

/** Every rule a returned assignment must satisfy. */
function expectValid(options: AssignmentOptions, result: AssignmentResult): void {
  const judgeById = new Map(options.judges.map((j) => [j.id, j]));
  const keptKeys = new Set((options.keep ?? []).map((p) => `${p.entryId}|${p.judgeId}`));
  for (const entry of options.entries) {
    const judges = result.assignments.filter((a) => a.entryId === entry.id).map((a) => a.judgeId);
    expect(new Set(judges).size).toBe(options.k);
    expect(judges.length).toBe(options.k);
  }
  for (const a of result.assignments) {
    const judge = judgeById.get(a.judgeId);
    const entry = options.entries.find((e) => e.id === a.entryId);
    if (!judge || !entry) throw new Error(`unknown pair ${a.entryId}/${a.judgeId}`);
    expect(allowed(judge, entry)).toBe(true);
    expect(a.kept).toBe(keptKeys.has(`${a.entryId}|${a.judgeId}`));
    if ((options.exclude ?? []).includes(a.judgeId)) expect(a.kept).toBe(true);
  }
  for (const key of keptKeys) expect(result.assignments.some((a) => `${a.entryId}|${a.judgeId}` === key)).toBe(true);
  const activeLoads = options.judges.filter((j) => !(options.exclude ?? []).includes(j.id)).map((j) => result.assignments.filter((a) => a.judgeId === j.id).length);
  if (activeLoads.length > 0) expect(result.balance).toEqual({ minLoad: Math.min(...activeLoads), maxLoad: Math.max(...activeLoads) });
}

type Balance = AssignmentResult["balance"];

/** The most balanced loads by exhaustive search (smallest max, then largest min); "infeasible" when no assignment exists. */
function bruteForceBalance(options: AssignmentOptions): Balance | "infeasible" {
  const exclude = options.exclude ?? [];
  const active = options.judges.filter((j) => !exclude.includes(j.id));
  const load = new Map(options.judges.map((j) => [j.id, (options.keep ?? []).filter((p) => p.judgeId === j.id).length]));
  let best: Balance | "infeasible" = "infeasible";
  const visit = (index: number): void => {
    const entry = options.entries[index];
    if (!entry) {
      const loads = active.map((j) => load.get(j.id) ?? 0);
      const candidate = loads.length > 0 ? { minLoad: Math.min(...loads), maxLoad: Math.max(...loads) } : null;
      if (best === "infeasible" || best === null || !candidate) best = candidate;
      else if (candidate.maxLoad < best.maxLoad || (candidate.maxLoad === best.maxLoad && candidate.minLoad > best.minLoad)) best = candidate;
      return;
    }
    const kept = (options.keep ?? []).filter((p) => p.entryId === entry.id).map((p) => p.judgeId);
    const pool = active.filter((j) => !kept.includes(j.id) && allowed(j, entry)).map((j) => j.id);
    for (const chosen of combinations(pool, options.k - kept.length)) {
      chosen.forEach((id) => load.set(id, (load.get(id) ?? 0) + 1));
      visit(index + 1);
      chosen.forEach((id) => load.set(id, (load.get(id) ?? 0) - 1));
    }
  };
  visit(0);
  return best;
}

function combinations<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) => combinations(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]));
}

// ---------------------------------------------------------------------------
// Random instances: small pools of schools and classes so that the rules bite.

interface Limits {
  entries: number;
  judges: number;
  k: number;
  conflicts: boolean;
  /** Judges' schools and classes are drawn from the entries'; otherwise every judge is from elsewhere. */
  judgesFromEntrySchools: boolean;
}

function instance(limits: Limits): fc.Arbitrary<AssignmentOptions> {
  const raw = fc.record({
    schools: fc.integer({ min: 2, max: 4 }),
    entries: fc.array(fc.record({ school: fc.nat(3), cls: fc.option(fc.nat(2), { nil: null }) }), { minLength: 1, maxLength: limits.entries }),
    judges: fc.array(
      fc.record({
        // One judge in three is a county expert with no school.
        school: fc.option(fc.nat(3), { nil: null, freq: 3 }),
        // Any school's class, not only the judge's own: otherwise the school rule would hide the class rule.
        cls: fc.option(fc.record({ school: fc.nat(3), n: fc.nat(2) }), { nil: null }),
        conflictEntries: limits.conflicts ? fc.array(fc.nat(limits.entries - 1), { maxLength: 1 }) : fc.constant<number[]>([]),
        conflictSchools: limits.conflicts ? fc.array(fc.nat(3), { maxLength: 1 }) : fc.constant<number[]>([]),
      }),
      { minLength: 2, maxLength: limits.judges },
    ),
    k: fc.integer({ min: 1, max: limits.k }),
  });
  return raw.map(({ schools, entries, judges, k }) => {
    const school = (n: number) => `s${n % schools}`;
    return {
      k,
      entries: entries.map((e, i) => ({ id: `e${i}`, schoolId: school(e.school), classId: e.cls === null ? null : `${school(e.school)}-c${e.cls}` })),
      judges: judges.map((j, i) => {
        const schoolId = j.school === null ? null : limits.judgesFromEntrySchools ? school(j.school) : `elsewhere${j.school}`;
        return {
          id: `j${i}`,
          schoolId,
          // Judges from elsewhere teach none of these classes.
          classId: j.cls === null || !limits.judgesFromEntrySchools ? null : `${school(j.cls.school)}-c${j.cls.n}`,
          conflicts: { entryIds: j.conflictEntries.map((n) => `e${n}`), schoolIds: j.conflictSchools.map(school) },
        };
      }),
    };
  });
}

/** Adds kept pairs (allowed, at most k per entry) and excluded judges chosen by the generator. */
function withKeepAndExclude(base: fc.Arbitrary<AssignmentOptions>): fc.Arbitrary<AssignmentOptions> {
  return base.chain((options) => {
    const pairs = options.entries.flatMap((e) => options.judges.filter((j) => allowed(j, e)).map((j): JudgePair => ({ entryId: e.id, judgeId: j.id })));
    return fc.record({ keep: fc.subarray(pairs), exclude: fc.subarray(options.judges.map((j) => j.id), { maxLength: 1 }) }).map(({ keep, exclude }) => {
      const perEntry = new Map<string, number>();
      const capped = keep.filter((p) => {
        perEntry.set(p.entryId, (perEntry.get(p.entryId) ?? 0) + 1);
        return (perEntry.get(p.entryId) ?? 0) <= options.k;
      });
      return { ...options, keep: capped, exclude };
    });
  });
}

const RUNS = { seed: 20250701, numRuns: 200 };

describe("assignJudges — properties", () => {
  it("(a, b) covers every entry with k allowed, distinct judges, or names exactly the entries that cannot be covered", () => {
    const arbitrary = withKeepAndExclude(instance({ entries: 10, judges: 8, k: 3, conflicts: true, judgesFromEntrySchools: true }));
    fc.assert(
      fc.property(arbitrary, (options) => {
        const result = solveOrCheckError(options);
        if (result) expectValid(options, result);
      }),
      RUNS,
    );
  });

  it("finds the most balanced loads that exist (exhaustive check on tiny instances)", () => {
    const arbitrary = withKeepAndExclude(instance({ entries: 5, judges: 5, k: 2, conflicts: true, judgesFromEntrySchools: true }));
    fc.assert(
      fc.property(arbitrary, (options) => {
        const best = bruteForceBalance(options);
        const result = solveOrCheckError(options);
        expect(result === null ? "infeasible" : result.balance).toEqual(best);
      }),
      RUNS,
    );
  });

  it("(c) keeps loads within 1 of each other when no conflicts are declared and every judge is from elsewhere", () => {
    const arbitrary = instance({ entries: 40, judges: 8, k: 3, conflicts: false, judgesFromEntrySchools: false }).filter((o) => o.judges.length >= o.k);
    fc.assert(
      fc.property(arbitrary, (options) => {
        const result = assignJudges(options);
        expectValid(options, result);
        expect((result.balance?.maxLoad ?? 0) - (result.balance?.minLoad ?? 0)).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it("(d) keeps scored assignments through a rebalance and gives a dropped judge nothing new", () => {
    const arbitrary = fc.record({
      options: instance({ entries: 12, judges: 7, k: 2, conflicts: true, judgesFromEntrySchools: true }),
      keepMask: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
      dropped: fc.nat(),
    });
    fc.assert(
      fc.property(arbitrary, ({ options, keepMask, dropped }) => {
        const first = solveOrCheckError(options);
        if (!first) return;
        const keep = first.assignments.filter((_, i) => keepMask[i]).map(({ entryId, judgeId }) => ({ entryId, judgeId }));
        const droppedId = options.judges[dropped % options.judges.length]?.id ?? "";
        const rebalanced = { ...options, keep, exclude: [droppedId] };
        const second = solveOrCheckError(rebalanced);
        if (!second) return;
        expectValid(rebalanced, second);
        expect(second.assignments.filter((a) => a.judgeId === droppedId && !a.kept)).toEqual([]);
      }),
      RUNS,
    );
  });

  it("(e) gives the same solution for the same input, in any order", () => {
    const arbitrary = withKeepAndExclude(instance({ entries: 10, judges: 6, k: 2, conflicts: true, judgesFromEntrySchools: true }));
    fc.assert(
      fc.property(arbitrary, (options) => {
        const attempt = (o: AssignmentOptions) => {
          try {
            return assignJudges(o);
          } catch (error) {
            return error;
          }
        };
        const first = attempt(options);
        expect(attempt(options)).toEqual(first);
        const shuffled = { ...options, entries: [...options.entries].reverse(), judges: [...options.judges].reverse(), keep: [...(options.keep ?? [])].reverse() };
        expect(attempt(shuffled)).toEqual(first);
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------

const entries = (schools: string[]): AssignmentEntry[] => schools.map((schoolId, i) => ({ id: `e${i + 1}`, schoolId }));

describe("assignJudges — cases", () => {
  it("refuses when every judge is from the only school, listing each entry", () => {
    const attempt = () => assignJudges({ entries: entries(["s1", "s1"]), judges: [{ id: "j1", schoolId: "s1" }, { id: "j2", schoolId: "s1" }], k: 1 });
    expect(attempt).toThrow(AssignmentInfeasibleError);
    expect(attempt).toThrow(
      expect.objectContaining({
        entries: [
          { entryId: "e1", required: 1, available: 0 },
          { entryId: "e2", required: 1, available: 0 },
        ],
      }),
    );
  });

  it("names the entries for which k exceeds the eligible judges, and assigns nothing", () => {
    // e1 (s1) can have j2, j3; e2 (s2) only j1 — j3 declared a conflict with s2 — and e3 (s3) all three.
    const judges: AssignmentJudge[] = [
      { id: "j1", schoolId: "s1" },
      { id: "j2", schoolId: "s2" },
      { id: "j3", schoolId: null, conflicts: { schoolIds: ["s2"] } },
    ];
    expect(() => assignJudges({ entries: entries(["s1", "s2", "s3"]), judges, k: 2 })).toThrow(
      expect.objectContaining({ name: "AssignmentInfeasibleError", entries: [{ entryId: "e2", required: 2, available: 1 }] }),
    );
  });

  it("respects own school, own class, declared entries and declared schools", () => {
    // e1 (s1, class c1) may have: expert, extra. Not the c1 teacher, not other (declared s1), not spare (s1).
    // e2 (s2, class c2) may have: teacher, other, spare. Not expert (declared e2), not extra (s2).
    const judges: AssignmentJudge[] = [
      { id: "teacher", classId: "c1" },
      { id: "expert", conflicts: { entryIds: ["e2"] } },
      { id: "other", schoolId: "s9", conflicts: { schoolIds: ["s1"] } },
      { id: "spare", schoolId: "s1" },
      { id: "extra", schoolId: "s2" },
    ];
    const result = assignJudges({
      entries: [
        { id: "e1", schoolId: "s1", classId: "c1" },
        { id: "e2", schoolId: "s2", classId: "c2" },
      ],
      judges,
      k: 2,
    });
    const judgesOf = (entryId: string) => result.assignments.filter((a) => a.entryId === entryId).map((a) => a.judgeId);
    expect(judgesOf("e1")).toEqual(["expert", "extra"]);
    expect(judgesOf("e2")).toHaveLength(2);
    for (const id of judgesOf("e2")) expect(["teacher", "other", "spare"]).toContain(id);
    expect(result.balance).toEqual({ minLoad: 0, maxLoad: 1 });
  });

  it("spreads the load evenly (7 entries, 3 judges, k = 2: loads 5, 5, 4)", () => {
    const result = assignJudges({ entries: entries(Array(7).fill("s1")), judges: ["a", "b", "c"].map((id) => ({ id, schoolId: "s2" })), k: 2 });
    expect(result.loads.map((l) => l.load).sort()).toEqual([4, 5, 5]);
    expect(result.balance).toEqual({ minLoad: 4, maxLoad: 5 });
  });

  it("counts kept assignments towards loads and never moves them", () => {
    // a already scored e1..e3. With 6 entries × k = 1 and 3 judges the even load is 2,
    // but a's 3 kept cannot move: a ends on 3 and b, c share the other 3 as 2 and 1.
    const keep = ["e1", "e2", "e3"].map((entryId) => ({ entryId, judgeId: "a" }));
    const result = assignJudges({ entries: entries(Array(6).fill("s1")), judges: ["a", "b", "c"].map((id) => ({ id })), k: 1, keep });
    expect(result.loads).toEqual([
      { judgeId: "a", load: 3, kept: 3, excluded: false },
      { judgeId: "b", load: expect.any(Number), kept: 0, excluded: false },
      { judgeId: "c", load: expect.any(Number), kept: 0, excluded: false },
    ]);
    expect(result.assignments.filter((x) => x.kept).map((x) => x.entryId)).toEqual(["e1", "e2", "e3"]);
    expect(result.balance).toEqual({ minLoad: 1, maxLoad: 3 });
  });

  it("keeps what a dropped judge scored and gives the rest to others; excluded judges are outside the balance", () => {
    const result = assignJudges({
      entries: entries(["s1", "s1", "s1"]),
      judges: ["a", "b", "c"].map((id) => ({ id })),
      k: 2,
      keep: [{ entryId: "e1", judgeId: "a" }],
      exclude: ["a"],
    });
    expect(result.assignments.filter((x) => x.judgeId === "a")).toEqual([{ entryId: "e1", judgeId: "a", kept: true }]);
    expect(result.loads.find((l) => l.judgeId === "a")).toEqual({ judgeId: "a", load: 1, kept: 1, excluded: true });
    // 6 places, 1 kept: b and c take the other 5, at most one per entry each: 3 and 2.
    expect(result.balance).toEqual({ minLoad: 2, maxLoad: 3 });
  });

  it("returns the kept assignments alone when nothing is left to assign", () => {
    const keep = [{ entryId: "e1", judgeId: "a" }];
    expect(assignJudges({ entries: entries(["s1"]), judges: [{ id: "a" }], k: 1, keep })).toEqual({
      assignments: [{ entryId: "e1", judgeId: "a", kept: true }],
      loads: [{ judgeId: "a", load: 1, kept: 1, excluded: false }],
      balance: { minLoad: 1, maxLoad: 1 },
    });
  });

  it.each([
    [{ k: 0 }, "invalid_k"],
    [{ k: 1.5 }, "invalid_k"],
    [{ entries: [{ id: "e1", schoolId: "s1" }, { id: "e1", schoolId: "s2" }] }, "duplicate_entry"],
    [{ judges: [{ id: "a" }, { id: "a" }] }, "duplicate_judge"],
    [{ keep: [{ entryId: "nope", judgeId: "a" }] }, "unknown_entry"],
    [{ keep: [{ entryId: "e1", judgeId: "nobody" }] }, "unknown_judge"],
    [{ exclude: ["nobody"] }, "unknown_judge"],
    [{ keep: [{ entryId: "e1", judgeId: "a" }, { entryId: "e1", judgeId: "a" }] }, "duplicate_kept"],
    [{ keep: [{ entryId: "e1", judgeId: "local" }] }, "kept_assignment_ineligible"],
    [{ keep: [{ entryId: "e1", judgeId: "a" }, { entryId: "e1", judgeId: "b" }] }, "too_many_kept"],
  ] satisfies [Partial<AssignmentOptions>, string][])("refuses %j: %s", (override, code) => {
    const base: AssignmentOptions = { entries: entries(["s1", "s1"]), judges: [{ id: "a" }, { id: "b" }, { id: "local", schoolId: "s1" }], k: 1 };
    expect(() => assignJudges({ ...base, ...override })).toThrow(AssignmentInputError);
    expect(() => assignJudges({ ...base, ...override })).toThrow(expect.objectContaining({ code }));
  });
});
