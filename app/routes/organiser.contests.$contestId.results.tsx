// /organiser/contests/:contestId/results: the county results per category and
// grade band (method, warnings, agreement, judge severity, ranking, awards),
// manual tier changes with a reason, the public notice and its objections,
// finalising. ORGANISER and ADMIN of the contest's county; anyone else: 404,
// before the form is read.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ResultsPage } from "~/components/results/results-page.tsx";
import { pageTitle, t } from "~/i18n/index.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { CONTEST_EDITOR_ROLES, findOrganisedContest } from "~/server/contests/contest-access.server.ts";
import { editResponse } from "~/server/contests/contest-edit.server.ts";
import { runResultsAction } from "~/server/results/results-actions.server.ts";
import { getResultsView } from "~/server/results/results-view.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results.nav");

const ResultsIntents = z.enum(["compute", "change-tier", "publish", "answer", "finalise"]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const view = await getResultsView({ userId: user.id, contestId: params.contestId ?? "", locale: await getLocale(request) });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const contestId = params.contestId ?? "";
  if (!(await findOrganisedContest(user.id, contestId))) throw notFound();
  const locale = await getLocale(request);
  const formData = await parseForm(request);
  const intent = ResultsIntents.safeParse(formData.get("intent"));
  if (!intent.success) return data({ form: "", ok: false, message: t(locale, "results.form.unknownIntent"), result: { status: "error" as const, error: {} } }, { status: 400 });
  return editResponse(await runResultsAction({ intent: intent.data, userId: user.id, contestId, formData, locale }));
}

export default function ResultsRoute() {
  return <ResultsPage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
