// /school/contests/:contestId/round(?school=…): the school round. The
// school's coordinators (nominate, withdraw) and teachers (score), contest
// past its draft; anyone else, another school's id, another county: 404.
// Access is checked before the form is read.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SchoolRoundPage } from "~/components/judging/school-round-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { t } from "~/i18n/t.ts";
import type { JudgingReply } from "~/view-models/judging.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { schoolParam } from "~/server/contests/contest-progress-export.server.ts";
import { intentOf } from "~/server/people/forms.server.ts";
import { findSchoolRoundAccess, getSchoolRound, nominateEntry, startSchoolScoring, withdrawNomination, type RoundOutcome } from "~/server/judging/school-round.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "judging.school.title");

const ROLES = ["SCHOOL_COORDINATOR", "TEACHER"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const view = await getSchoolRound({ userId: user.id, contestId: params.contestId ?? "", schoolId: schoolParam(request) });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const contestId = params.contestId ?? "";
  const schoolId = schoolParam(request);
  const access = await findSchoolRoundAccess(user.id, contestId, schoolId);
  if (!access) throw notFound();
  const form = await parseForm(request);
  const locale = await getLocale(request);
  // The page is theirs, the button is not: a teacher cannot nominate, a coordinator who teaches no class cannot score.
  const refuse = (key: "judging.school.coordinatorOnly" | "judging.school.teacherOnly") => data<JudgingReply>({ ok: false, message: t(locale, key) }, 400);
  const field = (name: string) => String(form.get(name) ?? "");
  const common = { userId: user.id, contestId, schoolId, locale };
  let outcome: RoundOutcome;
  switch (intentOf(form)) {
    case "nominate":
      if (!access.isCoordinator) return refuse("judging.school.coordinatorOnly");
      outcome = await nominateEntry({ ...common, entryId: field("entryId"), reason: field("reason") });
      break;
    case "withdraw":
      if (!access.isCoordinator) return refuse("judging.school.coordinatorOnly");
      outcome = await withdrawNomination({ ...common, nominationId: field("nominationId") });
      break;
    case "score":
      if (access.teacherClassIds.length === 0) return refuse("judging.school.teacherOnly");
      outcome = await startSchoolScoring({ ...common, entryId: field("entryId") });
      break;
    default:
      return data<JudgingReply>({ ok: false, message: t(locale, "judging.form.unknownAction") }, 400);
  }
  if (outcome.status === 404) throw notFound();
  if (outcome.redirectTo) throw redirect(outcome.redirectTo);
  return data<JudgingReply & { entryId?: string }>({ ...outcome.reply, entryId: field("entryId") || field("nominationId") }, outcome.status);
}

export default function SchoolRoundRoute() {
  return <SchoolRoundPage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
