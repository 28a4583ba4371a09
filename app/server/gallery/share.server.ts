// QR codes of public pages (entry, board, portfolio): only for what is public
// now, so a QR of a withdrawn work is a 404 like its page.
import { qrSvg } from "~/server/documents/qr.server.ts";
import { getDb, Prisma } from "~/server/db/db.server.ts";
import { isPublicId, publicBaseUrl, publicEntryWhere } from "./visibility.server.ts";

export type ShareSubject = "e" | "b" | "p";

async function isPublic(kind: ShareSubject, id: string): Promise<boolean> {
  const db = getDb();
  if (kind === "b") return (await db.galleryBoard.count({ where: { slug: id, status: "PUBLISHED" } })) > 0;
  const where = kind === "e" ? Prisma.sql`e."publicId" = ${id}` : Prisma.sql`e."studentId" = (SELECT "userId" FROM "StudentProfile" WHERE "portfolioId" = ${id})`;
  const rows = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS "n" FROM (SELECT 1 FROM "Entry" e WHERE ${where} AND ${publicEntryWhere()} LIMIT 1) x`;
  return (rows[0]?.n ?? 0) > 0;
}

/** The QR code (SVG) of a public page's short link; null when the page is not public. */
export async function shareQrSvg(request: Request, kind: ShareSubject, id: string | undefined): Promise<Response | null> {
  if (!isPublicId(id) || !(await isPublic(kind, id))) return null;
  const svg = await qrSvg(`${publicBaseUrl(request)}/${kind}/${id}`);
  return new Response(svg, { headers: { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "public, max-age=60", "X-Content-Type-Options": "nosniff" } });
}
