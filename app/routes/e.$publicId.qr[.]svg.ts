// GET /e/:publicId/qr.svg: the QR code of this public page's short link; 404 when it is not public.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/server/auth/auth.server.ts";
import { shareQrSvg } from "~/server/gallery/share.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const response = await shareQrSvg(request, "e", params.publicId);
  if (!response) throw notFound();
  return response;
}
