import { useRouteLoaderData } from "@remix-run/react";

/** The hidden CSRF field every mutating form carries (token from the root loader). */
export function CsrfInput() {
  const data = useRouteLoaderData("root") as { csrfToken?: string } | undefined;
  return <input type="hidden" name="csrf" value={data?.csrfToken ?? ""} />;
}
