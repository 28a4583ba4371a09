// The progress table as a download (…/progress.csv, …/progress.xlsx): the
// same rows and numbers as the page (progressTable builds both), written by
// app/server/sheets (UTF-8 CSV with a BOM, XLSX with text cells as text; both
// refuse to carry a formula into a spreadsheet program). The file is named
// after the contest and the day, in Chinese: Content-Disposition carries it
// as RFC 5987 UTF-8 with an ASCII fallback for old clients.
import type { Locale } from "~/i18n/t.ts";
import { progressTable } from "~/view-models/contests.ts";
import { writeCsv, writeXlsx } from "~/server/documents/sheets/sheets.server.ts";
import { sayIn } from "./contest-edit.server.ts";
import { getContestProgress, shanghaiDateStamp, type ProgressScope } from "./contest-progress.server.ts";

export type ProgressFormat = "csv" | "xlsx";

export type ProgressDownload = { body: Buffer; contentType: string; contentDisposition: string };

const CONTENT_TYPES: Record<ProgressFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** Characters no file name may hold on Windows, macOS or Linux, and control characters. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE_IN_FILE_NAME = /[\u0000-\u001f\u007f\\/:*?"<>|]+/g;

/** A download's name with path separators, quotes and control characters made spaces (the one rule for every export). */
export function safeFileName(name: string): string {
  return name.replace(UNSAFE_IN_FILE_NAME, " ");
}

export function contentDisposition(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}

export async function getProgressDownload(input: {
  userId: string;
  contestId: string;
  scope: ProgressScope;
  format: ProgressFormat;
  locale: Locale;
  now?: Date;
}): Promise<ProgressDownload | null> {
  const view = await getContestProgress(input);
  if (!view) return null;
  const say = sayIn(input.locale);
  const table = progressTable(say, view);
  const stamp = shanghaiDateStamp(input.now ?? new Date());
  const scope = view.level === "school" ? `-${view.scopeNames.join("-")}` : "";
  const base = safeFileName(`${view.header.title}${scope}-${say("contests.progress.fileSuffix")}-${stamp}`).trim().slice(0, 120);
  const body = input.format === "csv" ? writeCsv(table) : await writeXlsx(table, { sheetName: say("contests.progress.sheetName") });
  return {
    body,
    contentType: CONTENT_TYPES[input.format],
    contentDisposition: contentDisposition(`${base}.${input.format}`, `contest-progress-${stamp}.${input.format}`),
  };
}

/** The download as an HTTP response: never cached (personal data), never sniffed as something else. */
export function downloadResponse(file: ProgressDownload): Response {
  return new Response(new Uint8Array(file.body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": file.contentDisposition,
      "Content-Length": String(file.body.length),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** ?school= on a coordinator's page: a school id, or null for all of theirs. */
export function schoolParam(request: Request): string | null {
  return new URL(request.url).searchParams.get("school") || null;
}
