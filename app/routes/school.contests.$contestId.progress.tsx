// /school/contests/:contestId/progress(?school=…): a coordinator's own
// school(s) in a contest. SCHOOL_COORDINATOR of a school in the contest's
// county, contest past DRAFT; anyone else, or another school's id: 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ProgressPage } from "~/components/contests/progress-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { notFound, requireRole } from "~/server/auth/auth.server.ts";
import { schoolParam } from "~/server/contests/contest-progress-export.server.ts";
import { getContestProgress } from "~/server/contests/contest-progress.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.nav.progress");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["SCHOOL_COORDINATOR"]);
  const view = await getContestProgress({ userId: user.id, contestId: params.contestId ?? "", scope: { level: "school", schoolId: schoolParam(request) } });
  if (!view) throw notFound();
  return view;
}

export default function SchoolProgressRoute() {
  return <ProgressPage view={useLoaderData<typeof loader>()} />;
}
