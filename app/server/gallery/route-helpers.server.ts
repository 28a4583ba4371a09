// What the public gallery routes share: reading a listing's query (400 on a
// tampered cursor or a huge page size, never a stack trace), and answering
// with the visitor cookie when a view was counted.
import { data, redirect } from "@remix-run/node";
import { notFound } from "~/server/auth/auth.server.ts";
import type { GalleryOutcome } from "./organiser-gallery.server.ts";
import { parsePageQuery } from "~/domain/gallery/cursor.ts";
import { isPlausibleId } from "~/server/contests/contest-access.server.ts";
import type { ListingQuery } from "./public-gallery.server.ts";

export function badRequest(): Response {
  return new Response("Bad Request", { status: 400, statusText: "Bad Request", headers: { "Cache-Control": "no-store" } });
}

/** The listing's query, or a thrown 400. Unknown filter ids are harmless (they match nothing) but must look like ids. */
export function readListingQuery(request: Request, contestId: string): ListingQuery {
  const params = new URL(request.url).searchParams;
  const page = parsePageQuery(params);
  if (!page.ok) throw badRequest();
  const filter = (name: string) => {
    const value = params.get(name);
    if (value === null || value === "") return null;
    if (!isPlausibleId(value)) throw badRequest();
    return value;
  };
  return { contestId, category: filter("category"), band: filter("band"), tier: filter("tier"), cursor: page.cursor, size: page.size };
}

/** The page's data, with the visitor cookie when one was issued; never cached by shared caches. */
export function publicPage<T>(value: T, setCookie: string | null) {
  const headers = new Headers({ "Cache-Control": "private, no-cache" });
  if (setCookie) headers.append("Set-Cookie", setCookie);
  return data(value, { headers });
}

/** An organiser action's outcome as HTTP: 404 thrown, a redirect thrown, else the reply with its status. */
export function galleryResponse(outcome: GalleryOutcome) {
  if (outcome.status === 404) throw notFound();
  if (outcome.status === 200 && outcome.redirectTo) throw redirect(outcome.redirectTo);
  return data(outcome.reply, { status: outcome.status });
}
