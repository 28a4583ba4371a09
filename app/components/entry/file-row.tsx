// One file of an entry, as the family sees it: name, honest status (上传中
// xx% → 处理中 → 处理好了 / 失败 and why), a progress bar while something moves,
// the picture / video / recording once ready, and what can be done with it.
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Button, CsrfInput, StatusBadge, type StatusTone } from "~/components/index.ts";
import type { FileDisplayStatus } from "~/domain/asset-status.ts";
import { toMediaKind, type MediaKindName as MediaKind } from "~/domain/upload-rules.ts";
import { formatFileSize, useT, type MessageKey, type Translate } from "~/i18n/index.ts";
import type { EntryFile, PictureLinks } from "~/view-models/entries.ts";
import { FILE_STATUS_TONE } from "./entry-status.ts";
import type { FileRow } from "./use-entry-uploads.ts";

export interface FileRowActions {
  onCancel: (key: string) => void;
  onDismiss: (key: string) => void;
  /** A player or picture could not load its link (expired): ask for fresh ones. */
  onMediaError: (assetId: string) => void;
}

type RowStatus = {
  display: FileDisplayStatus | "waiting";
  tone: StatusTone;
  label: string;
  /** Shown as a bar when something is moving. */
  percent: number | null;
  /** What went wrong or what is going on, in words. */
  message: string | null;
  messageTone: "info" | "danger";
};

function rowStatus(t: Translate, row: FileRow, editable: boolean): RowStatus {
  const { file, upload } = row;
  if (upload) {
    const message = upload.message ? t(upload.message.key, upload.message.params) : null;
    switch (upload.state) {
      case "queued":
        return { display: "waiting", tone: "neutral", label: t("upload.waiting"), percent: null, message, messageTone: "info" };
      case "uploading":
      case "retrying": {
        const label = t("upload.progress", { percent: upload.percent });
        return { display: "uploading", tone: FILE_STATUS_TONE.uploading, label, percent: upload.percent, message, messageTone: "info" };
      }
      case "finished":
        // Every byte is there; the server's list (polled at once) takes over with 处理中 or 处理好了.
        return { display: "processing", tone: FILE_STATUS_TONE.processing, label: t("asset.status.processing"), percent: null, message: null, messageTone: "info" };
      case "failed":
        return { display: "failed", tone: FILE_STATUS_TONE.failed, label: t("asset.status.failed"), percent: null, message, messageTone: "danger" };
    }
  }
  return serverStatus(t, file!, editable);
}

function serverStatus(t: Translate, file: EntryFile, editable: boolean): RowStatus {
  const base = { display: file.status, tone: FILE_STATUS_TONE[file.status], percent: null, message: null, messageTone: "info" as const };
  switch (file.status) {
    case "uploading":
      return { ...base, label: t("asset.status.uploading"), message: editable ? t("upload.resumeHint") : null };
    case "processing": {
      if (file.retrying) return { ...base, label: t("asset.status.retrying"), message: t("entryPage.file.processingHint") };
      const moving = file.progress > 0 && file.progress < 100;
      const label = moving ? t("asset.status.processingPercent", { percent: file.progress }) : t("asset.status.processing");
      return { ...base, label, percent: moving ? file.progress : null, message: t("entryPage.file.processingHint") };
    }
    case "ready":
      return { ...base, label: t("asset.status.ready") };
    case "failed":
      return { ...base, label: t("asset.status.failed"), message: file.failureMessage, messageTone: "danger" };
  }
}

export function FileRowView({ row, editable, actions }: { row: FileRow; editable: boolean; actions: FileRowActions }) {
  const t = useT();
  const { file, upload } = row;
  const status = rowStatus(t, row, editable);
  const name = file?.name ?? upload?.name ?? t("entryPage.file.unnamed");
  const size = file?.sizeBytes ?? upload?.size ?? null;
  const kind = file?.kind ?? (upload?.kind ? toMediaKind(upload.kind) : null);
  const meta = [kind ? t(`category.media.${kind}` as MessageKey) : null, size ? formatFileSize(t.locale, size) : null].filter(Boolean).join(" · ");
  return (
    <li className="space-y-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-file-status={status.display}>
      <div className="flex items-start gap-3">
        <Thumb file={file} kind={kind} name={name} onError={actions.onMediaError} />
        <div className="min-w-0 flex-1 space-y-1">
          <p className="break-all text-lg font-semibold leading-snug">{name}</p>
          {meta ? <p className="text-base text-slate-700">{meta}</p> : null}
          <StatusBadge tone={status.tone}>{status.label}</StatusBadge>
        </div>
      </div>
      {status.percent !== null ? <ProgressBar percent={status.percent} label={t("entryPage.file.progressLabel", { name })} /> : null}
      {status.message ? (
        <p
          role={status.messageTone === "danger" ? "alert" : "status"}
          className={`rounded-xl px-3 py-2 text-base ${status.messageTone === "danger" ? "bg-brand-50 font-semibold text-brand-900" : "bg-sky-50 text-sky-950"}`}
        >
          {status.message}
        </p>
      ) : null}
      {file?.status === "ready" && file.media ? <ReadyMedia file={file} name={name} onError={actions.onMediaError} /> : null}
      <RowActions row={row} name={name} editable={editable} actions={actions} />
    </li>
  );
}


function ProgressBar({ percent, label }: { percent: number; label: string }) {
  return (
    <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-3 w-full overflow-hidden rounded-full bg-slate-200">
      <div className="h-3 rounded-full bg-brand-700 transition-[width] duration-300" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** <picture>: WebP where the browser takes it, JPEG for older WeChat webviews. */
function Picture({ links, alt, className, onError }: { links: PictureLinks; alt: string; className: string; onError: () => void }) {
  const fallback = links.jpeg ?? links.webp ?? "";
  return (
    <picture>
      {links.webp && links.jpeg ? <source srcSet={links.webp} type="image/webp" /> : null}
      <img src={fallback} alt={alt} width={links.width ?? undefined} height={links.height ?? undefined} className={className} onError={onError} />
    </picture>
  );
}

/** Plain line icons (no emoji font on many phones): a picture, a film, a microphone, a sheet. */
const KIND_ICON_PATHS = {
  IMAGE: "M4 5h16v14H4z M4 16l5-5 4 4 3-3 4 4 M15.5 9.5a1.5 1.5 0 1 0 0-.01",
  VIDEO: "M3 6h13v12H3z M16 10l5-3v10l-5-3",
  AUDIO: "M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3z M5 11a7 7 0 0 0 14 0 M12 18v3",
  FILE: "M6 3h8l4 4v14H6z M14 3v4h4",
} as const;

function KindIcon({ kind }: { kind: keyof typeof KIND_ICON_PATHS }) {
  return (
    <svg viewBox="0 0 24 24" className="h-9 w-9 text-slate-500" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round">
      <path d={KIND_ICON_PATHS[kind]} />
    </svg>
  );
}

function Thumb({ file, kind, name, onError }: { file: EntryFile | null; kind: MediaKind | null; name: string; onError: (id: string) => void }) {
  const t = useT();
  const thumb = file?.status === "ready" ? file.media?.thumb : null;
  if (file && thumb) {
    return (
      <div className="h-20 w-20 shrink-0 overflow-hidden rounded-xl bg-slate-100">
        <Picture links={thumb} alt={t("entryPage.file.thumbAlt", { name })} className="h-20 w-20 object-cover" onError={() => onError(file.id)} />
      </div>
    );
  }
  return (
    <div aria-hidden="true" className="flex h-20 w-20 shrink-0 items-center justify-center rounded-xl bg-slate-100">
      <KindIcon kind={kind ?? "FILE"} />
    </div>
  );
}

function ReadyMedia({ file, name, onError }: { file: EntryFile; name: string; onError: (id: string) => void }) {
  const t = useT();
  const [large, setLarge] = useState(false);
  const media = file.media!;
  if (media.video) {
    const poster = media.poster;
    return (
      <video
        controls
        playsInline
        preload="metadata"
        poster={poster?.jpeg ?? poster?.webp ?? undefined}
        src={media.video.url}
        onError={() => onError(file.id)}
        className="w-full rounded-xl bg-black"
        style={poster?.width && poster.height ? { aspectRatio: `${poster.width} / ${poster.height}` } : undefined}
      />
    );
  }
  if (media.audio) {
    return <audio controls preload="metadata" src={media.audio.url} onError={() => onError(file.id)} className="w-full" />;
  }
  if (!media.display) return null;
  return (
    <div className="space-y-2">
      <Button type="button" variant="secondary" block aria-expanded={large} onClick={() => setLarge(!large)}>
        {large ? t("entryPage.file.hideLarge") : t("entryPage.file.viewLarge")}
      </Button>
      {large ? <Picture links={media.display} alt={name} className="h-auto w-full rounded-xl" onError={() => onError(file.id)} /> : null}
    </div>
  );
}

function RowActions({ row, name, editable, actions }: { row: FileRow; name: string; editable: boolean; actions: FileRowActions }) {
  const t = useT();
  const { file, upload } = row;
  if (upload && ["queued", "uploading", "retrying"].includes(upload.state)) {
    return (
      <Button type="button" variant="secondary" block onClick={() => actions.onCancel(upload.key)}>
        {t("upload.cancel")}
      </Button>
    );
  }
  if (upload?.state === "failed") {
    return (
      <Button type="button" variant="secondary" block onClick={() => actions.onDismiss(upload.key)}>
        {t("upload.dismiss")}
      </Button>
    );
  }
  if (!file || !editable || upload) return null;
  return <DeleteFile file={file} name={name} />;
}

/** Two taps: a mistaken tap on a phone must not remove a child's video. */
function DeleteFile({ file, name }: { file: EntryFile; name: string }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("assetId") === file.id;
  const failed = file.status === "failed";
  if (!confirming) {
    return (
      <Button type="button" variant={failed ? "primary" : "secondary"} block onClick={() => setConfirming(true)}>
        {failed ? t("entryPage.file.deleteAndReupload") : t("entryPage.file.delete")}
      </Button>
    );
  }
  return (
    <Form method="post" replace preventScrollReset className="space-y-2 rounded-xl bg-brand-50 p-3 ring-1 ring-brand-100">
      <CsrfInput />
      <input type="hidden" name="intent" value="delete-file" />
      <input type="hidden" name="assetId" value={file.id} />
      <p className="text-lg font-semibold text-brand-900">{t("entryPage.file.deleteConfirm", { name })}</p>
      <div className="grid grid-cols-2 gap-2">
        <Button variant="danger" disabled={busy}>
          {busy ? t("entryPage.file.deleting") : t("entryPage.file.deleteYes")}
        </Button>
        <Button type="button" variant="secondary" disabled={busy} onClick={() => setConfirming(false)}>
          {t("entryPage.file.deleteNo")}
        </Button>
      </div>
    </Form>
  );
}
