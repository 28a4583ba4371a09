// The class's accounts page (/classes/:classId/accounts): print login slips
// (whole class, or the children ticked), see whose password and link code
// are still the printed ones, reset a password, make a new link code, and
// revoke a guardian link made by mistake. UI only.
import { Form, useNavigation } from "@remix-run/react";
import { Button, Card, CsrfInput, LinkButton, PageHeader, StatusBadge, type StatusTone } from "~/components/index.ts";
import { formatDate, useT, type MessageKey } from "~/i18n/index.ts";
import type { ClassAccounts, ClassAccountsChild, ClassAccountsResult } from "~/view-models/people.ts";
import { groupedPassword } from "./messages.ts";
import { Banner } from "./ui.tsx";

const SLIPS_FORM = "slips-form";

const PASSWORD_TONE: Record<ClassAccountsChild["password"], StatusTone> = { initial: "info", changed: "success", unreadable: "warning" };
const LINK_TONE: Record<ClassAccountsChild["linkCode"], StatusTone> = { ready: "info", used: "success", expired: "warning", none: "neutral", unreadable: "warning" };

export function ClassAccountsView({ accounts, result }: { accounts: ClassAccounts; result: ClassAccountsResult | null }) {
  const t = useT();
  const slipsUrl = `/classes/${accounts.classId}/slips.pdf`;
  const missing = accounts.children.filter((c) => c.missingCharacters.length > 0);
  return (
    <div>
      <PageHeader title={t("accounts.title")} subtitle={t("accounts.subtitle", { school: accounts.schoolName, class: accounts.className, count: accounts.children.length })} />
      <div className="space-y-4">
        {result ? <ResultBanner result={result} slipsUrl={slipsUrl} /> : null}
        {accounts.children.length === 0 ? (
          <Banner tone="info" title={t("accounts.empty")}>
            <LinkButton to={`/classes/${accounts.classId}/intake`} block>
              {t("accounts.toIntake")}
            </LinkButton>
          </Banner>
        ) : (
          <Card className="space-y-3">
            <p className="text-lg">{t("accounts.slipsIntro")}</p>
            <a href={slipsUrl} download className="inline-flex min-h-11 w-full items-center justify-center rounded-xl bg-brand-700 px-5 py-2 text-lg font-semibold text-white hover:bg-brand-800">
              {t("slips.downloadClass")}
            </a>
            {missing.length > 0 ? (
              <Banner tone="warning" title={t("slips.missingTitle")}>
                <p>{t("slips.missingHint")}</p>
                <ul className="list-disc pl-6">
                  {missing.map((c) => (
                    <li key={c.id}>{t("slips.missingChild", { name: c.name, characters: c.missingCharacters.join("、") })}</li>
                  ))}
                </ul>
              </Banner>
            ) : null}
          </Card>
        )}
        {accounts.children.length > 0 ? (
          <>
            <form id={SLIPS_FORM} method="get" action={slipsUrl} />
            <p className="text-lg text-slate-700">{t("accounts.chooseHint")}</p>
            <ul className="space-y-3">
              {accounts.children.map((child) => (
                <ChildRow key={child.id} child={child} />
              ))}
            </ul>
            <Button form={SLIPS_FORM} variant="secondary" block>
              {t("slips.downloadChosen")}
            </Button>
          </>
        ) : null}
      </div>
      <div className="mt-8 space-y-3">
        <LinkButton to={`/classes/${accounts.classId}/intake`} variant="secondary" block>
          {t("accounts.toIntake")}
        </LinkButton>
        <LinkButton to="/home" variant="quiet" block>
          {t("nav.back")}
        </LinkButton>
      </div>
    </div>
  );
}

function ResultBanner({ result, slipsUrl }: { result: ClassAccountsResult; slipsUrl: string }) {
  const t = useT();
  if (!result.ok) return <Banner tone="danger">{t("accounts.error.invalid")}</Banner>;
  switch (result.kind) {
    case "reset":
      return (
        <Banner tone="success" title={t("accounts.reset.done", { name: result.childName })}>
          <p>{t("accounts.reset.password", { username: result.username })}</p>
          <p className="font-mono text-2xl font-bold tracking-widest">{groupedPassword(result.password)}</p>
          <p>{t(result.newLinkCode ? "accounts.reset.withLinkCode" : "accounts.reset.onceOnly")}</p>
          <a href={`${slipsUrl}?id=${encodeURIComponent(result.studentId)}`} download className="inline-block min-h-11 py-2 font-semibold underline underline-offset-4">
            {t("slips.downloadOne", { name: result.childName })}
          </a>
        </Banner>
      );
    case "link_code":
      return (
        <Banner tone="success" title={t("accounts.linkCode.done", { name: result.childName })}>
          <a href={`${slipsUrl}?id=${encodeURIComponent(result.studentId)}`} download className="inline-block min-h-11 py-2 font-semibold underline underline-offset-4">
            {t("slips.downloadOne", { name: result.childName })}
          </a>
        </Banner>
      );
    case "revoked":
      return <Banner tone="success">{t("accounts.revoke.done", { guardian: result.guardianName, name: result.childName })}</Banner>;
  }
}

function ChildRow({ child }: { child: ClassAccountsChild }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <Card as="li" className="space-y-2">
      <div className="flex items-start gap-3">
        <input
          type="checkbox"
          name="id"
          value={child.id}
          form={SLIPS_FORM}
          aria-label={t("slips.choose", { name: child.name })}
          className="mt-1 h-7 w-7 shrink-0 accent-brand-700"
        />
        <div className="min-w-0 flex-1">
          <p className="text-lg font-bold">
            {child.name}
            {!child.active ? <span className="ml-2 text-base font-normal">（{t("roster.disabled")}）</span> : null}
          </p>
          <p className="text-base text-slate-700">{t("roster.username", { username: child.username })}</p>
          <div className="mt-1 flex flex-wrap gap-2">
            <StatusBadge tone={PASSWORD_TONE[child.password]}>{t(`accounts.password.${child.password}` as MessageKey)}</StatusBadge>
            <StatusBadge tone={LINK_TONE[child.linkCode]}>{t(`accounts.linkCode.${child.linkCode}` as MessageKey)}</StatusBadge>
          </div>
        </div>
      </div>
      {child.listedGuardian ? (
        <p className="text-base text-slate-700">
          {t("accounts.listedGuardian", { name: child.listedGuardian.name ?? t("accounts.listedGuardianUnnamed") })}
          {child.listedGuardian.phone ? (
            <a href={`tel:${child.listedGuardian.phone}`} className="ml-2 inline-flex min-h-11 items-center underline underline-offset-4">
              {child.listedGuardian.phone}
            </a>
          ) : null}
        </p>
      ) : null}
      {child.guardians.length > 0 ? (
        <ul className="space-y-1 border-t border-slate-200 pt-2">
          {child.guardians.map((g) => (
            <li key={g.linkId} className="flex flex-wrap items-center justify-between gap-2">
              <span className="text-base">
                {t("accounts.guardian", { relation: t(`guardian.relation.${g.relation}` as MessageKey), name: g.name, phone: g.phone ?? "", date: formatDate(t.locale, new Date(g.since)) })}
              </span>
              <Form method="post" preventScrollReset>
                <CsrfInput />
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="linkId" value={g.linkId} />
                <Button variant="quiet" disabled={busy}>
                  {t("accounts.revoke.button")}
                </Button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="border-t border-slate-200 pt-2 text-base text-slate-700">{t("accounts.noGuardian")}</p>
      )}
      <details className="rounded-xl bg-stone-50 ring-1 ring-slate-200">
        <summary className="flex min-h-11 cursor-pointer items-center px-3 text-base font-semibold">{t("accounts.manage")}</summary>
        <div className="space-y-3 border-t border-slate-200 p-3">
          <Form method="post" preventScrollReset className="space-y-2">
            <CsrfInput />
            <input type="hidden" name="intent" value="reset" />
            <input type="hidden" name="studentId" value={child.id} />
            <p className="text-base">{t("accounts.reset.hint")}</p>
            <label className="flex min-h-11 items-center gap-3 text-base">
              <input type="checkbox" name="newLinkCode" value="1" className="h-6 w-6 accent-brand-700" />
              {t("accounts.reset.alsoLinkCode")}
            </label>
            <Button variant="secondary" block disabled={busy}>
              {t("accounts.reset.button")}
            </Button>
          </Form>
          <Form method="post" preventScrollReset className="space-y-2">
            <CsrfInput />
            <input type="hidden" name="intent" value="link-code" />
            <input type="hidden" name="studentId" value={child.id} />
            <p className="text-base">{t("accounts.linkCode.hint")}</p>
            <Button variant="secondary" block disabled={busy}>
              {t("accounts.linkCode.button")}
            </Button>
          </Form>
        </div>
      </details>
    </Card>
  );
}
