// The last step: what is still missing (live, as files finish processing), the
// one primary button, and once submitted, the way back to a draft before the
// deadline.
import { Form, useNavigation } from "@remix-run/react";
import { Button, CsrfInput } from "~/components/index.ts";
import type { SubmitBlocker } from "~/domain/entry-rules.ts";
import type { EntryStatus } from "~/generated/prisma/enums.ts";
import { formatDate, useT } from "~/i18n/index.ts";
import { ENTRY_FORM_ID } from "./entry-details-form.tsx";

export function SubmitPanel(props: { status: EntryStatus; submittedAt: Date | null; editable: boolean; reopenable: boolean; blocker: SubmitBlocker | null }) {
  const { status, submittedAt, editable, reopenable, blocker } = props;
  const t = useT();
  const navigation = useNavigation();
  const intent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  if (editable) {
    return (
      <div className="space-y-3">
        <p
          role="status"
          className={`rounded-xl px-4 py-3 text-lg ${blocker ? "bg-amber-50 text-amber-950 ring-1 ring-amber-300" : "bg-green-50 text-green-900 ring-1 ring-green-300"}`}
        >
          {blocker ? t(`entry.submit.blocked.${blocker}`) : t("entryPage.readyToSubmit")}
        </p>
        {/* Sends the details form above (form attribute), so what was typed is saved with the submission. */}
        <Button form={ENTRY_FORM_ID} name="intent" value="submit" block className="min-h-14 text-xl" disabled={blocker !== null || intent != null}>
          {intent === "submit" ? t("entryPage.submitting") : t("entryPage.submit")}
        </Button>
      </div>
    );
  }
  if (status !== "SUBMITTED") return null;
  return (
    <div className="space-y-3">
      <p className="rounded-xl bg-green-50 px-4 py-3 text-lg font-semibold text-green-900 ring-1 ring-green-300">
        {submittedAt ? t("entryPage.submittedAt", { date: formatDate(t.locale, submittedAt) }) : t("entry.status.SUBMITTED")}
      </p>
      {reopenable ? (
        <Form method="post" replace preventScrollReset className="space-y-2">
          <CsrfInput />
          <p className="text-base text-slate-700">{t("entryPage.reopenHint")}</p>
          <Button variant="secondary" name="intent" value="reopen" block disabled={intent != null}>
            {intent === "reopen" ? t("entryPage.reopening") : t("entryPage.reopen")}
          </Button>
        </Form>
      ) : null}
    </div>
  );
}
