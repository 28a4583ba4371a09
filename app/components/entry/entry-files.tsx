// 第2步 上传作品文件: the category's rules in words, the file picker (camera
// or gallery, several at once), and one row per file with its live status.
import { useId } from "react";
import { buttonClass } from "~/components/index.ts";
import { categoryRules } from "~/components/home/category-rules.tsx";
import { formatList, useT, type MessageKey } from "~/i18n/index.ts";
import type { CategorySummary } from "~/view-models/category.ts";
import { FileRowView, type FileRowActions } from "./file-row.tsx";
import type { UploadController, UploadSnapshot } from "./upload-controller.ts";
import { acceptAttribute } from "./upload-helpers.ts";
import { buildRows } from "./use-entry-uploads.ts";

export function EntryFiles(props: {
  category: CategorySummary;
  controller: UploadController | null;
  snapshot: UploadSnapshot;
  hydrated: boolean;
  editable: boolean;
  /** The answer to the last "delete", shown where the file was. */
  notice: { ok: boolean; message: string } | null;
}) {
  const { category, controller, snapshot, hydrated, editable, notice } = props;
  const t = useT();
  const inputId = useId();
  const rows = buildRows(snapshot);
  const kinds = formatList(
    t.locale,
    category.acceptedMediaKinds.map((k) => t(`category.media.${k}` as MessageKey)),
  );
  const count = rows.filter((r) => r.upload?.state !== "failed").length;
  // A file left half-sent (page reloaded) is resumed by picking it again, even when the entry is full.
  const resumable = rows.some((r) => r.file?.status === "uploading" && !r.upload);
  const full = count >= category.maxFiles;
  const actions: FileRowActions = {
    onCancel: (key) => void controller?.cancel(key),
    onDismiss: (key) => controller?.dismiss(key),
    onMediaError: (assetId) => controller?.refreshLinks(assetId),
  };
  return (
    <div className="space-y-4">
      <ul className="list-disc space-y-0.5 pl-5 text-base text-slate-700">
        {categoryRules(t, category).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {editable && full && !resumable ? (
        <p className="rounded-xl bg-slate-100 px-3 py-2 text-base font-semibold">
          {t("upload.count", { count, max: category.maxFiles })} {t("upload.full")}
        </p>
      ) : null}
      {editable && (!full || resumable) ? (
        <div className="space-y-2">
          {/* The input stays in the page (visually hidden) so the label opens the phone's camera or gallery, and tests can set files.
              Primary only for the first file: later, submitting is the screen's main action. */}
          <label
            htmlFor={inputId}
            className={buttonClass(count > 0 ? "secondary" : "primary", true, "min-h-14 cursor-pointer text-xl focus-within:ring-4 focus-within:ring-brand-700/40")}
          >
            {count > 0 ? t("upload.pickMore", { kinds }) : t("upload.pick", { kinds })}
          </label>
          <input
            id={inputId}
            type="file"
            multiple={category.maxFiles > 1}
            accept={acceptAttribute(category.acceptedMediaKinds)}
            className="sr-only"
            disabled={!hydrated}
            onChange={(event) => {
              const files = [...(event.currentTarget.files ?? [])];
              // Cleared so that picking the same file again (to resume it) fires "change" again.
              event.currentTarget.value = "";
              if (files.length > 0) void controller?.addFiles(files);
            }}
          />
          <p className="text-base text-slate-700">{t("upload.pickHint")}</p>
          <p className="text-base font-semibold">{t("upload.count", { count, max: category.maxFiles })}</p>
        </div>
      ) : null}
      {snapshot.pollProblem ? (
        <p role="status" className="rounded-xl bg-amber-50 px-3 py-2 text-base text-amber-950 ring-1 ring-amber-300">
          {t("upload.pollProblem")}
        </p>
      ) : null}
      {notice ? (
        <p
          role="status"
          className={`rounded-xl px-3 py-2 text-base font-semibold ring-1 ${notice.ok ? "bg-green-50 text-green-900 ring-green-300" : "bg-brand-50 text-brand-900 ring-brand-100"}`}
        >
          {notice.message}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="rounded-2xl border-2 border-dashed border-slate-300 px-4 py-6 text-center text-lg">{t("entry.media.empty")}</p>
      ) : (
        <ul className="space-y-3">
          {rows.map((row) => (
            <FileRowView key={row.key} row={row} editable={editable} actions={actions} />
          ))}
        </ul>
      )}
    </div>
  );
}
