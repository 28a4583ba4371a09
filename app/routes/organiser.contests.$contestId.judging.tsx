// /organiser/contests/:contestId/judging: panels per category, k, and the
// balanced assignment. ORGANISER and ADMIN of the contest's county; anyone
// else: 404, before the form is read.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CountyRoundPage } from "~/components/judging/county-round-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { t } from "~/i18n/t.ts";
import type { JudgingReply } from "~/view-models/judging.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { CONTEST_EDITOR_ROLES, findOrganisedContest } from "~/server/contests/contest-access.server.ts";
import { getCountyRound, runCountyChange, type CountyOutcome } from "~/server/judging/county-round.server.ts";
import { intentOf } from "~/server/people/forms.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "judging.county.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const view = await getCountyRound({ userId: user.id, contestId: params.contestId ?? "" });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const contestId = params.contestId ?? "";
  if (!(await findOrganisedContest(user.id, contestId))) throw notFound();
  const form = await parseForm(request);
  const common = { userId: user.id, contestId, locale: await getLocale(request) };
  const categoryId = String(form.get("categoryId") ?? "");
  let outcome: CountyOutcome;
  switch (intentOf(form)) {
    case "settings":
      outcome = await runCountyChange({ ...common, command: { intent: "settings", k: String(form.get("k") ?? "") } });
      break;
    case "panel":
      outcome = await runCountyChange({ ...common, command: { intent: "panel", categoryId, judgeIds: form.getAll("judgeId").map(String) } });
      break;
    case "assign":
      outcome = await runCountyChange({ ...common, command: { intent: "assign", categoryId } });
      break;
    default:
      return data<JudgingReply & { categoryId?: string }>({ ok: false, message: t(common.locale, "judging.form.unknownAction") }, 400);
  }
  if (outcome.status === 404) throw notFound();
  return data<JudgingReply & { categoryId?: string }>({ ...outcome.reply, categoryId }, outcome.status);
}

export default function CountyRoundRoute() {
  return <CountyRoundPage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
