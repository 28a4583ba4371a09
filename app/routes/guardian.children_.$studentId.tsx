// /guardian/children/:studentId: a linked guardian gives or withdraws the
// child's public consent, scope by scope, and reads its history. 404 for
// everyone else: other guardians, teachers, staff, and the child's own
// account (a child cannot give consent for themself; /me/consent shows them
// theirs, read only).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ConsentView, type ConsentNotice } from "~/components/people/consent-view.tsx";
import { ConsentChangeSchema } from "~/domain/people/forms.ts";
import { pageTitle, t, type MessageKey } from "~/i18n/index.ts";
import { getClientIp, getLocale, hasRole, notFound, requireUser } from "~/server/auth/auth.server.ts";
import { parseSubmission } from "~/server/auth/csrf.server.ts";
import { changeConsent, getConsentPage, type ConsentChangeResult, isLinkedGuardian } from "~/server/people/consent.server.ts";
import { getGuardianChildren } from "~/server/people/guardians.server.ts";
import type { ConsentPage } from "~/view-models/people.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "consent.page.titleShort");

async function requireGuardian(request: Request) {
  const user = await requireUser(request);
  if (hasRole(user, ["STUDENT"])) throw notFound();
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireGuardian(request);
  const page = await getConsentPage({ viewerId: user.id, studentId: params.studentId ?? "" });
  if (!page || !page.canChange) throw notFound();
  const siblings = (await getGuardianChildren(user.id)).children.map((c) => ({ id: c.id, name: c.name }));
  const search = new URL(request.url).searchParams;
  const notice: ConsentNotice = search.has("welcome") ? "welcome" : search.has("linked") ? "linked" : null;
  return { page, siblings, notice };
}

const MESSAGES: Record<Exclude<ConsentChangeResult, "not_found">, MessageKey> = {
  recorded: "consent.result.recorded",
  unchanged: "consent.result.unchanged",
  text_changed: "consent.result.textChanged",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireGuardian(request);
  // Only the child's own guardians may change it; for anyone else the child is not here, whatever they send.
  if (!(await isLinkedGuardian(user.id, params.studentId ?? ""))) throw notFound();
  const submission = await parseSubmission(request, ConsentChangeSchema);
  const locale = await getLocale(request);
  if (!submission.ok) return data({ ok: false, message: t(locale, "form.invalid") }, 400);
  const result = await changeConsent({
    actorId: user.id,
    studentId: params.studentId ?? "",
    ...submission.data,
    ip: getClientIp(context),
    userAgent: request.headers.get("User-Agent"),
  });
  if (result === "not_found") throw notFound();
  const scope = t(locale, `consent.scopeShort.${submission.data.scope}`);
  const message = t(locale, result === "recorded" && submission.data.action === "WITHDRAWN" ? "consent.result.withdrawn" : MESSAGES[result], { scope });
  return data({ ok: result === "recorded", message }, result === "text_changed" ? 409 : 200);
}

export default function GuardianConsentPage() {
  const { page, siblings, notice } = useLoaderData<typeof loader>();
  return <ConsentView page={page as unknown as ConsentPage} siblings={siblings} notice={notice} result={useActionData<typeof action>() ?? null} />;
}
