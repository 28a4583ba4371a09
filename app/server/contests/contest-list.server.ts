// The organiser's list of contests (/organiser/contests) and creating one
// (/organiser/contests/new). A new contest starts as a DRAFT with the
// default grade bands and a planned submission window (from tomorrow 08:00 for
// 30 days, Asia/Shanghai); the organiser adds categories, sets the other
// windows and opens it from its page.
import { parseWithZod } from "@conform-to/zod/v4";
import { DEFAULT_GRADE_BANDS } from "~/domain/category-presets.ts";
import { nextStep } from "~/domain/contest.ts";
import { newContestSchema } from "~/domain/contest-forms.ts";
import { shanghaiDayAt } from "~/domain/shanghai-time.ts";
import type { Locale } from "~/i18n/t.ts";
import type { ContestListView } from "~/view-models/contests.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { getCountyScopes, toHeader } from "./contest-access.server.ts";
import { fallbackErrorMap, sayIn, type EditOutcome } from "./contest-edit.server.ts";

/** Counties the user organises: COUNTY units at or under their role units. */
async function organisedCounties(userId: string) {
  const scopes = await getCountyScopes(userId);
  if (scopes.length === 0) return [];
  return getDb().orgUnit.findMany({
    where: { kind: "COUNTY", OR: scopes.map((s) => ({ path: { startsWith: s.unit.path } })) },
    orderBy: { name: "asc" },
    select: { id: true, name: true, path: true },
  });
}

/** The user's counties' contests, newest first; null when the user organises no county (404). */
export async function listContests(input: { userId: string; now?: Date }): Promise<ContestListView | null> {
  const counties = await organisedCounties(input.userId);
  if (counties.length === 0) return null;
  const now = input.now ?? new Date();
  const rows = await getDb().contest.findMany({
    where: { orgUnitId: { in: counties.map((c) => c.id) } },
    orderBy: [{ year: "desc" }, { createdAt: "desc" }],
    select: {
      id: true,
      title: true,
      status: true,
      season: true,
      year: true,
      orgUnitId: true,
      updatedAt: true,
      orgUnit: { select: { name: true, path: true } },
      submissionOpensAt: true,
      submissionClosesAt: true,
      schoolRoundOpensAt: true,
      schoolRoundClosesAt: true,
      countyRoundOpensAt: true,
      countyRoundClosesAt: true,
      noticeStartsAt: true,
      noticeEndsAt: true,
      _count: { select: { categories: true } },
    },
  });
  return {
    counties: counties.map((c) => ({ id: c.id, name: c.name })),
    canCreate: true,
    contests: rows.map((row) => {
      const next = nextStep(row, now);
      return { ...toHeader(row), categories: row._count.categories, next: { code: next.code, at: "at" in next && next.at ? next.at.toISOString() : null } };
    }),
  };
}

export type NewContestPage = { counties: { id: string; name: string }[] };

export async function getNewContestPage(input: { userId: string }): Promise<NewContestPage | null> {
  const counties = await organisedCounties(input.userId);
  return counties.length === 0 ? null : { counties: counties.map((c) => ({ id: c.id, name: c.name })) };
}

export const PLANNED_SUBMISSION_DAYS = 30;

/** Creates a DRAFT contest in the chosen county (the only one, usually); redirects to its page. */
export async function createContest(input: { userId: string; formData: FormData; locale: Locale; now?: Date }): Promise<EditOutcome> {
  const counties = await organisedCounties(input.userId);
  if (counties.length === 0) return { status: 404 };
  const say = sayIn(input.locale);
  const submission = parseWithZod(input.formData, { schema: newContestSchema(say), error: fallbackErrorMap(say) });
  if (submission.status !== "success") {
    return { status: submission.status === "error" ? 400 : 200, reply: { form: "new", ok: false, result: submission.reply(), message: say("contests.form.fixErrors") } };
  }
  const requested = input.formData.get("countyId");
  const county = counties.length === 1 ? counties[0] : counties.find((c) => c.id === requested);
  if (!county) {
    const message = say("contests.new.countyRequired");
    return { status: 400, reply: { form: "new", ok: false, result: submission.reply({ fieldErrors: { countyId: [message] } }), message } };
  }
  const now = input.now ?? new Date();
  const opens = shanghaiDayAt(now, { days: 1, hour: 8 });
  const closes = shanghaiDayAt(now, { days: 1 + PLANNED_SUBMISSION_DAYS, hour: 20 });
  const contest = await getDb().$transaction(async (tx) => {
    const created = await tx.contest.create({
      data: {
        ...submission.value,
        orgUnitId: county.id,
        createdById: input.userId,
        submissionOpensAt: opens,
        submissionClosesAt: closes,
        gradeBands: { create: DEFAULT_GRADE_BANDS.map((b, i) => ({ ...b, sortOrder: i + 1 })) },
      },
      select: { id: true },
    });
    await audit(
      {
        actorId: input.userId,
        action: "contest.created",
        subjectType: "Contest",
        subjectId: created.id,
        orgUnitId: county.id,
        data: { ...submission.value, submissionOpensAt: opens.toISOString(), submissionClosesAt: closes.toISOString() },
      },
      tx,
    );
    return created;
  });
  return {
    status: 200,
    reply: { form: "new", ok: true, result: submission.reply({ resetForm: true }), message: say("contests.new.created") },
    redirectTo: `/organiser/contests/${contest.id}`,
  };
}
