// /admin/org: the county's townships, schools and classes, and adding them
// one at a time. ADMIN and ORGANISER of a county, within their county only
// (a unit elsewhere answers 404); everyone else 404; anonymous: login.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { OrgTreeViewPage } from "~/components/people/org-tree-view.tsx";
import { AddClassSchema, AddSchoolSchema, AddTownshipSchema } from "~/domain/people/forms.ts";
import { pageTitle, t, type MessageKey } from "~/i18n/index.ts";
import { getClientIp, getLocale, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { COUNTY_STAFF_ROLES } from "~/server/people/access.server.ts";
import { intentOf, validateFields } from "~/server/people/forms.server.ts";
import { addClass, addSchool, addTownship, getOrgTree, type AddUnitResult } from "~/server/people/org.server.ts";
import type { OrgActionResult } from "~/view-models/people.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "org.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, COUNTY_STAFF_ROLES);
  const tree = await getOrgTree(user.id);
  if (tree.counties.length === 0) throw notFound();
  return { tree };
}

async function add(form: FormData, base: { userId: string; ip: string | null }): Promise<AddUnitResult | { ok: false; error: "invalid"; key: MessageKey }> {
  const invalid = (fieldErrors: Partial<Record<string, MessageKey>>) => ({ ok: false as const, error: "invalid" as const, key: Object.values(fieldErrors)[0] ?? ("form.invalid" as MessageKey) });
  switch (intentOf(form)) {
    case "add-township": {
      const f = validateFields(form, AddTownshipSchema);
      return f.ok ? addTownship({ ...base, ...f.data }) : invalid(f.fieldErrors);
    }
    case "add-school": {
      const f = validateFields(form, AddSchoolSchema);
      return f.ok ? addSchool({ ...base, ...f.data }) : invalid(f.fieldErrors);
    }
    case "add-class": {
      const f = validateFields(form, AddClassSchema);
      return f.ok ? addClass({ ...base, ...f.data }) : invalid(f.fieldErrors);
    }
    default:
      return invalid({});
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, COUNTY_STAFF_ROLES);
  const form = await parseForm(request);
  const locale = await getLocale(request);
  const result = await add(form, { userId: user.id, ip: getClientIp(context) });
  const reply = (ok: boolean, message: string, status = 200) => data<OrgActionResult>({ ok, message }, status);
  if (result.ok) return reply(true, t(locale, "org.added", { name: result.name }));
  switch (result.error) {
    case "not_found":
      throw notFound();
    case "invalid":
      return reply(false, t(locale, result.key), 400);
    case "duplicate":
      return reply(false, t(locale, "org.error.duplicate", { name: result.name }), 409);
    case "name":
      return reply(false, t(locale, `org.error.name.${result.field}.${result.problem}` as MessageKey), 400);
  }
}

export default function AdminOrgPage() {
  const { tree } = useLoaderData<typeof loader>();
  return <OrgTreeViewPage tree={tree} result={useActionData<typeof action>() ?? null} />;
}
