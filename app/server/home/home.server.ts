// /home: one call that picks the role page to show and loads its data.
// Role pages' data functions live in home-family (student, guardian),
// home-school (teacher, coordinator) and home-county (organiser, judge, admin).
import { isRole, primaryRole, sortRoles, type Role } from "~/domain/roles.ts";
import { userRoles, type AuthUser } from "~/server/auth/auth.server.ts";
import type { HomeData, HomeView } from "~/view-models/home.ts";
import { getAdminHome, getJudgeHome, getOrganiserHome } from "./home-county.server.ts";
import { getGuardianHome, getStudentHome } from "./home-family.server.ts";
import { getCoordinatorHome, getTeacherHome } from "./home-school.server.ts";

async function loadView(role: Role, userId: string): Promise<HomeView> {
  switch (role) {
    case "STUDENT":
      return { role, data: await getStudentHome({ studentId: userId }) };
    case "GUARDIAN":
      return { role, data: await getGuardianHome({ guardianId: userId }) };
    case "TEACHER":
      return { role, data: await getTeacherHome({ teacherId: userId }) };
    case "SCHOOL_COORDINATOR":
      return { role, data: await getCoordinatorHome({ coordinatorId: userId }) };
    case "ORGANISER":
      return { role, data: await getOrganiserHome({ organiserId: userId }) };
    case "JUDGE":
      return { role, data: await getJudgeHome({ judgeId: userId }) };
    case "ADMIN":
      return { role, data: await getAdminHome({ adminId: userId }) };
  }
}

/**
 * The page for `as` when the user holds that role, else for their primary
 * role. A role the user does not hold is ignored, never shown.
 */
export async function getHomeData({ user, as }: { user: AuthUser; as?: string | null }): Promise<HomeData> {
  const roles = sortRoles(userRoles(user));
  const requested = isRole(as) && roles.includes(as) ? as : null;
  const role = requested ?? primaryRole(roles);
  return { roles, view: role ? await loadView(role, user.id) : { role: null, data: null } };
}
