// GET/HEAD /g/m/<publicId>/<n>/<rendition>: a public entry's rendition,
// streamed by the app with byte ranges (video seeking). The visibility rule
// is checked on every request, so an unpublished or withdrawn work's URLs
// stop working at once; only renditions are reachable (never an original).
// Cached for 60 s at most: long-lived immutable caching would keep serving a
// withdrawn child's work from browsers and proxies (README Decisions).
import { getDb } from "~/server/db/db.server.ts";
import { getStore } from "~/server/storage/storage.server.ts";
import { serveStoredObject } from "~/server/storage/signed-url.server.ts";
import { isPublicId, publicEntryWhere } from "./visibility.server.ts";

export const PUBLIC_MEDIA_MAX_AGE_SECONDS = 60;
const RENDITION_NAME = /^[a-z0-9][a-z0-9_-]{0,31}\.[a-z0-9]{1,8}$/;

function gone(): Response {
  return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

/** The stored key of a public rendition, or null. Also used by the share poster. */
export async function publicRenditionKey(publicId: string, index: number, name: string): Promise<{ key: string; mime: string } | null> {
  if (!isPublicId(publicId) || !Number.isInteger(index) || index < 0 || index > 50 || !RENDITION_NAME.test(name)) return null;
  const rows = await getDb().$queryRaw<{ key: string; mime: string }[]>`
    SELECT r."key", r."mime" FROM "Entry" e
    JOIN LATERAL (SELECT m."id" FROM "MediaAsset" m WHERE m."entryId" = e."id" AND m."status" = 'READY'
      ORDER BY m."sortOrder", m."createdAt", m."id" OFFSET ${index} LIMIT 1) m ON true
    JOIN "Rendition" r ON r."assetId" = m."id" AND r."name" = ${name}
    WHERE e."publicId" = ${publicId} AND ${publicEntryWhere()}`;
  return rows[0] ?? null;
}

export async function servePublicMedia(request: Request, params: { publicId?: string; index?: string; name?: string }): Promise<Response> {
  const index = /^\d{1,2}$/.test(params.index ?? "") ? Number(params.index) : -1;
  const found = await publicRenditionKey(params.publicId ?? "", index, params.name ?? "");
  if (!found) return gone();
  return serveStoredObject(request, {
    store: getStore(),
    key: found.key,
    contentType: found.mime,
    cacheControl: `public, max-age=${PUBLIC_MEDIA_MAX_AGE_SECONDS}`,
  });
}

