// /entries/:entryId: one entry, for the child, a linked guardian or the class
// teacher (anyone else: 404). 第1步 details, 第2步 files (resumable uploads
// with live status), 第3步 submit. Every change is a POST with the CSRF token;
// the server functions (app/server/entries/) re-check access, status and the
// submission window each time.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useMemo, type ReactNode } from "react";
import { z } from "zod";
import { Card, LinkButton, PageHeader, StatusBadge } from "~/components/index.ts";
import { EntryDetailsForm, type DetailValues } from "~/components/entry/entry-details-form.tsx";
import { EntryFiles } from "~/components/entry/entry-files.tsx";
import { ENTRY_STATUS_TONE } from "~/components/entry/entry-status.ts";
import { SubmitPanel } from "~/components/entry/submit-panel.tsx";
import { useDetailsDraft } from "~/components/entry/use-details-draft.ts";
import { liveAssetStatuses, useEntryUploads } from "~/components/entry/use-entry-uploads.ts";
import { submitBlocker } from "~/domain/entry-rules.ts";
import { formatMonthDay, pageTitle, t, useT, type Locale, type MessageKey, type MessageParams } from "~/i18n/index.ts";
import { getLocale, hasRole, notFound, requireUser } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import {
  deleteEntryFile,
  reopenEntry,
  restoreEntry,
  saveEntryDetails,
  submitEntry,
  withdrawEntry,
  type DetailsFieldErrors,
  type EntryChangeError,
  type RawEntryDetails,
} from "~/server/entries/entry-commands.server.ts";
import { isEntityId, mayActOnEntry } from "~/server/entries/entry-access.server.ts";
import { getEntryPage } from "~/server/entries/entry-queries.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "entryNew.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await getEntryPage({ entryId: params.entryId ?? "", viewerId: user.id, locale: await getLocale(request) });
  if (!page) throw notFound();
  return page;
}

/** A form this page sends is a few kilobytes; refuse a flood before reading it. */
const MAX_FORM_BYTES = 256 * 1024;
const Intent = z.enum(["save", "submit", "reopen", "withdraw", "restore", "delete-file"]);
type Intent = z.infer<typeof Intent>;

type ActionData = { intent: Intent | null; ok: boolean; message: string; fieldErrors?: Partial<Record<keyof RawEntryDetails, string>>; values?: RawEntryDetails };

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const entryId = params.entryId ?? "";
  // Someone else's entry (or none) is a 404 before anything of the request is read.
  if (!(await mayActOnEntry({ entryId, actorId: user.id }))) throw notFound();
  const locale = await getLocale(request);
  const reply = (intent: Intent | null, ok: boolean, key: MessageKey, params?: MessageParams, status = 200, extra: Partial<ActionData> = {}) =>
    data<ActionData>({ intent, ok, message: t(locale, key, params), ...extra }, status);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_FORM_BYTES) return reply(null, false, "entry.error.tooLarge", undefined, 413);
  const form = await parseForm(request);
  const intent = Intent.safeParse(form.get("intent"));
  if (!intent.success) return reply(null, false, "entry.error.invalid", undefined, 400);
  const field = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const raw: RawEntryDetails = { title: field("title"), description: field("description"), bodyText: field("bodyText") };
  const refused = (error: EntryChangeError | "not_withdrawable" | "not_withdrawn") => {
    if (error === "not_found") throw notFound();
    return reply(intent.data, false, `entry.error.${error}`, undefined, 409, { values: raw });
  };
  const invalid = (errors: DetailsFieldErrors) =>
    reply(intent.data, false, "entryPage.fixFields", undefined, 400, { fieldErrors: translateFieldErrors(locale, errors), values: raw });

  switch (intent.data) {
    case "save": {
      const result = await saveEntryDetails({ entryId, actorId: user.id, raw });
      if (result.ok) return reply("save", true, "entryPage.saved");
      return "fieldErrors" in result ? invalid(result.fieldErrors) : refused(result.error);
    }
    case "submit": {
      const result = await submitEntry({ entryId, actorId: user.id, raw });
      // The child is told the teachers will see it; a parent or the teacher who sent it for the child, the school.
      if (result.ok) return reply("submit", true, hasRole(user, ["STUDENT"]) ? "entryPage.submitted" : "entryPage.submittedForChild");
      if ("fieldErrors" in result) return invalid(result.fieldErrors);
      if ("blocker" in result) return reply("submit", false, "entryPage.savedButBlocked", { reason: t(locale, `entry.submit.blocked.${result.blocker}`) }, 409);
      return refused(result.error);
    }
    case "withdraw":
    case "restore": {
      const result = await (intent.data === "withdraw" ? withdrawEntry : restoreEntry)({ entryId, actorId: user.id });
      return result.ok ? reply(intent.data, true, intent.data === "withdraw" ? "entryPage.withdrawn" : "entryPage.restored") : refused(result.error);
    }
    case "reopen": {
      const result = await reopenEntry({ entryId, actorId: user.id });
      return result.ok ? reply("reopen", true, "entryPage.reopened") : refused(result.error);
    }
    case "delete-file": {
      const assetId = field("assetId");
      // No file named is a broken form (400), not a file of someone else's (404).
      if (!isEntityId(assetId)) return reply("delete-file", false, "entry.error.invalid", undefined, 400);
      const result = await deleteEntryFile({ entryId, assetId, actorId: user.id });
      if (!result.ok) return refused(result.error);
      return reply("delete-file", true, "entryPage.file.deleted", { name: result.name ?? t(locale, "entryPage.file.unnamed") });
    }
  }
}

function translateFieldErrors(locale: Locale, errors: DetailsFieldErrors): Partial<Record<keyof RawEntryDetails, string>> {
  return Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, t(locale, e.key, e.params)]));
}

export default function EntryPage() {
  const page = useLoaderData<typeof loader>();
  // A fresh view (and upload state) per entry, also when one entry's page links to another's.
  return <EntryView key={page.entry.id} page={page} />;
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

function EntryView({ page }: { page: Page }) {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const { entry, category, contest, editable } = page;
  const uploads = useEntryUploads({ entryId: entry.id, files: page.files, upload: page.upload, category });
  const saved = useMemo<DetailValues>(
    () => ({ title: entry.title, description: entry.description, bodyText: entry.bodyText ?? "" }),
    [entry.title, entry.description, entry.bodyText],
  );
  // After a refusal without JavaScript, the fields show what was sent, not what is saved.
  const draft = useDetailsDraft(entry.id, saved, actionData?.values ?? saved);
  const live = draft.live;
  const blocker = submitBlocker({ title: live.title, bodyText: live.bodyText, category, assets: liveAssetStatuses(uploads.snapshot) });
  const hasMedia = category.acceptedMediaKinds.length > 0;
  const noticeFor = (...intents: (Intent | null)[]) => (actionData && intents.includes(actionData.intent) ? actionData : null);
  return (
    <div className="space-y-5">
      <PageHeader title={t("entryPage.title", { category: category.name })} subtitle={contest.title}>
        <div className="flex flex-wrap items-center gap-2 pt-1">
          <StatusBadge tone={ENTRY_STATUS_TONE[entry.status]}>{t(`entry.status.${entry.status}`)}</StatusBadge>
          <StatusBadge tone="warning">{t("contest.deadline", { date: formatMonthDay(t.locale, contest.submissionClosesAt) })}</StatusBadge>
        </div>
        {page.student.isSelf ? null : <p className="text-lg">{t("entryPage.author", { name: page.student.displayName })}</p>}
      </PageHeader>
      {contest.open ? null : <Notice ok={false}>{t("entryPage.closed")}</Notice>}
      <Step title={t("entryPage.step.details")}>
        {draft.restored && editable ? <Notice ok>{t("entryPage.draftRestored")}</Notice> : null}
        <EntryDetailsForm
          category={category}
          initial={saved}
          live={live}
          onChange={draft.edit}
          fieldErrors={actionData?.fieldErrors ?? {}}
          editable={editable}
        />
        <ActionNotice data={noticeFor("save", null)} />
      </Step>
      {hasMedia ? (
        <Step title={t("entryPage.step.files")}>
          <EntryFiles category={category} {...uploads} editable={editable} notice={noticeFor("delete-file")} />
        </Step>
      ) : null}
      {editable || entry.status === "SUBMITTED" ? (
        <Step title={t("entryPage.step.submit", { n: hasMedia ? 3 : 2 })}>
          <ActionNotice data={noticeFor("submit", "reopen", "withdraw", "restore")} />
          <SubmitPanel
            status={entry.status}
            submittedAt={entry.submittedAt}
            editable={editable}
            reopenable={page.reopenable}
            withdrawable={page.withdrawable}
            restorable={page.restorable}
            disqualifiedReason={entry.disqualifiedReason}
            blocker={blocker}
          />
        </Step>
      ) : null}
      <LinkButton to="/home" variant="secondary" block>
        {t("nav.back")}
      </LinkButton>
    </div>
  );
}

function Step({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card className="space-y-4">
      <h2 className="text-xl font-bold">{title}</h2>
      {children}
    </Card>
  );
}

function Notice({ ok, children }: { ok: boolean; children: ReactNode }) {
  return (
    <p
      role={ok ? "status" : "alert"}
      className={`rounded-xl px-4 py-3 text-lg font-semibold ring-1 ${ok ? "bg-green-50 text-green-900 ring-green-300" : "bg-brand-50 text-brand-900 ring-brand-100"}`}
    >
      {children}
    </p>
  );
}

function ActionNotice({ data }: { data: { ok: boolean; message: string } | null }) {
  return data ? <Notice ok={data.ok}>{data.message}</Notice> : null;
}
