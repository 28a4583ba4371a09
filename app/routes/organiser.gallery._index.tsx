// /organiser/gallery: publish works (with each guardian's consent shown) and
// manage boards. ORGANISER and ADMIN; anyone else: 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { OrganiserGalleryView } from "~/components/gallery/organiser-pages.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getClientIp, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { createBoard, getOrganiserGallery, setEntryPublished } from "~/server/gallery/organiser-gallery.server.ts";
import { galleryResponse } from "~/server/gallery/route-helpers.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gallery.admin.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  return getOrganiserGallery({ userId: user.id, contestId: new URL(request.url).searchParams.get("contest") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const formData = await parseForm(request);
  const intent = formData.get("intent");
  const ip = getClientIp(context);
  if (intent === "publish" || intent === "unpublish") {
    return galleryResponse(await setEntryPublished({ userId: user.id, entryId: String(formData.get("entryId") ?? ""), publish: intent === "publish", ip }));
  }
  if (intent === "createBoard") return galleryResponse(await createBoard({ userId: user.id, formData, ip }));
  return data({ ok: false as const, error: "form.invalid" as const }, { status: 400 });
}

export default function OrganiserGalleryRoute() {
  return <OrganiserGalleryView view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
