// /p/:portfolioId: a child's shared portfolio: only the works public now.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { shareMeta } from "~/components/gallery/meta.ts";
import { GalleryProblem, PublicPortfolioView } from "~/components/gallery/public-pages.tsx";
import { t } from "~/i18n/t.ts";
import { notFound } from "~/server/auth/auth.server.ts";
import { getPublicPortfolioForView } from "~/server/gallery/public-views.server.ts";
import { publicPage } from "~/server/gallery/route-helpers.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? shareMeta({ title: t("zh-CN", "gallery.portfolio.public", { caption: data.caption ?? t("zh-CN", "gallery.anonymous") }), description: t("zh-CN", "gallery.intro"), image: null, url: data.shareUrl, siteName: t("zh-CN", "app.name") })
    : [];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = await getPublicPortfolioForView(request, context, params.portfolioId);
  if (!found) throw notFound();
  return publicPage(found.page, found.setCookie);
}

export default function PublicPortfolioRoute() {
  return <PublicPortfolioView portfolio={useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <GalleryProblem status={isRouteErrorResponse(error) ? error.status : 500} />;
}
