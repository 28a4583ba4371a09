// What the HTTP server refuses before Remix sees a request, over real sockets:
// bodies over the cap (declared, or counted as they stream, chunked too), cross-site
// Origins, and the HSTS header when cookies are Secure. The server is the real
// express app with the production Remix build and this file's own database.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureRemixBuild } from "../../scripts/lib/remix-build.ts";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import { MAX_REQUEST_BODY_BYTES, startHttpServer, type RunningHttpServer } from "~/server/platform/http.server.ts";
import type { Logger } from "~/server/platform/log.server.ts";
import { createOrgTree, createUser, type TestUser } from "../factories/index.ts";
import { anonymousBrowser } from "../factories/requests.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const MiB = 1024 * 1024;
/** How long a refusal may take to arrive; the old server never answered these at all. */
const ANSWER_WITHIN_MS = 15_000;

type LogLine = { level: "debug" | "info" | "warn" | "error"; message: string; data?: Record<string, unknown> };
const logged: LogLine[] = [];
const recordingLog: Logger = {
  debug: (message, data) => void logged.push({ level: "debug", message, data }),
  info: (message, data) => void logged.push({ level: "info", message, data }),
  warn: (message, data) => void logged.push({ level: "warn", message, data }),
  error: (message, data) => void logged.push({ level: "error", message, data }),
};

let server: RunningHttpServer;
/** Bytes the stand-in upload endpoint received per request, to show /uploads is not capped here. */
const uploadedBytes: number[] = [];
let student: TestUser;

beforeAll(async () => {
  await ensureRemixBuild(ROOT, () => {});
  student = await createUser({ role: "STUDENT", orgUnitId: (await createOrgTree()).classA.id });
  anonymousBrowser(); // sets SESSION_SECRET before the build's server code first reads it
  server = await startTestServer();
}, 300_000);

afterAll(async () => {
  await server?.close(1000);
});

function startTestServer(): Promise<RunningHttpServer> {
  return startHttpServer({
    mode: "production",
    host: "127.0.0.1",
    port: 0,
    trustProxy: "loopback",
    root: ROOT,
    healthCheck: async () => {},
    log: recordingLog,
    // tus streams its bodies itself, with its own per-file limit: the cap must not apply there.
    uploads: (req, res) => {
      let n = 0;
      req.on("data", (chunk: Buffer) => (n += chunk.length));
      req.on("end", () => {
        uploadedBytes.push(n);
        res.end(String(n));
      });
    },
  });
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

/**
 * One request on its own connection. `send` writes the body (or part of it, or
 * nothing); the promise resolves as soon as a whole response arrived, even
 * while `send` is still writing, and rejects if none arrives in time.
 */
function exchange(
  target: { port: number; path: string; method?: string; headers: Record<string, string | number> },
  send: (req: http.ClientRequest, answered: () => boolean) => Promise<void> | void,
): Promise<Answer & { closed: Promise<void>; bytesWritten: () => number }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({ host: "127.0.0.1", port: target.port, path: target.path, method: target.method ?? "POST", headers: target.headers, agent: false });
    const closed = new Promise<void>((r) => req.once("close", () => r()));
    let written = 0;
    req.once("socket", (socket) => socket.once("close", () => (written = socket.bytesWritten)));
    const bytesWritten = () => req.socket?.bytesWritten ?? written;
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`));
    }, ANSWER_WITHIN_MS);
    req.once("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.once("end", () => {
        answered = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, closed, bytesWritten });
      });
    });
    req.once("error", (err) => {
      if (answered) return;
      clearTimeout(timer);
      reject(err);
    });
    req.flushHeaders();
    void Promise.resolve(send(req, () => answered)).catch(() => {});
  });
}

/** Writes `chunk` until the server answers or hangs up, or `stopAt` bytes were sent (the server did not stop us). */
async function flood(req: http.ClientRequest, chunk: Buffer, stopAt: number, answered: () => boolean): Promise<void> {
  let sent = 0;
  while (!answered() && !req.destroyed && sent < stopAt) {
    sent += chunk.length;
    if (!req.write(chunk)) {
      await new Promise<void>((resolve) => {
        req.once("drain", resolve);
        req.once("close", resolve);
      });
    }
  }
}

function loginForm(fields: Record<string, string>) {
  const browser = anonymousBrowser();
  const body = new URLSearchParams({ redirectTo: "/home", csrf: browser.csrf, ...fields }).toString();
  const headers = {
    "Content-Type": "application/x-www-form-urlencoded",
    Cookie: browser.cookie,
    Origin: `http://127.0.0.1:${server.port}`,
  };
  return { body, headers };
}

describe("request bodies are capped before Remix reads them", () => {
  it("has a cap that holds the longest essay urlencoded, with room to spare", () => {
    // 20,000 字 (the essay fallback limit) × 3 bytes of UTF-8 × 3 for %XX escapes.
    expect(MAX_REQUEST_BODY_BYTES).toBeGreaterThanOrEqual(20_000 * 9 * 2);
    expect(MAX_REQUEST_BODY_BYTES).toBeLessThanOrEqual(2 * MiB);
  });

  it("refuses a declared 40 MiB body with 413 before reading a byte of it", async () => {
    const answer = await exchange(
      { port: server.port, path: "/login", headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": 40 * MiB } },
      () => {}, // headers only: an answer proves nothing was waited for
    );
    expect(answer.status).toBe(413);
    expect(answer.headers["content-type"]).toMatch(/^text\/plain/);
    expect(answer.text).toBe("提交的内容太大了，请删减一些再试。");
    expect(answer.headers.connection).toBe("close");
    await answer.closed;
  });

  it("counts a chunked body as it arrives: 413 as soon as it passes the cap, although it has not ended", async () => {
    const answer = await exchange(
      { port: server.port, path: "/login", headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" } },
      async (req) => {
        const piece = Buffer.alloc(64 * 1024, "a");
        for (let sent = 0; sent <= MAX_REQUEST_BODY_BYTES; sent += piece.length) req.write(piece);
        // ...and never end: only counting while it streams can answer this.
      },
    );
    expect(answer.status).toBe(413);
    expect(answer.text).toBe("提交的内容太大了，请删减一些再试。");
    await answer.closed; // the server hung up rather than wait for the rest
  });

  it("stops reading a chunked flood instead of draining it", async () => {
    const stopAt = 200 * MiB;
    let sent = 0;
    const outcome = await exchange(
      { port: server.port, path: "/login", headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" } },
      async (req, answered) => {
        await flood(req, Buffer.alloc(256 * 1024, "a"), stopAt, answered);
        sent = req.socket?.bytesWritten ?? sent;
      },
    ).then(
      (answer) => ({ answer, error: null }),
      // A client still sending when the server hangs up may see a reset before the 413 (see http.server.ts).
      (error: NodeJS.ErrnoException) => ({ answer: null, error }),
    );
    if (outcome.answer) {
      expect(outcome.answer.status).toBe(413);
      await outcome.answer.closed;
      sent = outcome.answer.bytesWritten();
    } else {
      expect(outcome.error?.code).toMatch(/^(ECONNRESET|EPIPE)$/);
    }
    // The cap plus what the kernels' socket buffers held when the server hung up.
    expect(sent).toBeLessThan(64 * MiB);
  });

  it("hands a body under the cap to Remix intact, chunked or not", async () => {
    const { body, headers } = loginForm({ identifier: student.username, password: student.password });
    const plain = await exchange({ port: server.port, path: "/login", headers: { ...headers, "Content-Length": Buffer.byteLength(body) } }, (req) => void req.end(body));
    expect(plain.status).toBe(302);
    expect(plain.headers.location).toBe("/home");

    const chunked = loginForm({ identifier: student.username, password: student.password });
    const streamed = await exchange({ port: server.port, path: "/login", headers: { ...chunked.headers, "Transfer-Encoding": "chunked" } }, (req) => {
      const half = Math.floor(chunked.body.length / 2);
      req.write(chunked.body.slice(0, half));
      req.end(chunked.body.slice(half));
    });
    expect(streamed.status).toBe(302);
    expect(String(streamed.headers["set-cookie"])).toMatch(/__session=/);
  });

  it("lets a body just under the cap through to the form's own checks", async () => {
    const { body, headers } = loginForm({ identifier: student.username, password: "p".repeat(MAX_REQUEST_BODY_BYTES - 4096) });
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_REQUEST_BODY_BYTES);
    const answer = await exchange({ port: server.port, path: "/login", headers: { ...headers, "Content-Length": Buffer.byteLength(body) } }, (req) => void req.end(body));
    expect(answer.status).toBe(400); // the login form's "too long", rendered by Remix
    expect(answer.text).toContain("输入的内容太长了");
  });

  it("leaves the upload endpoint's bodies alone (tus streams them with its own limits)", async () => {
    const size = 3 * MiB;
    const answer = await exchange({ port: server.port, path: "/uploads/x", method: "PATCH", headers: { "Transfer-Encoding": "chunked" } }, async (req) => {
      const piece = Buffer.alloc(MiB, "u");
      for (let i = 0; i < size / MiB; i++) req.write(piece);
      req.end();
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(String(size));
  });
});

describe("cross-site requests are refused before Remix's own check", () => {
  it("answers a foreign Origin and Origin: null with 403, a warning and no stack", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    logged.length = 0;
    try {
      for (const origin of ["https://evil.example", "null", "http://127.0.0.1:1", "not a url"]) {
        for (const route of ["/login", "/login.data", "/logout"]) {
          const { body, headers } = loginForm({ identifier: student.username, password: student.password });
          const answer = await exchange(
            { port: server.port, path: route, headers: { ...headers, Origin: origin, "Content-Length": Buffer.byteLength(body) } },
            (req) => void req.end(body),
          );
          expect(answer.status, `${origin} → ${route}`).toBe(403);
          expect(answer.headers["content-type"]).toMatch(/^text\/plain/);
          expect(answer.text).toBe("这个请求不是从本站页面发出的，已拒绝。请回到本站页面再试一次。");
        }
      }
      expect(consoleError).not.toHaveBeenCalled();
      expect(logged.filter((l) => l.level === "error")).toEqual([]);
      const warnings = logged.filter((l) => l.level === "warn");
      expect(warnings.length).toBeGreaterThan(0);
      expect(JSON.stringify(warnings)).not.toMatch(/\n\s+at /);
    } finally {
      consoleError.mockRestore();
    }
  });

  it("still serves a same-origin form post (the Origin matches the Host)", async () => {
    const { body, headers } = loginForm({ identifier: student.username, password: student.password });
    const answer = await exchange({ port: server.port, path: "/login", headers: { ...headers, "Content-Length": Buffer.byteLength(body) } }, (req) => void req.end(body));
    expect(answer.status).toBe(302);
  });
});

describe("Strict-Transport-Security", () => {
  it("is sent for a year with subdomains when cookies are Secure, and not over plain-http setups", async () => {
    const plain = await exchange({ port: server.port, path: "/healthz", method: "GET", headers: {} }, (req) => void req.end());
    expect(plain.headers["strict-transport-security"]).toBeUndefined();

    process.env.COOKIE_SECURE = "true";
    resetEnvForTests();
    const secure = await startTestServer();
    try {
      const answer = await exchange({ port: secure.port, path: "/healthz", method: "GET", headers: {} }, (req) => void req.end());
      expect(answer.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    } finally {
      delete process.env.COOKIE_SECURE;
      resetEnvForTests();
      await secure.close(1000);
    }
  });
});
