// /organiser/contests/new: create a contest (a DRAFT) in the organiser's
// county, then go to its page. ORGANISER and ADMIN; anyone else: 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { NewContestForm } from "~/components/contests/new-contest-form.tsx";
import { shanghaiParts } from "~/domain/shanghai-time.ts";
import { pageTitle } from "~/i18n/index.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { CONTEST_EDITOR_ROLES } from "~/server/contests/contest-access.server.ts";
import { editResponse } from "~/server/contests/contest-edit.server.ts";
import { createContest, getNewContestPage } from "~/server/contests/contest-list.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.new.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const page = await getNewContestPage({ userId: user.id });
  if (!page) throw notFound();
  // A winter holiday's contest is usually set up in the autumn before: the coming year.
  const { year, month } = shanghaiParts(new Date());
  return { ...page, defaultYear: month >= 9 ? year + 1 : year };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const formData = await parseForm(request);
  return editResponse(await createContest({ userId: user.id, formData, locale: await getLocale(request) }));
}

export default function NewContestRoute() {
  const { counties, defaultYear } = useLoaderData<typeof loader>();
  return <NewContestForm counties={counties} defaultYear={defaultYear} reply={useActionData<typeof action>() ?? null} />;
}
