// The only importer of `qrcode`. Every QR code the platform prints or shows
// (login slips, certificates, share posters) comes from here, so they all
// share one error-correction level and quiet zone.
import QRCode from "qrcode";

// M recovers ~15% damage: enough for a slip folded in a pocket or a poster
// photographed at an angle, while keeping a login URL at version 3–4 (large
// modules that a mid-range phone camera reads from 30 cm).
const ERROR_CORRECTION = "M";
// The standard asks for 4 modules of quiet zone; 2 is what scanners need in
// practice and leaves more of a small slip to the code itself. Callers who
// draw modules themselves add the margin with QR_MARGIN_MODULES.
export const QR_MARGIN_MODULES = 2;

/** A QR code as a square grid of modules: `dark[row][col]`, without the quiet zone. */
export interface QrMatrix {
  size: number;
  dark: boolean[][];
}

/** The module grid, for drawing the code as vector shapes (sharp at any print size). */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: ERROR_CORRECTION });
  const dark = Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, col) => modules.get(row, col) === 1),
  );
  return { size: modules.size, dark };
}

/** A PNG `size` pixels wide (quiet zone included), for web pages and posters. */
export function qrPng(text: string, options: { size: number }): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    type: "png",
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: QR_MARGIN_MODULES,
    width: options.size,
  });
}

/** A standalone SVG document (quiet zone included) that scales without blurring. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: "svg", errorCorrectionLevel: ERROR_CORRECTION, margin: QR_MARGIN_MODULES });
}
