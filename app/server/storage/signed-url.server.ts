// Short-lived download links for the local store, the stand-in for S3's
// presigned GET: `/files/<token>`, token = base64url(claims).base64url(HMAC-SHA256).
// The claims (key, expiry, download name, content type) are signed with a key
// derived from SESSION_SECRET, so nothing is stored per link and any replica
// can serve it. app/routes/files.$token.ts is a thin wrapper around
// serveSignedFile().
//
// Objects are served from the app's own origin here (S3 serves from another),
// so only inert media types may render inline; anything else is forced to
// download, so an upload can never run as a page on our origin.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Readable } from "node:stream";
import { z } from "zod";
import { isSafeKey } from "~/domain/storage-keys.ts";
import { getSessionSecret } from "~/server/platform/env.server.ts";
import {
  buildContentDisposition,
  InvalidRangeError,
  ObjectNotFoundError,
  type ByteRange,
  type ObjectStore,
} from "./object-store.server.ts";

export interface FileTokenClaims {
  key: string;
  /** Unix seconds. */
  expiresAt: number;
  filename?: string;
  contentType?: string;
  disposition?: "inline" | "attachment";
}

// Short names keep URLs short; they never leave this file.
const WireClaimsSchema = z
  .object({
    k: z.string().refine(isSafeKey),
    e: z.number().int().positive(),
    f: z.string().max(255).optional(),
    t: z.string().max(200).optional(),
    d: z.enum(["inline", "attachment"]).optional(),
  })
  .strict();

/** A key of its own, so a token can never double as a session cookie signature or vice versa. */
function signingKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("sanshai:local-file-url:v1").digest();
}

function sign(payload: string, secret: string): Buffer {
  return createHmac("sha256", signingKey(secret)).update(payload).digest();
}

export function createSignedFileToken(claims: FileTokenClaims, options: { secret?: string } = {}): string {
  const wire = { k: claims.key, e: claims.expiresAt, f: claims.filename, t: claims.contentType, d: claims.disposition };
  const payload = Buffer.from(JSON.stringify(wire), "utf8").toString("base64url");
  const signature = sign(payload, options.secret ?? getSessionSecret()).toString("base64url");
  return `${payload}.${signature}`;
}

/** The claims of a genuine, unexpired token; null for anything else (never says which). */
export function verifySignedFileToken(
  token: string,
  options: { now?: number; secret?: string } = {},
): FileTokenClaims | null {
  const [payload, signature, extra] = token.split(".");
  if (!payload || !signature || extra !== undefined || token.length > 4096) return null;
  const expected = sign(payload, options.secret ?? getSessionSecret());
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const wire = parseWireClaims(payload);
  if (!wire || wire.e * 1000 <= (options.now ?? Date.now())) return null;
  return { key: wire.k, expiresAt: wire.e, filename: wire.f, contentType: wire.t, disposition: wire.d };
}

function parseWireClaims(payload: string): z.infer<typeof WireClaimsSchema> | null {
  try {
    const parsed = WireClaimsSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * One `bytes=` range (RFC 9110 §14.1.2): "a-b", "a-" or "-suffix". Multiple or
 * malformed ranges give null, meaning "send the whole object" (allowed by the
 * RFC, and what S3 does); a range that starts past the end is "unsatisfiable".
 */
export function parseRangeHeader(header: string | null, size: number): Required<ByteRange> | "unsatisfiable" | null {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return null; // invalid, so ignored (RFC 9110 §14.2)
  if (start >= size) return "unsatisfiable";
  return { start, end: last === "" ? size - 1 : Math.min(Number(last), size - 1) };
}

const INLINE_SAFE = /^(?:image\/(?:jpeg|png|webp|avif|gif)|video\/[a-z0-9.+-]+|audio\/[a-z0-9.+-]+|application\/pdf)\s*(?:;|$)/i;

function contentDisposition(claims: FileTokenClaims, contentType: string): string | null {
  const inlineSafe = INLINE_SAFE.test(contentType);
  if (inlineSafe && !claims.filename && !claims.disposition) return null;
  const wanted = claims.disposition ?? (claims.filename ? "attachment" : "inline");
  return buildContentDisposition(inlineSafe ? wanted : "attachment", claims.filename);
}

function notFound(): Response {
  return new Response("Not found", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}

/**
 * Answers GET/HEAD /files/<token>: 404 for a bad, expired or dangling token
 * (the same answer for all three), else the object with single-range support.
 */
export async function serveSignedFile(
  request: Request,
  token: string,
  options: { store: ObjectStore; now?: number; secret?: string },
): Promise<Response> {
  const now = options.now ?? Date.now();
  const claims = verifySignedFileToken(token, { now, secret: options.secret });
  if (!claims) return notFound();
  return serveStoredObject(request, {
    store: options.store,
    key: claims.key,
    contentType: claims.contentType,
    cacheControl: `private, max-age=${Math.max(0, Math.floor(claims.expiresAt - now / 1000))}`,
    disposition: (contentType) => contentDisposition(claims, contentType),
  });
}

/**
 * One object with single-range support (ETag, If-Range, 206/416), HEAD
 * included; 404 when it is gone. The authorisation is the caller's: signed
 * tokens above, the public gallery's visibility check (app/server/gallery/).
 */
export async function serveStoredObject(
  request: Request,
  options: { store: ObjectStore; key: string; contentType?: string; cacheControl: string; disposition?: (contentType: string) => string | null },
): Promise<Response> {
  const stat = await options.store.stat(options.key);
  if (!stat) return notFound();

  const contentType = options.contentType ?? stat.contentType;
  const headers = new Headers({
    "Content-Type": contentType,
    "Accept-Ranges": "bytes",
    "Cache-Control": options.cacheControl,
    "X-Content-Type-Options": "nosniff",
    ETag: `"${stat.etag}"`,
    "Last-Modified": stat.lastModified.toUTCString(),
  });
  const disposition = options.disposition?.(contentType);
  if (disposition) headers.set("Content-Disposition", disposition);
  if (request.headers.get("if-none-match") === `"${stat.etag}"` && !request.headers.get("range")) {
    return new Response(null, { status: 304, headers });
  }

  // If-Range: resume only the same version; a changed object is sent whole (RFC 9110 §13.1.5).
  const ifRange = request.headers.get("if-range");
  const range = ifRange && ifRange !== `"${stat.etag}"` ? null : parseRangeHeader(request.headers.get("range"), stat.size);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${stat.size}`);
    headers.set("Content-Length", "0");
    return new Response(null, { status: 416, headers });
  }
  if (range) headers.set("Content-Range", `bytes ${range.start}-${range.end}/${stat.size}`);
  headers.set("Content-Length", String(range ? range.end - range.start + 1 : stat.size));
  const status = range ? 206 : 200;
  if (request.method === "HEAD") return new Response(null, { status, headers });

  const body = await openBody(options.store, options.key, range);
  return body ? new Response(body, { status, headers }) : notFound();
}

/**
 * Pull-based: reads the next chunk only when the client has taken the last
 * one, so a slow phone downloading a video holds one chunk in memory, not the
 * file. (Readable.toWeb queues by chunk count, nodejs/node#47128.) Cancel
 * (client gone) closes the file.
 */
function toWebStream(readable: Readable): ReadableStream<Uint8Array> {
  const chunks = readable[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value as Buffer);
    },
    cancel() {
      readable.destroy();
    },
  });
}

/** Replaced or deleted between stat and get: treat as gone rather than fail with a 500. */
async function openBody(store: ObjectStore, key: string, range: ByteRange | null): Promise<ReadableStream | null> {
  try {
    return toWebStream(await store.get(key, range ?? undefined));
  } catch (error) {
    if (error instanceof ObjectNotFoundError || error instanceof InvalidRangeError) return null;
    throw error;
  }
}
