// A child's public-consent page: for a linked guardian
// (/guardian/children/:studentId), three choices explained in plain words
// (what becomes public, where, for how long, how to take it back) with one
// button each; for the child (/me/consent), the same, read only. Both show
// the history of every choice. UI only.
import { Form, Link, useNavigation } from "@remix-run/react";
import { Button, Card, CsrfInput, PageHeader, SectionTitle, StatusBadge } from "~/components/index.ts";
import { CONSENT_SCOPES, type ConsentScopeName } from "~/domain/consent.ts";
import { formatDate, useT, type MessageKey } from "~/i18n/index.ts";
import type { ConsentPage } from "~/view-models/people.ts";
import { Banner } from "./ui.tsx";

const TONE = { given: "success", withdrawn: "warning", none: "neutral" } as const;
const EXPLAIN_PARTS = ["what", "where", "howLong", "takeBack"] as const;

export type ConsentNotice = "welcome" | "linked" | null;
export type ConsentResult = { ok: boolean; message: string } | null;

function timeOfDay(date: Date): string {
  return new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false }).format(date);
}

export function ConsentView({ page, siblings, notice, result }: { page: ConsentPage; siblings: { id: string; name: string }[]; notice: ConsentNotice; result: ConsentResult }) {
  const t = useT();
  return (
    <div className="space-y-5">
      {siblings.length > 1 ? <ChildSwitcher siblings={siblings} current={page.studentId} /> : null}
      <PageHeader title={t("consent.page.title", { name: page.childName })} subtitle={[page.schoolName, page.className].filter(Boolean).join(" · ")} />
      {notice ? <Banner tone="success" title={t(notice === "welcome" ? "consent.page.welcome" : "consent.page.linked", { name: page.childName })} /> : null}
      {result ? <Banner tone={result.ok ? "success" : "warning"}>{result.message}</Banner> : null}
      <p className="text-lg">{t(page.canChange ? "consent.page.intro" : "consent.page.introChild")}</p>
      <Card className="space-y-1 bg-stone-50">
        <p className="text-base text-slate-700">{t("consent.page.captionLabel")}</p>
        <p className="text-xl font-bold">{page.maskedCaption}</p>
      </Card>
      {CONSENT_SCOPES.map((scope) => (
        <ScopeCard key={scope} scope={scope} page={page} />
      ))}
      <History page={page} />
      <Link to={page.canChange ? "/guardian/children" : "/home"} className="block min-h-11 py-2 text-center text-lg underline underline-offset-4">
        {t(page.canChange ? "consent.page.toChildren" : "nav.back")}
      </Link>
    </div>
  );
}

function ChildSwitcher({ siblings, current }: { siblings: { id: string; name: string }[]; current: string }) {
  const t = useT();
  return (
    <nav aria-label={t("consent.page.switch")} className="flex flex-wrap items-center gap-2">
      <span className="text-base text-slate-700">{t("consent.page.switch")}</span>
      {siblings.map((s) => (
        <Link
          key={s.id}
          to={`/guardian/children/${s.id}`}
          aria-current={s.id === current ? "page" : undefined}
          className={`inline-flex min-h-11 items-center rounded-full px-4 text-lg font-semibold ring-2 ${s.id === current ? "bg-brand-700 text-white ring-brand-700" : "bg-white ring-slate-300"}`}
        >
          {s.name}
        </Link>
      ))}
    </nav>
  );
}

function ScopeCard({ scope, page }: { scope: ConsentScopeName; page: ConsentPage }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("scope") === scope;
  const current = page.scopes[scope];
  const given = current.state === "given";
  const waitsForWork = scope !== "PUBLIC_WORK" && given && !page.effective.work;
  return (
    <Card as="article" className="space-y-3">
      <header className="space-y-1">
        <h2 className="text-xl font-bold">{t(`consent.scope.${scope}` as MessageKey)}</h2>
        <div className="flex flex-wrap items-center gap-2">
          <StatusBadge tone={TONE[current.state]}>{t(`consent.state.${current.state}`)}</StatusBadge>
          {current.since ? <span className="text-base text-slate-700">{t("consent.since", { date: formatDate(t.locale, new Date(current.since)) })}</span> : null}
        </div>
      </header>
      <dl className="space-y-2">
        {EXPLAIN_PARTS.map((part) => (
          <div key={part}>
            <dt className="text-base font-semibold text-slate-700">{t(`consent.explain.label.${part}` as MessageKey)}</dt>
            <dd className="text-lg">{t(`consent.explain.${scope}.${part}` as MessageKey)}</dd>
          </div>
        ))}
      </dl>
      {waitsForWork ? <p className="rounded-xl bg-amber-50 px-3 py-2 text-base text-amber-950 ring-1 ring-amber-300">{t("consent.page.waitsForWork")}</p> : null}
      {page.canChange ? (
        <Form method="post" preventScrollReset>
          <CsrfInput />
          <input type="hidden" name="scope" value={scope} />
          <input type="hidden" name="action" value={given ? "WITHDRAWN" : "GIVEN"} />
          <input type="hidden" name="textVersion" value={page.textVersion} />
          {/* Both choices look alike: the page informs, it does not push a family towards making a child public. */}
          <Button block variant="secondary" disabled={busy}>
            {t(given ? "consent.page.withdraw" : "consent.page.give")}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

function History({ page }: { page: ConsentPage }) {
  const t = useT();
  return (
    <section>
      <SectionTitle>{t("consent.history.title")}</SectionTitle>
      {page.history.length === 0 ? (
        <p className="text-lg text-slate-700">{t("consent.history.empty")}</p>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-2xl bg-white ring-1 ring-slate-200">
          {page.history.map((item) => {
            const at = new Date(item.at);
            const who = item.by.self
              ? t("consent.history.you")
              : item.by.relation
                ? t(`guardian.relation.${item.by.relation}` as MessageKey)
                : t("consent.history.formerGuardian");
            return (
              <li key={item.id} className="px-4 py-2 text-base">
                <span className="block text-slate-700">
                  {formatDate(t.locale, at)} {timeOfDay(at)} · {who}
                </span>
                <span className="text-lg">
                  {t(item.action === "GIVEN" ? "consent.history.given" : "consent.history.withdrawn", { scope: t(`consent.scopeShort.${item.scope}` as MessageKey) })}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
