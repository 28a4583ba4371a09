// /organiser/contests/:contestId/bands: grade bands. ORGANISER and ADMIN of
// the contest's county; anyone else: 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GradeBandsPage } from "~/components/contests/grade-bands-form.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { getGradeBands, saveGradeBands } from "~/server/contests/contest-bands.server.ts";
import { editResponse } from "~/server/contests/contest-edit.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.nav.bands");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const view = await getGradeBands({ userId: user.id, contestId: params.contestId ?? "" });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const formData = await parseForm(request);
  return editResponse(await saveGradeBands({ userId: user.id, contestId: params.contestId ?? "", formData, locale: await getLocale(request) }));
}

export default function GradeBandsRoute() {
  return <GradeBandsPage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
