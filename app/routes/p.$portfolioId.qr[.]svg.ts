// GET /p/:portfolioId/qr.svg: the QR code of this public page's short link; 404 when it is not public.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/server/auth/auth.server.ts";
import { shareQrSvg } from "~/server/gallery/share.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const response = await shareQrSvg(request, "p", params.portfolioId);
  if (!response) throw notFound();
  return response;
}
