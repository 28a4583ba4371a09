import { Form, useNavigation } from "@remix-run/react";
import { Button, Card, CsrfInput, EmptyState, LinkButton, PageHeader, SectionTitle, StatusBadge } from "~/components/index.ts";
import type { EntrySummary } from "~/view-models/entries.ts";
import type { CategorySummary } from "~/view-models/category.ts";
import { formatMonthDay, useT } from "~/i18n/index.ts";
import type { StudentHome } from "~/view-models/home.ts";
import { EntryList } from "../entry/entry-list.tsx";
import { CategoryRules } from "./category-rules.tsx";


export function StudentHomeView({ data }: { data: StudentHome }) {
  const t = useT();
  const byCategory = new Map(data.entries.map((e) => [e.categoryId, e]));
  const classLine = data.classInfo
    ? t("student.classLine", { school: data.classInfo.schoolName ?? "", class: data.classInfo.name })
    : null;
  return (
    <div>
      <PageHeader title={t("student.greeting", { name: data.displayName })} subtitle={classLine}>
        {/* people (issue 10): what the child's guardians decided may be public */}
        <LinkButton to="/me/consent" variant="quiet" className="px-0">
          {t("people.home.myConsent")}
        </LinkButton>
      </PageHeader>
      <SectionTitle>{t("student.contests.title")}</SectionTitle>
      {!data.classInfo ? (
        <EmptyState title={t("student.noClass.title")} body={t("student.noClass.body")} />
      ) : data.contests.length === 0 ? (
        <EmptyState title={t("student.contests.empty.title")} body={t("student.contests.empty.body")} />
      ) : (
        <div className="space-y-4">
          {data.contests.map((contest) => (
            <Card key={contest.id} as="article">
              <h3 className="text-xl font-bold leading-snug">{contest.title}</h3>
              <p className="mt-2">
                <StatusBadge tone="warning">{t("contest.deadline", { date: formatMonthDay(t.locale, contest.submissionClosesAt) })}</StatusBadge>
              </p>
              {contest.description ? <p className="mt-2 text-base text-slate-800">{contest.description}</p> : null}
              <h4 className="mt-4 text-base font-semibold text-slate-700">{t("student.categories.title")}</h4>
              {contest.categories.length === 0 ? (
                <p className="text-base">{t("student.categories.empty")}</p>
              ) : (
                <ul className="mt-2 divide-y divide-slate-200">
                  {contest.categories.map((category) => (
                    <li key={category.id} className="py-3">
                      <CategoryRules category={category} />
                      <CategoryAction category={category} entry={byCategory.get(category.id) ?? null} studentId={data.studentId} />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          ))}
        </div>
      )}
      <SectionTitle>{t("student.entries.title")}</SectionTitle>
      {data.entries.length === 0 ? (
        <EmptyState title={t("student.entries.empty.title")} body={t("student.entries.empty.body")} />
      ) : (
        <EntryList entries={data.entries} />
      )}
    </div>
  );
}

/**
 * One button per category that says what it does: start an entry (created at
 * once, straight to its page: no second "choose a category" step), or go back
 * to the one the child has.
 */
function CategoryAction({ category, entry, studentId }: { category: CategorySummary; entry: EntrySummary | null; studentId: string }) {
  const t = useT();
  const navigation = useNavigation();
  if (entry) {
    return (
      <LinkButton to={`/entries/${entry.id}`} variant="secondary" block className="mt-3">
        {t(entry.status === "DRAFT" ? "student.categories.continue" : "student.categories.view", { category: category.name })}
      </LinkButton>
    );
  }
  const busy = navigation.state !== "idle" && navigation.formData?.get("categoryId") === category.id;
  return (
    <Form method="post" action="/entries/new" className="mt-3">
      <CsrfInput />
      <input type="hidden" name="categoryId" value={category.id} />
      <input type="hidden" name="studentId" value={studentId} />
      <Button variant="secondary" block disabled={busy}>
        {busy ? t("entryNew.starting") : t("student.categories.start", { category: category.name })}
      </Button>
    </Form>
  );
}
