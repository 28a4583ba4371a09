// /judge/assignments/:assignmentId: one work, blind, with the rubric. Only
// the assignment's own judge; anyone else (another judge, an unassigned
// work, a recused one): 404, before the form is read. Autosave goes to
// ./autosave; this action submits (also without JavaScript) and recuses.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ScoreSheetPage } from "~/components/judging/score-sheet-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { t } from "~/i18n/t.ts";
import type { ScoreSaveReply } from "~/view-models/judging.ts";
import { getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { JUDGE_PAGE_ROLES } from "~/server/judging/judge-queue.server.ts";
import { getScoreSheet, ownsAssignment, recuseAssignment, saveScoreSheet } from "~/server/judging/score-sheet.server.ts";
import { intentOf } from "~/server/people/forms.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "judging.queue.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, JUDGE_PAGE_ROLES);
  const view = await getScoreSheet({ judgeId: user.id, assignmentId: params.assignmentId ?? "" });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, JUDGE_PAGE_ROLES);
  const assignmentId = params.assignmentId ?? "";
  if (!(await ownsAssignment(user.id, assignmentId))) throw notFound();
  const form = await parseForm(request);
  const locale = await getLocale(request);
  switch (intentOf(form)) {
    case "submit": {
      const outcome = await saveScoreSheet({ judgeId: user.id, assignmentId, formData: form, submit: true, locale });
      if (outcome.status === 404) throw notFound();
      return data<ScoreSaveReply>(outcome.reply, outcome.status);
    }
    case "recuse": {
      const outcome = await recuseAssignment({ judgeId: user.id, assignmentId, reason: String(form.get("reason") ?? ""), locale });
      if (outcome.status === 404) throw notFound();
      if (outcome.status === 200) throw redirect(outcome.nextAssignmentId ? `/judge/assignments/${outcome.nextAssignmentId}` : "/judge");
      return data<ScoreSaveReply>({ ok: false, message: outcome.message, fieldErrors: { reason: outcome.message } }, outcome.status);
    }
    default:
      return data<ScoreSaveReply>({ ok: false, message: t(locale, "judging.form.unknownAction"), fieldErrors: {} }, 400);
  }
}

export default function ScoreSheetRoute() {
  const view = useLoaderData<typeof loader>();
  // Keyed by the assignment: "下一个作品" is a client-side navigation to the same route, and without the
  // key the score boxes, the comment and the autosave state of the previous work would stay on screen
  // (and be saved onto the next one).
  return <ScoreSheetPage key={view.assignmentId} view={view} reply={useActionData<typeof action>() ?? null} />;
}
