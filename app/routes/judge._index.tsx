// /judge: the judge's queue (teachers too, for the school round). Blind:
// titles and codes only. Other roles: 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { JudgeQueuePage } from "~/components/judging/judge-queue-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { requireRole } from "~/server/auth/auth.server.ts";
import { getJudgeQueue, JUDGE_PAGE_ROLES } from "~/server/judging/judge-queue.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "judging.queue.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, JUDGE_PAGE_ROLES);
  return getJudgeQueue({ judgeId: user.id });
}

export default function JudgeQueueRoute() {
  return <JudgeQueuePage view={useLoaderData<typeof loader>()} />;
}
