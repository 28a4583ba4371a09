// The class intake page (/classes/:classId/intake): 第1步 paste or choose a
// file, 第2步 check (errors per line, the plan; nothing saved), 第3步 commit.
// The list stays in the text box after a check so the teacher fixes it
// there; editing it after a clean check hides the commit button until the
// list is checked again (the server would refuse it as stale anyway).
import { Form, Link, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Button, Card, CsrfInput, LinkButton, PageHeader } from "~/components/index.ts";
import { useT, type MessageKey } from "~/i18n/index.ts";
import type { IntakeActionResult, IntakeClass, IntakePreview } from "~/view-models/people.ts";
import { intakeLineMessage, intakeNoticeMessage, listProblemMessage } from "./messages.ts";
import { Banner, Expandable, FileField, LineProblems, StepHeading, TextAreaField } from "./ui.tsx";

const ACCEPT = ".xlsx,.csv,.txt,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function IntakeView({ cls, result }: { cls: IntakeClass; result: IntakeActionResult | null }) {
  const t = useT();
  const text = result?.step === "preview" ? result.preview.text : result?.step === "problem" ? result.text : "";
  const [draft, setDraft] = useState<{ base: string; value: string }>({ base: text, value: text });
  // A new answer from the server replaces what is in the box (the file's contents, or the list as checked).
  const value = draft.base === text ? draft.value : text;
  const preview = result?.step === "preview" ? result.preview : null;
  const editedSincePreview = preview !== null && value !== preview.text;
  return (
    <div>
      <PageHeader title={t("intake.title")} subtitle={t("intake.subtitle", { school: cls.schoolName, class: cls.className, count: cls.students })} />
      {result?.step === "committed" ? <Committed cls={cls} result={result} /> : null}
      <StepHeading number={1} label={t("intake.step1")} />
      <Card>
        <Form method="post" encType="multipart/form-data" className="space-y-4" preventScrollReset>
          <CsrfInput />
          <input type="hidden" name="intent" value="preview" />
          <p className="text-lg">{t("intake.columns", { max: cls.maxChildren })}</p>
          <TextAreaField
            label={t("intake.pasteLabel")}
            hint={t("intake.pasteHint")}
            name="text"
            rows={8}
            value={value}
            onChange={(e) => setDraft({ base: text, value: e.target.value })}
            placeholder={t("intake.pastePlaceholder")}
            spellCheck={false}
            // One line of the list per line of the box, so "第 5 行" is the fifth line here too.
            wrap="off"
            className="overflow-x-auto whitespace-pre [tab-size:6]"
          />
          {/* A new key empties the picker once its file has become the text above, so a corrected text is what the next check reads. */}
          <FileField key={text} label={t("intake.fileLabel")} hint={t("intake.fileHint", { maxMb: cls.maxFileMb })} name="file" accept={ACCEPT} />
          <CheckButton again={result !== null && result.step !== "committed"} primary={result === null} />
        </Form>
      </Card>
      <StepHeading number={2} label={t("intake.step2")} active={result !== null && result.step !== "committed"} />
      {result?.step === "problem" ? <Banner tone="danger" title={t("intake.problemTitle")}>{listProblemMessage(t, result.problem)}</Banner> : null}
      {preview ? <PreviewResult preview={preview} /> : null}
      {result === null || result.step === "committed" ? <p className="text-lg text-slate-700">{t("intake.step2Hint")}</p> : null}
      <StepHeading number={3} label={t("intake.step3")} active={preview !== null && preview.errors.length === 0} />
      {preview && preview.errors.length === 0 ? (
        editedSincePreview ? (
          <Banner tone="warning">{t("intake.editedSincePreview")}</Banner>
        ) : (
          <CommitForm preview={preview} />
        )
      ) : (
        <p className="text-lg text-slate-700">{t("intake.step3Hint")}</p>
      )}
      <div className="mt-8">
        <LinkButton to={`/classes/${cls.classId}/accounts`} variant="secondary" block>
          {t("intake.toAccounts")}
        </LinkButton>
      </div>
    </div>
  );
}

function CheckButton({ again, primary }: { again: boolean; primary: boolean }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "preview";
  return (
    <Button block variant={primary ? "primary" : "secondary"} disabled={busy}>
      {busy ? t("intake.checking") : again ? t("intake.checkAgain") : t("intake.check")}
    </Button>
  );
}

function PreviewResult({ preview }: { preview: IntakePreview }) {
  const t = useT();
  const errors = preview.errors.map((e, i) => ({
    key: `${e.line}-${e.field}-${i}`,
    line: t("intake.line", { line: e.line }),
    field: t(`intake.field.${e.field}` as MessageKey),
    message: intakeLineMessage(t, e),
  }));
  return (
    <div className="space-y-4">
      {errors.length > 0 ? (
        <Banner tone="warning" title={t("intake.errorsTitle", { count: errors.length })}>
          <p>{t("intake.errorsHint")}</p>
          <LineProblems items={errors} />
        </Banner>
      ) : (
        <Banner tone="success" title={t("intake.cleanTitle")}>
          {t("intake.planSummary", { create: preview.create.length, update: preview.update.length, unchanged: preview.unchanged.length })}
        </Banner>
      )}
      {preview.notices.length > 0 ? (
        <ul className="space-y-1 text-base text-slate-800">
          {preview.notices.map((n, i) => (
            <li key={i}>
              {n.line > 0 ? `${t("intake.line", { line: n.line })} · ` : ""}
              {intakeNoticeMessage(t, n)}
            </li>
          ))}
        </ul>
      ) : null}
      <Plan preview={preview} />
    </div>
  );
}

function Plan({ preview }: { preview: IntakePreview }) {
  const t = useT();
  return (
    <div className="space-y-2">
      {preview.create.length > 0 ? (
        <Expandable summary={t("intake.plan.create", { count: preview.create.length })}>
          <p className="text-lg leading-loose">{preview.create.map((c) => c.name).join("、")}</p>
        </Expandable>
      ) : null}
      {preview.update.length > 0 ? (
        <Expandable summary={t("intake.plan.update", { count: preview.update.length })}>
          <ul className="space-y-1 text-lg">
            {preview.update.map((u) => (
              <li key={u.line}>
                {u.previousName !== u.name ? t("intake.plan.renamed", { from: u.previousName, to: u.name }) : u.name}
                {" · "}
                {u.changed.map((f) => t(`intake.field.${f}` as MessageKey)).join("、")}
              </li>
            ))}
          </ul>
        </Expandable>
      ) : null}
      {preview.unchanged.length > 0 ? (
        <Expandable summary={t("intake.plan.unchanged", { count: preview.unchanged.length })}>
          <p className="text-lg leading-loose">{preview.unchanged.map((c) => c.name).join("、")}</p>
        </Expandable>
      ) : null}
    </div>
  );
}

function CommitForm({ preview }: { preview: IntakePreview }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "commit";
  const nothing = preview.create.length === 0 && preview.update.length === 0;
  if (nothing) return <Banner tone="info">{t("intake.nothingToDo")}</Banner>;
  return (
    <Form method="post" className="space-y-3">
      <CsrfInput />
      <input type="hidden" name="intent" value="commit" />
      <input type="hidden" name="text" value={preview.text} />
      <input type="hidden" name="token" value={preview.token} />
      <p className="text-lg">{t("intake.commitHint")}</p>
      <Button block disabled={busy}>
        {busy ? t("intake.committing") : t("intake.commit", { create: preview.create.length, update: preview.update.length })}
      </Button>
    </Form>
  );
}

function Committed({ cls, result }: { cls: IntakeClass; result: Extract<IntakeActionResult, { step: "committed" }> }) {
  const t = useT();
  return (
    <Banner tone="success" title={t("intake.committedTitle")}>
      <p>{t("intake.committedSummary", { created: result.created, updated: result.updated, unchanged: result.unchanged })}</p>
      <p>{t("intake.slipsHint")}</p>
      <a href={`/classes/${cls.classId}/slips.pdf`} download className="inline-flex min-h-11 w-full items-center justify-center rounded-xl bg-brand-700 px-5 py-2 text-lg font-semibold text-white hover:bg-brand-800">
        {t("slips.downloadClass")}
      </a>
      <Link to={`/classes/${cls.classId}/accounts`} className="inline-block min-h-11 py-2 text-lg font-semibold underline underline-offset-4">
        {t("intake.toAccounts")}
      </Link>
    </Banner>
  );
}
