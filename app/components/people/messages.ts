// Codes from the people pages' server modules, in words. Components call
// these with the page's translate function; nothing here knows a locale.
import type { Translate } from "~/i18n/index.ts";
import type { MessageKey } from "~/i18n/zh-CN.ts";
import type { IntakeLineProblem, IntakeNoticeView, LinkCodeProblem, ListProblem, OrgImportLineProblem, Params } from "~/view-models/people.ts";

const key = (k: string) => k as MessageKey;

/** Numbers in a sheet refusal as a reader wants them (kilobytes, the "detected" kind in words). */
function sheetParams(t: Translate, params: Params): Params {
  const out: Params = { ...params };
  if (typeof params.detected === "string") out.detected = t(key(`sheet.detected.${params.detected}`));
  if (typeof params.maxBytes === "number") out.maxKb = Math.ceil(params.maxBytes / 1024);
  if (typeof params.size === "number") out.sizeKb = Math.ceil(params.size / 1024);
  return out;
}

export function listProblemMessage(t: Translate, problem: ListProblem): string {
  switch (problem.kind) {
    case "sheet":
      return t(key(`sheet.error.${problem.code}`), sheetParams(t, problem.params));
    case "list":
      return t(key(`intake.listError.${problem.code}`), problem.params);
    case "org":
      return t(key(`orgImport.fileError.${problem.code}`), problem.params);
    case "stale":
      return t("intake.error.stale");
    case "has_errors":
      return t("intake.error.hasErrors");
    case "no_input":
      return t("intake.error.noInput");
    case "no_grade":
      return t("intake.error.noGrade");
  }
}

export function intakeLineMessage(t: Translate, e: IntakeLineProblem): string {
  return t(key(`intake.lineError.${e.code}`), e.params);
}

export function intakeNoticeMessage(t: Translate, n: IntakeNoticeView): string {
  return t(key(`intake.notice.${n.code}`), n.params);
}

export function orgLineMessage(t: Translate, e: OrgImportLineProblem): string {
  return t(key(`orgImport.lineError.${e.code}`), e.params);
}

export function linkCodeProblemMessage(t: Translate, problem: LinkCodeProblem, params: Params = {}): string {
  return t(key(`guardian.error.${problem}`), params);
}

/** "kx7m4pwe" → "kx7m 4pwe": read aloud in groups, as printed on the slip. */
export function groupedPassword(password: string): string {
  return password.replace(/(.{4})(?=.)/g, "$1 ");
}
