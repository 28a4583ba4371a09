// /organiser/contests/:contestId: where the contest stands in its life, what
// the next step needs, and taking it (one compare-and-set; a stale page gets
// 409). ORGANISER and ADMIN of the contest's county; anyone else: 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ContestOverviewPage } from "~/components/contests/contest-overview-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { editResponse } from "~/server/contests/contest-edit.server.ts";
import { changeContestStatus, getContestOverview } from "~/server/contests/contest-status.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.overview.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const view = await getContestOverview({ userId: user.id, contestId: params.contestId ?? "", locale: await getLocale(request) });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const formData = await parseForm(request);
  return editResponse(await changeContestStatus({ userId: user.id, contestId: params.contestId ?? "", formData, locale: await getLocale(request) }));
}

export default function ContestOverviewRoute() {
  return <ContestOverviewPage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
