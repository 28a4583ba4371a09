// /verify/:code: anyone who scans a certificate's QR code (no login) sees the
// masked name, contest, category and award, and nothing more.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { VerifyPage } from "~/components/results/verify-page.tsx";
import { pageTitle } from "~/i18n/index.ts";
import { getVerifyView } from "~/server/certificates/certificates.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "results.verify.title");

export async function loader({ params }: LoaderFunctionArgs) {
  return getVerifyView(params.code ?? "");
}

export default function VerifyRoute() {
  return <VerifyPage view={useLoaderData<typeof loader>()} />;
}
