import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { logout } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";

/**
 * POST only (with the CSRF token): a link or an <img> cannot sign anyone out.
 * Families share phones: signing out also asks the browser to drop this
 * site's storage (essay drafts kept while typing, upload resume points) and
 * its cache (pages and files shown to the child), so the next person on the
 * phone starts clean. Not "cookies": the session row is already gone and its
 * cookie is cleared below.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  await parseForm(request);
  const cookie = await logout(request, context);
  return redirect("/login", { headers: { "Set-Cookie": cookie, "Clear-Site-Data": '"cache", "storage"' } });
}

export async function loader() {
  return redirect("/home");
}
