// /organiser/gallery/views: counted views by school, board and day. ORGANISER and ADMIN; anyone else: 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ViewReportView } from "~/components/gallery/organiser-pages.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { getViewReport } from "~/server/gallery/view-report.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gallery.admin.report.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  return getViewReport({ userId: user.id });
}

export default function ViewReportRoute() {
  return <ViewReportView report={useLoaderData<typeof loader>()} />;
}
