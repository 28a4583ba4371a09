import { Card, EmptyState, LinkButton, PageHeader, StatusBadge } from "~/components/index.ts";
import { formatDate, useT, type MessageKey } from "~/i18n/index.ts";
import type { GuardianHome } from "~/view-models/home.ts";

const CONSENT_TONE = { given: "success", withdrawn: "warning", none: "neutral" } as const;

export function GuardianHomeView({ data }: { data: GuardianHome }) {
  const t = useT();
  return (
    <div>
      <PageHeader title={t("guardian.title")} subtitle={t("guardian.intro")}>
        {/* people (issue 10): add a child with its link code */}
        <LinkButton to="/guardian/children" variant="secondary" block>
          {t("people.home.children")}
        </LinkButton>
      </PageHeader>
      {data.children.length === 0 ? (
        <EmptyState title={t("guardian.empty.title")} body={t("guardian.empty.body")} />
      ) : (
        <ul className="space-y-4">
          {data.children.map((child) => (
            <Card key={child.id} as="li">
              <h2 className="text-xl font-bold">{child.displayName}</h2>
              <p className="text-base text-slate-700">
                {child.className
                  ? t("student.classLine", { school: child.schoolName ?? "", class: child.className })
                  : t("guardian.noClass")}
                {" · "}
                {t(`guardian.relation.${child.relation}` as MessageKey)}
              </p>
              <dl className="mt-3 space-y-3">
                {(["PUBLIC_WORK", "PUBLIC_NAME"] as const).map((scope) => {
                  const c = child.consent[scope];
                  return (
                    <div key={scope} className="space-y-1 border-t border-slate-200 pt-3">
                      <dt className="text-base font-semibold">{t(`consent.scope.${scope}`)}</dt>
                      <dd className="flex flex-wrap items-center gap-2">
                        <StatusBadge tone={CONSENT_TONE[c.state]}>{t(`consent.state.${c.state}`)}</StatusBadge>
                        {c.since ? <span className="text-base text-slate-600">{t("consent.since", { date: formatDate(t.locale, c.since) })}</span> : null}
                      </dd>
                    </div>
                  );
                })}
              </dl>
              <LinkButton to={`/entries/new?studentId=${encodeURIComponent(child.id)}`} block className="mt-4">
                {t("guardian.entries.link", { name: child.displayName })}
              </LinkButton>
              {/* people (issue 10): the child's consent page */}
              <LinkButton to={`/guardian/children/${child.id}`} variant="secondary" block className="mt-2">
                {t("people.home.consent")}
              </LinkButton>
            </Card>
          ))}
        </ul>
      )}
    </div>
  );
}
