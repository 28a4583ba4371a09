import { EmptyState, LinkButton, PageHeader } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import type { TeacherHome } from "~/view-models/home.ts";
import { ClassRosterCard } from "./class-roster.tsx";

export function TeacherHomeView({ data }: { data: TeacherHome }) {
  const t = useT();
  return (
    <div>
      <PageHeader title={t("teacher.title")}>
        {/* judging (issue 11): the school round's scoring starts from the teacher's judging page */}
        <LinkButton to="/judge" variant="secondary">
          {t("judging.home.teacherJudging")}
        </LinkButton>
      </PageHeader>
      {data.classes.length === 0 ? (
        <EmptyState title={t("teacher.noClass.title")} body={t("teacher.noClass.body")} />
      ) : (
        <div className="space-y-5">
          {data.classes.map((roster) => (
            <ClassRosterCard
              key={roster.classId}
              roster={roster}
              actions={
                // people (issue 10): enrol the class, print its login slips
                <div className="grid gap-2 sm:grid-cols-2">
                  <LinkButton to={`/classes/${roster.classId}/intake`} variant={roster.students.length === 0 ? "primary" : "secondary"} block>
                    {t("people.home.intake")}
                  </LinkButton>
                  <LinkButton to={`/classes/${roster.classId}/accounts`} variant="secondary" block>
                    {t("people.home.accounts")}
                  </LinkButton>
                </div>
              }
            />
          ))}
        </div>
      )}
    </div>
  );
}
