// The public notice (公示, /notice/:contestId), no login: the ranked award
// list with masked names, school, grade band, category and tier; while the
// notice window runs anyone may file an objection (reason, optional contact,
// optionally which award), rate-limited per address hash. After the window
// it is refused in words; after finalising the page says the results are final.
import { createHash } from "node:crypto";
import { maskName } from "~/domain/mask-name.ts";
import { objectionSchema } from "~/domain/results/results-forms.ts";
import { t, type Locale, type MessageKey } from "~/i18n/t.ts";
import type { NoticeReply, NoticeRow, NoticeView } from "~/view-models/results.ts";
import { consumeRateLimit } from "~/server/auth/rate-limit.server.ts";
import { isPlausibleId } from "~/server/contests/contest-access.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { audit } from "~/server/platform/audit.server.ts";

/** Objections per address: a person with several real concerns fits; a script does not. */
export const OBJECTION_LIMIT = { limit: 5, windowSeconds: 60 * 60 } as const;

export function addressHash(ip: string | null): string {
  return createHash("sha256").update(`objection:${ip ?? "unknown"}`).digest("hex");
}

async function findNotice(contestId: string) {
  if (!isPlausibleId(contestId)) return null;
  const contest = await getDb().contest.findUnique({
    where: { id: contestId },
    select: { id: true, title: true, status: true, noticeEndsAt: true, orgUnitId: true, orgUnit: { select: { name: true } } },
  });
  if (!contest || (contest.status !== "NOTICE" && contest.status !== "FINALISED" && contest.status !== "ARCHIVED")) return null;
  const notice = await getDb().publicNotice.findFirst({ where: { contestId }, orderBy: { createdAt: "desc" }, select: { id: true, status: true, startsAt: true, endsAt: true } });
  return notice ? { contest, notice } : null;
}

function windowOpen(found: NonNullable<Awaited<ReturnType<typeof findNotice>>>, now: Date): boolean {
  const endsAt = found.contest.noticeEndsAt ?? found.notice.endsAt;
  return found.contest.status === "NOTICE" && found.notice.status === "ACTIVE" && now >= found.notice.startsAt && now < endsAt;
}

export async function getNoticeView(input: { contestId: string; now?: Date }): Promise<NoticeView | null> {
  const found = await findNotice(input.contestId);
  if (!found) return null;
  const now = input.now ?? new Date();
  const awards = await getDb().award.findMany({
    where: { contestId: found.contest.id, status: { in: ["ANNOUNCED", "CONFIRMED"] } },
    orderBy: [{ category: { sortOrder: "asc" } }, { entry: { gradeBand: { sortOrder: "asc" } } }, { tier: { rank: "asc" } }, { rank: "asc" }, { id: "asc" }],
    select: {
      id: true,
      category: { select: { name: true } },
      tier: { select: { name: true } },
      entry: { select: { student: { select: { displayName: true } }, school: { select: { name: true, shortName: true } }, gradeBand: { select: { name: true } } } },
    },
  });
  const rows: NoticeRow[] = awards.map((a) => ({
    awardId: a.id,
    maskedName: maskName(a.entry.student.displayName),
    schoolName: a.entry.school.shortName ?? a.entry.school.name,
    bandName: a.entry.gradeBand?.name ?? "",
    categoryName: a.category.name,
    tierName: a.tier.name,
  }));
  const final = found.contest.status !== "NOTICE";
  return {
    contestId: found.contest.id,
    contestTitle: found.contest.title,
    countyName: found.contest.orgUnit.name,
    state: final ? "final" : windowOpen(found, now) ? "active" : "ended",
    startsAt: found.notice.startsAt.toISOString(),
    endsAt: (found.contest.noticeEndsAt ?? found.notice.endsAt).toISOString(),
    rows,
  };
}

export type ObjectionOutcome = { status: 200 | 400 | 404 | 409 | 429; reply: NoticeReply; retryAfterSeconds?: number };

export async function fileObjection(input: { contestId: string; formData: FormData; ip: string | null; locale: Locale; now?: Date }): Promise<ObjectionOutcome> {
  const say = (key: MessageKey, params?: Record<string, string | number>) => t(input.locale, key, params);
  const found = await findNotice(input.contestId);
  if (!found) return { status: 404, reply: { ok: false, message: say("results.objection.noNotice") } };
  const now = input.now ?? new Date();
  if (!windowOpen(found, now)) return { status: 409, reply: { ok: false, message: say("results.objection.windowClosed") } };
  const parsed = objectionSchema(say).safeParse(Object.fromEntries([...input.formData.entries()].filter(([, v]) => typeof v === "string")));
  if (!parsed.success) {
    const fieldErrors: NoticeReply["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "body") as keyof NonNullable<NoticeReply["fieldErrors"]>;
      fieldErrors[field] ??= issue.message;
    }
    return { status: 400, reply: { ok: false, message: say("results.objection.fix"), fieldErrors } };
  }
  const { body, contact, awardId } = parsed.data;
  let entryId: string | null = null;
  if (awardId) {
    const award = await getDb().award.findFirst({ where: { id: awardId, contestId: found.contest.id, status: { in: ["ANNOUNCED", "CONFIRMED"] } }, select: { id: true, entryId: true } });
    entryId = award?.entryId ?? null;
    if (!award) return { status: 400, reply: { ok: false, message: say("results.objection.fix"), fieldErrors: { awardId: say("results.objection.awardUnknown") } } };
  }
  const ipHash = addressHash(input.ip);
  const limit = await consumeRateLimit({ key: `objection:${ipHash}`, ...OBJECTION_LIMIT });
  if (!limit.allowed) {
    const minutes = Math.max(1, Math.ceil(limit.retryAfterSeconds / 60));
    return { status: 429, reply: { ok: false, message: say("results.objection.tooMany", { minutes }) }, retryAfterSeconds: limit.retryAfterSeconds };
  }
  await getDb().$transaction(async (tx) => {
    const objection = await tx.objection.create({
      data: { noticeId: found.notice.id, awardId, entryId, submitterContact: contact, ipHash, body, createdAt: now },
      select: { id: true },
    });
    await audit({ action: "objection.filed", subjectType: "Objection", subjectId: objection.id, orgUnitId: found.contest.orgUnitId, data: { contestId: found.contest.id, awardId, ipHash } }, tx);
  });
  return { status: 200, reply: { ok: true, message: say("results.objection.filed") } };
}
