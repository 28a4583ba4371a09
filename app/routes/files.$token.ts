// GET/HEAD /files/<token>: the local store's signed download links (the
// embedded stand-in for S3 presigned URLs). No session needed: the token is
// the authorisation, short-lived and bound to one object. All the logic,
// checks included, lives in serveSignedFile.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getStore } from "~/server/storage/storage.server.ts";
import { serveSignedFile } from "~/server/storage/signed-url.server.ts";

export async function loader({ request, params }: LoaderFunctionArgs) {
  return serveSignedFile(request, params.token ?? "", { store: getStore() });
}
