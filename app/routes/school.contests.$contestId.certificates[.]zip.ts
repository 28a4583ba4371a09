// /school/contests/:contestId/certificates.zip: the coordinator's school's
// certificates of a finalised contest as one ZIP, streamed (each PDF drawn as
// the previous one is sent). SCHOOL_COORDINATOR of a school of the contest's
// county; anyone else: 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireRole } from "~/server/auth/auth.server.ts";
import { streamSchoolCertificates } from "~/server/certificates/certificates.server.ts";
import { contentDisposition } from "~/server/contests/contest-progress-export.server.ts";
import { getEnv } from "~/server/platform/env.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["SCHOOL_COORDINATOR"]);
  const baseUrl = getEnv().PUBLIC_URL ?? new URL(request.url).origin;
  const zip = await streamSchoolCertificates({ userId: user.id, contestId: params.contestId ?? "", baseUrl });
  if (!zip) throw notFound();
  return new Response(zip.stream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(zip.fileName, "certificates.zip"),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
