// /organiser/contests/:contestId/nominations: the school round as the county
// sees it. ORGANISER and ADMIN of the contest's county; anyone else: 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { NominationsPage } from "~/components/judging/nominations-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { getNominations } from "~/server/judging/nominations.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "judging.nominations.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const view = await getNominations({ userId: user.id, contestId: params.contestId ?? "" });
  if (!view) throw notFound();
  return view;
}

export default function NominationsRoute() {
  return <NominationsPage view={useLoaderData<typeof loader>()} />;
}
