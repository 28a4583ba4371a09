// /guardian/register: a parent or grandparent creates their account with the
// link code from a child's slip, their phone and a password; one form, one
// transaction; then they are signed in and land on the child's consent page.
// Anonymous only: a signed-in person is sent to /guardian/children.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { GuardianRegisterForm, type GuardianFormAnswer } from "~/components/people/guardian-forms.tsx";
import { GuardianRegisterSchema } from "~/domain/people/forms.ts";
import { pageTitle, t, translateErrors } from "~/i18n/index.ts";
import { getClientIp, getLocale, getUser } from "~/server/auth/auth.server.ts";
import { parseSubmission } from "~/server/auth/csrf.server.ts";
import { registerGuardian } from "~/server/people/guardians.server.ts";
import { linkCodeAnswer, weaknessKey } from "~/server/people/guardian-messages.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "guardian.register.title");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getUser(request)) throw redirect("/guardian/children");
  return null;
}

const KEPT = ["linkCode", "relation", "phone", "displayName"] as const;

export async function action({ request, context }: ActionFunctionArgs) {
  // Signed in already: children are linked on /guardian/children, as the page itself sends them.
  if (await getUser(request)) throw redirect("/guardian/children");
  const submission = await parseSubmission(request, GuardianRegisterSchema);
  const locale = await getLocale(request);
  const values = Object.fromEntries(KEPT.map((k) => [k, String(submission.formData.get(k) ?? "").slice(0, 40)]));
  const answer = (a: Partial<GuardianFormAnswer>, init: number | ResponseInit = 400) =>
    data<GuardianFormAnswer>({ formError: null, fieldErrors: {}, values, ...a }, init);
  if (!submission.ok) return answer({ fieldErrors: translateErrors(locale, submission.fieldErrors) });
  const result = await registerGuardian({
    ...submission.data,
    ip: getClientIp(context),
    userAgent: request.headers.get("User-Agent"),
  });
  if (result.ok) return redirect(`/guardian/children/${result.studentId}?welcome=1`, { headers: { "Set-Cookie": result.setCookie } });
  if ("weakness" in result) return answer({ fieldErrors: { password: t(locale, weaknessKey(result.weakness)) } });
  const reply = linkCodeAnswer(locale, result);
  return answer({ formError: reply.formError, fieldErrors: reply.fieldErrors }, reply.init);
}

export default function GuardianRegisterPage() {
  return <GuardianRegisterForm answer={useActionData<typeof action>() ?? null} />;
}
