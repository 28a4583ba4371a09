// Errors of JSON endpoints (the entry page's status poll, and the like) as
// JSON: a fetch() on a phone must get words it can show, never Remix's HTML
// error page or a stack trace. A database that is away (restarting,
// unreachable) is a 503 with Retry-After, which the page's poll backs off on.
import { t, type Locale } from "~/i18n/t.ts";
import { isDatabaseUnavailable } from "~/server/db/db.server.ts";
import type { Logger } from "./log.server.ts";
import { describeError, errorFields } from "./log.server.ts";

const NO_STORE = { "Cache-Control": "no-store" };

export function jsonErrorResponse(error: unknown, o: { locale: Locale; log: Logger; what: string }): Response {
  // A thrown Response (notFound(), a redirect) is already the answer.
  if (error instanceof Response) return error;
  if (isDatabaseUnavailable(error)) {
    // Not a bug: the database is restarting or unreachable. Its words are enough; the stack says nothing.
    o.log.warn(`${o.what}: the database is not reachable`, { error: describeError(error) });
    return Response.json(
      { error: "database_unavailable", message: t(o.locale, "error.databaseUnavailable") },
      { status: 503, headers: { ...NO_STORE, "Retry-After": "5" } },
    );
  }
  o.log.error(`${o.what} failed`, errorFields(error));
  return Response.json({ error: "internal", message: t(o.locale, "error.internal") }, { status: 500, headers: NO_STORE });
}
