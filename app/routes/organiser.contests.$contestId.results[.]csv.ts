// /organiser/contests/:contestId/results.csv: awards by school and category, or
// (?table=participation) participation counts by school and category.
// ORGANISER and ADMIN of the contest's county; anyone else: 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { downloadResponse } from "~/server/contests/contest-progress-export.server.ts";
import { getResultsDownload, parseResultsTable } from "~/server/results/results-export.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const table = parseResultsTable(new URL(request.url).searchParams.get("table"));
  const file = await getResultsDownload({ userId: user.id, contestId: params.contestId ?? "", table, format: "csv", locale: await getLocale(request) });
  if (!file) throw notFound();
  return downloadResponse(file);
}
