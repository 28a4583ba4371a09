// /organiser/contests/:contestId/progress.xlsx: the progress table as a download.
// ORGANISER and ADMIN of the contest's county; anyone else: 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { downloadResponse, getProgressDownload } from "~/server/contests/contest-progress-export.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const file = await getProgressDownload({ userId: user.id, contestId: params.contestId ?? "", scope: { level: "county" }, format: "xlsx", locale: await getLocale(request) });
  if (!file) throw notFound();
  return downloadResponse(file);
}
