// /organiser/contests/:contestId/awards: award tiers and the rounding rule,
// with places worked out for ?example= entries. ORGANISER and ADMIN of the
// contest's county; anyone else: 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { AwardTiersPage } from "~/components/contests/award-tiers-form.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { getAwardTiers, parseExampleEntries, saveAwardTiers } from "~/server/contests/contest-awards.server.ts";
import { editResponse } from "~/server/contests/contest-edit.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.nav.awards");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const exampleEntries = parseExampleEntries(new URL(request.url).searchParams.get("example"));
  const view = await getAwardTiers({ userId: user.id, contestId: params.contestId ?? "", exampleEntries });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const formData = await parseForm(request);
  return editResponse(await saveAwardTiers({ userId: user.id, contestId: params.contestId ?? "", formData, locale: await getLocale(request) }));
}

export default function AwardTiersRoute() {
  return <AwardTiersPage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
