import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { LinkButton, PageHeader } from "~/components/index.ts";
import { ClassRosterList } from "~/components/home/class-roster.tsx";
import { pageTitle, useT } from "~/i18n/index.ts";
import { notFound, requireRole } from "~/server/auth/auth.server.ts";
import { getClassRoster } from "~/server/home/home-school.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "roster.title");

/** A class's roster for its teacher or staff above it; anyone else gets 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["TEACHER", "SCHOOL_COORDINATOR", "ORGANISER", "ADMIN"]);
  const roster = await getClassRoster({ classId: params.classId ?? "", userId: user.id });
  if (!roster) throw notFound();
  return { roster };
}

export default function ClassRosterPage() {
  const { roster } = useLoaderData<typeof loader>();
  const t = useT();
  const subtitle = [roster.schoolName, t("unit.students", { count: roster.students.length })].filter(Boolean).join(" · ");
  return (
    <div>
      <PageHeader title={`${roster.className} · ${t("roster.title")}`} subtitle={subtitle} />
      <ClassRosterList roster={roster} />
      <div className="mt-6">
        <LinkButton to="/home" variant="secondary" block>
          {t("nav.back")}
        </LinkButton>
      </div>
    </div>
  );
}
