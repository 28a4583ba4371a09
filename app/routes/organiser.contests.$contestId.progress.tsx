// /organiser/contests/:contestId/progress: the county's progress by township
// and school, as a chart and a table. ORGANISER and ADMIN of the contest's
// county; anyone else (coordinators included: theirs is /school/…): 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ProgressPage } from "~/components/contests/progress-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { getContestProgress } from "~/server/contests/contest-progress.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.nav.progress");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const view = await getContestProgress({ userId: user.id, contestId: params.contestId ?? "", scope: { level: "county" } });
  if (!view) throw notFound();
  return view;
}

export default function ContestProgressRoute() {
  return <ProgressPage view={useLoaderData<typeof loader>()} />;
}
