// /b/:slug: a published board (the short link organisers share).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { shareMeta } from "~/components/gallery/meta.ts";
import { BoardView, GalleryProblem } from "~/components/gallery/public-pages.tsx";
import { t } from "~/i18n/t.ts";
import { notFound } from "~/server/auth/auth.server.ts";
import { getPublicBoardForView } from "~/server/gallery/public-views.server.ts";
import { publicPage } from "~/server/gallery/route-helpers.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? shareMeta({ title: data.title, description: data.description || data.theme, image: data.ogImage, url: data.shareUrl, siteName: t("zh-CN", "app.name") }) : [];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = await getPublicBoardForView(request, context, params.slug);
  if (!found) throw notFound();
  return publicPage(found.page, found.setCookie);
}

export default function PublicBoardRoute() {
  return <BoardView board={useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <GalleryProblem status={isRouteErrorResponse(error) ? error.status : 500} />;
}
