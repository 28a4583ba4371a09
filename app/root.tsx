import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { AppShell, EmptyState, LinkButton } from "~/components/index.ts";
import { useNonce } from "~/components/nonce.tsx";
import { getAuth } from "./server/auth/auth.server.ts";
import { issueCsrfToken } from "./server/auth/csrf.server.ts";
import { noteCsrfToken } from "./server/gallery/page-cache.server.ts";
import { SESSION_COOKIE, clearSessionCookie, readCookie } from "./server/auth/session.server.ts";
import { DEFAULT_LOCALE, isLocale, resolveLocale, t, useT, type MessageKey } from "~/i18n/index.ts";
import stylesheet from "~/styles/app.css?url";

const THEME_COLOR = "#b91c1c";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  // No favicon file yet: an empty data URL stops every page view from asking for /favicon.ico.
  { rel: "icon", href: "data:," },
];

export const meta: MetaFunction<typeof loader> = ({ data: rootData }) => {
  const locale = isLocale(rootData?.locale) ? rootData.locale : DEFAULT_LOCALE;
  return [{ title: t(locale, "app.name") }, { name: "description", content: t(locale, "app.description") }];
};

/**
 * Pages carry personal data and CSRF tokens: never stored by a shared cache or
 * shown again from the back-forward cache of a shared family phone.
 * (Public pages such as galleries can export their own `headers`.)
 */
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/** Everything every page needs: locale, the CSRF token for forms, who is signed in. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth(request);
  const csrf = issueCsrfToken(request, { signedIn: auth !== null });
  // A public gallery page kept by the page cache gets this token replaced on every hit.
  noteCsrfToken(context, csrf.token);
  const headers = new Headers();
  if (csrf.setCookie) headers.append("Set-Cookie", csrf.setCookie);
  if (auth?.refreshCookie) headers.append("Set-Cookie", auth.refreshCookie);
  // A cookie for a session that is gone (expired, signed out elsewhere): drop it.
  if (!auth && readCookie(request, SESSION_COOKIE)) headers.append("Set-Cookie", clearSessionCookie());
  const locale = resolveLocale({ userLocale: auth?.user.locale, acceptLanguage: request.headers.get("Accept-Language") });
  return data(
    { locale, csrfToken: csrf.token, user: auth ? { displayName: auth.user.displayName } : null },
    { headers },
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const rootData = useRouteLoaderData<typeof loader>("root");
  const locale = isLocale(rootData?.locale) ? rootData.locale : DEFAULT_LOCALE;
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content={THEME_COLOR} />
        {/* Usernames and class numbers must not turn into phone links. */}
        <meta name="format-detection" content="telephone=no" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const rootData = useRouteLoaderData<typeof loader>("root");
  return (
    <AppShell user={rootData?.user ?? null}>
      <Outlet />
    </AppShell>
  );
}

function errorMessages(error: unknown): { title: MessageKey; body: MessageKey } {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status === 404) return { title: "error.notFound.title", body: "error.notFound.body" };
  if (status === 403) return { title: "error.forbidden.title", body: "error.forbidden.body" };
  if (status === 429) return { title: "error.rateLimited.title", body: "error.rateLimited.body" };
  return { title: "error.generic.title", body: "error.generic.body" };
}

/** Friendly words for people; the detail only while developing (never a stack trace in production). */
export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const rootData = useRouteLoaderData<typeof loader>("root");
  const { title, body } = errorMessages(error);
  const detail = import.meta.env.DEV && error instanceof Error ? error.message : null;
  return (
    <AppShell user={rootData?.user ?? null}>
      <EmptyState title={t(title)} body={t(body)}>
        <LinkButton to="/" reloadDocument>
          {t("error.backHome")}
        </LinkButton>
      </EmptyState>
      {detail ? <pre className="mt-6 whitespace-pre-wrap text-sm text-slate-600">{detail}</pre> : null}
    </AppShell>
  );
}
