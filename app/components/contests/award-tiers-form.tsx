// /organiser/contests/:contestId/awards: award tiers (一等奖 …) in rank
// order, each a number of places or a percentage per (category, grade band);
// the rounding rule for percentages; the places worked out for an example
// number of entries with the judging maths (tierPlaces), live as it is typed;
// and the rules that hand places out, ties included (TIER_RULES, TIE_RULES).
import { getFormProps } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { Button, Card, CsrfInput, SectionTitle, TextInput } from "~/components/index.ts";
import { awardTiersSchema, formTiersToAwardTiers, TIER_MODES, TIER_ROUNDINGS, TIERS_MAX, toRounding, type TierRoundingName } from "~/domain/contest-forms.ts";
import { TIE_RULES, TIER_RULES, tierPlaces } from "~/domain/judging/index.ts";
import { useT } from "~/i18n/index.ts";
import type { AwardTiersView, ContestFormReply } from "~/view-models/contests.ts";
import { ContestHeaderBar } from "./contest-header.tsx";
import { Field, FieldError, FormErrors, FrozenNote, HiddenField, ReplyBanner, Select, useContestForm } from "./form-parts.tsx";

export function AwardTiersPage({ view, reply }: { view: AwardTiersView; reply: ContestFormReply | null }) {
  return <TiersForm key={view.version} view={view} reply={reply} />;
}

type TypedTier = { name?: string; mode?: string; value?: string } | undefined;

/** Places for the example, from what is typed; null while a row is unfinished or breaks a rule. */
function examplePlaces(tiers: TypedTier[], rounding: TierRoundingName, entries: number): { name: string; places: number; cut: number }[] | null {
  if (tiers.length === 0 || tiers.some((r) => !r?.name || r.value === undefined || r.value === "" || !Number.isFinite(Number(r.value)))) return null;
  const rows = tiers.map((r) => ({ name: r?.name ?? "", mode: r?.mode === "percent" ? ("percent" as const) : ("count" as const), value: Number(r?.value) }));
  try {
    let cut = 0;
    return tierPlaces({ tiers: formTiersToAwardTiers(rows), rankedCount: entries, rounding: toRounding(rounding) }).map((p, i) => {
      cut += p.places;
      return { name: rows[i]!.name, places: p.places, cut };
    });
  } catch {
    return null;
  }
}

function TiersForm({ view, reply }: { view: AwardTiersView; reply: ContestFormReply | null }) {
  const t = useT();
  const schema = useMemo(() => awardTiersSchema(t), [t]);
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useContestForm({
    id: "award-tiers",
    form: "tiers",
    schema,
    reply,
    defaultValue: { tierRounding: view.tierRounding, tiers: view.tiers.map((tier) => ({ id: tier.id || undefined, name: tier.name, mode: tier.mode, value: tier.value ?? "" })) },
  });
  const tiers = fields.tiers.getFieldList();
  const typedTiers = (form.value?.tiers ?? view.tiers.map((x) => ({ name: x.name, mode: x.mode, value: x.value === null ? "" : String(x.value) }))) as TypedTier[];
  const rounding = ((form.value?.tierRounding as string | undefined) ?? view.tierRounding) as TierRoundingName;
  const example = examplePlaces(typedTiers, (TIER_ROUNDINGS as readonly string[]).includes(rounding) ? rounding : view.tierRounding, view.exampleEntries);
  const readOnly = !view.canEdit;
  return (
    <div>
      <ContestHeaderBar header={view.header} current="awards" />
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <CsrfInput />
        <input type="hidden" name="expectedStatus" value={view.header.status} />
        <p className="text-base text-slate-700">{t("contests.tiers.intro")}</p>
        {readOnly ? <FrozenNote text={t("contests.refusal.frozen.tiers")} /> : null}
        {view.fromPreset ? <p className="text-base text-slate-700">{t("contests.tiers.fromPreset")}</p> : null}
        <ol className="space-y-4">
          {tiers.map((tier, index) => {
            const f = tier.getFieldset();
            return (
              <li key={tier.key}>
                <Card as="div" className="space-y-3">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <h2 className="text-xl font-bold">{t("contests.tiers.rank", { n: index + 1 })}</h2>
                    {!readOnly ? (
                      <div className="flex gap-1">
                        {index > 0 ? (
                          <button {...form.reorder.getButtonProps({ name: fields.tiers.name, from: index, to: index - 1 })} className="min-h-11 rounded-lg px-3 text-base font-semibold underline underline-offset-4 hover:bg-slate-100">
                            {t("contests.tiers.moveUp")}
                          </button>
                        ) : null}
                        {tiers.length > 1 ? (
                          <button {...form.remove.getButtonProps({ name: fields.tiers.name, index })} className="min-h-11 rounded-lg px-3 text-base font-semibold text-brand-800 underline underline-offset-4 hover:bg-brand-50">
                            {t("contests.tiers.remove")}
                          </button>
                        ) : null}
                      </div>
                    ) : null}
                  </div>
                  <HiddenField field={f.id} />
                  <Field field={f.name} label={t("contests.field.tierName")} readOnly={readOnly} />
                  <div className="grid grid-cols-2 gap-3">
                    <Select field={f.mode} label={t("contests.field.tierMode")} options={TIER_MODES.map((m) => ({ value: m, label: t(`contests.tiers.mode.${m}`) }))} />
                    <Field
                      field={f.value}
                      label={t(typedTiers[index]?.mode === "percent" ? "contests.field.tierPercent" : "contests.field.tierCount")}
                      type="number"
                      step="0.01"
                      suffix={typedTiers[index]?.mode === "percent" ? "%" : t("contests.unit.places")}
                      readOnly={readOnly}
                    />
                  </div>
                </Card>
              </li>
            );
          })}
        </ol>
        <FieldError field={fields.tiers} />
        {!readOnly && tiers.length < TIERS_MAX ? (
          <Button variant="secondary" block {...form.insert.getButtonProps({ name: fields.tiers.name, defaultValue: { name: "", mode: "count", value: undefined } })}>
            {t("contests.tiers.add")}
          </Button>
        ) : null}
        <fieldset className="min-w-0 space-y-2">
          <legend className="mb-1 text-lg font-semibold">{t("contests.field.tierRounding")}</legend>
          {TIER_ROUNDINGS.map((r) => (
            <label key={r} className="flex min-h-11 cursor-pointer items-start gap-3 rounded-xl bg-stone-50 px-3 py-2 ring-1 ring-slate-300">
              <input
                type="radio"
                name={fields.tierRounding.name}
                form={form.id}
                value={r}
                defaultChecked={view.tierRounding === r}
                disabled={readOnly && view.tierRounding !== r}
                className="mt-1 size-6 shrink-0 accent-brand-700"
              />
              <span>
                <span className="block text-lg font-semibold">{t(`contests.tiers.rounding.${r}`)}</span>
                <span className="block text-base text-slate-700">{t(`contests.tiers.roundingHint.${r}`)}</span>
              </span>
            </label>
          ))}
          <FieldError field={fields.tierRounding} />
        </fieldset>
        <FormErrors form={form} />
        <ReplyBanner reply={reply} form="tiers" />
        <Button block disabled={busy || readOnly}>
          {busy ? t("contests.form.saving") : t("contests.tiers.save")}
        </Button>
      </Form>

      <SectionTitle>{t("contests.tiers.exampleTitle")}</SectionTitle>
      <Card className="space-y-3">
        <Form method="get" className="flex items-end gap-2" preventScrollReset>
          <label className="min-w-0 flex-1 space-y-1.5">
            <span className="block text-lg font-semibold">{t("contests.tiers.exampleEntries")}</span>
            <TextInput type="number" name="example" defaultValue={view.exampleEntries} min={0} inputMode="numeric" />
          </label>
          <Button variant="secondary">{t("contests.tiers.exampleRecalculate")}</Button>
        </Form>
        {example ? (
          <table className="w-full text-lg">
            <caption className="mb-2 text-left text-base text-slate-700">
              {t("contests.tiers.exampleCaption", { count: view.exampleEntries, rounding: t(`contests.tiers.rounding.${rounding}`) })}
            </caption>
            <thead>
              <tr className="border-b border-slate-300 text-left text-base">
                <th className="py-1 font-semibold">{t("contests.tiers.exampleTier")}</th>
                <th className="py-1 text-right font-semibold">{t("contests.tiers.examplePlaces")}</th>
                <th className="py-1 text-right font-semibold">{t("contests.tiers.exampleRanks")}</th>
              </tr>
            </thead>
            <tbody>
              {example.map((row) => (
                <tr key={row.name} className="border-b border-slate-200">
                  <th scope="row" className="py-1 text-left font-normal">
                    {row.name}
                  </th>
                  <td className="py-1 text-right tabular-nums">{row.places}</td>
                  <td className="py-1 text-right tabular-nums">
                    {row.places === 0 ? "—" : t("contests.tiers.exampleRange", { from: row.cut - row.places + 1, to: row.cut })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-base text-slate-700">{t("contests.tiers.exampleUnavailable")}</p>
        )}
      </Card>

      <SectionTitle>{t("contests.tiers.rulesTitle")}</SectionTitle>
      <Card className="space-y-4">
        <ol className="list-decimal space-y-2 pl-6 text-lg">
          {TIER_RULES.map((rule) => (
            <li key={rule.key}>{t(`contests.tierRule.${rule.key}`)}</li>
          ))}
        </ol>
        <h3 className="text-lg font-bold">{t("contests.tiers.tieTitle")}</h3>
        <ol className="list-decimal space-y-2 pl-6 text-lg">
          {TIE_RULES.map((rule) => (
            <li key={rule.key}>{t(`contests.tieRule.${rule.key}`)}</li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
