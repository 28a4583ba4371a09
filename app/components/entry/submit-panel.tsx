// The last step: what is still missing (live, as files finish processing), the
// one primary button, and once submitted, the way back to a draft before the
// deadline.
import { Form, useNavigation } from "@remix-run/react";
import { Button, CsrfInput } from "~/components/index.ts";
import type { SubmitBlocker } from "~/domain/entry-rules.ts";
import type { EntryStatus } from "~/generated/prisma/enums.ts";
import { formatDate, useT } from "~/i18n/index.ts";
import { ENTRY_FORM_ID } from "./entry-details-form.tsx";

export function SubmitPanel(props: {
  status: EntryStatus;
  submittedAt: Date | null;
  editable: boolean;
  reopenable: boolean;
  withdrawable: boolean;
  restorable: boolean;
  disqualifiedReason: string | null;
  blocker: SubmitBlocker | null;
}) {
  const { status, submittedAt, editable, reopenable, withdrawable, restorable, disqualifiedReason, blocker } = props;
  const t = useT();
  const navigation = useNavigation();
  const intent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const withdraw = withdrawable ? <WithdrawForm busy={intent != null} submitting={intent === "withdraw"} /> : null;
  if (status === "WITHDRAWN") {
    return (
      <div className="space-y-3">
        <p className="rounded-xl bg-slate-100 px-4 py-3 text-lg text-slate-900 ring-1 ring-slate-300">
          {t(restorable ? "entryPage.withdrawnNote" : "entryPage.withdrawnClosed")}
        </p>
        {restorable ? (
          <Form method="post" replace preventScrollReset>
            <CsrfInput />
            <Button variant="secondary" name="intent" value="restore" block disabled={intent != null}>
              {intent === "restore" ? t("entryPage.restoring") : t("entryPage.restore")}
            </Button>
          </Form>
        ) : null}
      </div>
    );
  }
  if (status === "DISQUALIFIED") {
    return (
      <div className="space-y-1 rounded-xl bg-red-50 px-4 py-3 text-lg text-red-900 ring-1 ring-red-300">
        <p className="font-semibold">{t("entryPage.disqualifiedNote")}</p>
        {disqualifiedReason ? <p>{t("entryPage.disqualifiedReason", { reason: disqualifiedReason })}</p> : null}
      </div>
    );
  }
  if (status === "NOMINATED") {
    return <p className="rounded-xl bg-green-50 px-4 py-3 text-lg font-semibold text-green-900 ring-1 ring-green-300">{t("entryPage.nominatedNote")}</p>;
  }
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
        {withdraw}
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
      {withdraw}
    </div>
  );
}

/** Tucked away behind a summary: taking an entry out of the contest is rare and should not be a tap away. */
function WithdrawForm({ busy, submitting }: { busy: boolean; submitting: boolean }) {
  const t = useT();
  return (
    <details className="rounded-xl bg-slate-50 px-4 py-2">
      <summary className="min-h-11 cursor-pointer content-center text-base text-slate-700 underline underline-offset-4">{t("entryPage.withdraw.open")}</summary>
      <Form method="post" replace preventScrollReset className="space-y-2 pb-2">
        <CsrfInput />
        <p className="text-base text-slate-700">{t("entryPage.withdraw.hint")}</p>
        <Button variant="danger" name="intent" value="withdraw" disabled={busy}>
          {submitting ? t("entryPage.withdraw.submitting") : t("entryPage.withdraw.submit")}
        </Button>
      </Form>
    </details>
  );
}
