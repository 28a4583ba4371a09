import { Form, Link } from "@remix-run/react";
import { PageHeader, SectionTitle } from "~/components/card.tsx";
import { buttonClass } from "~/components/button.tsx";
import { CsrfInput } from "~/components/csrf-input.tsx";
import { useT } from "~/i18n/index.ts";
import type { GalleryHome, GalleryListing, PrivatePortfolioPage, PublicBoardPage, PublicEntryPage, PublicPortfolioPage } from "~/view-models/gallery.ts";
import { CardGrid, ShareBox } from "./cards.tsx";
import { Picture } from "./picture.tsx";

export function GalleryHomeView({ home }: { home: GalleryHome }) {
  const t = useT();
  const contestList = (list: GalleryHome["current"]) => (
    <ul className="space-y-2">
      {list.map((c) => (
        <li key={c.id}>
          <Link to={`/gallery/c/${c.id}`} className="flex min-h-11 items-center justify-between rounded-2xl bg-white px-4 py-3 text-lg font-semibold ring-1 ring-slate-200">
            <span>{c.title}</span>
            <span className="text-base font-normal text-slate-700">{t("gallery.works", { count: c.publicCount })}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
  const empty = home.current.length + home.past.length + home.boards.length === 0;
  return (
    <>
      <PageHeader title={t("gallery.title")} subtitle={t("gallery.intro")} />
      {empty ? <p className="rounded-2xl bg-white p-4 text-lg">{t("gallery.empty")}</p> : null}
      {home.boards.length ? (
        <>
          <SectionTitle>{t("gallery.boards")}</SectionTitle>
          <ul className="grid grid-cols-2 gap-3">
            {home.boards.map((b) => (
              <li key={b.slug} className="overflow-hidden rounded-2xl bg-white ring-1 ring-slate-200">
                <Link to={`/b/${b.slug}`} className="block min-h-11">
                  {b.cover ? <Picture picture={b.cover} alt={b.title} sizes="50vw" className="aspect-[4/3] object-cover" /> : null}
                  <p className="p-2 text-lg font-semibold">{b.title}</p>
                  <p className="px-2 pb-2 text-sm text-slate-700">{t("gallery.works", { count: b.count })}</p>
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {home.current.length ? (
        <>
          <SectionTitle>{t("gallery.current")}</SectionTitle>
          {contestList(home.current)}
        </>
      ) : null}
      {home.past.length ? (
        <>
          <SectionTitle>{t("gallery.past")}</SectionTitle>
          {contestList(home.past)}
        </>
      ) : null}
    </>
  );
}

function FilterSelect({ name, label, options, value }: { name: string; label: string; options: { id: string; name: string }[]; value: string | null }) {
  const t = useT();
  if (options.length === 0) return null;
  return (
    <label className="flex flex-col text-base font-semibold">
      {label}
      <select name={name} defaultValue={value ?? ""} className="mt-1 min-h-11 rounded-xl border-2 border-slate-400 bg-white px-2 text-lg">
        <option value="">{t("gallery.filter.all")}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>{o.name}</option>
        ))}
      </select>
    </label>
  );
}

export function ListingView({ listing }: { listing: GalleryListing }) {
  const t = useT();
  return (
    <>
      <PageHeader title={listing.contest.title} subtitle={listing.contest.description} />
      <Form method="get" className="mb-4 grid grid-cols-2 gap-2 sm:grid-cols-4">
        <FilterSelect name="category" label={t("gallery.filter.category")} options={listing.categories} value={listing.selected.category} />
        <FilterSelect name="band" label={t("gallery.filter.band")} options={listing.bands} value={listing.selected.band} />
        <FilterSelect name="tier" label={t("gallery.filter.tier")} options={listing.tiers} value={listing.selected.tier} />
        <button type="submit" className={buttonClass("secondary", false, "self-end")}>{t("gallery.filter.apply")}</button>
      </Form>
      <CardGrid cards={listing.cards} />
      <nav className="mt-5 flex flex-wrap gap-3">
        {listing.next ? (
          <Link to={listing.next} className={buttonClass("primary")} rel="next" data-testid="next-page">{t("gallery.more")}</Link>
        ) : null}
        <Link to={`/gallery/c/${listing.contest.id}`} className={buttonClass("quiet")}>{t("gallery.backToStart")}</Link>
      </nav>
    </>
  );
}

export function EntryView({ entry }: { entry: PublicEntryPage }) {
  const t = useT();
  return (
    <article>
      <PageHeader title={entry.title} subtitle={`${entry.maskedName ?? t("gallery.anonymous")} · ${entry.schoolName}${entry.bandName ? ` · ${entry.bandName}` : ""}`}>
        <p className="text-base text-slate-700">{entry.contestTitle} · {entry.categoryName}</p>
        {entry.awardName ? <p className="text-lg font-bold text-brand-800">{t("gallery.award", { award: entry.awardName })}</p> : null}
        <p className="text-sm text-slate-700" data-testid="views">{t("gallery.views", { count: entry.views })}</p>
      </PageHeader>
      <div className="space-y-4">
        {entry.media.map((m, i) =>
          m.kind === "image" ? (
            <Picture key={i} picture={m.picture} alt={entry.title} sizes="(min-width: 768px) 720px, 100vw" eager={i === 0} className="rounded-2xl" />
          ) : m.kind === "video" ? (
            <video
              key={i}
              controls
              playsInline
              preload="metadata"
              poster={m.poster?.fallback}
              width={m.width ?? undefined}
              height={m.height ?? undefined}
              className="h-auto w-full rounded-2xl bg-black"
              aria-label={`${t("gallery.video")}: ${entry.title}`}
              data-testid="entry-video"
            >
              <source src={m.src} type="video/mp4" />
            </video>
          ) : (
            <figure key={i}>
              <figcaption className="mb-1 text-lg font-semibold">{t("gallery.audio")}</figcaption>
              <audio controls preload="none" src={m.src} className="w-full" aria-label={`${t("gallery.audio")}: ${entry.title}`} />
            </figure>
          ),
        )}
      </div>
      {entry.description ? <p className="mt-4 whitespace-pre-line text-lg">{entry.description}</p> : null}
      {entry.bodyText ? (
        <section className="mt-4 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
          <h2 className="mb-2 text-xl font-bold">{t("gallery.essay")}</h2>
          <p className="whitespace-pre-line text-lg leading-relaxed">{entry.bodyText}</p>
        </section>
      ) : null}
      {entry.feedback.length ? (
        <section className="mt-4 rounded-2xl bg-amber-50 p-4">
          <h2 className="mb-2 text-xl font-bold">{t("gallery.feedback")}</h2>
          {entry.feedback.map((f, i) => (
            <p key={i} className="text-lg">{f}</p>
          ))}
        </section>
      ) : null}
      <ShareBox shareUrl={entry.shareUrl} qrUrl={entry.qrUrl} posterUrl={entry.posterUrl} title={entry.title} />
      <p className="mt-4">
        <Link to={`/gallery/c/${entry.contestId}`} className={buttonClass("quiet")}>{t("gallery.entry.backToContest")}</Link>
      </p>
    </article>
  );
}

export function BoardView({ board }: { board: PublicBoardPage }) {
  const t = useT();
  return (
    <>
      <PageHeader title={board.title} subtitle={board.description}>
        {board.theme ? <p className="text-base font-semibold text-brand-800">{board.theme}</p> : null}
        <p className="text-sm text-slate-700">{t("gallery.views", { count: board.views })}</p>
      </PageHeader>
      <CardGrid cards={board.cards} />
      <ShareBox shareUrl={board.shareUrl} qrUrl={board.qrUrl} title={board.title} />
      <p className="mt-4">
        <Link to="/gallery" className={buttonClass("quiet")}>{t("gallery.board.back")}</Link>
      </p>
    </>
  );
}

export function PublicPortfolioView({ portfolio }: { portfolio: PublicPortfolioPage }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t("gallery.portfolio.public", { caption: portfolio.caption ?? t("gallery.anonymous") })}>
        <p className="text-sm text-slate-700">{t("gallery.views", { count: portfolio.views })}</p>
      </PageHeader>
      <CardGrid cards={portfolio.cards} />
      <ShareBox shareUrl={portfolio.shareUrl} qrUrl={portfolio.qrUrl} title={t("gallery.portfolio.title")} />
    </>
  );
}

export function GalleryProblem({ status }: { status: number }) {
  const t = useT();
  const bad = status === 400;
  return (
    <div className="rounded-2xl bg-white p-5">
      <h1 className="text-2xl font-bold">{t(bad ? "gallery.badRequest.title" : "gallery.notFound.title")}</h1>
      <p className="mt-2 text-lg">{t(bad ? "gallery.badRequest.body" : "gallery.notFound.body")}</p>
      <p className="mt-4">
        <Link to="/gallery" className={buttonClass("primary")}>{t("gallery.board.back")}</Link>
      </p>
    </div>
  );
}

export function PrivatePortfolioView({ view }: { view: PrivatePortfolioPage }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t("gallery.portfolio.private", { name: view.childName })} subtitle={t("gallery.portfolio.privateIntro")} />
      {view.shareUrl ? (
        <p className="mb-3 break-all text-lg">
          {t("gallery.portfolio.shareLink")} <a href={view.shareUrl} className="font-semibold text-brand-800 underline">{view.shareUrl}</a>
        </p>
      ) : null}
      {view.canShare ? (
        <Form method="post" className="mb-4">
          <input type="hidden" name="intent" value="share" />
          <CsrfInput />
          <button type="submit" className={buttonClass(view.shareUrl ? "secondary" : "primary")}>{t(view.shareUrl ? "gallery.portfolio.shareAgain" : "gallery.portfolio.share")}</button>
        </Form>
      ) : null}
      {view.entries.length === 0 ? <p className="text-lg">{t("gallery.portfolio.noEntries")}</p> : null}
      <ul className="space-y-2">
        {view.entries.map((e, i) => (
          <li key={i} className="rounded-xl bg-white p-3 ring-1 ring-slate-200">
            <p className="text-lg font-semibold">{e.title}</p>
            <p className="text-base text-slate-700">{e.contestTitle} · {e.categoryName}</p>
            <p className="text-base">
              {e.notPublicBecause ? t(`gallery.why.${e.notPublicBecause}`) : t("gallery.portfolio.publicNow")} · {t("gallery.views", { count: e.views })}
            </p>
            {e.publicId ? <Link to={`/e/${e.publicId}`} className={buttonClass("quiet", false, "!px-0")}>{t("gallery.admin.show")}</Link> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
