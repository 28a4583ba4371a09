// /organiser/contests/:contestId/details: theme, description, season and
// year, the four windows (Beijing time), certificates and the normalisation
// threshold. ORGANISER and ADMIN of the contest's county; anyone else: 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ContestDetailsPage } from "~/components/contests/contest-details-form.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { getContestDetails, saveContestDetails } from "~/server/contests/contest-details.server.ts";
import { editResponse } from "~/server/contests/contest-edit.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.nav.details");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const view = await getContestDetails({ userId: user.id, contestId: params.contestId ?? "" });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const formData = await parseForm(request);
  return editResponse(await saveContestDetails({ userId: user.id, contestId: params.contestId ?? "", formData, locale: await getLocale(request) }));
}

export default function ContestDetailsRoute() {
  return <ContestDetailsPage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
