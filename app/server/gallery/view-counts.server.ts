// View counts (issue 12, item 5). The rule is app/domain/gallery/views.ts;
// this module keeps its state and writes the counters:
// - a visitor is a first-party cookie (__gv, random, a year), never an IP;
// - each process remembers when it last counted (visitor, subject), and how
//   many visitors it had never seen arrived from each address in the window
//   (a flood of fresh cookies from one address stops counting past the cap);
// - counted views are added to an in-memory buffer keyed by (subject, day)
//   and written every FLUSH_INTERVAL_MS, or at FLUSH_AT pending keys, as one
//   INSERT … ON CONFLICT DO UPDATE per batch, so a popular board costs one
//   write every few seconds whatever its traffic; a failed write puts the
//   counts back; flushViewCounts() is called on shutdown (scripts/start.ts).
// With several app processes each keeps its own window memory: a visitor
// whose requests land on two replicas within 30 minutes may count twice;
// sticky sessions or a shared store would close that gap (README Decisions).
import { randomBytes } from "node:crypto";
import { decideView, isVisitorId, shanghaiDay, VIEW_WINDOW_MS, VISITOR_COOKIE, type ViewDecision, type ViewSubjectName } from "~/domain/gallery/views.ts";
import { getUser, getClientIp } from "~/server/auth/auth.server.ts";
import { readCookie, serializeCookie } from "~/server/auth/session.server.ts";
import { getDb, Prisma, type Db } from "~/server/db/db.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";

const log = createLogger("gallery-views");

const FLUSH_INTERVAL_MS = 5_000;
const FLUSH_AT = 500;
const MEMORY_LIMIT = 200_000;

type Pending = { subjectType: ViewSubjectName; subjectId: string; day: string; schoolId: string | null; count: number };

class ViewCounter {
  private lastCounted = new Map<string, number>();
  private seenVisitors = new Map<string, number>();
  private freshByAddress = new Map<string, { since: number; n: number }>();
  private pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private db: () => Db) {}

  decide(input: { visitorId: string; address: string | null; subjectKey: string; userAgent: string | null; isFamily: boolean; now: number }): ViewDecision {
    this.prune(input.now);
    const isFreshVisitor = !this.seenVisitors.has(input.visitorId);
    let freshFromAddress = 0;
    if (isFreshVisitor) {
      const key = input.address ?? "unknown";
      const slot = this.freshByAddress.get(key);
      const current = slot && input.now - slot.since < VIEW_WINDOW_MS ? slot : { since: input.now, n: 0 };
      current.n += 1;
      this.freshByAddress.set(key, current);
      freshFromAddress = current.n;
    }
    const decision = decideView({
      userAgent: input.userAgent,
      isFamily: input.isFamily,
      lastCountedAt: this.lastCounted.get(`${input.visitorId}|${input.subjectKey}`),
      now: input.now,
      isFreshVisitor,
      freshFromAddress,
    });
    // A refused fresh cookie stays unknown, so each new one from that address is refused again.
    if (decision !== "flood" && decision !== "bot") this.seenVisitors.set(input.visitorId, input.now);
    if (decision === "count") this.lastCounted.set(`${input.visitorId}|${input.subjectKey}`, input.now);
    return decision;
  }

  add(view: Omit<Pending, "count">, count = 1): void {
    const key = `${view.subjectType}|${view.subjectId}|${view.day}`;
    const existing = this.pending.get(key);
    if (existing) existing.count += count;
    else this.pending.set(key, { ...view, count });
    if (this.pending.size >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS).unref();
  }

  pendingCount(): number {
    return [...this.pending.values()].reduce((sum, p) => sum + p.count, 0);
  }

  /** Writes everything pending; concurrent calls queue behind each other. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writeBatch());
    return this.flushing;
  }

  private async writeBatch(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending.clear();
    if (batch.length === 0) return;
    try {
      const values = batch.map((p) => Prisma.sql`(${p.subjectType}::"ViewSubject", ${p.subjectId}, ${p.day}::date, ${p.count}, ${p.schoolId})`);
      await this.db().$executeRaw`
        INSERT INTO "ViewCount" ("subjectType", "subjectId", "day", "count", "schoolId") VALUES ${Prisma.join(values)}
        ON CONFLICT ("subjectType", "subjectId", "day") DO UPDATE SET "count" = "ViewCount"."count" + EXCLUDED."count"`;
    } catch (error) {
      for (const p of batch) this.add(p, p.count);
      log.warn("view counts not written; kept for the next try", { error: error instanceof Error ? error.message : String(error), keys: batch.length });
    }
  }

  private prune(now: number): void {
    if (this.lastCounted.size + this.seenVisitors.size < MEMORY_LIMIT) return;
    for (const [k, at] of this.lastCounted) if (now - at >= VIEW_WINDOW_MS) this.lastCounted.delete(k);
    for (const [k, at] of this.seenVisitors) if (now - at >= VIEW_WINDOW_MS) this.seenVisitors.delete(k);
    for (const [k, slot] of this.freshByAddress) if (now - slot.since >= VIEW_WINDOW_MS) this.freshByAddress.delete(k);
  }
}

// One counter per process, on globalThis: the Remix server build (or Vite's
// SSR loader in development) holds its own copy of this module, and the boot
// script's shutdown must flush the same buffer the pages filled.
const COUNTER = Symbol.for("sanshai.gallery.viewCounter");
type Holder = { [COUNTER]?: ViewCounter };

function getCounter(): ViewCounter {
  const holder = globalThis as Holder;
  holder[COUNTER] ??= new ViewCounter(getDb);
  return holder[COUNTER];
}

/** Writes the buffered counts now: at shutdown (scripts/start.ts), and in tests. */
export function flushViewCounts(): Promise<void> {
  return (globalThis as Holder)[COUNTER]?.flush() ?? Promise.resolve();
}

/** Views counted but not yet written (tests, the shutdown log). */
export function pendingViewCount(): number {
  return (globalThis as Holder)[COUNTER]?.pendingCount() ?? 0;
}

/** Forgets the windows and flood memory (tests only); what was pending is written first. */
export async function resetViewMemoryForTests(): Promise<void> {
  await flushViewCounts();
  (globalThis as Holder)[COUNTER] = new ViewCounter(getDb);
}

/** Whether the signed-in viewer is the child or one of the child's linked guardians. */
async function isFamily(request: Request, studentIds: readonly string[]): Promise<boolean> {
  if (studentIds.length === 0) return false;
  const user = await getUser(request).catch(() => null);
  if (!user) return false;
  if (studentIds.includes(user.id)) return true;
  const link = await getDb().guardianLink.findFirst({ where: { guardianId: user.id, studentId: { in: [...studentIds] } }, select: { id: true } });
  return link !== null;
}

export type ViewSubject = { type: ViewSubjectName; id: string; schoolId: string | null; studentIds: readonly string[] };

/**
 * Counts one page view by the rule; returns the Set-Cookie header to send
 * when the visitor had no valid cookie yet (null otherwise).
 */
export async function recordView(request: Request, context: unknown, subject: ViewSubject, now = Date.now()): Promise<{ setCookie: string | null; decision: ViewDecision }> {
  const given = readCookie(request, VISITOR_COOKIE);
  const visitorId = isVisitorId(given) ? given : randomBytes(18).toString("base64url");
  const setCookie = visitorId === given ? null : serializeCookie(VISITOR_COOKIE, visitorId, 365 * 24 * 3600);
  const family = await isFamily(request, subject.studentIds);
  const decision = getCounter().decide({
    visitorId,
    address: getClientIp(context),
    subjectKey: `${subject.type}|${subject.id}`,
    userAgent: request.headers.get("user-agent"),
    isFamily: family,
    now,
  });
  if (decision === "count") getCounter().add({ subjectType: subject.type, subjectId: subject.id, day: shanghaiDay(new Date(now)), schoolId: subject.schoolId });
  return { setCookie, decision };
}

/** Total views per subject (all days), for the pages. */
export async function viewTotals(type: ViewSubjectName, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await getDb().viewCount.groupBy({ by: ["subjectId"], where: { subjectType: type, subjectId: { in: [...ids] } }, _sum: { count: true } });
  return new Map(rows.map((r) => [r.subjectId, r._sum.count ?? 0]));
}
