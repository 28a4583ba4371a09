import { Link } from "@remix-run/react";
import type { Role } from "~/domain/roles.ts";
import { useT } from "~/i18n/index.ts";

/** Tabs for people with several roles (a teacher who is also a parent). Plain links: work without JS. */
export function RoleSwitcher({ roles, active }: { roles: readonly Role[]; active: Role | null }) {
  const t = useT();
  if (roles.length < 2) return null;
  return (
    <nav aria-label={t("home.switchRole")} className="-mx-4 mb-5 overflow-x-auto px-4">
      <ul className="flex gap-2">
        {roles.map((role) => {
          const current = role === active;
          return (
            <li key={role}>
              <Link
                to={`/home?as=${role}`}
                aria-current={current ? "page" : undefined}
                className={`flex min-h-11 items-center whitespace-nowrap rounded-full px-4 text-base font-semibold ring-2 ring-inset ${
                  current ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-900 ring-slate-300"
                }`}
              >
                {t(`role.${role}`)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
