// A browser without JavaScript, over real HTTP, for tests that run the whole
// app (`npm start` through tests/setup/app-process.ts): a cookie jar, the CSRF
// token from the pages' hidden inputs, sign-in, a draft entry, and tus uploads
// as the entry page's uploader sends them (create, then PATCH the bytes, with
// the CSRF header), optionally stopping half-way.
import fs from "node:fs";

export class HttpSession {
  private readonly jar = new Map<string, string>();
  csrf = "";

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("Cookie", this.cookieHeader());
    if (init.method && init.method !== "GET") headers.set("Origin", this.baseUrl);
    const res = await fetch(`${this.baseUrl}${path}`, { redirect: "manual", ...init, headers });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair!.indexOf("=");
      this.jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return res;
  }

  /** GETs a page and keeps its CSRF token (every form carries one). */
  async page(path: string): Promise<string> {
    const res = await this.fetch(path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
    const html = await res.text();
    const token = hiddenInput(html, "csrf");
    if (token) this.csrf = token;
    return html;
  }

  async postForm(path: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrf: this.csrf, ...fields }),
    });
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page("/login");
    const res = await this.postForm("/login", { redirectTo: "/home", identifier: username, password });
    if (res.status < 300 || res.status >= 400) throw new Error(`sign-in of ${username} answered ${res.status}: ${await res.text()}`);
  }

  /** Starts (or finds) the signed-in child's draft in the first category whose name includes `categoryName`; resolves with its id. */
  async draftEntry(categoryName: string): Promise<string> {
    const html = await this.page("/entries/new");
    const form = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!).find((f) => f.includes(categoryName) && f.includes('name="categoryId"'));
    if (!form) throw new Error(`no category "${categoryName}" to start on /entries/new`);
    const categoryId = hiddenInput(form, "categoryId")!;
    const studentId = hiddenInput(form, "studentId")!;
    const res = await this.postForm("/entries/new", { categoryId, studentId });
    const location = res.headers.get("location") ?? "";
    const id = /\/entries\/([^/?#]+)/.exec(location)?.[1];
    if (!id) throw new Error(`starting an entry answered ${res.status} ${location}`);
    return id;
  }

  /**
   * A tus upload of `filePath` to the entry. `stopAfterBytes`: send only that
   * many bytes and leave the request hanging (the caller then kills the app);
   * resolves with the upload's URL.
   */
  async tusUpload(o: { entryId: string; kind: "image" | "video" | "audio"; filePath: string; name: string; stopAfterBytes?: number }): Promise<{ url: string; response?: Response }> {
    const size = fs.statSync(o.filePath).size;
    const meta = { entryId: o.entryId, kind: o.kind, filename: o.name };
    const created = await this.fetch("/uploads", {
      method: "POST",
      headers: {
        "Tus-Resumable": "1.0.0",
        "Upload-Length": String(size),
        "Upload-Metadata": Object.entries(meta).map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`).join(","),
        "X-CSRF-Token": this.csrf,
      },
    });
    const location = created.headers.get("location");
    if (created.status !== 201 || !location) throw new Error(`tus create answered ${created.status}: ${await created.text()}`);
    const url = new URL(location, this.baseUrl).pathname;
    const patchHeaders = { "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream", "X-CSRF-Token": this.csrf };
    if (o.stopAfterBytes !== undefined) {
      const first = fs.readFileSync(o.filePath).subarray(0, o.stopAfterBytes);
      // A body that never ends: the bytes go out, then the request waits, as on a phone that lost its network.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(first);
        },
      });
      void this.fetch(url, { method: "PATCH", headers: patchHeaders, body, duplex: "half" } as RequestInit).catch(() => undefined);
      return { url };
    }
    const response = await this.fetch(url, { method: "PATCH", headers: patchHeaders, body: fs.readFileSync(o.filePath) });
    if (response.status !== 204) throw new Error(`tus PATCH answered ${response.status}: ${await response.text()}`);
    return { url, response };
  }

  /** The entry's files as the status poll reports them. */
  async entryStatus(entryId: string): Promise<{ files: { id: string; status: string; failureMessage: string | null }[] }> {
    const res = await this.fetch(`/entries/${entryId}/status`, { headers: { Accept: "application/json" } });
    if (res.status !== 200) throw new Error(`status poll answered ${res.status}`);
    return (await res.json()) as { files: { id: string; status: string; failureMessage: string | null }[] };
  }
}

export function hiddenInput(html: string, name: string): string | null {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"|<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html);
  const raw = match?.[1] ?? match?.[2];
  return raw === undefined ? null : decodeHtml(raw);
}

export function decodeHtml(value: string): string {
  return value.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
}
