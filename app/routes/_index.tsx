import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/server/auth/auth.server.ts";

/** The front door: signed in → /home, else → /login. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return redirect(user ? "/home" : "/login");
}
