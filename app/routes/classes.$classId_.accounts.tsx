// /classes/:classId/accounts: the class's children's accounts, login slips,
// password resets, new link codes and guardian links. For the class's
// teacher and the coordinator of its school; 404 for everyone else.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { RevokeLinkSchema, StudentActionSchema } from "~/domain/people/forms.ts";
import { ClassAccountsView } from "~/components/people/class-accounts-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getClientIp, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { CLASS_MANAGER_ROLES, getClassAccess } from "~/server/people/access.server.ts";
import { getClassAccounts, renewLinkCode, resetStudentPassword, revokeGuardianLink } from "~/server/people/class-accounts.server.ts";
import { intentOf, validateFields } from "~/server/people/forms.server.ts";
import type { ClassAccounts, ClassAccountsResult } from "~/view-models/people.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accounts.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, CLASS_MANAGER_ROLES);
  const accounts = await getClassAccounts({ userId: user.id, classId: params.classId ?? "" });
  if (!accounts) throw notFound();
  return { accounts };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, CLASS_MANAGER_ROLES);
  // Another class's teacher learns nothing, whatever they send: access before the form is read.
  if (!(await getClassAccess(user.id, params.classId ?? ""))) throw notFound();
  const form = await parseForm(request);
  const base = { userId: user.id, classId: params.classId ?? "", ip: getClientIp(context) };
  const invalid = () => data<ClassAccountsResult>({ ok: false, message: "invalid" }, 400);
  let result: ClassAccountsResult | null;
  switch (intentOf(form)) {
    case "reset":
    case "link-code": {
      const fields = validateFields(form, StudentActionSchema);
      if (!fields.ok) return invalid();
      result =
        intentOf(form) === "reset"
          ? await resetStudentPassword({ ...base, studentId: fields.data.studentId, newLinkCode: fields.data.newLinkCode === "1" })
          : await renewLinkCode({ ...base, studentId: fields.data.studentId });
      break;
    }
    case "revoke": {
      const fields = validateFields(form, RevokeLinkSchema);
      if (!fields.ok) return invalid();
      result = await revokeGuardianLink({ ...base, linkId: fields.data.linkId });
      break;
    }
    default:
      return invalid();
  }
  if (!result) throw notFound();
  return data<ClassAccountsResult>(result);
}

export default function ClassAccountsPage() {
  const { accounts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() ?? null;
  return <ClassAccountsView accounts={accounts as unknown as ClassAccounts} result={result} />;
}
