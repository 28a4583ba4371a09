// /organiser/contests/:contestId/entries?status=…&category=…&after=…: the
// county's review of a contest's entries; POST disqualifies or reinstates one
// with a reason. ORGANISER and ADMIN of the contest's county; anyone else, or
// an entry of another contest: 404, before the form is read.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { EntriesReviewPage, type ReviewReply } from "~/components/contests/entries-review.tsx";
import { pageTitle, t } from "~/i18n/index.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { CONTEST_EDITOR_ROLES, findOrganisedContest } from "~/server/contests/contest-access.server.ts";
import { getReviewPage, parseReviewFilter, reviewEntry } from "~/server/entries/entry-review.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contests.nav.entries");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const filter = parseReviewFilter(new URL(request.url).searchParams);
  const view = await getReviewPage({ userId: user.id, contestId: params.contestId ?? "", filter });
  if (!view) throw notFound();
  return view;
}

const Intent = z.enum(["disqualify", "reinstate"]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, CONTEST_EDITOR_ROLES);
  const contestId = params.contestId ?? "";
  if (!(await findOrganisedContest(user.id, contestId))) throw notFound();
  const locale = await getLocale(request);
  const form = await parseForm(request);
  const intent = Intent.safeParse(form.get("intent"));
  const entryId = String(form.get("entryId") ?? "");
  if (!intent.success || !entryId) return data<ReviewReply>({ ok: false, message: t(locale, "review.error.invalid"), entryId: null }, 400);
  const result = await reviewEntry({ userId: user.id, contestId, entryId, event: intent.data, reason: String(form.get("reason") ?? "") });
  if (result.ok) return data<ReviewReply>({ ok: true, message: t(locale, `review.${intent.data}.done`), entryId });
  if (result.error === "not_found") throw notFound();
  const status = result.error === "reason_required" || result.error === "reason_too_long" ? 400 : 409;
  return data<ReviewReply>({ ok: false, message: t(locale, `review.error.${result.error}`), entryId }, status);
}

export default function EntriesReviewRoute() {
  return <EntriesReviewPage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
