// The HTTP server: express in front of Remix. One file owns what sits
// between the socket and the Remix request handler: security headers and the
// CSP nonce, static files, /healthz, the /uploads seam, graceful close.
// In development the Vite dev server runs inside it as middleware.
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import type { Logger } from "./log.server.ts";

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
  // Seam: the tus upload endpoint (a later issue) mounts here.
  if (options.uploads) app.use("/uploads", options.uploads);

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

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: options.mode,
      getLoadContext: (req, res) => ({ cspNonce: String(res.locals.cspNonce), clientIp: req.ip ?? null }),
    }),
  );
  app.use(errorHandler(options.log));
  return { app, closeDev };
}

function securityHeaders(options: HttpServerOptions): RequestHandler {
  const others = (options.extraOrigins ?? []).join(" ");
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
    res.status(500).type("text/plain; charset=utf-8").send("服务器出错了，请稍后再试。");
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
