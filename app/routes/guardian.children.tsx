// /guardian/children: a guardian's children and the form to link another one
// with its link code (at most ten). Any signed-in adult may link a child (a
// teacher who is also a parent gets the GUARDIAN role with the first link);
// a child's own account gets 404. Anonymous: the login page.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { GuardianFormAnswer } from "~/components/people/guardian-forms.tsx";
import { GuardianChildrenView } from "~/components/people/guardian-children-view.tsx";
import { LinkChildSchema } from "~/domain/people/forms.ts";
import { pageTitle, translateErrors } from "~/i18n/index.ts";
import { getClientIp, getLocale, hasRole, notFound, requireUser } from "~/server/auth/auth.server.ts";
import { parseSubmission } from "~/server/auth/csrf.server.ts";
import { linkCodeAnswer } from "~/server/people/guardian-messages.server.ts";
import { getGuardianChildren, linkChild } from "~/server/people/guardians.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "guardian.children.title");

async function requireAdult(request: Request) {
  const user = await requireUser(request);
  if (hasRole(user, ["STUDENT"])) throw notFound();
  return user;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdult(request);
  return { children: await getGuardianChildren(user.id) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireAdult(request);
  const submission = await parseSubmission(request, LinkChildSchema);
  const locale = await getLocale(request);
  const values = { linkCode: String(submission.formData.get("linkCode") ?? "").slice(0, 40), relation: String(submission.formData.get("relation") ?? "") };
  if (!submission.ok) return data<GuardianFormAnswer>({ formError: null, fieldErrors: translateErrors(locale, submission.fieldErrors), values }, 400);
  const result = await linkChild({ guardianId: user.id, ...submission.data, ip: getClientIp(context) });
  if (result.ok) return redirect(`/guardian/children/${result.studentId}?linked=1`);
  const reply = linkCodeAnswer(locale, result);
  return data<GuardianFormAnswer>({ formError: reply.formError, fieldErrors: reply.fieldErrors, values }, reply.init);
}

export default function GuardianChildrenPage() {
  const { children } = useLoaderData<typeof loader>();
  return <GuardianChildrenView data={children} answer={useActionData<typeof action>() ?? null} />;
}
