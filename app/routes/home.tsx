import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { EmptyState } from "~/components/index.ts";
import { AdminHomeView } from "~/components/home/admin-home.tsx";
import { CoordinatorHomeView } from "~/components/home/coordinator-home.tsx";
import { GuardianHomeView } from "~/components/home/guardian-home.tsx";
import { JudgeHomeView } from "~/components/home/judge-home.tsx";
import { OrganiserHomeView } from "~/components/home/organiser-home.tsx";
import { RoleSwitcher } from "~/components/home/role-switcher.tsx";
import { StudentHomeView } from "~/components/home/student-home.tsx";
import { TeacherHomeView } from "~/components/home/teacher-home.tsx";
import { pageTitle, useT } from "~/i18n/index.ts";
import { requireUser } from "~/server/auth/auth.server.ts";
import { getHomeData } from "~/server/home/home.server.ts";
import type { HomeView } from "~/view-models/home.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "nav.home");

/** One page per role; `?as=ROLE` switches for people with several roles. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return getHomeData({ user, as: new URL(request.url).searchParams.get("as") });
}

function RoleView({ view }: { view: HomeView }) {
  const t = useT();
  switch (view.role) {
    case "STUDENT":
      return <StudentHomeView data={view.data} />;
    case "GUARDIAN":
      return <GuardianHomeView data={view.data} />;
    case "TEACHER":
      return <TeacherHomeView data={view.data} />;
    case "SCHOOL_COORDINATOR":
      return <CoordinatorHomeView data={view.data} />;
    case "ORGANISER":
      return <OrganiserHomeView data={view.data} />;
    case "JUDGE":
      return <JudgeHomeView data={view.data} />;
    case "ADMIN":
      return <AdminHomeView data={view.data} />;
    default:
      return <EmptyState title={t("home.noRole.title")} body={t("home.noRole.body")} />;
  }
}

export default function HomePage() {
  const { roles, view } = useLoaderData<typeof loader>();
  return (
    <>
      <RoleSwitcher roles={roles} active={view.role} />
      <RoleView view={view as HomeView} />
    </>
  );
}
