import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, CsrfInput, FormError, PageHeader, TextField } from "~/components/index.ts";
import { pageTitle, t, translateErrors, useT } from "~/i18n/index.ts";
import { changePassword, getClientIp, getLocale, requireAuth, safeRedirect } from "~/server/auth.server.ts";
import { parseSubmission } from "~/server/csrf.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "password.title");

const MIN_PASSWORD_LENGTH = 8;

const ChangePasswordForm = z
  .object({
    currentPassword: z.string().min(1, "password.error.currentRequired").max(256, "login.error.tooLong"),
    newPassword: z.string().min(MIN_PASSWORD_LENGTH, "password.error.tooShort").max(128, "password.error.tooLong"),
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
  if (!result.ok) {
    const key = result.error === "wrong_current" ? "password.error.wrongCurrent" : "password.error.same";
    const field = result.error === "wrong_current" ? "currentPassword" : "newPassword";
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
            minLength={MIN_PASSWORD_LENGTH}
            maxLength={128}
            error={errors.newPassword}
          />
          <TextField
            label={t("password.confirm")}
            name="confirmPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
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
