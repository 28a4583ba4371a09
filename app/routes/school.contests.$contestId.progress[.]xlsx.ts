// /school/contests/:contestId/progress.xlsx(?school=…): a coordinator's school
// progress as a download. SCHOOL_COORDINATOR of a school in the contest's
// county, contest past DRAFT; anyone else, or another school: 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { downloadResponse, getProgressDownload, schoolParam } from "~/server/contests/contest-progress-export.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["SCHOOL_COORDINATOR"]);
  const scope = { level: "school" as const, schoolId: schoolParam(request) };
  const file = await getProgressDownload({ userId: user.id, contestId: params.contestId ?? "", scope, format: "xlsx", locale: await getLocale(request) });
  if (!file) throw notFound();
  return downloadResponse(file);
}
