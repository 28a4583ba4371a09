// POST /judge/assignments/:assignmentId/autosave: the score sheet's autosave
// (the page posts every change; a partial sheet is kept). JSON answers:
// 200 saved, 400 a score out of range (nothing written), 409 round closed,
// 404 not this judge's. No GET: there is nothing to read here.
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import type { ScoreSaveReply } from "~/view-models/judging.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { JUDGE_PAGE_ROLES } from "~/server/judging/judge-queue.server.ts";
import { ownsAssignment, saveScoreSheet } from "~/server/judging/score-sheet.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, JUDGE_PAGE_ROLES);
  throw notFound();
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, JUDGE_PAGE_ROLES);
  const assignmentId = params.assignmentId ?? "";
  if (!(await ownsAssignment(user.id, assignmentId))) throw notFound();
  const form = await parseForm(request);
  const outcome = await saveScoreSheet({ judgeId: user.id, assignmentId, formData: form, submit: false, locale: await getLocale(request) });
  if (outcome.status === 404) throw notFound();
  return Response.json(outcome.reply satisfies ScoreSaveReply, { status: outcome.status, headers: { "Cache-Control": "no-store" } });
}
