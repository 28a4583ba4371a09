// /admin/people: a county's staff: appoint coordinators (to a school),
// teachers (to a class) and judges (to the county) by phone, reset a
// password, disable or enable an account, remove a role. ADMIN and
// ORGANISER, within their county only (a person or unit elsewhere answers
// 404); everyone else 404; anonymous: login.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PeopleViewPage } from "~/components/people/people-view.tsx";
import { AccountActionSchema, AppointSchema, RemoveRoleSchema } from "~/domain/people/forms.ts";
import { pageTitle, t, type MessageKey } from "~/i18n/index.ts";
import { getClientIp, getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { COUNTY_STAFF_ROLES } from "~/server/people/access.server.ts";
import { appointStaff, getPeopleView, removeStaffRole, resetStaffPassword, setAccountStatus } from "~/server/people/accounts.server.ts";
import { intentOf, validateFields } from "~/server/people/forms.server.ts";
import type { PeopleActionResult } from "~/view-models/people.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "people.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, COUNTY_STAFF_ROLES);
  const search = new URL(request.url).searchParams;
  const view = await getPeopleView({ userId: user.id, countyId: search.get("county"), query: search.get("q") });
  if (!view) throw notFound();
  return { view };
}

async function act(form: FormData, base: { actorId: string; ip: string | null }): Promise<PeopleActionResult | null | { ok: false; key: MessageKey }> {
  const intent = intentOf(form);
  const invalid = (errors: Partial<Record<string, MessageKey>>) => ({ ok: false as const, key: Object.values(errors)[0] ?? ("form.invalid" as MessageKey) });
  if (intent === "appoint") {
    const f = validateFields(form, AppointSchema);
    return f.ok ? appointStaff({ ...base, ...f.data }) : invalid(f.fieldErrors);
  }
  if (intent === "remove-role") {
    const f = validateFields(form, RemoveRoleSchema);
    return f.ok ? removeStaffRole({ ...base, ...f.data }) : invalid(f.fieldErrors);
  }
  const f = validateFields(form, AccountActionSchema);
  if (!f.ok) return invalid(f.fieldErrors);
  if (intent === "reset") return resetStaffPassword({ ...base, userId: f.data.userId });
  if (intent === "disable" || intent === "enable") return setAccountStatus({ ...base, userId: f.data.userId, status: intent === "disable" ? "DISABLED" : "ACTIVE" });
  return invalid({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, COUNTY_STAFF_ROLES);
  const form = await parseForm(request);
  const locale = await getLocale(request);
  const result = await act(form, { actorId: user.id, ip: getClientIp(context) });
  if (!result) throw notFound();
  if (!result.ok) {
    const key = "key" in result ? result.key : (result.message as MessageKey);
    return data<PeopleActionResult>({ ok: false, message: t(locale, key) }, 400);
  }
  return data<PeopleActionResult>(result);
}

export default function AdminPeoplePage() {
  const { view } = useLoaderData<typeof loader>();
  return <PeopleViewPage view={view} result={useActionData<typeof action>() ?? null} />;
}
