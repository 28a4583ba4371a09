import { EmptyState, PageHeader } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import type { TeacherHome } from "~/view-models/home.ts";
import { ClassRosterCard } from "./class-roster.tsx";

export function TeacherHomeView({ data }: { data: TeacherHome }) {
  const t = useT();
  return (
    <div>
      <PageHeader title={t("teacher.title")} />
      {data.classes.length === 0 ? (
        <EmptyState title={t("teacher.noClass.title")} body={t("teacher.noClass.body")} />
      ) : (
        <div className="space-y-5">
          {data.classes.map((roster) => (
            <ClassRosterCard key={roster.classId} roster={roster} />
          ))}
        </div>
      )}
    </div>
  );
}
