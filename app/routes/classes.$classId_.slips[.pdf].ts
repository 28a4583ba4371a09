// /classes/:classId/slips.pdf: the class's login slips as an A4 PDF, for the
// whole class or the children chosen with ?id=…&id=…. Same access as the
// intake (the class's teacher, the school's coordinator); 404 otherwise.
// The PDF holds initial passwords: never cached, and every download audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getClientIp, getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { getEnv } from "~/server/platform/env.server.ts";
import { CLASS_MANAGER_ROLES } from "~/server/people/access.server.ts";
import { buildClassSlips } from "~/server/people/slips.server.ts";

/** RFC 6266: an ASCII fallback plus the UTF-8 name ("实验小学 三年级(1)班 登录条.pdf"). */
function contentDisposition(fileName: string): string {
  return `attachment; filename="login-slips.pdf"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, CLASS_MANAGER_ROLES);
  const url = new URL(request.url);
  const studentIds = url.searchParams.getAll("id").filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id));
  const result = await buildClassSlips({
    userId: user.id,
    classId: params.classId ?? "",
    studentIds,
    loginUrl: new URL("/login", getEnv().PUBLIC_URL ?? url.origin).toString(),
    locale: await getLocale(request),
    ip: getClientIp(context),
  });
  if (result.result !== "ok") throw notFound();
  return new Response(Buffer.from(result.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(result.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      // For scripts and tests; the page tells the teacher the same before the download.
      "X-Slips-Missing-Characters": encodeURIComponent(result.missing.map((m) => `${m.childName}:${m.characters.join("")}`).join(",")),
    },
  });
}
