// /verify/<code>: what a certificate's QR code opens: the masked name,
// contest, category and award, and nothing more.
import { Card, PageHeader } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import type { VerifyView } from "~/view-models/results.ts";

export function VerifyPage({ view }: { view: VerifyView }) {
  const t = useT();
  if (!view.found) {
    return (
      <div className="space-y-4">
        <PageHeader title={t("results.verify.title")} />
        <p className="rounded-xl bg-amber-50 px-4 py-3 text-lg font-semibold text-amber-950">{t("results.verify.notFound")}</p>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <PageHeader title={t("results.verify.title")} />
      <p className={`rounded-xl px-4 py-3 text-lg font-semibold ${view.revoked ? "bg-amber-50 text-amber-950" : "bg-green-50 text-green-900"}`}>
        {t(view.revoked ? "results.verify.revoked" : "results.verify.valid")}
      </p>
      <Card as="div">
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-lg">
          <dt className="text-slate-700">{t("results.verify.name")}</dt>
          <dd className="font-semibold">{view.maskedName}</dd>
          <dt className="text-slate-700">{t("results.verify.contest")}</dt>
          <dd>{view.contestTitle}</dd>
          {view.categoryName ? (
            <>
              <dt className="text-slate-700">{t("results.verify.category")}</dt>
              <dd>{view.categoryName}</dd>
            </>
          ) : null}
          <dt className="text-slate-700">{t("results.verify.award")}</dt>
          <dd className="font-semibold">{view.awardName}</dd>
        </dl>
      </Card>
    </div>
  );
}
