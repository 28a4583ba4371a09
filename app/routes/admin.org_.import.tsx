// /admin/org/import: townships, schools and classes from a sheet, checked,
// then created in one transaction. ADMIN and ORGANISER, into their own
// county only (another county's id answers 404); everyone else 404.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { OrgImportView } from "~/components/people/org-import-view.tsx";
import { IntakeCommitSchema } from "~/domain/people/forms.ts";
import { pageTitle } from "~/i18n/index.ts";
import { getClientIp, notFound, requireRole } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { COUNTY_STAFF_ROLES, getCountyScopes } from "~/server/people/access.server.ts";
import { intentOf, readListSource, validateFields } from "~/server/people/forms.server.ts";
import { commitOrgImport, previewOrgImport } from "~/server/people/org-import.server.ts";
import type { OrgImportResult } from "~/view-models/people.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "orgImport.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, COUNTY_STAFF_ROLES);
  const counties = (await getCountyScopes(user.id)).map((s) => ({ id: s.unit.id, name: s.unit.name }));
  if (counties.length === 0) throw notFound();
  return { counties };
}

const CountyField = z.object({ countyId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, COUNTY_STAFF_ROLES);
  const form = await parseForm(request);
  const county = validateFields(form, CountyField);
  if (!county.ok) return data<OrgImportResult>({ step: "problem", problem: { kind: "no_input" }, text: "" }, 400);
  const base = { userId: user.id, countyId: county.data.countyId };
  let result: OrgImportResult | null;
  if (intentOf(form) === "commit") {
    const fields = validateFields(form, IntakeCommitSchema);
    if (!fields.ok) return data<OrgImportResult>({ step: "problem", problem: { kind: "stale" }, text: String(form.get("text") ?? "") }, 400);
    result = await commitOrgImport({ ...base, ...fields.data, ip: getClientIp(context) });
  } else {
    result = await previewOrgImport({ ...base, source: await readListSource(form) });
  }
  if (!result) throw notFound();
  const status = result.step === "problem" ? (result.problem.kind === "stale" ? 409 : 400) : 200;
  return data<OrgImportResult>(result, status);
}

export default function AdminOrgImportPage() {
  const { counties } = useLoaderData<typeof loader>();
  return <OrgImportView counties={counties} result={useActionData<typeof action>() ?? null} />;
}
