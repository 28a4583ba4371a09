// /entries/new: 第1步 choose a category and start an entry, for the child
// (default) or, with ?studentId=, for a child the guardian or teacher acts
// for. ?categoryId= comes from "提交作品" on the home page: that category is
// shown first, and when the child already has an entry there, it opens.
// Also lists the child's entries, so a guardian finds them in one place.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Button, Card, CsrfInput, EmptyState, FormError, LinkButton, PageHeader, SectionTitle, StatusBadge } from "~/components/index.ts";
import { CategoryRules } from "~/components/home/category-rules.tsx";
import { ENTRY_STATUS_TONE } from "~/components/entry/entry-status.ts";
import { EntryList } from "~/components/entry/entry-list.tsx";
import { formatMonthDay, pageTitle, t, useT, type MessageKey } from "~/i18n/index.ts";
import { getLocale, notFound, requireUser } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { isEntityId } from "~/server/entries/entry-access.server.ts";
import { createDraftEntry, type CreateEntryError } from "~/server/entries/entry-commands.server.ts";
import { getEntryChoices } from "~/server/entries/entry-queries.server.ts";
import type { EntryChoices } from "~/view-models/entries.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "entryNew.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const studentId = url.searchParams.get("studentId") ?? user.id;
  const choices = await getEntryChoices({ actorId: user.id, studentId });
  if (!choices) throw notFound();
  const wanted = url.searchParams.get("categoryId");
  const categoryId = isEntityId(wanted) ? wanted : null;
  const existing = choices.contests.flatMap((c) => c.categories).find((c) => c.id === categoryId)?.entry;
  if (existing) throw redirect(`/entries/${existing.id}`);
  return { choices, categoryId };
}

const CreateForm = z.object({ categoryId: z.string().min(1).max(64), studentId: z.string().min(1).max(64) });

const CREATE_ERRORS: Record<Exclude<CreateEntryError, "not_found">, MessageKey> = {
  submission_closed: "entry.error.submission_closed",
  grade_not_allowed: "entry.error.grade_not_allowed",
  class_incomplete: "entry.error.class_incomplete",
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await parseForm(request);
  const parsed = CreateForm.safeParse({ categoryId: form.get("categoryId"), studentId: form.get("studentId") });
  const locale = await getLocale(request);
  // A form naming no child or category is broken (400); it says nothing about any child.
  if (!parsed.success) return data({ categoryId: "", message: t(locale, "entry.error.invalid") }, 400);
  const result = await createDraftEntry({ actorId: user.id, ...parsed.data });
  if (result.ok) throw redirect(`/entries/${result.entryId}`);
  if (result.error === "not_found") throw notFound();
  return data({ categoryId: parsed.data.categoryId, message: t(locale, CREATE_ERRORS[result.error]) }, 409);
}

export default function NewEntryPage() {
  const { choices, categoryId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const { student } = choices;
  const classLine = choices.classInfo ? t("student.classLine", { school: choices.classInfo.schoolName ?? "", class: choices.classInfo.name }) : null;
  return (
    <div>
      <PageHeader title={student.isSelf ? t("entryNew.title") : t("entryNew.titleFor", { name: student.displayName })} subtitle={classLine}>
        <p className="text-lg font-semibold text-brand-800">{t("entryNew.step1")}</p>
      </PageHeader>
      {actionData && !actionData.categoryId ? <FormError message={actionData.message} /> : null}
      {choices.contests.length === 0 ? (
        <EmptyState title={t("student.contests.empty.title")} body={t("student.contests.empty.body")} />
      ) : (
        <div className="space-y-4">
          {choices.contests.map((contest) => (
            <ContestChoices key={contest.id} contest={contest} studentId={student.id} chosen={categoryId} error={actionData ?? null} />
          ))}
        </div>
      )}
      <ChildEntries entries={choices.entries} />
      <div className="mt-8">
        <LinkButton to="/home" variant="secondary" block>
          {t("nav.back")}
        </LinkButton>
      </div>
    </div>
  );
}

type Contest = EntryChoices["contests"][number];

function ContestChoices({ contest, studentId, chosen, error }: { contest: Contest; studentId: string; chosen: string | null; error: { categoryId: string; message: string } | null }) {
  const t = useT();
  const navigation = useNavigation();
  const busyCategory = navigation.state !== "idle" ? navigation.formData?.get("categoryId") : null;
  // The category tapped on the home page comes first: on a phone it is then on screen without scrolling.
  const categories = [...contest.categories].sort((a, b) => Number(b.id === chosen) - Number(a.id === chosen));
  return (
    <Card as="article">
      <h2 className="text-xl font-bold leading-snug">{contest.title}</h2>
      <p className="mt-2">
        <StatusBadge tone="warning">{t("contest.deadline", { date: formatMonthDay(t.locale, contest.submissionClosesAt) })}</StatusBadge>
      </p>
      {categories.length === 0 ? <p className="mt-3 text-base">{t("student.categories.empty")}</p> : null}
      <ul className="mt-3 space-y-3">
        {categories.map((category) => (
          <li
            key={category.id}
            className={`rounded-xl p-3 ${category.id === chosen ? "bg-brand-50 ring-2 ring-brand-700" : "ring-1 ring-slate-200"}`}
          >
            <CategoryRules category={category} />
            <div className="mt-3">
              {error?.categoryId === category.id ? <FormError message={error.message} /> : null}
              {category.entry ? (
                <div className="space-y-2">
                  <p className="flex flex-wrap items-center gap-2 text-base">
                    <span>{t("entryNew.existing", { title: category.entry.title || t("entry.untitled") })}</span>
                    <StatusBadge tone={ENTRY_STATUS_TONE[category.entry.status]}>{t(`entry.status.${category.entry.status}`)}</StatusBadge>
                  </p>
                  <LinkButton to={`/entries/${category.entry.id}`} variant="secondary" block>
                    {t("entryNew.open")}
                  </LinkButton>
                </div>
              ) : (
                <Form method="post" className="mt-2">
                  <CsrfInput />
                  <input type="hidden" name="categoryId" value={category.id} />
                  <input type="hidden" name="studentId" value={studentId} />
                  <Button block disabled={busyCategory != null}>
                    {busyCategory === category.id ? t("entryNew.starting") : t("entryNew.start", { category: category.name })}
                  </Button>
                </Form>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function ChildEntries({ entries }: { entries: EntryChoices["entries"] }) {
  const t = useT();
  if (entries.length === 0) return null;
  return (
    <section>
      <SectionTitle>{t("entryNew.entries")}</SectionTitle>
      <EntryList entries={entries} />
    </section>
  );
}
