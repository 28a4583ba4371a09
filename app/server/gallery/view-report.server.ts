// The organiser's view report: counted views per day (Asia/Shanghai) by school
// (entries and portfolios of the school's children) and by board, for the
// user's counties, the last 92 days; on the page and as CSV/XLSX.
import { t, type Locale } from "~/i18n/t.ts";
import type { ViewReport } from "~/view-models/gallery.ts";
import { getDb } from "~/server/db/db.server.ts";
import { coversPath, getCountyScopes } from "~/server/contests/contest-access.server.ts";
import { contentDisposition, type ProgressDownload } from "~/server/contests/contest-progress-export.server.ts";
import { writeCsv, writeXlsx, type Table } from "~/server/documents/sheets/sheets.server.ts";

const DAYS = 92;

export async function getViewReport(input: { userId: string; now?: Date }): Promise<ViewReport> {
  const scopes = await getCountyScopes(input.userId);
  const now = input.now ?? new Date();
  const from = new Date(now.getTime() - DAYS * 86_400_000);
  const db = getDb();
  const schoolRows = await db.$queryRaw<{ day: Date; schoolId: string; name: string; path: string; views: number }[]>`
    SELECT v."day", v."schoolId", o."name", o."path", sum(v."count")::int AS "views"
    FROM "ViewCount" v JOIN "OrgUnit" o ON o."id" = v."schoolId"
    WHERE v."day" >= ${from}::date AND v."subjectType" IN ('ENTRY', 'PORTFOLIO')
    GROUP BY v."day", v."schoolId", o."name", o."path"`;
  const boardRows = await db.$queryRaw<{ day: Date; title: string; path: string; views: number }[]>`
    SELECT v."day", b."title", o."path", sum(v."count")::int AS "views"
    FROM "ViewCount" v JOIN "GalleryBoard" b ON b."id" = v."subjectId" JOIN "OrgUnit" o ON o."id" = b."orgUnitId"
    WHERE v."day" >= ${from}::date AND v."subjectType" = 'BOARD'
    GROUP BY v."day", b."id", b."title", o."path"`;
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const rows = [
    ...schoolRows.filter((r) => coversPath(scopes, r.path)).map((r) => ({ day: day(r.day), kind: "school" as const, name: r.name, views: r.views })),
    ...boardRows.filter((r) => coversPath(scopes, r.path)).map((r) => ({ day: day(r.day), kind: "board" as const, name: r.title, views: r.views })),
  ].sort((a, b) => b.day.localeCompare(a.day) || a.kind.localeCompare(b.kind) || b.views - a.views);
  return { from: day(from), to: day(now), rows };
}

export async function getViewReportDownload(input: { userId: string; format: "csv" | "xlsx"; locale: Locale }): Promise<ProgressDownload> {
  const report = await getViewReport({ userId: input.userId });
  const L = (key: Parameters<typeof t>[1]) => t(input.locale, key);
  const table: Table = {
    headers: [L("gallery.admin.report.day"), L("gallery.admin.report.kind"), L("gallery.admin.report.name"), L("gallery.admin.report.views")],
    rows: report.rows.map((r) => [r.day, L(`gallery.admin.report.kind.${r.kind}`), r.name, r.views]),
  };
  const name = `${L("gallery.admin.report.title")}-${report.to}`;
  return input.format === "csv"
    ? { body: writeCsv(table), contentType: "text/csv; charset=utf-8", contentDisposition: contentDisposition(`${name}.csv`, `views-${report.to}.csv`) }
    : {
        body: await writeXlsx(table, { sheetName: L("gallery.admin.report.title") }),
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        contentDisposition: contentDisposition(`${name}.xlsx`, `views-${report.to}.xlsx`),
      };
}
