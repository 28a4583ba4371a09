// GET/HEAD /g/m/:publicId/:index/:name: a public work's rendition, with byte
// ranges; 404 the moment the work stops being public.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { servePublicMedia } from "~/server/gallery/public-media.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return servePublicMedia(request, params);
}
