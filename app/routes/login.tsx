import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, CsrfInput, FormError, PageHeader, TextField } from "~/components/index.ts";
import { pageTitle, t, translateErrors, useT } from "~/i18n/index.ts";
import { getClientIp, getLocale, getUser, login, retryAfterMessage, safeRedirect } from "~/server/auth/auth.server.ts";
import { parseSubmission } from "~/server/auth/csrf.server.ts";
import { SESSION_COOKIE, readCookie } from "~/server/auth/session.server.ts";
import { initialPasswordRetry } from "~/server/people/first-login.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

const LoginForm = z.object({
  identifier: z.string().trim().min(1, "login.error.identifierRequired").max(100, "login.error.tooLong"),
  password: z.string().min(1, "login.error.passwordRequired").max(256, "login.error.tooLong"),
  redirectTo: z.string(),
});

/** ?username= from a login slip's QR code (never the password: URLs end up in logs and histories). */
function prefilledUsername(url: URL): string {
  const value = url.searchParams.get("username") ?? "";
  return value.length <= 100 && !/[\p{Cc}\p{Cs}\uFFFD]/u.test(value) ? value.trim() : "";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"));
  if (await getUser(request)) throw redirect(redirectTo);
  return { redirectTo, username: prefilledUsername(url) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await parseSubmission(request, LoginForm);
  const locale = await getLocale(request);
  const identifier = String(submission.formData.get("identifier") ?? "");
  if (!submission.ok) {
    const fieldErrors = translateErrors(locale, submission.fieldErrors);
    return data({ formError: null, fieldErrors, identifier }, 400);
  }
  const attempt = (password: string) =>
    login({
      identifier: submission.data.identifier,
      password,
      ip: getClientIp(context),
      userAgent: request.headers.get("User-Agent"),
      previousToken: readCookie(request, SESSION_COOKIE),
    });
  let result = await attempt(submission.data.password);
  // A printed initial password copied with a space, a capital or full-width letters: once more, normalised.
  if (!result.ok && result.error === "invalid") {
    const retry = await initialPasswordRetry(submission.data.identifier, submission.data.password);
    if (retry !== null) result = await attempt(retry);
  }
  if (!result.ok && result.error === "rate_limited") {
    return data(
      { formError: retryAfterMessage(locale, result.retryAfterSeconds), fieldErrors: {}, identifier },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  if (!result.ok && result.error === "bad_characters") {
    return data({ formError: null, fieldErrors: { identifier: t(locale, "login.error.badCharacters") }, identifier: "" }, 400);
  }
  if (!result.ok) {
    // Same words whether the account exists or not; "disabled" only after a correct password.
    const formError = t(locale, result.error === "disabled" ? "login.error.disabled" : "login.error.invalid");
    return data({ formError, fieldErrors: {}, identifier }, result.error === "disabled" ? 403 : 400);
  }
  const next = safeRedirect(submission.data.redirectTo);
  const to = result.mustChangePassword ? `/change-password?redirectTo=${encodeURIComponent(next)}` : next;
  return redirect(to, { headers: { "Set-Cookie": result.setCookie } });
}

export default function LoginPage() {
  const { redirectTo, username } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const t = useT();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={t("login.title")} subtitle={t("app.tagline")} />
      <Card>
        <Form method="post" replace className="space-y-5">
          <CsrfInput />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <p className="text-lg">{t("login.intro")}</p>
          <FormError message={actionData?.formError} />
          <TextField
            label={t("login.identifier")}
            name="identifier"
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            required
            maxLength={100}
            defaultValue={actionData?.identifier ?? username}
            error={errors.identifier}
          />
          <TextField
            label={t("login.password")}
            name="password"
            type="password"
            // From a slip's QR code the username is filled in: the password is what is left to type.
            autoFocus={username !== "" && !actionData}
            autoComplete="current-password"
            required
            maxLength={256}
            error={errors.password}
          />
          <Button block disabled={submitting}>
            {submitting ? t("login.submitting") : t("login.submit")}
          </Button>
        </Form>
      </Card>
      <p className="mt-5 text-base text-slate-700">{t("login.help")}</p>
    </div>
  );
}
