// /organiser/contests/:contestId/categories: the categories, adding one from
// the presets (intent=add) and removing one (intent=remove). ORGANISER and
// ADMIN of the contest's county; anyone else: 404.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CategoriesPage } from "~/components/contests/categories-view.tsx";
import { pageTitle, t } from "~/i18n/index.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { addCategory, getCategories, removeCategory } from "~/server/contests/contest-categories.server.ts";
import { editResponse } from "~/server/contests/contest-edit.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.nav.categories");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const view = await getCategories({ userId: user.id, contestId: params.contestId ?? "" });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const formData = await parseForm(request);
  const locale = await getLocale(request);
  const input = { userId: user.id, contestId: params.contestId ?? "", formData, locale };
  const intent = formData.get("intent");
  if (intent === "add") return editResponse(await addCategory(input));
  if (intent === "remove") return editResponse(await removeCategory(input));
  return data({ form: "add-category", ok: false, message: t(locale, "contests.form.invalidAction"), result: {} }, { status: 400 });
}

export default function CategoriesRoute() {
  return <CategoriesPage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
