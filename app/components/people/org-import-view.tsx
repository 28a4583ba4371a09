// Importing schools and classes from a sheet (/admin/org/import): 第1步 paste
// or choose the file (columns 乡镇, 学校, 学校简称, 年级, 班级), 第2步 check
// (line errors, what would be created; nothing saved), 第3步 import. UI only.
import { Form, useNavigation } from "@remix-run/react";
import { Button, Card, CsrfInput, LinkButton, PageHeader } from "~/components/index.ts";
import { useT, type MessageKey } from "~/i18n/index.ts";
import type { OrgImportPreview, OrgImportResult } from "~/view-models/people.ts";
import { listProblemMessage, orgLineMessage } from "./messages.ts";
import { Banner, Expandable, FileField, LineProblems, SelectField, StepHeading, TextAreaField } from "./ui.tsx";

const ACCEPT = ".xlsx,.csv,.txt,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export function OrgImportView({ counties, result }: { counties: { id: string; name: string }[]; result: OrgImportResult | null }) {
  const t = useT();
  const preview = result?.step === "preview" ? result.preview : null;
  const text = preview ? preview.text : result?.step === "problem" ? result.text : "";
  const busy = useNavigation().state === "submitting";
  return (
    <div>
      <PageHeader title={t("orgImport.title")} subtitle={counties.map((c) => c.name).join(" · ")} />
      {result?.step === "committed" ? (
        <Banner tone="success" title={t("orgImport.committed")}>
          {t("orgImport.committedSummary", { townships: result.townships, schools: result.schools, classes: result.classes, shortNames: result.shortNames })}
        </Banner>
      ) : null}
      <StepHeading number={1} label={t("orgImport.step1")} />
      <Card>
        <Form method="post" encType="multipart/form-data" className="space-y-4" key={text}>
          <CsrfInput />
          <input type="hidden" name="intent" value="preview" />
          {counties.length > 1 ? (
            <SelectField label={t("orgImport.county")} name="countyId" defaultValue={preview?.countyId}>
              {counties.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </SelectField>
          ) : (
            <input type="hidden" name="countyId" value={counties[0]?.id ?? ""} />
          )}
          <p className="text-lg">{t("orgImport.columns")}</p>
          <TextAreaField
            label={t("orgImport.pasteLabel")}
            name="text"
            rows={8}
            defaultValue={text}
            spellCheck={false}
            placeholder={t("orgImport.placeholder")}
            wrap="off"
            className="overflow-x-auto whitespace-pre [tab-size:6]"
          />
          <FileField label={t("intake.fileLabel")} name="file" accept={ACCEPT} />
          <Button block variant={result ? "secondary" : "primary"} disabled={busy}>
            {t(result && result.step !== "committed" ? "intake.checkAgain" : "intake.check")}
          </Button>
        </Form>
      </Card>
      <StepHeading number={2} label={t("orgImport.step2")} active={result !== null && result.step !== "committed"} />
      {result?.step === "problem" ? <Banner tone="danger" title={t("intake.problemTitle")}>{listProblemMessage(t, result.problem)}</Banner> : null}
      {preview ? <Preview preview={preview} /> : null}
      <StepHeading number={3} label={t("orgImport.step3")} active={preview !== null && preview.errors.length === 0} />
      {preview && preview.errors.length === 0 ? <Commit preview={preview} /> : <p className="text-lg text-slate-700">{t("intake.step3Hint")}</p>}
      <div className="mt-8">
        <LinkButton to="/admin/org" variant="secondary" block>
          {t("orgImport.back")}
        </LinkButton>
      </div>
    </div>
  );
}

function Preview({ preview }: { preview: OrgImportPreview }) {
  const t = useT();
  const errors = preview.errors.map((e, i) => ({
    key: `${e.line}-${i}`,
    line: t("intake.line", { line: e.line }),
    field: t(`orgImport.field.${e.field}` as MessageKey),
    message: orgLineMessage(t, e),
  }));
  return (
    <div className="space-y-3">
      {errors.length > 0 ? (
        <Banner tone="warning" title={t("intake.errorsTitle", { count: errors.length })}>
          <p>{t("intake.errorsHint")}</p>
          <LineProblems items={errors} />
        </Banner>
      ) : (
        <Banner tone="success" title={t("intake.cleanTitle")}>
          {t("orgImport.summary", { townships: preview.townships.length, schools: preview.schools.length, classes: preview.classes.length, unchanged: preview.unchanged })}
        </Banner>
      )}
      {preview.townships.length > 0 ? (
        <Expandable summary={t("orgImport.plan.townships", { count: preview.townships.length })}>
          <p className="text-lg">{preview.townships.map((x) => x.name).join("、")}</p>
        </Expandable>
      ) : null}
      {preview.schools.length > 0 ? (
        <Expandable summary={t("orgImport.plan.schools", { count: preview.schools.length })}>
          <ul className="text-lg">
            {preview.schools.map((s) => (
              <li key={s.line}>
                {s.township} · {s.name}
                {s.shortName ? `（${s.shortName}）` : ""}
              </li>
            ))}
          </ul>
        </Expandable>
      ) : null}
      {preview.classes.length > 0 ? (
        <Expandable summary={t("orgImport.plan.classes", { count: preview.classes.length })}>
          <ul className="text-lg">
            {preview.classes.map((c) => (
              <li key={c.line}>
                {c.school} {c.className}
              </li>
            ))}
          </ul>
        </Expandable>
      ) : null}
      {preview.shortNames.length > 0 ? (
        <Expandable summary={t("orgImport.plan.shortNames", { count: preview.shortNames.length })}>
          <ul className="text-lg">
            {preview.shortNames.map((s) => (
              <li key={s.line}>
                {s.name} → {s.shortName}
              </li>
            ))}
          </ul>
        </Expandable>
      ) : null}
    </div>
  );
}

function Commit({ preview }: { preview: OrgImportPreview }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const total = preview.townships.length + preview.schools.length + preview.classes.length + preview.shortNames.length;
  if (total === 0) return <Banner tone="info">{t("intake.nothingToDo")}</Banner>;
  return (
    <Form method="post" className="space-y-3">
      <CsrfInput />
      <input type="hidden" name="intent" value="commit" />
      <input type="hidden" name="countyId" value={preview.countyId} />
      <input type="hidden" name="text" value={preview.text} />
      <input type="hidden" name="token" value={preview.token} />
      <Button block disabled={busy}>
        {t("orgImport.commit", { count: total })}
      </Button>
    </Form>
  );
}
