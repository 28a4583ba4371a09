// Public media of public entries: which renditions a page shows and the
// opaque URLs they are served under, /g/m/<publicId>/<n>/<rendition>: the
// entry's random public id, the file's position among its ready files and
// the rendition's name ("display.webp"). The storage keys (which carry the
// entry id) never reach a page; public-media.server.ts re-checks the
// visibility rule on every request.
import type { PublicMedia, PublicPicture } from "~/view-models/gallery.ts";
import { getDb, type Db } from "~/server/db/db.server.ts";

type RenditionRow = { name: string; width: number | null; height: number | null };
export type AssetRow = { entryId: string; kind: "IMAGE" | "VIDEO" | "AUDIO"; width: number | null; height: number | null; renditions: RenditionRow[] };

/** Ready files of these entries in their public order (the order the /g/m/ index counts in). */
export async function readyAssets(entryIds: readonly string[], db: Db = getDb()): Promise<Map<string, AssetRow[]>> {
  const rows = entryIds.length
    ? await db.mediaAsset.findMany({
        where: { entryId: { in: [...entryIds] }, status: "READY" },
        orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
        select: { entryId: true, kind: true, width: true, height: true, renditions: { select: { name: true, width: true, height: true } } },
      })
    : [];
  const byEntry = new Map<string, AssetRow[]>();
  for (const row of rows) byEntry.set(row.entryId, [...(byEntry.get(row.entryId) ?? []), row as AssetRow]);
  return byEntry;
}

export function mediaUrl(publicId: string, index: number, name: string): string {
  return `/g/m/${publicId}/${index}/${name}`;
}

const SIZES = ["thumb", "display", "large"] as const;

/** The picture made of `prefix`+thumb/display/large in WebP and JPEG ("poster-" for a video's frame). */
export function pictureOf(input: { publicId: string; index: number; asset: AssetRow; prefix?: string; upTo?: (typeof SIZES)[number] }): PublicPicture | null {
  const prefix = input.prefix ?? "";
  const sizes = SIZES.slice(0, SIZES.indexOf(input.upTo ?? "large") + 1);
  const pick = (ext: string) =>
    sizes
      .map((size) => input.asset.renditions.find((r) => r.name === `${prefix}${size}.${ext}`))
      .filter((r): r is RenditionRow & { width: number } => r !== undefined && r.width !== null)
      .map((r) => ({ src: mediaUrl(input.publicId, input.index, r.name), width: r.width, height: r.height }));
  const webp = pick("webp");
  const jpeg = pick("jpg");
  const biggest = [...webp, ...jpeg].sort((a, b) => b.width - a.width)[0];
  if (!biggest || jpeg.length === 0) return null;
  return {
    webp: webp.map(({ src, width }) => ({ src, width })),
    jpeg: jpeg.map(({ src, width }) => ({ src, width })),
    fallback: jpeg[0]!.src,
    width: biggest.width,
    height: biggest.height ?? biggest.width,
  };
}

/** The card picture: the first image, else the first video's poster frame. */
export function thumbOf(publicId: string, assets: readonly AssetRow[]): PublicPicture | null {
  for (const [index, asset] of assets.entries()) {
    if (asset.kind === "IMAGE") return pictureOf({ publicId, index, asset, upTo: "display" });
    if (asset.kind === "VIDEO") return pictureOf({ publicId, index, asset, prefix: "poster-", upTo: "display" });
  }
  return null;
}

export function mediaOf(publicId: string, assets: readonly AssetRow[]): PublicMedia[] {
  return assets.flatMap((asset, index): PublicMedia[] => {
    if (asset.kind === "IMAGE") {
      const picture = pictureOf({ publicId, index, asset });
      return picture ? [{ kind: "image", picture }] : [];
    }
    const file = asset.renditions.find((r) => (asset.kind === "VIDEO" ? r.name.startsWith("video.") : r.name.startsWith("audio.")));
    if (!file) return [];
    const src = mediaUrl(publicId, index, file.name);
    if (asset.kind === "AUDIO") return [{ kind: "audio", src }];
    return [{ kind: "video", src, poster: pictureOf({ publicId, index, asset, prefix: "poster-" }), width: file.width, height: file.height }];
  });
}
