// The HTTP server: express in front of Remix. One file owns what sits
// between the socket and the Remix request handler: security headers and the
// CSP nonce, static files, /healthz, the /uploads seam, refusing cross-site
// requests and oversized bodies before Remix, graceful close.
// In development the Vite dev server runs inside it as middleware.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import { resolveLocale, t, type MessageKey } from "~/i18n/t.ts";
import type { Logger } from "./log.server.ts";
import { cookieSecure } from "~/server/auth/session.server.ts";
import { publicPageCache } from "~/server/gallery/page-cache.server.ts";

/**
 * The most any request outside /uploads may send, in bytes. The largest form
 * is an entry with its essay: 20,000 字 (ENTRY_TEXT_FALLBACK_MAX; the presets
 * allow 3,000 and 5,000) is 60 KB of UTF-8 and about 180 KB urlencoded (each
 * 字 becomes %E5%AD%97). 1 MiB is five times that, and bounds what one request
 * can make the server hold: the body is buffered up to here before Remix runs.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

declare module "@remix-run/node" {
  interface AppLoadContext {
    /**
     * This response's CSP nonce. Root and entry.server pass it to <Scripts>,
     * <ScrollRestoration> and <RemixServer> (their `nonce` prop); inline
     * scripts without it are refused by the browser in production.
     */
    cspNonce?: string;
    /** The client address as express sees it (req.ip, honouring TRUST_PROXY); read by getClientIp. */
    clientIp?: string | null;
  }
}

export interface HttpServerOptions {
  mode: "production" | "development";
  host: string;
  port: number;
  /** Express "trust proxy": "true", "false", a hop count, or addresses ("loopback", "10.0.0.0/8"). */
  trustProxy: string;
  /** Project root: holds build/ (production) and vite.config.ts (development). */
  root: string;
  /** Resolves when the database answers; /healthz answers 503 otherwise. */
  healthCheck: () => Promise<void>;
  /** Origins besides 'self' that pages load media from or send to (the S3 endpoint for signed URLs). */
  extraOrigins?: string[];
  /**
   * Seam for the resumable upload endpoint (tus): mounted at /uploads before
   * Remix and before any body parsing, since tus streams the request body.
   */
  uploads?: RequestHandler;
  /** Send Strict-Transport-Security; default: when cookies are Secure (the site is served over HTTPS). */
  hsts?: boolean;
  log: Logger;
}

export interface RunningHttpServer {
  /** http://localhost:<port> (the port really bound, also when 0 was asked for). */
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish (up to `timeoutMs`), then drops the rest. */
  close(timeoutMs?: number): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { app, closeDev } = await createApp(options);
  const server = await listen(app, options.host, options.port);
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    port,
    close: (timeoutMs = 10_000) => closeServer(server, sockets, timeoutMs).finally(closeDev),
  };
}

async function createApp(options: HttpServerOptions) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", parseTrustProxy(options.trustProxy));
  app.use(securityHeaders(options));

  app.get("/healthz", healthz(options));
  // Seam: the tus upload endpoint mounts here, before the body cap: tus streams
  // its bodies to the store and enforces each file's declared size itself.
  if (options.uploads) app.use("/uploads", options.uploads);
  app.use(refuseCrossSiteRequests(options.log));
  app.use(limitRequestBodies({ maxBytes: MAX_REQUEST_BODY_BYTES, log: options.log }));

  let closeDev = async () => {};
  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (options.mode === "development") {
    const vite = await import("vite").then((v) =>
      v.createServer({ root: options.root, server: { middlewareMode: true }, appType: "custom" }),
    );
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    closeDev = () => vite.close();
  } else {
    const buildDir = path.join(options.root, "build");
    // Fingerprinted file names: safe to cache for a year.
    app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y", index: false }));
    app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", index: false }));
    build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  }

  // Anonymous visitors' gallery pages, kept a few seconds (WeChat-group bursts); production only.
  if (options.mode === "production") app.use(publicPageCache());
  app.all(
    "*",
    withBufferedBody(
      createRequestHandler({
        build,
        mode: options.mode,
        getLoadContext: (req, res) => ({ cspNonce: String(res.locals.cspNonce), clientIp: req.ip ?? null, publicPage: res.locals.publicPage }),
      }),
    ),
  );
  app.use(errorHandler(options.log));
  return { app, closeDev };
}

function securityHeaders(options: HttpServerOptions): RequestHandler {
  const others = (options.extraOrigins ?? []).join(" ");
  const hsts = options.hsts ?? cookieSecure();
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    // Old in-app browsers (WeChat's X5 engine) honour this rather than frame-ancestors.
    res.setHeader("X-Frame-Options", "SAMEORIGIN");
    res.setHeader("Permissions-Policy", "geolocation=(), payment=(), usb=(), interest-cohort=()");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    // Development: Vite's HMR client and React refresh inject scripts and a websocket; no CSP there.
    if (options.mode === "production") res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, others));
    // Secure cookies mean HTTPS in front: tell browsers never to try plain http
    // (a first request over it could be intercepted on a school or hotel Wi-Fi).
    if (hsts) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    next();
  };
}

/**
 * Remix's inline scripts (hydration context, module loader, streamed data)
 * carry the per-response nonce; module files come from 'self'. Styles allow
 * inline because React style attributes are common and harmless next to a
 * strict script-src.
 */
export function contentSecurityPolicy(nonce: string, otherOrigins = ""): string {
  const media = ["'self'", "data:", "blob:", otherOrigins].filter(Boolean).join(" ");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    `img-src ${media}`,
    `media-src ${media}`,
    `connect-src ${["'self'", otherOrigins].filter(Boolean).join(" ")}`,
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join("; ");
}

// ---------------------------------------------------------------------------
// Refusals before Remix: short plain-text answers from the catalog, a warning
// log line, no stack.
// ---------------------------------------------------------------------------

function refuse(req: Request, res: Response, status: number, key: MessageKey): void {
  const locale = resolveLocale({ acceptLanguage: req.get("Accept-Language") ?? null });
  res.status(status).setHeader("Cache-Control", "no-store");
  res.type("text/plain; charset=utf-8").send(t(locale, key));
}

/**
 * Remix checks the Origin of every action itself (POST, PUT, PATCH and DELETE
 * of a page; any method but GET of a single-fetch ".data" URL), comparing its
 * host with X-Forwarded-Host or Host, and refuses a mismatch (or "Origin:
 * null", remix-run/remix#11033) by THROWING: a 500 and a stack at error level
 * for an ordinary cross-site form post. The same comparison is made here first,
 * for every method but GET, and answered 403 with a warning, so nothing that
 * passes here trips Remix's check. The CSRF token (csrf.server.ts) stays the
 * real guard.
 */
function refuseCrossSiteRequests(log: Logger): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (req.method === "GET" || origin === undefined) return next();
    const remixHost = req.get("X-Forwarded-Host")?.split(",")[0]?.trim() || req.get("Host");
    if (remixHost && hostOf(origin) === remixHost) return next();
    log.warn("refused a cross-site request", { method: req.method, path: req.path, origin: origin.slice(0, 200), ip: req.ip });
    refuse(req, res, 403, "http.error.crossSite");
  };
}

function hostOf(origin: string): string | null {
  try {
    return origin === "null" ? null : new URL(origin).host;
  } catch {
    return null;
  }
}

/** Request bodies read (under the cap) by limitRequestBodies, for withBufferedBody to hand to Remix. */
const bufferedBodies = new WeakMap<IncomingMessage, Buffer>();

function hasBody(req: IncomingMessage): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

/**
 * Caps every body that reaches this point (everything but /uploads) at
 * `maxBytes`, counting bytes as they arrive, chunked or not: a declared
 * Content-Length over the cap is refused before a byte is read; otherwise the
 * body is read into memory and refused the moment it passes the cap.
 *
 * A refusal answers 413 and then DESTROYS the connection rather than drain
 * the rest (Connection: close: Node ends the socket once the answer is
 * written). Draining would let a sender keep the server busy for as long as it
 * likes (40 MiB, or a chunked body that never ends) for a body no page of
 * ours sends. The price: a client still sending when the socket closes may see
 * a connection reset instead of the 413.
 *
 * Buffering before Remix (rather than counting while Remix reads) means Remix
 * never starts on a body that will be refused, so the answer is always this
 * 413, never a half-run action.
 */
function limitRequestBodies(options: { maxBytes: number; log: Logger }): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req)) return next();
    const tooLarge = (bytes: number, declared: boolean) => {
      options.log.warn("refused a request body over the cap", { method: req.method, path: req.path, bytes, declared, ip: req.ip });
      res.setHeader("Connection", "close");
      refuse(req, res, 413, "http.error.bodyTooLarge");
    };
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > options.maxBytes) return tooLarge(declared, true);

    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      req.off("data", onData).off("end", onEnd).off("error", stop).off("close", stop);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= options.maxBytes) return void chunks.push(chunk);
      stop();
      req.pause();
      chunks.length = 0;
      tooLarge(received, false);
    };
    const onEnd = () => {
      stop();
      bufferedBodies.set(req, Buffer.concat(chunks, received));
      next();
    };
    // "error" / "close" before "end": the client went away; there is no one to answer.
    req.on("data", onData).once("end", onEnd).once("error", stop).once("close", stop);
  };
}

/**
 * Remix's express adapter reads the body from the express request itself
 * (createReadableStreamFromReadable(req) in @remix-run/express), and
 * limitRequestBodies has already read that stream. So Remix gets a view of the
 * request whose stream members (on, once, pause, resume, destroy, readable …)
 * belong to a fresh stream over the bytes read, while everything else
 * (headers, get(), hostname, protocol, ip …) is the request's own.
 */
function withBufferedBody(handler: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const body = bufferedBodies.get(req);
    if (!body) return handler(req, res, next);
    const stream = Readable.from(body.length > 0 ? [body] : [], { objectMode: false });
    const view = new Proxy(req, {
      get(target, prop) {
        if (!(prop in stream)) return Reflect.get(target, prop);
        const value: unknown = Reflect.get(stream, prop);
        return typeof value === "function" ? value.bind(stream) : value;
      },
    });
    return handler(view, res, next);
  };
}

function healthz(options: HttpServerOptions): RequestHandler {
  return async (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    try {
      await withTimeout(options.healthCheck(), 3000);
      res.json({ ok: true });
    } catch (err) {
      options.log.warn("health check failed", { error: err instanceof Error ? err.message : String(err) });
      res.status(503).json({ ok: false });
    }
  };
}

function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    log.error("unhandled error", { path: req.path, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    if (res.headersSent) return next(err);
    refuse(req, res, 500, "http.error.server");
  };
}

export function parseTrustProxy(value: string): boolean | number | string {
  if (value === "true") return true;
  if (value === "false" || value === "") return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

function listen(app: express.Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}

async function closeServer(server: Server, sockets: Set<Socket>, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => {
    for (const socket of sockets) socket.destroy();
  }, timeoutMs);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}
