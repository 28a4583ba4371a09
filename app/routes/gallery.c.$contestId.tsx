// /gallery/c/:contestId?category=&band=&tier=&cursor=&size=: a contest's public
// works, newest first, keyset pages. Tampered cursor or huge size: 400.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { GalleryProblem, ListingView } from "~/components/gallery/public-pages.tsx";
import { notFound } from "~/server/auth/auth.server.ts";
import { isPlausibleId } from "~/server/contests/contest-access.server.ts";
import { markPublicPage } from "~/server/gallery/page-cache.server.ts";
import { getGalleryListing } from "~/server/gallery/public-gallery.server.ts";
import { readListingQuery } from "~/server/gallery/route-helpers.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: data.contest.title }, { property: "og:title", content: data.contest.title }] : []);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const contestId = params.contestId ?? "";
  if (!isPlausibleId(contestId)) throw notFound();
  const listing = await getGalleryListing(readListingQuery(request, contestId));
  if (!listing) throw notFound();
  markPublicPage(context, null);
  return listing;
}

export default function GalleryListingRoute() {
  return <ListingView listing={useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <GalleryProblem status={isRouteErrorResponse(error) ? error.status : 500} />;
}
