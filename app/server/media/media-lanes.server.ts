// What the media workers can do right now, lane by lane: each worker writes
// its own rows (media-worker/lanes.ts), the organiser's media queue page reads
// them. A row not refreshed within LANE_STALE_AFTER_MS belongs to a worker
// that stopped or died, and counts for nothing.
import type { Db } from "~/server/db/db.server.ts";

/** Workers refresh their rows every 30 s; two missed beats and the worker is taken for gone. */
export const LANE_STALE_AFTER_MS = 90_000;

export type LaneStatusRow = {
  lane: string;
  available: boolean;
  problem: string | null;
  detail: string | null;
  tools: string;
  checkedAt: Date;
};

export async function reportLaneStatus(db: Db, workerId: string, row: LaneStatusRow): Promise<void> {
  const now = new Date();
  await db.mediaLaneStatus.upsert({
    where: { workerId_lane: { workerId, lane: row.lane } },
    create: { workerId, ...row, seenAt: now },
    update: { ...row, seenAt: now },
  });
}

/** The worker's heartbeat; also forgets rows of workers gone for a day (a crashed worker never removes its own). */
export async function touchLaneStatus(db: Db, workerId: string): Promise<void> {
  const now = new Date();
  await db.mediaLaneStatus.updateMany({ where: { workerId }, data: { seenAt: now } });
  await db.mediaLaneStatus.deleteMany({ where: { seenAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } });
}

export async function removeLaneStatus(db: Db, workerId: string): Promise<void> {
  await db.mediaLaneStatus.deleteMany({ where: { workerId } });
}

export type LaneAvailability = {
  lane: string;
  /** Some live worker works this lane. */
  available: boolean;
  /** Live workers reporting on this lane (0: no worker is running at all for it). */
  workers: number;
  /** Why the live workers that cannot work it say so (one per distinct problem). */
  problems: { code: string; detail: string | null; tools: string }[];
};

/** Per lane, from the rows of live workers only. */
export async function getLaneAvailability(db: Db, lanes: readonly string[], now = new Date()): Promise<LaneAvailability[]> {
  const rows = await db.mediaLaneStatus.findMany({
    where: { lane: { in: [...lanes] }, seenAt: { gte: new Date(now.getTime() - LANE_STALE_AFTER_MS) } },
    orderBy: { checkedAt: "desc" },
  });
  return lanes.map((lane) => {
    const mine = rows.filter((r) => r.lane === lane);
    const problems = new Map<string, LaneAvailability["problems"][number]>();
    for (const r of mine) if (!r.available && r.problem && !problems.has(r.problem)) problems.set(r.problem, { code: r.problem, detail: r.detail, tools: r.tools });
    return { lane, available: mine.some((r) => r.available), workers: mine.length, problems: [...problems.values()] };
  });
}
