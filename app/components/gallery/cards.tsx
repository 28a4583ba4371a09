import { Link } from "@remix-run/react";
import { useT } from "~/i18n/index.ts";
import type { PublicCard } from "~/view-models/gallery.ts";
import { Picture } from "./picture.tsx";

export function CardGrid({ cards }: { cards: PublicCard[] }) {
  const t = useT();
  if (cards.length === 0) return <p className="rounded-2xl bg-white p-4 text-lg">{t("gallery.noneHere")}</p>;
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3">
      {cards.map((card, i) => (
        <li key={card.publicId} className="overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
          <Link to={`/e/${card.publicId}`} className="block min-h-11 focus-visible:outline focus-visible:outline-4 focus-visible:outline-brand-700">
            {card.thumb ? (
              <Picture picture={card.thumb} alt={card.title} sizes="(min-width: 640px) 240px, 50vw" eager={i < 4} className="aspect-square object-cover" />
            ) : (
              <div className="flex aspect-square items-center justify-center bg-amber-50 p-3 text-center text-lg font-semibold text-slate-800">{card.categoryName}</div>
            )}
            <div className="space-y-0.5 p-2">
              <p className="line-clamp-2 text-base font-semibold leading-snug text-slate-900">{card.title}</p>
              <p className="truncate text-sm text-slate-700">{t("gallery.by", { name: card.maskedName ?? t("gallery.anonymous"), school: card.schoolName })}</p>
              {card.awardName ? <p className="text-sm font-semibold text-brand-800">{card.awardName}</p> : null}
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function ShareBox({ shareUrl, qrUrl, posterUrl, title }: { shareUrl: string; qrUrl: string; posterUrl?: string; title: string }) {
  const t = useT();
  return (
    <section aria-labelledby="share-title" className="mt-6 space-y-3 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
      <h2 id="share-title" className="text-xl font-bold">{t("gallery.share.title")}</h2>
      <p className="text-base">
        {t("gallery.share.link")}:{" "}
        <a href={shareUrl} className="break-all font-semibold text-brand-800 underline underline-offset-4">{shareUrl}</a>
      </p>
      <p className="text-sm text-slate-700">{t("gallery.share.copyHint")}</p>
      <figure className="flex flex-col items-center">
        <img src={qrUrl} width={180} height={180} alt={t("gallery.share.qrAlt")} data-testid="share-qr" className="h-44 w-44" />
        <figcaption className="text-base">{t("gallery.share.qr")}</figcaption>
      </figure>
      {posterUrl ? (
        <details className="rounded-xl bg-slate-50 p-2">
          <summary className="flex min-h-11 cursor-pointer items-center text-lg font-semibold">{t("gallery.share.poster")}</summary>
          <img src={posterUrl} width={750} height={1200} loading="lazy" alt={t("gallery.share.posterAlt", { title })} data-testid="share-poster" className="mt-2 h-auto w-full" />
          <p className="mt-1 text-sm text-slate-700">{t("gallery.share.posterHint")}</p>
        </details>
      ) : null}
    </section>
  );
}
