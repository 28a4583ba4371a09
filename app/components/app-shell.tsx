import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/index.ts";
import { CsrfInput } from "./csrf-input.tsx";

export type ShellUser = { displayName: string } | null;

/** Top bar (product name, who is signed in, sign out) and a phone-width column. */
export function AppShell({ user, children }: { user: ShellUser; children: ReactNode }) {
  const t = useT();
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="bg-brand-700 text-white">
        <div className="mx-auto flex min-h-14 max-w-screen-md items-center gap-3 px-4">
          <Link to={user ? "/home" : "/"} className="flex min-h-11 items-center text-xl font-bold tracking-wide">
            {t("app.name")}
          </Link>
          {user ? (
            <div className="ml-auto flex min-w-0 items-center gap-2">
              <span className="truncate text-base" title={t("nav.signedInAs", { name: user.displayName })}>
                {user.displayName}
              </span>
              <Form method="post" action="/logout">
                <CsrfInput />
                <button
                  type="submit"
                  className="min-h-11 whitespace-nowrap rounded-lg px-3 text-base font-semibold underline underline-offset-4 hover:bg-brand-800"
                >
                  {t("nav.logout")}
                </button>
              </Form>
            </div>
          ) : null}
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-screen-md flex-1 px-4 pb-10 pt-5">
        {children}
      </main>
    </div>
  );
}
