// Raw tus requests as tus-js-client sends them (tests/integration/uploads.test.ts
// drives the real client), for the /uploads rows of the matrix.
import type { Browser } from "../factories/requests.ts";

export type TusCreation = { entryId: string; kind: string; size: number };

function headersFor(browser: Browser): Record<string, string> {
  // The pre-session or session cookie, and the CSRF token in the header tus requests carry.
  return { "Tus-Resumable": "1.0.0", Cookie: browser.cookie, "X-CSRF-Token": browser.csrf };
}

export async function tusRequest(input: {
  origin: string;
  path: string;
  method: "GET" | "HEAD" | "POST";
  browser: Browser;
  create?: TusCreation;
}): Promise<Response> {
  const headers = headersFor(input.browser);
  if (input.create) {
    const meta = { entryId: input.create.entryId, kind: input.create.kind, filename: "照片.jpg", filetype: "image/jpeg" };
    headers["Upload-Length"] = String(input.create.size);
    headers["Upload-Metadata"] = Object.entries(meta)
      .map(([k, v]) => `${k} ${Buffer.from(v).toString("base64")}`)
      .join(",");
  }
  const response = await fetch(new URL(input.path, input.origin), { method: input.method, headers });
  await response.arrayBuffer();
  return response;
}
