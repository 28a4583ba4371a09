// /organiser/media: the media processing queue for county staff (and, for
// their own school only, coordinators). Counts by kind and status, the job
// lanes, and the failed files with their reasons and a retry button.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MEDIA_QUEUE_KINDS, parseMediaQueueQuery, type MediaQueueQueryProblem } from "~/domain/media-queue.ts";
import { MediaQueueView, kindLabelKey, type MediaQueueActionResult } from "~/components/media-queue/media-queue-view.tsx";
import { pageTitle, t, type MessageKey } from "~/i18n/index.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { MEDIA_QUEUE_ROLES, getMediaQueueOverview, retryFailedAsset, retryTransientFailures } from "~/server/media/media-queue.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mediaQueue.title");

const PROBLEM_MESSAGES: Record<MediaQueueQueryProblem, MessageKey> = {
  invalid_kind: "mediaQueue.filter.invalidKind",
  invalid_page: "mediaQueue.filter.invalidPage",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, MEDIA_QUEUE_ROLES);
  const locale = await getLocale(request);
  const query = parseMediaQueueQuery(new URL(request.url).searchParams);
  const overview = await getMediaQueueOverview({ userId: user.id, kind: query.kind, page: query.page, locale });
  if (!overview) throw notFound();
  return { overview, notices: query.problems.map((p) => t(locale, PROBLEM_MESSAGES[p])) };
}

const ActionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("retry"), assetId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
  z.object({ intent: z.literal("retry-all"), kind: z.enum(MEDIA_QUEUE_KINDS) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, MEDIA_QUEUE_ROLES);
  const form = await parseForm(request);
  const locale = await getLocale(request);
  const reply = (ok: boolean, key: MessageKey, params?: Record<string, string | number>, status = 200) =>
    data<MediaQueueActionResult>({ ok, message: t(locale, key, params) }, status);
  const field = (name: string) => form.get(name) ?? undefined;
  const parsed = ActionForm.safeParse({ intent: field("intent"), assetId: field("assetId"), kind: field("kind") });
  if (!parsed.success) return reply(false, "mediaQueue.action.invalid", undefined, 400);

  if (parsed.data.intent === "retry") {
    const outcome = await retryFailedAsset({ userId: user.id, assetId: parsed.data.assetId });
    if (outcome.result === "not_found") throw notFound();
    if (outcome.result === "not_failed") return reply(false, "mediaQueue.retry.notFailed", undefined, 409);
    return reply(true, "mediaQueue.retry.queued", { name: outcome.originalName ?? t(locale, "mediaQueue.file.unnamed") });
  }
  const outcome = await retryTransientFailures({ userId: user.id, kind: parsed.data.kind });
  // Only county staff have the button; for anyone else the action does not exist.
  if (outcome.result === "not_allowed") throw notFound();
  const kind = t(locale, kindLabelKey(parsed.data.kind));
  if (outcome.queued === 0) return reply(false, "mediaQueue.retryAll.none", { kind }, 409);
  const key = outcome.remaining > 0 ? "mediaQueue.retryAll.doneMore" : "mediaQueue.retryAll.done";
  return reply(true, key, { count: outcome.queued, remaining: outcome.remaining });
}

export default function MediaQueuePage() {
  const { overview, notices } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return <MediaQueueView overview={overview} notices={notices} result={actionData ?? null} />;
}
