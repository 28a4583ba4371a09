// The county's staff (/admin/people): appoint a coordinator, teacher or
// judge by phone (the account is created when nobody has the number; its
// initial password is shown once), then the list with password resets,
// disabling and removing a role. UI only.
import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Button, Card, CsrfInput, LinkButton, PageHeader, SectionTitle, StatusBadge, TextField } from "~/components/index.ts";
import { APPOINTABLE_ROLES, type AppointableRole } from "~/domain/people/forms.ts";
import { useT, type MessageKey } from "~/i18n/index.ts";
import type { PeopleActionResult, PeopleView, PersonRow } from "~/view-models/people.ts";
import { groupedPassword } from "./messages.ts";
import { Banner, SelectField } from "./ui.tsx";

const ROLES = Object.keys(APPOINTABLE_ROLES) as AppointableRole[];

export function PeopleViewPage({ view, result }: { view: PeopleView; result: PeopleActionResult | null }) {
  const t = useT();
  return (
    <div className="space-y-5">
      <PageHeader title={t("people.title")} subtitle={view.countyName} />
      {result ? <ResultBanner result={result} /> : null}
      {/* A new key after each appointment empties the form for the next person. */}
      <AppointForm key={result?.ok && result.kind === "appointed" ? `${result.name}-${result.unitName}-${result.role}` : "appoint"} view={view} />
      <SectionTitle>{t("people.list.title")}</SectionTitle>
      <Form method="get" className="flex gap-2">
        <div className="flex-1">
          <TextField label={t("people.search")} name="q" defaultValue={view.query} maxLength={40} />
        </div>
        <Button variant="secondary" className="self-end">
          {t("people.searchButton")}
        </Button>
      </Form>
      {view.people.length === 0 ? <p className="text-lg text-slate-700">{t("people.list.empty")}</p> : null}
      <ul className="space-y-3">
        {view.people.map((p) => (
          <PersonCard key={p.userId} person={p} />
        ))}
      </ul>
      {view.truncated ? <p className="text-base text-slate-700">{t("people.list.truncated")}</p> : null}
      <LinkButton to="/admin/org" variant="secondary" block>
        {t("people.toOrg")}
      </LinkButton>
    </div>
  );
}

function ResultBanner({ result }: { result: PeopleActionResult }) {
  const t = useT();
  if (!result.ok) return <Banner tone="danger">{result.message}</Banner>;
  switch (result.kind) {
    case "appointed":
      return (
        <Banner tone="success" title={t("people.appointed", { name: result.name, role: t(`role.${result.role}` as MessageKey), unit: result.unitName })}>
          {result.created ? <NewPassword username={result.created.username} password={result.created.password} /> : <p>{t("people.appointedExisting")}</p>}
        </Banner>
      );
    case "password_reset":
      return (
        <Banner tone="success" title={t("people.passwordReset", { name: result.name })}>
          <NewPassword username={result.username} password={result.password} />
        </Banner>
      );
    default:
      return <Banner tone="success">{t(`people.done.${result.kind}` as MessageKey, { name: result.name })}</Banner>;
  }
}

function NewPassword({ username, password }: { username: string; password: string }) {
  const t = useT();
  return (
    <>
      <p>{t("people.newAccount", { username })}</p>
      <p className="font-mono text-2xl font-bold tracking-widest">{groupedPassword(password)}</p>
      <p>{t("people.onceOnly")}</p>
    </>
  );
}

function AppointForm({ view }: { view: PeopleView }) {
  const t = useT();
  const [role, setRole] = useState<AppointableRole>("TEACHER");
  const busy = useNavigation().state === "submitting";
  const units = view.units[role];
  return (
    <Card className="space-y-4">
      <h2 className="text-xl font-bold">{t("people.appoint.title")}</h2>
      <p className="text-lg">{t("people.appoint.intro")}</p>
      <Form method="post" className="space-y-4">
        <CsrfInput />
        <input type="hidden" name="intent" value="appoint" />
        <SelectField label={t("people.appoint.role")} name="role" value={role} onChange={(v) => setRole(v as AppointableRole)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}` as MessageKey)}
            </option>
          ))}
        </SelectField>
        <SelectField key={role} label={t(`people.appoint.unit.${role}` as MessageKey)} name="unitId" required defaultValue={units.length === 1 ? units[0]?.id : ""}>
          <option value="" disabled>
            {t("org.choose")}
          </option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.label}
            </option>
          ))}
        </SelectField>
        <TextField label={t("people.appoint.phone")} name="phone" type="tel" inputMode="tel" required maxLength={20} />
        <TextField label={t("people.appoint.name")} hint={t("people.appoint.nameHint")} name="displayName" maxLength={20} />
        <Button block disabled={busy}>
          {t("people.appoint.submit")}
        </Button>
      </Form>
    </Card>
  );
}

function ActionButton({ intent, fields, label, variant = "secondary" }: { intent: string; fields: Record<string, string>; label: string; variant?: "secondary" | "danger" | "quiet" }) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" preventScrollReset>
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <Button variant={variant} disabled={busy}>
        {label}
      </Button>
    </Form>
  );
}

function PersonCard({ person }: { person: PersonRow }) {
  const t = useT();
  return (
    <Card as="li" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-lg font-bold">{person.name}</h3>
        {!person.active ? <StatusBadge tone="warning">{t("roster.disabled")}</StatusBadge> : null}
        {person.mustChangePassword ? <StatusBadge tone="info">{t("people.mustChange")}</StatusBadge> : null}
      </div>
      <p className="text-base text-slate-700">{[person.phone, t("roster.username", { username: person.username })].filter(Boolean).join(" · ")}</p>
      <ul className="space-y-1">
        {person.roles.map((r) => (
          <li key={r.assignmentId} className="flex flex-wrap items-center justify-between gap-2 text-base">
            <span>
              {t(`role.${r.role}` as MessageKey)} · {r.unitName}
            </span>
            {person.manageable && (ROLES as string[]).includes(r.role) ? (
              <ActionButton intent="remove-role" fields={{ assignmentId: r.assignmentId }} label={t("people.removeRole")} variant="quiet" />
            ) : null}
          </li>
        ))}
      </ul>
      {person.manageable ? (
        <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-2">
          <ActionButton intent="reset" fields={{ userId: person.userId }} label={t("people.reset")} />
          {person.active ? (
            <ActionButton intent="disable" fields={{ userId: person.userId }} label={t("people.disable")} variant="danger" />
          ) : (
            <ActionButton intent="enable" fields={{ userId: person.userId }} label={t("people.enable")} />
          )}
        </div>
      ) : null}
    </Card>
  );
}
