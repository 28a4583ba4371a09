// /organiser/contests/:contestId/quotas?category=…: nomination quotas, one
// category at a time. ORGANISER and ADMIN of the contest's county; anyone
// else (or another contest's category): 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { QuotasPage } from "~/components/contests/quotas-form.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { editResponse } from "~/server/contests/contest-edit.server.ts";
import { getQuotas, saveQuotas } from "~/server/contests/contest-quotas.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.nav.quotas");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const categoryId = new URL(request.url).searchParams.get("category");
  const view = await getQuotas({ userId: user.id, contestId: params.contestId ?? "", categoryId: categoryId || null });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const formData = await parseForm(request);
  return editResponse(await saveQuotas({ userId: user.id, contestId: params.contestId ?? "", formData, locale: await getLocale(request) }));
}

export default function QuotasRoute() {
  return <QuotasPage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
