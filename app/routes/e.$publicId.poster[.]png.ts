// GET /e/:publicId/poster.png: the share poster (PNG made on the server); 404 when the work is not public.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/server/auth/auth.server.ts";
import { sharePosterResponse } from "~/server/gallery/poster.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const response = await sharePosterResponse(request, params.publicId);
  if (!response) throw notFound();
  return response;
}
