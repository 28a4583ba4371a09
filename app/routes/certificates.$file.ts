// /certificates/<certificateId>.pdf: one certificate, for the child and linked
// guardians only, once the contest is finalised; anyone else: 404. (A
// dynamic segment is the whole segment in Remix, so the ".pdf" is parsed here.)
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUser } from "~/server/auth/auth.server.ts";
import { getOwnCertificatePdf } from "~/server/certificates/certificates.server.ts";
import { contentDisposition } from "~/server/contests/contest-progress-export.server.ts";
import { getEnv } from "~/server/platform/env.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const baseUrl = getEnv().PUBLIC_URL ?? new URL(request.url).origin;
  const certificateId = /^(.+)\.pdf$/.exec(params.file ?? "")?.[1];
  if (!certificateId) throw notFound();
  const file = await getOwnCertificatePdf({ userId: user.id, certificateId, baseUrl });
  if (!file) throw notFound();
  return new Response(Buffer.from(file.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(file.fileName, "certificate.pdf"),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
