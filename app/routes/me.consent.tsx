// /me/consent: a child reads what their guardians decided may be public, and
// its history. Read only: the page has no action (a POST is answered 405),
// and the guardian's page (/guardian/children/:id) answers a child 404.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ConsentView } from "~/components/people/consent-view.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { notFound, requireRole } from "~/server/auth/auth.server.ts";
import { getConsentPage } from "~/server/people/consent.server.ts";
import type { ConsentPage } from "~/view-models/people.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consent.page.titleShort");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["STUDENT"]);
  const page = await getConsentPage({ viewerId: user.id, studentId: user.id });
  if (!page) throw notFound();
  return { page };
}

export default function MyConsentPage() {
  const { page } = useLoaderData<typeof loader>();
  return <ConsentView page={page as unknown as ConsentPage} siblings={[]} notice={null} result={null} />;
}
