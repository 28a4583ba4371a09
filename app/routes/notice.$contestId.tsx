// /notice/:contestId: the public notice (公示), no login. The ranked award
// list with masked names; while the window runs, a form to file an objection
// (rate-limited per address hash); after finalising, marked final. A contest
// without a notice: 404.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { NoticePage } from "~/components/results/notice-page.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getClientIp, getLocale, notFound } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { fileObjection, getNoticeView } from "~/server/notice/notice.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results.notice.title");

export async function loader({ params }: LoaderFunctionArgs) {
  const view = await getNoticeView({ contestId: params.contestId ?? "" });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const contestId = params.contestId ?? "";
  if (!(await getNoticeView({ contestId }))) throw notFound();
  const formData = await parseForm(request);
  const outcome = await fileObjection({ contestId, formData, ip: getClientIp(context), locale: await getLocale(request) });
  if (outcome.status === 404) throw notFound();
  const headers: Record<string, string> = outcome.retryAfterSeconds ? { "Retry-After": String(outcome.retryAfterSeconds) } : {};
  return data(outcome.reply, { status: outcome.status, headers });
}

export default function NoticeRoute() {
  return <NoticePage view={useLoaderData<typeof loader>()} reply={useActionData<typeof action>() ?? null} />;
}
