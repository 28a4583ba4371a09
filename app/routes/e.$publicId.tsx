// /e/:publicId: one public work (the stable short link shared into WeChat groups).
// 404 for anything not public now, whatever the reason.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { shareMeta } from "~/components/gallery/meta.ts";
import { EntryView, GalleryProblem } from "~/components/gallery/public-pages.tsx";
import { t } from "~/i18n/t.ts";
import { notFound } from "~/server/auth/auth.server.ts";
import { getPublicEntryForView } from "~/server/gallery/public-views.server.ts";
import { publicPage } from "~/server/gallery/route-helpers.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [];
  const by = `${data.maskedName ?? t("zh-CN", "gallery.anonymous")} · ${data.schoolName}`;
  return shareMeta({ title: data.title, description: `${by} · ${data.contestTitle}`, image: data.ogImage, url: data.shareUrl, siteName: t("zh-CN", "app.name") });
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const found = await getPublicEntryForView(request, context, params.publicId);
  if (!found) throw notFound();
  return publicPage(found.page, found.setCookie);
}

export default function PublicEntryRoute() {
  return <EntryView entry={useLoaderData<typeof loader>()} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return <GalleryProblem status={isRouteErrorResponse(error) ? error.status : 500} />;
}
