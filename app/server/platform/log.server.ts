// Minimal structured logger (one JSON line per event in production, readable
// lines in development). Every server module logs through this.
import { getEnv } from "./env.server.ts";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function emit(level: Level, scope: string, message: string, data?: Record<string, unknown>): void {
  const env = getEnv();
  if (ORDER[level] < ORDER[env.LOG_LEVEL]) return;
  const json = env.LOG_FORMAT ? env.LOG_FORMAT === "json" : env.NODE_ENV === "production";
  const line =
    json
      ? JSON.stringify({ t: new Date().toISOString(), level, scope, message, ...data })
      : `[${scope}] ${message}${data ? " " + JSON.stringify(data) : ""}`;
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

export function createLogger(scope: string) {
  return {
    debug: (m: string, d?: Record<string, unknown>) => emit("debug", scope, m, d),
    info: (m: string, d?: Record<string, unknown>) => emit("info", scope, m, d),
    warn: (m: string, d?: Record<string, unknown>) => emit("warn", scope, m, d),
    error: (m: string, d?: Record<string, unknown>) => emit("error", scope, m, d),
  };
}

export type Logger = ReturnType<typeof createLogger>;

/** An error in one line, whatever was thrown: Error, a plain object with a message (pg-boss emits those), anything. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (err && typeof err === "object" && "message" in err) return String((err as { message: unknown }).message);
  return typeof err === "object" ? JSON.stringify(err) : String(err);
}

/** An error as log fields: its words, its stack and its cause, whatever shape it has (never "[object Object]"). */
export function errorFields(err: unknown): { error: string; stack?: string; cause?: string } {
  const stack = err && typeof err === "object" && "stack" in err && typeof err.stack === "string" ? err.stack : undefined;
  const cause = err instanceof Error && err.cause !== undefined ? describeError(err.cause) : undefined;
  return { error: describeError(err), ...(stack ? { stack } : {}), ...(cause ? { cause } : {}) };
}
