// /organiser/contests/:contestId/categories/:categoryId: a category's name and
// limits. ORGANISER and ADMIN of the contest's county; anyone else (or another
// contest's category): 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { CategoryLimitsPage } from "~/components/contests/category-limits-form.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { getCategoryLimits, saveCategoryLimits } from "~/server/contests/contest-categories.server.ts";
import { editResponse } from "~/server/contests/contest-edit.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.limits.pageTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const view = await getCategoryLimits({ userId: user.id, contestId: params.contestId ?? "", categoryId: params.categoryId ?? "" });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const formData = await parseForm(request);
  const ids = { contestId: params.contestId ?? "", categoryId: params.categoryId ?? "" };
  return editResponse(await saveCategoryLimits({ userId: user.id, ...ids, formData, locale: await getLocale(request) }));
}

export default function CategoryLimitsRoute() {
  return <CategoryLimitsPage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
