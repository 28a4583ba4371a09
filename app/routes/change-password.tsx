import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, CsrfInput, FormError, PageHeader, TextField } from "~/components/index.ts";
import { PASSWORD_MIN_LENGTH, type PasswordWeakness } from "~/domain/password-rules.ts";
import { pageTitle, t, translateErrors, useT, type MessageKey } from "~/i18n/index.ts";
import { changePassword, getClientIp, getLocale, requireAuth, retryAfterMessage, safeRedirect } from "~/server/auth/auth.server.ts";
import { parseSubmission } from "~/server/auth/csrf.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "password.title");

const WEAKNESS_MESSAGES: Record<PasswordWeakness, MessageKey> = {
  too_short: "password.error.tooShort",
  repeated: "password.error.weak.repeated",
  sequence: "password.error.weak.sequence",
  personal: "password.error.weak.personal",
  common: "password.error.weak.common",
};

const ChangePasswordForm = z
  .object({
    currentPassword: z.string().min(1, "password.error.currentRequired").max(256, "login.error.tooLong"),
    newPassword: z.string().min(PASSWORD_MIN_LENGTH, "password.error.tooShort").max(128, "password.error.tooLong"),
    confirmPassword: z.string(),
    redirectTo: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "password.error.mismatch" });

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAuth(request, { allowPasswordChange: true });
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"));
  return { required: user.mustChangePassword, redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireAuth(request, { allowPasswordChange: true });
  const submission = await parseSubmission(request, ChangePasswordForm);
  const locale = await getLocale(request);
  if (!submission.ok) {
    const fieldErrors = translateErrors(locale, submission.fieldErrors);
    return data({ fieldErrors, formError: null }, 400);
  }
  const result = await changePassword({
    userId: auth.user.id,
    sessionId: auth.sessionId,
    currentPassword: submission.data.currentPassword,
    newPassword: submission.data.newPassword,
    ip: getClientIp(context),
  });
  if (!result.ok && result.error === "rate_limited") {
    return data(
      { fieldErrors: {}, formError: retryAfterMessage(locale, result.retryAfterSeconds) },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  if (!result.ok) {
    const [field, key]: [string, MessageKey] =
      result.error === "wrong_current"
        ? ["currentPassword", "password.error.wrongCurrent"]
        : result.error === "weak"
          ? ["newPassword", WEAKNESS_MESSAGES[result.weakness]]
          : ["newPassword", "password.error.same"];
    return data({ fieldErrors: { [field]: t(locale, key) }, formError: null }, 400);
  }
  return redirect(safeRedirect(submission.data.redirectTo));
}

export default function ChangePasswordPage() {
  const { required, redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const t = useT();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="mx-auto max-w-md">
      <PageHeader title={t("password.title")} subtitle={t(required ? "password.introRequired" : "password.intro")} />
      <Card>
        <Form method="post" replace className="space-y-5">
          <CsrfInput />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <FormError message={actionData?.formError} />
          <TextField
            label={t("password.current")}
            hint={required ? t("password.currentHint") : undefined}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            error={errors.currentPassword}
          />
          <TextField
            label={t("password.new")}
            hint={t("password.newHint")}
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            maxLength={128}
            error={errors.newPassword}
          />
          <TextField
            label={t("password.confirm")}
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN_LENGTH}
            maxLength={128}
            error={errors.confirmPassword}
          />
          <Button block disabled={submitting}>
            {submitting ? t("password.submitting") : t("password.submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
