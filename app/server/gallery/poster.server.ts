// GET /e/:publicId/poster.png: the share poster of a public work; 404 when it is not public.
import { t } from "~/i18n/t.ts";
import { getStore } from "~/server/storage/storage.server.ts";
import { getPublicEntry } from "./public-gallery.server.ts";
import { publicRenditionKey } from "./public-media.server.ts";
import { isPublicId, publicBaseUrl } from "./visibility.server.ts";

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The picture the poster shows: the display-size JPEG of the card's thumbnail source. */
async function posterPicture(publicId: string, thumbSrc: string | undefined): Promise<Buffer | null> {
  const match = thumbSrc?.match(/^\/g\/m\/[^/]+\/(\d+)\/((?:poster-)?)[a-z]+\.jpg$/);
  if (!match) return null;
  const found = (await publicRenditionKey(publicId, Number(match[1]), `${match[2]}display.jpg`)) ?? (await publicRenditionKey(publicId, Number(match[1]), `${match[2]}thumb.jpg`));
  if (!found) return null;
  try {
    return await readAll(await getStore().get(found.key));
  } catch {
    return null;
  }
}

export async function sharePosterResponse(request: Request, publicId: string | undefined): Promise<Response | null> {
  if (!isPublicId(publicId)) return null;
  const found = await getPublicEntry(publicId, publicBaseUrl(request));
  if (!found) return null;
  const page = found.page;
  const picture = await posterPicture(publicId, page.thumb?.fallback);
  const byline = `${page.maskedName ?? t("zh-CN", "gallery.anonymous")} · ${page.schoolName}${page.bandName ? ` · ${page.bandName}` : ""}`;
  // sharp and the fonts load with the first poster, not with the app (README "Memory").
  const { renderSharePoster } = await import("./poster-image.server.ts");
  const png = await renderSharePoster({
    picture,
    title: page.title,
    byline,
    contest: page.contestTitle,
    scanLabel: t("zh-CN", "gallery.share.scan"),
    shareUrl: page.shareUrl,
    appName: t("zh-CN", "app.name"),
  });
  return new Response(new Uint8Array(png), { headers: { "Content-Type": "image/png", "Cache-Control": "public, max-age=60", "X-Content-Type-Options": "nosniff" } });
}
