// /organiser/gallery/boards/:boardId: a board's details, status, cover and
// ordered works. ORGANISER and ADMIN of the board's county; anyone else: 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BoardEditView } from "~/components/gallery/organiser-pages.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getClientIp, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { changeBoard, getBoardEdit } from "~/server/gallery/organiser-gallery.server.ts";
import { galleryResponse } from "~/server/gallery/route-helpers.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gallery.admin.boards");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const board = await getBoardEdit({ userId: user.id, boardId: params.boardId ?? "" });
  if (!board) throw notFound();
  return board;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const formData = await parseForm(request);
  return galleryResponse(await changeBoard({ userId: user.id, boardId: params.boardId ?? "", formData, ip: getClientIp(context) }));
}

export default function BoardEditRoute() {
  return <BoardEditView board={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
