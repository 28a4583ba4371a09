// The entry page's file state in the browser, outside React: the server's
// file list (kept fresh by polling the status route), the uploads this tab is
// running (tus-js-client), and how the two line up. React reads it through
// useSyncExternalStore (use-entry-uploads.ts).
//
// One controller per entry lives as long as the tab: leaving the page for the
// home page does not stop an upload, and coming back shows its progress. A
// reload does stop it; picking the same file again then resumes it from the
// last stored part (tus fingerprint in localStorage, scoped to the entry).
import { Upload, type DetailedError, type PreviousUpload } from "tus-js-client";
import { checkUploadAllowed, type UploadCategoryLimits, type UploadKind } from "~/domain/upload-rules.ts";
import type { EntryFile } from "~/view-models/entries.ts";
import {
  assetIdFromUploadUrl,
  classifyUploadError,
  kindForFile,
  uploadFileName,
  type UploadErrorVerdict,
  type UploadMessage,
} from "./upload-helpers.ts";

export type LocalUploadState =
  /** Waiting for a free lane (two files travel at once, so the first one finishes sooner on a slow line). */
  | "queued"
  | "uploading"
  /** The network dropped or the server had a moment: it keeps trying on its own. */
  | "retrying"
  /** Every byte arrived; waiting for the file list to show it (处理中). */
  | "finished"
  /** Refused for good (too large, too many, wrong kind…): the message says why. */
  | "failed";

export interface LocalUpload {
  /** Local row id (not the asset id). */
  key: string;
  name: string;
  size: number;
  kind: UploadKind | null;
  state: LocalUploadState;
  percent: number;
  /** Known once the server created the upload. */
  assetId: string | null;
  message: UploadMessage | null;
}

export interface UploadSnapshot {
  files: EntryFile[];
  uploads: LocalUpload[];
  /** The last status request failed; the page says the shown state may be old. */
  pollProblem: boolean;
}

export interface UploadControllerOptions {
  entryId: string;
  statusUrl: string;
  endpoint: string;
  chunkSize: number;
  category: UploadCategoryLimits;
  csrfToken: string;
}

/** Delays between tus's own retries; after the last, the controller keeps trying every KEEP_TRYING_MS. */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 20_000];
const KEEP_TRYING_MS = 20_000;
const POLL_MS = 2000;
const POLL_HIDDEN_MS = 15_000;
/** Nothing changed for this long (a queue backed up, a worker down): ask less often until something moves. */
const POLL_QUIET_AFTER_MS = 3 * 60_000;
const POLL_QUIET_MS = 10_000;
const POLL_MAX_BACKOFF_MS = 30_000;
const LANES = 2;
const LINK_REFRESH_MIN_MS = 60_000;
const CSRF_HEADER = "X-CSRF-Token";

type Running = { upload: LocalUpload; tus: Upload | null; timer: ReturnType<typeof setTimeout> | null };

export class UploadController {
  private options: UploadControllerOptions;
  private snapshot: UploadSnapshot;
  private readonly running = new Map<string, Running>();
  private readonly listeners = new Set<() => void>();
  /** Assets this tab cancelled or deleted: hidden until the server stops listing them. */
  private readonly hidden = new Set<string>();
  private seq = 0;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private polling = false;
  private pollFailures = 0;
  private pollStopped = false;
  /** File ids whose links a player found expired: take the server's new links on the next answer. */
  private readonly staleLinks = new Set<string>();
  private readonly linksRefreshedAt = new Map<string, number>();
  /** What the file list looked like, and since when (for the quieter polling above). */
  private listSignature = "";
  private listChangedAt = Date.now();

  constructor(options: UploadControllerOptions, files: EntryFile[]) {
    this.options = options;
    this.snapshot = { files, uploads: [], pollProblem: false };
  }

  // ---- store protocol (useSyncExternalStore) ---------------------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.attach();
    this.schedulePoll();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.detach();
    };
  };

  getSnapshot = (): UploadSnapshot => this.snapshot;

  private emit(patch: Partial<UploadSnapshot> = {}): void {
    this.snapshot = { ...this.snapshot, ...patch, uploads: [...this.running.values()].map((r) => ({ ...r.upload })) };
    for (const listener of this.listeners) listener();
  }

  /** Options from the latest render (the CSRF token is re-issued on every page load). */
  configure(options: UploadControllerOptions): void {
    this.options = options;
  }

  // ---- the server's file list --------------------------------------------------

  /**
   * Takes a fresh file list (from the loader or a poll). Links of a file whose
   * renditions did not change are kept: every answer carries newly signed
   * links, and swapping them would reload every picture and stop a playing video.
   */
  setServerFiles(next: readonly EntryFile[]): void {
    const previous = new Map(this.snapshot.files.map((f) => [f.id, f]));
    const files = next.map((f) => {
      const old = previous.get(f.id);
      const keep = old?.media && f.media && old.version === f.version && !this.staleLinks.has(f.id);
      return keep ? { ...f, media: old.media } : f;
    });
    for (const f of next) this.staleLinks.delete(f.id);
    const signature = next.map((f) => `${f.id}:${f.status}:${f.progress}:${f.retrying}`).join("|");
    if (signature !== this.listSignature) {
      this.listSignature = signature;
      this.listChangedAt = Date.now();
    }
    const listed = new Set(next.map((f) => f.id));
    for (const id of [...this.hidden]) if (!listed.has(id)) this.hidden.delete(id);
    // A finished upload is the server's to show once it lists the file past 上传中 (or no longer at all).
    for (const [key, r] of this.running) {
      if (r.upload.state !== "finished" || !r.upload.assetId) continue;
      const file = next.find((f) => f.id === r.upload.assetId);
      if (!file || file.status !== "uploading") this.running.delete(key);
    }
    this.emit({ files: files.filter((f) => !this.hidden.has(f.id)) });
    this.schedulePoll();
  }

  /** Hides a file at once (the family just removed it); the next list confirms. */
  hide(assetId: string): void {
    this.hidden.add(assetId);
    this.emit({ files: this.snapshot.files.filter((f) => f.id !== assetId) });
  }

  /** A player could not load a file's links (expired after a long stay): fetch new ones. */
  refreshLinks(assetId: string): void {
    // Once a minute per file at most: a file the browser cannot play (not an expired link) must not loop.
    const now = Date.now();
    if (this.staleLinks.has(assetId) || now - (this.linksRefreshedAt.get(assetId) ?? 0) < LINK_REFRESH_MIN_MS) return;
    this.linksRefreshedAt.set(assetId, now);
    this.staleLinks.add(assetId);
    this.pollStopped = false;
    void this.poll();
  }

  private needsPolling(): boolean {
    if (this.snapshot.files.some((f) => f.status === "processing")) return true;
    return [...this.running.values()].some((r) => r.upload.state === "finished");
  }

  private schedulePoll(delay?: number): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    if (this.listeners.size === 0 || this.pollStopped || !this.needsPolling()) return;
    const hidden = typeof document !== "undefined" && document.visibilityState === "hidden";
    const quiet = Date.now() - this.listChangedAt > POLL_QUIET_AFTER_MS;
    const normal = hidden ? POLL_HIDDEN_MS : quiet ? POLL_QUIET_MS : POLL_MS;
    const wait = delay ?? (this.pollFailures > 0 ? Math.min(POLL_MAX_BACKOFF_MS, POLL_MS * 2 ** this.pollFailures) : normal);
    this.pollTimer = setTimeout(() => void this.poll(), wait);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const res = await fetch(this.options.statusUrl, { headers: { Accept: "application/json" }, cache: "no-store", credentials: "same-origin" });
      const json = res.ok && (res.headers.get("Content-Type") ?? "").includes("application/json");
      if (!json) {
        // Signed out, or the entry is gone: polling again will not help; a reload shows why.
        if (res.status === 404 || res.redirected || res.ok) this.pollStopped = true;
        throw new Error(`status ${res.status}`);
      }
      const body = (await res.json()) as { files: EntryFile[] };
      this.pollFailures = 0;
      this.snapshot = { ...this.snapshot, pollProblem: false };
      this.polling = false;
      this.setServerFiles(body.files);
    } catch {
      this.pollFailures++;
      this.polling = false;
      this.emit({ pollProblem: true });
      this.schedulePoll();
    }
  }

  private onVisibility = () => {
    if (document.visibilityState === "visible") this.schedulePoll(0);
  };

  private onOnline = () => {
    this.pollFailures = 0;
    this.schedulePoll(0);
    // Only uploads tus has given up on (our timer is waiting); the others have a retry of tus's own pending.
    for (const r of this.running.values()) if (r.upload.state === "retrying" && r.timer) this.restart(r);
  };

  /** Leaving or reloading while bytes are on their way: ask first (the browser shows its own words). */
  private onBeforeUnload = (event: BeforeUnloadEvent) => {
    if ([...this.running.values()].some((r) => ["queued", "uploading", "retrying"].includes(r.upload.state))) {
      event.preventDefault();
      event.returnValue = "";
    }
  };

  private attach(): void {
    document.addEventListener("visibilitychange", this.onVisibility);
    window.addEventListener("online", this.onOnline);
    window.addEventListener("beforeunload", this.onBeforeUnload);
  }

  private detach(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    document.removeEventListener("visibilitychange", this.onVisibility);
    window.removeEventListener("online", this.onOnline);
    // Uploads keep going while the family looks at another page; the page warns before a reload.
  }

  // ---- uploads ---------------------------------------------------------------

  /** Files a tab's uploads and the server hold or will hold, for the maxFiles check. */
  private slotsTaken(): number {
    const listed = new Set(this.snapshot.files.map((f) => f.id));
    const pending = [...this.running.values()].filter(
      (r) => r.upload.state !== "failed" && !(r.upload.assetId && listed.has(r.upload.assetId)),
    ).length;
    return this.snapshot.files.length + pending;
  }

  private limitParams() {
    const maxBytes = Number(this.options.category.maxFileBytes);
    return { max: this.options.category.maxFiles, maxMb: Math.floor(maxBytes / (1024 * 1024)) };
  }

  private addRow(file: File, kind: UploadKind | null): Running {
    const upload: LocalUpload = { key: `f${++this.seq}`, name: file.name, size: file.size, kind, state: "queued", percent: 0, assetId: null, message: null };
    const r: Running = { upload, tus: null, timer: null };
    this.running.set(upload.key, r);
    return r;
  }

  private fail(r: Running, message: UploadMessage): void {
    r.upload.state = "failed";
    r.upload.message = { key: message.key, params: { ...this.limitParams(), ...message.params } };
  }

  /**
   * Starts (or resumes) uploads for picked files, in order. Each is checked
   * like the server will (kind, count, size) so a refusal shows before a byte
   * is sent; a file this tab had half sent earlier resumes instead.
   */
  async addFiles(files: readonly File[]): Promise<void> {
    for (const file of files) {
      const kind = kindForFile(file, this.options.category.acceptedMediaKinds);
      const r = this.addRow(file, kind);
      this.emit();
      if (!kind) {
        this.fail(r, { key: "upload.error.kind_not_accepted" });
      } else if (file.size === 0) {
        this.fail(r, { key: "media.failure.empty_file" });
      } else {
        r.tus = this.createTus(file, kind, r);
        const previous = await this.resumable(r.tus);
        if (previous) {
          r.tus.resumeFromPreviousUpload(previous);
          r.upload.assetId = assetIdFromUploadUrl(previous.uploadUrl);
        } else {
          const check = checkUploadAllowed({ category: this.options.category, existingAssetCount: this.slotsTaken() - 1, declaredSize: file.size, kind });
          if (!check.ok) this.fail(r, { key: `upload.error.${check.code}`, params: check.params });
        }
      }
      this.emit();
    }
    this.pump();
  }

  /** An unfinished upload of this very file to this entry, which the server still holds as 上传中. */
  private async resumable(tus: Upload): Promise<PreviousUpload | null> {
    let previous: PreviousUpload[] = [];
    try {
      previous = await tus.findPreviousUploads();
    } catch {
      return null; // localStorage unavailable (private mode): a fresh upload then
    }
    const waiting = new Set(this.snapshot.files.filter((f) => f.status === "uploading").map((f) => f.id));
    const busy = new Set([...this.running.values()].map((r) => r.upload.assetId));
    return (
      previous.find((p) => {
        const id = assetIdFromUploadUrl(p.uploadUrl);
        return p.metadata.entryId === this.options.entryId && id !== null && waiting.has(id) && !busy.has(id);
      }) ?? null
    );
  }

  private createTus(file: File, kind: UploadKind, r: Running): Upload {
    const { entryId } = this.options;
    const tus = new Upload(file, {
      endpoint: this.options.endpoint,
      chunkSize: this.options.chunkSize,
      retryDelays: RETRY_DELAYS,
      metadata: { entryId, kind, filename: uploadFileName(file.name), filetype: file.type.slice(0, 200) },
      // Scoped to the entry: the same photo picked for two entries must not resume into the other one.
      fingerprint: async (f: File) => ["sanshai", entryId, f.name, f.type, f.size, f.lastModified].join("|"),
      removeFingerprintOnSuccess: true,
      // Read at send time: the page may have been given a new token since the upload began.
      onBeforeRequest: (req) => req.setHeader(CSRF_HEADER, this.options.csrfToken),
      onUploadUrlAvailable: () => {
        r.upload.assetId = assetIdFromUploadUrl(tus.url);
        this.emit();
      },
      onProgress: (sent, total) => {
        r.upload.state = "uploading";
        r.upload.message = null;
        r.upload.percent = total > 0 ? Math.min(100, Math.floor((sent / total) * 100)) : 0;
        this.emit();
      },
      onShouldRetry: (err) => {
        const verdict = this.verdict(err);
        if (verdict.action !== "retry") return false;
        r.upload.state = "retrying";
        r.upload.message = verdict.message;
        this.emit();
        return true;
      },
      onError: (err) => this.onError(r, this.verdict(err)),
      onSuccess: () => {
        this.listChangedAt = Date.now();
        r.upload.state = "finished";
        r.upload.percent = 100;
        r.upload.message = null;
        this.emit();
        this.pump();
        this.pollStopped = false;
        this.schedulePoll(0);
      },
    });
    return tus;
  }

  private verdict(err: Error | DetailedError): UploadErrorVerdict {
    const res = "originalResponse" in err ? err.originalResponse : null;
    return classifyUploadError(res?.getStatus() ?? 0, res?.getBody() ?? null);
  }

  private onError(r: Running, verdict: UploadErrorVerdict): void {
    if (verdict.action === "stop") {
      this.fail(r, verdict.message);
      this.emit();
      this.pump();
      return;
    }
    // The network (or the server) is away longer than tus's own retries: keep trying, slowly, and at once when back online.
    r.upload.state = "retrying";
    r.upload.message = verdict.message;
    if (r.timer) clearTimeout(r.timer);
    r.timer = setTimeout(() => this.restart(r), verdict.action === "wait" ? verdict.seconds * 1000 : KEEP_TRYING_MS);
    this.emit();
  }

  private restart(r: Running): void {
    if (r.timer) clearTimeout(r.timer);
    r.timer = null;
    if (r.upload.state !== "retrying" || !r.tus) return;
    r.tus.start();
  }

  /** Starts queued uploads while lanes are free. */
  private pump(): void {
    const active = [...this.running.values()].filter((r) => r.upload.state === "uploading" || r.upload.state === "retrying").length;
    let free = LANES - active;
    for (const r of this.running.values()) {
      if (free <= 0) break;
      if (r.upload.state !== "queued" || !r.tus) continue;
      r.upload.state = "uploading";
      r.tus.start();
      free--;
    }
    this.emit();
  }

  /**
   * Stops an upload. One the server already knows is terminated there too
   * (tus DELETE), which frees its file slot; the row is hidden meanwhile.
   */
  async cancel(key: string): Promise<void> {
    const r = this.running.get(key);
    if (!r) return;
    this.running.delete(key);
    if (r.timer) clearTimeout(r.timer);
    if (r.upload.assetId) this.hidden.add(r.upload.assetId);
    this.emit({ files: this.snapshot.files.filter((f) => !this.hidden.has(f.id)) });
    this.pump();
    if (r.tus && r.upload.state !== "failed" && r.upload.state !== "finished") {
      await r.tus.abort(Boolean(r.tus.url)).catch(() => {
        // The server keeps a half upload it could not be told about; the storage sweep removes it within a day.
        if (r.upload.assetId) this.hidden.delete(r.upload.assetId);
      });
    }
    this.pollStopped = false;
    void this.poll();
  }

  /** Removes a refused file's row ("知道了"). */
  dismiss(key: string): void {
    const r = this.running.get(key);
    if (r?.upload.state !== "failed") return;
    this.running.delete(key);
    this.emit();
  }
}

// One controller per entry for the life of the tab (see the top of the file).
const controllers = new Map<string, UploadController>();

export function getUploadController(options: UploadControllerOptions, files: EntryFile[]): UploadController {
  let controller = controllers.get(options.entryId);
  if (!controller) {
    controller = new UploadController(options, files);
    controllers.set(options.entryId, controller);
  } else {
    controller.configure(options);
  }
  return controller;
}
