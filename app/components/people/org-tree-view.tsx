// The county's organisation (/admin/org): townships, schools (collapsed) and
// classes in grade order, with their staff and student counts, and a form at
// each level to add the next one down. UI only.
import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Button, Card, CsrfInput, LinkButton, PageHeader, TextField } from "~/components/index.ts";
import { GRADE_NAMES } from "~/domain/people/org-units.ts";
import { useT, type MessageKey } from "~/i18n/index.ts";
import type { OrgActionResult, OrgCounty, OrgSchoolNode, OrgStaff, OrgTownshipNode, OrgTreeView } from "~/view-models/people.ts";
import { Banner, SelectField } from "./ui.tsx";

export function OrgTreeViewPage({ tree, result }: { tree: OrgTreeView; result: OrgActionResult | null }) {
  const t = useT();
  return (
    <div className="space-y-5">
      <PageHeader title={t("org.title")} subtitle={tree.counties.map((c) => c.name).join(" · ")} />
      {result ? <Banner tone={result.ok ? "success" : "danger"}>{result.message}</Banner> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <LinkButton to="/admin/org/import" block>
          {t("org.toImport")}
        </LinkButton>
        <LinkButton to="/admin/people" variant="secondary" block>
          {t("org.toPeople")}
        </LinkButton>
      </div>
      {tree.counties.map((county) => (
        <CountySection key={county.id} county={county} />
      ))}
    </div>
  );
}

function StaffLine({ staff }: { staff: OrgStaff[] }) {
  const t = useT();
  if (staff.length === 0) return null;
  return (
    <p className="text-base text-slate-700">
      {staff.map((s) => `${t(`role.${s.role}` as MessageKey)}：${s.name}${s.active ? "" : `（${t("roster.disabled")}）`}`).join("；")}
    </p>
  );
}

function CountySection({ county }: { county: OrgCounty }) {
  const t = useT();
  return (
    <section className="space-y-3">
      <StaffLine staff={county.staff} />
      {county.townships.length === 0 ? <p className="text-lg text-slate-700">{t("org.noTownships")}</p> : null}
      {county.townships.map((township) => (
        <TownshipSection key={township.id} township={township} />
      ))}
      <Card className="space-y-3">
        <h2 className="text-lg font-bold">{t("org.addTownship")}</h2>
        <AddForm intent="add-township">
          <input type="hidden" name="countyId" value={county.id} />
          <TextField label={t("org.townshipName")} name="name" required maxLength={40} />
        </AddForm>
      </Card>
    </section>
  );
}

function TownshipSection({ township }: { township: OrgTownshipNode }) {
  const t = useT();
  return (
    <Card className="space-y-3">
      <h2 className="text-xl font-bold">
        <span className="mr-2 text-base font-semibold text-slate-600">{t("org.kind.TOWNSHIP")}</span>
        {township.name}
      </h2>
      {township.schools.length === 0 ? <p className="text-base text-slate-700">{t("org.noSchools")}</p> : null}
      <ul className="space-y-2">
        {township.schools.map((school) => (
          <SchoolItem key={school.id} school={school} />
        ))}
      </ul>
      <details className="rounded-xl bg-stone-50 ring-1 ring-slate-200">
        <summary className="flex min-h-11 cursor-pointer items-center px-3 text-base font-semibold">{t("org.addSchool")}</summary>
        <div className="border-t border-slate-200 p-3">
          <AddForm intent="add-school">
            <input type="hidden" name="townshipId" value={township.id} />
            <TextField label={t("org.schoolName")} name="name" required maxLength={40} />
            <TextField label={t("org.shortName")} hint={t("org.shortNameHint")} name="shortName" maxLength={12} />
          </AddForm>
        </div>
      </details>
    </Card>
  );
}

function SchoolItem({ school }: { school: OrgSchoolNode }) {
  const t = useT();
  const students = school.classes.reduce((n, c) => n + c.students, 0);
  return (
    <li>
      <details className="rounded-xl ring-1 ring-slate-200">
        <summary className="flex min-h-11 cursor-pointer flex-wrap items-center gap-x-2 px-3 py-2 text-lg">
          <span className="font-semibold">{school.name}</span>
          <span className="text-base text-slate-700">{t("org.schoolCounts", { classes: school.classes.length, students })}</span>
        </summary>
        <div className="space-y-3 border-t border-slate-200 p-3">
          <StaffLine staff={school.staff} />
          <ul className="divide-y divide-slate-200">
            {school.classes.map((cls) => (
              <li key={cls.id} className="py-2">
                <p className="flex flex-wrap items-baseline justify-between gap-2 text-lg">
                  <span className="font-semibold">{cls.name}</span>
                  <span className="text-base text-slate-700">{t("unit.students", { count: cls.students })}</span>
                </p>
                <StaffLine staff={cls.staff} />
              </li>
            ))}
          </ul>
          <AddForm intent="add-class">
            <input type="hidden" name="schoolId" value={school.id} />
            <div className="grid grid-cols-2 gap-3">
              <SelectField label={t("org.grade")} name="grade" required defaultValue="">
                <option value="" disabled>
                  {t("org.choose")}
                </option>
                {GRADE_NAMES.slice(1).map((name, i) => (
                  <option key={name} value={i + 1}>
                    {name}
                  </option>
                ))}
              </SelectField>
              <TextField label={t("org.classNumber")} name="number" type="number" inputMode="numeric" min={1} max={40} required />
            </div>
          </AddForm>
        </div>
      </details>
    </li>
  );
}

function AddForm({ intent, children }: { intent: string; children: ReactNode }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <Form method="post" preventScrollReset className="space-y-3">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      {children}
      <Button variant="secondary" block disabled={busy}>
        {t(`org.${intent}` as MessageKey)}
      </Button>
    </Form>
  );
}
