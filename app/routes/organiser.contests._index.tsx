// /organiser/contests: the county's contests, their status and next step.
// ORGANISER and ADMIN of a county; anyone else: 404 (anonymous: login).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ContestListPage } from "~/components/contests/contest-list-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { listContests } from "~/server/contests/contest-list.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.list.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const view = await listContests({ userId: user.id });
  if (!view) throw notFound();
  return view;
}

export default function ContestListRoute() {
  return <ContestListPage view={useLoaderData<typeof loader>()} />;
}
