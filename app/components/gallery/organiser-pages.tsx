import { Form, Link } from "@remix-run/react";
import { buttonClass } from "~/components/button.tsx";
import { PageHeader, SectionTitle } from "~/components/card.tsx";
import { CsrfInput } from "~/components/csrf-input.tsx";
import { TextField } from "~/components/field.tsx";
import { useT } from "~/i18n/index.ts";
import type { MessageKey } from "~/i18n/t.ts";
import type { BoardEditPage, OrganiserGalleryPage, ViewReport } from "~/view-models/gallery.ts";

type Reply = { ok: true; message: MessageKey } | { ok: false; error: MessageKey; fields?: Record<string, MessageKey> } | null;

function ReplyNote({ reply }: { reply: Reply }) {
  const t = useT();
  if (!reply) return null;
  return (
    <p role="status" className={`mb-3 rounded-xl p-3 text-lg ${reply.ok ? "bg-green-50 text-green-900" : "bg-red-50 text-red-900"}`}>
      {t(reply.ok ? reply.message : reply.error)}
    </p>
  );
}

function SmallAction({ intent, label, fields, variant = "secondary" }: { intent: string; label: string; fields?: Record<string, string>; variant?: "primary" | "secondary" | "danger" }) {
  return (
    <Form method="post" className="inline">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" className={buttonClass(variant, false, "!px-3 !text-base")}>{label}</button>
    </Form>
  );
}

export function OrganiserGalleryView({ view, reply }: { view: OrganiserGalleryPage; reply: Reply }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t("gallery.admin.title")} subtitle={t("gallery.admin.intro")} />
      <ReplyNote reply={reply} />
      <p className="mb-4 flex flex-wrap gap-3">
        <Link to="/organiser/gallery/views" className={buttonClass("secondary")}>{t("gallery.admin.views")}</Link>
        <Link to="/gallery" className={buttonClass("quiet")}>{t("gallery.title")}</Link>
      </p>
      <SectionTitle>{t("gallery.admin.boards")}</SectionTitle>
      <ul className="space-y-2">
        {view.boards.map((b) => (
          <li key={b.id} className="flex min-h-11 items-center justify-between gap-2 rounded-xl bg-white p-3 ring-1 ring-slate-200">
            <span className="text-lg font-semibold">{b.title}</span>
            <span className="text-base">{t(`gallery.admin.boardStatus.${b.status}` as MessageKey)} · {t("gallery.works", { count: b.count })}</span>
            <Link to={`/organiser/gallery/boards/${b.id}`} className={buttonClass("secondary", false, "!px-3 !text-base")}>{t("gallery.admin.edit")}</Link>
          </li>
        ))}
      </ul>
      <Form method="post" className="mt-3 space-y-3 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
        <CsrfInput />
        <input type="hidden" name="intent" value="createBoard" />
        <h3 className="text-lg font-bold">{t("gallery.admin.newBoard")}</h3>
        <TextField name="title" label={t("gallery.admin.boardTitle")} error={reply && !reply.ok && reply.fields?.title ? t(reply.fields.title) : null} />
        <TextField name="theme" label={t("gallery.admin.boardTheme")} />
        <TextField name="description" label={t("gallery.admin.boardDescription")} />
        <button type="submit" className={buttonClass("primary")}>{t("gallery.admin.create")}</button>
      </Form>
      <SectionTitle>{t("gallery.admin.entries")}</SectionTitle>
      <Form method="get" className="mb-3 flex items-end gap-2">
        <label className="flex flex-1 flex-col text-base font-semibold">
          {t("gallery.admin.contest")}
          <select name="contest" defaultValue={view.contestId ?? ""} className="mt-1 min-h-11 rounded-xl border-2 border-slate-400 bg-white px-2 text-lg">
            {view.contests.map((c) => (
              <option key={c.id} value={c.id}>{c.title}</option>
            ))}
          </select>
        </label>
        <button type="submit" className={buttonClass("secondary")}>{t("gallery.admin.show")}</button>
      </Form>
      {view.entries.length === 0 ? <p className="text-lg">{t("gallery.admin.noEntries")}</p> : null}
      <ul className="space-y-2">
        {view.entries.map((e) => (
          <li key={e.id} className="rounded-xl bg-white p-3 ring-1 ring-slate-200" data-testid="publishable-entry">
            <p className="text-lg font-semibold">{e.title}</p>
            <p className="text-base text-slate-700">{e.categoryName} · {e.maskedName} · {e.schoolName}</p>
            <p className="text-base">
              {t(`gallery.admin.consent.${e.consent}` as MessageKey)}
              {e.published ? ` · ${t("gallery.admin.published")}` : ""}
              {e.visible ? ` · ${t("gallery.admin.visible")}` : ""}
            </p>
            <div className="mt-2 flex gap-2">
              <SmallAction intent={e.published ? "unpublish" : "publish"} label={t(e.published ? "gallery.admin.unpublish" : "gallery.admin.publish")} fields={{ entryId: e.id }} variant={e.published ? "danger" : "primary"} />
              {e.visible && e.publicId ? <Link to={`/e/${e.publicId}`} className={buttonClass("quiet", false, "!px-3 !text-base")}>{t("gallery.admin.show")}</Link> : null}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

export function BoardEditView({ board, reply }: { board: BoardEditPage; reply: Reply }) {
  const t = useT();
  return (
    <>
      <PageHeader title={board.title} subtitle={t(`gallery.admin.boardStatus.${board.status}` as MessageKey)} />
      <ReplyNote reply={reply} />
      <p className="mb-3 flex flex-wrap gap-2">
        {board.status === "PUBLISHED" ? (
          <>
            <SmallAction intent="unpublish" label={t("gallery.admin.unpublishBoard")} variant="danger" />
            <Link to={`/b/${board.slug}`} className={buttonClass("quiet", false, "!text-base")}>{t("gallery.admin.show")}</Link>
          </>
        ) : (
          <SmallAction intent="publish" label={t("gallery.admin.publishBoard")} variant="primary" />
        )}
        <SmallAction intent="delete" label={t("gallery.admin.delete")} variant="danger" />
      </p>
      <Form method="post" className="space-y-3 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
        <CsrfInput />
        <input type="hidden" name="intent" value="save" />
        <TextField name="title" label={t("gallery.admin.boardTitle")} defaultValue={board.title} error={reply && !reply.ok && reply.fields?.title ? t(reply.fields.title) : null} />
        <TextField name="theme" label={t("gallery.admin.boardTheme")} defaultValue={board.theme} />
        <TextField name="description" label={t("gallery.admin.boardDescription")} defaultValue={board.description} />
        <button type="submit" className={buttonClass("primary")}>{t("gallery.admin.save")}</button>
      </Form>
      <SectionTitle>{t("gallery.admin.entries")}</SectionTitle>
      <ol className="space-y-2">
        {board.entries.map((e) => (
          <li key={e.publicId} className="rounded-xl bg-white p-3 ring-1 ring-slate-200">
            <p className="text-lg font-semibold">
              {e.title} {e.visible ? "" : t("gallery.admin.hiddenNow")} {board.coverPublicId === e.publicId ? `· ${t("gallery.admin.cover")}` : ""}
            </p>
            <div className="mt-2 flex flex-wrap gap-2">
              <SmallAction intent="up" label={t("gallery.admin.moveUp")} fields={{ publicId: e.publicId }} />
              <SmallAction intent="down" label={t("gallery.admin.moveDown")} fields={{ publicId: e.publicId }} />
              <SmallAction intent="cover" label={t("gallery.admin.setCover")} fields={{ publicId: e.publicId }} />
              <SmallAction intent="remove" label={t("gallery.admin.removeEntry")} fields={{ publicId: e.publicId }} variant="danger" />
            </div>
          </li>
        ))}
      </ol>
      <SectionTitle>{t("gallery.admin.candidates")}</SectionTitle>
      <ul className="space-y-2">
        {board.candidates.map((c) => (
          <li key={c.publicId} className="flex items-center justify-between gap-2 rounded-xl bg-white p-3 ring-1 ring-slate-200">
            <span className="text-lg">{c.title}</span>
            <SmallAction intent="add" label={t("gallery.admin.addEntry")} fields={{ publicId: c.publicId }} variant="primary" />
          </li>
        ))}
      </ul>
    </>
  );
}

export function ViewReportView({ report }: { report: ViewReport }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t("gallery.admin.report.title")} subtitle={t("gallery.admin.report.intro")} />
      <p className="mb-3 flex gap-2">
        <a href="/organiser/gallery/views.csv" className={buttonClass("secondary")}>{t("gallery.admin.report.csv")}</a>
        <a href="/organiser/gallery/views.xlsx" className={buttonClass("secondary")}>{t("gallery.admin.report.xlsx")}</a>
      </p>
      {report.rows.length === 0 ? (
        <p className="text-lg">{t("gallery.admin.report.empty")}</p>
      ) : (
        <table className="w-full bg-white text-left text-base">
          <thead>
            <tr>
              <th className="p-2">{t("gallery.admin.report.day")}</th>
              <th className="p-2">{t("gallery.admin.report.kind")}</th>
              <th className="p-2">{t("gallery.admin.report.name")}</th>
              <th className="p-2 text-right">{t("gallery.admin.report.views")}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r, i) => (
              <tr key={i} className="border-t border-slate-200">
                <td className="p-2">{r.day}</td>
                <td className="p-2">{t(`gallery.admin.report.kind.${r.kind}`)}</td>
                <td className="p-2">{r.name}</td>
                <td className="p-2 text-right">{r.views}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
