// The share poster (GET /e/:publicId/poster.png): one PNG made on the server
// from the work's display rendition, its title, the masked name (only with
// PUBLIC_NAME consent), school, contest and the QR code of its short link.
// Chinese text is drawn as outlines of the bundled Noto Sans SC
// (svgTextPaths), never through system fonts. The second owner of sharp (see
// eslint.config.js): the worker's engine is for uploads, not for this.
import sharp, { type OverlayOptions } from "sharp";
import { svgTextPaths } from "~/server/documents/pdf/fonts.server.ts";
import { qrPng } from "~/server/documents/qr.server.ts";

export const POSTER_WIDTH = 750;
export const POSTER_HEIGHT = 1200;
const PICTURE_HEIGHT = 760;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function renderSharePoster(input: { picture: Buffer | null; title: string; byline: string; contest: string; scanLabel: string; shareUrl: string; appName: string }): Promise<Buffer> {
  const [title, byline, contest, scan, app] = await Promise.all([
    svgTextPaths(input.title, { x: 40, y: PICTURE_HEIGHT + 80, size: 48, fill: "#111827", maxWidth: 670 }),
    svgTextPaths(input.byline, { x: 40, y: PICTURE_HEIGHT + 140, size: 32, fill: "#374151", maxWidth: 430 }),
    svgTextPaths(input.contest, { x: 40, y: PICTURE_HEIGHT + 195, size: 28, fill: "#374151", maxWidth: 430 }),
    svgTextPaths(input.scanLabel, { x: 530, y: POSTER_HEIGHT - 30, size: 24, fill: "#374151", maxWidth: 200 }),
    svgTextPaths(input.appName, { x: 40, y: POSTER_HEIGHT - 40, size: 30, fill: "#b91c1c", maxWidth: 400 }),
  ]);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${POSTER_WIDTH}" height="${POSTER_HEIGHT}"><title>${escapeXml(input.title)}</title>
    <rect width="100%" height="100%" fill="#fffaf0"/>${title}${byline}${contest}${scan}${app}</svg>`;
  const layers: OverlayOptions[] = [];
  // A rendition that cannot be read (lost, damaged) leaves the picture area plain rather than failing the poster.
  const picture = input.picture
    ? await sharp(input.picture, { limitInputPixels: 40_000_000 })
        .resize(POSTER_WIDTH, PICTURE_HEIGHT, { fit: "cover" })
        .png()
        .toBuffer()
        .catch(() => null)
    : null;
  if (picture) layers.push({ input: picture, top: 0, left: 0 });
  layers.push({ input: await qrPng(input.shareUrl, { size: 200 }), top: POSTER_HEIGHT - 260, left: 520 });
  return sharp(Buffer.from(svg)).composite(layers).png({ compressionLevel: 8 }).toBuffer();
}
