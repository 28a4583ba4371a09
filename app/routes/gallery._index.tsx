// /gallery: the public home of the galleries (no login): boards, current and past contests.
import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GalleryHomeView } from "~/components/gallery/public-pages.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getGalleryHome } from "~/server/gallery/public-gallery.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gallery.title");

export async function loader() {
  return getGalleryHome();
}

export default function GalleryHomeRoute() {
  return <GalleryHomeView home={useLoaderData<typeof loader>()} />;
}
