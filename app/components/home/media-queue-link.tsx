import { Link } from "@remix-run/react";
import { useT } from "~/i18n/index.ts";

/** The way into /organiser/media from the staff homes that may see it (organiser, admin, coordinator). */
export function MediaQueueLink() {
  const t = useT();
  return (
    <Link to="/organiser/media" className="block min-h-11 rounded-xl bg-white px-4 py-2 ring-1 ring-slate-300 hover:bg-slate-50">
      <span className="text-lg font-semibold underline underline-offset-4">{t("mediaQueue.homeLink")}</span>
      <span className="block text-base text-slate-700">{t("mediaQueue.homeLinkHint")}</span>
    </Link>
  );
}
