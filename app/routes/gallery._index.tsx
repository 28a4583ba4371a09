// /gallery: the public home of the galleries (no login): boards, current and past contests.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GalleryHomeView } from "~/components/gallery/public-pages.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { markPublicPage } from "~/server/gallery/page-cache.server.ts";
import { getGalleryHome } from "~/server/gallery/public-gallery.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gallery.title");

export async function loader({ context }: LoaderFunctionArgs) {
  const home = await getGalleryHome();
  markPublicPage(context, null);
  return home;
}

export default function GalleryHomeRoute() {
  return <GalleryHomeView home={useLoaderData<typeof loader>()} />;
}
