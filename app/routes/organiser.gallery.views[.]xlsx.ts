// /organiser/gallery/views.xlsx: the view report as a download. ORGANISER and ADMIN; anyone else: 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { downloadResponse } from "~/server/contests/contest-progress-export.server.ts";
import { getViewReportDownload } from "~/server/gallery/view-report.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  return downloadResponse(await getViewReportDownload({ userId: user.id, format: "xlsx", locale: await getLocale(request) }));
}
