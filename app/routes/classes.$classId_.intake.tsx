// /classes/:classId/intake: a class list pasted or uploaded, checked, then
// committed in one transaction. For the class's teacher and the coordinator
// of its school; 404 for everyone else (other classes, other schools,
// organisers, families).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { IntakeCommitSchema } from "~/domain/people/forms.ts";
import { IntakeView } from "~/components/people/intake-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getClientIp, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { CLASS_MANAGER_ROLES, getClassAccess } from "~/server/people/access.server.ts";
import { intentOf, readListSource, validateFields } from "~/server/people/forms.server.ts";
import { commitIntake, getIntakeClass, previewIntake } from "~/server/people/intake.server.ts";
import type { IntakeActionResult } from "~/view-models/people.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "intake.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CLASS_MANAGER_ROLES);
  const cls = await getIntakeClass({ userId: user.id, classId: params.classId ?? "" });
  if (!cls) throw notFound();
  return { cls };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, CLASS_MANAGER_ROLES);
  const classId = params.classId ?? "";
  // Another class's teacher learns nothing, whatever they send: access before the form is read.
  if (!(await getClassAccess(user.id, classId))) throw notFound();
  const form = await parseForm(request);
  let result: IntakeActionResult | null;
  if (intentOf(form) === "commit") {
    const fields = validateFields(form, IntakeCommitSchema);
    if (!fields.ok) return data<IntakeActionResult>({ step: "problem", problem: { kind: "stale" }, text: String(form.get("text") ?? "") }, 400);
    result = await commitIntake({ userId: user.id, classId, ...fields.data, ip: getClientIp(context) });
  } else {
    result = await previewIntake({ userId: user.id, classId, source: await readListSource(form) });
  }
  if (!result) throw notFound();
  const status = result.step === "problem" ? (result.problem.kind === "stale" ? 409 : 400) : 200;
  return data<IntakeActionResult>(result, status);
}

export default function ClassIntakePage() {
  const { cls } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? null;
  return <IntakeView cls={cls} result={result as IntakeActionResult | null} />;
}
