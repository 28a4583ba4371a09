// GET /entries/:entryId/status: the entry's files as JSON, for the entry
// page's polling (every 2 s while something is processing). Same access rule
// as the page; anything else, including no session, is a plain 404 (a fetch
// must not be redirected to the login page's HTML). Links are to renditions
// only, short-lived; never an original's key or link.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/t.ts";
import { getLocale, getUser } from "~/server/auth/auth.server.ts";
import { getEntryFileStatus } from "~/server/entries/entry-queries.server.ts";
import { jsonErrorResponse } from "~/server/platform/json-errors.server.ts";
import { createLogger } from "~/server/platform/log.server.ts";

const log = createLogger("entry-status");

// Status changes by the second and the links are signed per request: nothing may cache it.
const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  let locale: Locale = DEFAULT_LOCALE;
  try {
    const user = await getUser(request);
    locale = await getLocale(request);
    const status = user ? await getEntryFileStatus({ entryId: params.entryId ?? "", viewerId: user.id, locale }) : null;
    if (!status) return Response.json({ error: "not_found" }, { status: 404, headers: NO_STORE });
    return Response.json(status, { headers: NO_STORE });
  } catch (error) {
    // JSON for the page's poll, also when the database is away (503, it backs off and tries again).
    return jsonErrorResponse(error, { locale, log, what: "entry status" });
  }
}
