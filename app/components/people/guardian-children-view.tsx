// The guardian's children (/guardian/children): each child with what is
// public about them at a glance and the way to their consent page, then the
// form to add another child with a link code. UI only.
import { Link } from "@remix-run/react";
import { Card, EmptyState, LinkButton, PageHeader, StatusBadge } from "~/components/index.ts";
import { CONSENT_SCOPES } from "~/domain/consent.ts";
import { useT, type MessageKey } from "~/i18n/index.ts";
import type { GuardianChildren } from "~/view-models/people.ts";
import { LinkChildForm, type GuardianFormAnswer } from "./guardian-forms.tsx";

const TONE = { given: "success", withdrawn: "warning", none: "neutral" } as const;

export function GuardianChildrenView({ data, answer }: { data: GuardianChildren; answer: GuardianFormAnswer | null }) {
  const t = useT();
  return (
    <div className="space-y-5">
      <PageHeader title={t("guardian.children.title")} subtitle={t("guardian.children.intro")} />
      {data.children.length === 0 ? (
        <EmptyState title={t("guardian.children.empty")} body={t("guardian.children.emptyHint")} />
      ) : (
        <ul className="space-y-3">
          {data.children.map((child) => (
            <Card key={child.id} as="li" className="space-y-2">
              <h2 className="text-xl font-bold">{child.name}</h2>
              <p className="text-base text-slate-700">
                {[child.schoolName, child.className].filter(Boolean).join(" · ")} · {t(`guardian.relation.${child.relation}` as MessageKey)}
              </p>
              <ul className="space-y-1">
                {CONSENT_SCOPES.map((scope) => (
                  <li key={scope} className="flex flex-wrap items-center justify-between gap-2 text-base">
                    <span>{t(`consent.scopeShort.${scope}` as MessageKey)}</span>
                    <StatusBadge tone={TONE[child.consent[scope]]}>{t(`consent.state.${child.consent[scope]}`)}</StatusBadge>
                  </li>
                ))}
              </ul>
              <LinkButton to={`/guardian/children/${child.id}`} block variant="secondary">
                {t("guardian.children.toConsent", { name: child.name })}
              </LinkButton>
            </Card>
          ))}
        </ul>
      )}
      <LinkChildForm answer={answer} atLimit={data.children.length >= data.maxChildren} maxChildren={data.maxChildren} />
      <Link to="/home" className="block min-h-11 py-2 text-center text-lg underline underline-offset-4">
        {t("nav.back")}
      </Link>
    </div>
  );
}
