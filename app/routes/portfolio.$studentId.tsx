// /portfolio/:studentId: all of a child's works, public or not, for the child
// and linked guardians (anyone else: 404); a guardian makes the share link.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PrivatePortfolioView } from "~/components/gallery/public-pages.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getClientIp, notFound, requireUser } from "~/server/auth/auth.server.ts";
import { parseForm } from "~/server/auth/csrf.server.ts";
import { getPrivatePortfolio, sharePortfolio } from "~/server/gallery/private-portfolio.server.ts";
import { publicBaseUrl } from "~/server/gallery/visibility.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "gallery.portfolio.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const view = await getPrivatePortfolio({ viewerId: user.id, studentId: params.studentId ?? "", baseUrl: publicBaseUrl(request) });
  if (!view) throw notFound();
  return view;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const view = await getPrivatePortfolio({ viewerId: user.id, studentId: params.studentId ?? "", baseUrl: publicBaseUrl(request) });
  if (!view?.canShare) throw notFound();
  const formData = await parseForm(request);
  const intent = formData.get("intent");
  if (!(intent === "share")) return data({ ok: false }, { status: 400 });
  if (!(await sharePortfolio({ viewerId: user.id, studentId: params.studentId ?? "", ip: getClientIp(context) }))) throw notFound();
  return data({ ok: true });
}

export default function PrivatePortfolioRoute() {
  return <PrivatePortfolioView view={useLoaderData<typeof loader>()} />;
}
