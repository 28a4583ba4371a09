// A judge's queue (/judge): their assignments, open rounds first, blind (the
// work's title and category, a code; never the child, school or class).
import type { ContestStatus } from "~/domain/contest.ts";
import type { AssignmentState, JudgeQueueView } from "~/view-models/judging.ts";
import { pathIds } from "~/domain/roles.ts";
import { getRoleScopes } from "~/server/auth/auth.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { blindCode, roundTakesScores, type RoundLevel } from "./judging-common.server.ts";

export const JUDGE_PAGE_ROLES = ["JUDGE", "TEACHER"] as const;

export async function getJudgeQueue(input: { judgeId: string }): Promise<JudgeQueueView> {
  const rows = await getDb().judgeAssignment.findMany({
    where: { judgeId: input.judgeId, status: { not: "RECUSED" } },
    orderBy: [{ assignedAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      status: true,
      round: { select: { level: true, status: true, frozenAt: true, contest: { select: { title: true, status: true } } } },
      entry: { select: { title: true, category: { select: { name: true } } } },
    },
  });
  const items = rows.map((r) => ({
    assignmentId: r.id,
    code: blindCode(r.id),
    title: r.entry.title,
    categoryName: r.entry.category.name,
    contestTitle: r.round.contest.title,
    level: r.round.level as RoundLevel,
    status: r.status as AssignmentState,
    open: roundTakesScores({ level: r.round.level as RoundLevel, status: r.round.status, frozenAt: r.round.frozenAt }, r.round.contest.status as ContestStatus),
  }));
  items.sort((a, b) => Number(b.open) - Number(a.open));
  return { items, pending: items.filter((i) => i.open && (i.status === "ASSIGNED" || i.status === "IN_PROGRESS")).length, schoolRounds: await schoolRoundsFor(input.judgeId) };
}

/** Contests in their school round in the counties above the classes a teacher teaches. */
async function schoolRoundsFor(userId: string): Promise<JudgeQueueView["schoolRounds"]> {
  const classes = (await getRoleScopes(userId, ["TEACHER"])).filter((s) => s.unit.kind === "CLASS");
  if (classes.length === 0) return [];
  const schools = [...new Map(classes.map((c) => [pathIds(c.unit.path).at(-2) ?? "", pathIds(c.unit.path)])).entries()];
  const contests = await getDb().contest.findMany({
    where: { status: "SCHOOL_ROUND", orgUnitId: { in: [...new Set(schools.flatMap(([, ids]) => ids))] } },
    select: { id: true, title: true, orgUnitId: true },
  });
  return schools.flatMap(([schoolId, ids]) => contests.filter((c) => ids.includes(c.orgUnitId)).map((c) => ({ contestId: c.id, title: c.title, schoolId })));
}
