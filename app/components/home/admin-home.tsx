import { Link } from "@remix-run/react";
import { EmptyState, LinkButton, PageHeader } from "~/components/index.ts";
import { useT, type MessageKey } from "~/i18n/index.ts";
import type { AdminHome } from "~/view-models/home.ts";
import { MediaQueueLink } from "./media-queue-link.tsx";

export function AdminHomeView({ data }: { data: AdminHome }) {
  const t = useT();
  return (
    <div>
      <PageHeader title={t("admin.title")}>
        {/* people (issue 10): the org tree and the county's staff */}
        <div className="grid gap-2 pt-2 sm:grid-cols-2">
          <LinkButton to="/admin/org" variant="secondary" block>
            {t("people.home.org")}
          </LinkButton>
          <LinkButton to="/admin/people" variant="secondary" block>
            {t("people.home.people")}
          </LinkButton>
        </div>
      </PageHeader>
      {data.units.length === 0 ? (
        <EmptyState title={t("admin.empty.title")} body={t("admin.empty.body")} />
      ) : (
        <ul className="divide-y divide-slate-200 rounded-2xl bg-white ring-1 ring-slate-200">
          {data.units.map((u) => {
            // A school counts its classes and children, not itself ("1 所学校" under a school says nothing).
            const counts =
              u.kind === "CLASS"
                ? t("admin.classCounts", { students: u.students })
                : u.kind === "SCHOOL"
                  ? t("admin.schoolCounts", { classes: u.classes, students: u.students })
                  : t("admin.unitCounts", { schools: u.schools, classes: u.classes, students: u.students });
            const label = (
              <>
                <span className="block">
                  <span className="mr-2 text-sm font-semibold text-slate-600">{t(`org.kind.${u.kind}` as MessageKey)}</span>
                  <span className={u.kind === "CLASS" ? "underline underline-offset-4" : "font-semibold"}>{u.name}</span>
                </span>
                <span className="block text-base text-slate-700">{counts}</span>
              </>
            );
            return (
              <li key={u.id} style={{ paddingLeft: `${1 + u.depth * 0.9}rem` }} className="py-2 pr-4 text-lg">
                {u.kind === "CLASS" ? (
                  <Link to={`/classes/${u.id}`} className="block min-h-11">
                    {label}
                  </Link>
                ) : (
                  label
                )}
              </li>
            );
          })}
        </ul>
      )}
      {/* The files' processing queue: a tool for when something goes wrong, after the county's real work. */}
      <div className="mt-8">
        <MediaQueueLink />
      </div>
    </div>
  );
}
