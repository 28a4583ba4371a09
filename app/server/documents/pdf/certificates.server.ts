// A certificate (荣誉证书 / 参与证书) as an A4 landscape PDF: the child's
// name large, what it is for, the school, the issuer and date, the serial
// number and the verification code with a QR code to the public verify page.
// Chinese is drawn with the embedded Noto Sans SC subsets of the login slips
// (fonts.server.ts), rare name characters (龑, 䶮) included. Every sentence
// comes from the caller (the message catalog).
import { PDFDocument, rgb, type PDFPage } from "pdf-lib";
import { drawTextRuns, measureText } from "./fonts.server.ts";
import { A4_LANDSCAPE, drawQrCode, drawTextBlock, INK, MUTED, mm } from "./layout.server.ts";

export interface CertificateContent {
  /** "荣誉证书" or "参与证书". */
  title: string;
  /** "张龑 同学：" */
  recipient: string;
  /** What it is for, in full sentences. */
  body: string;
  school: string;
  issuer: string;
  date: string;
  /** "证书编号：2026寒-K3QF-读书-0001" */
  serialLine: string;
  /** "验证码：7K2M…" */
  codeLine: string;
  verifyUrl: string;
  scanCaption: string;
  /** The PDF's title (file metadata). */
  documentTitle: string;
}

const GOLD = rgb(0.72, 0.53, 0.04);
const RED = rgb(0.7, 0.1, 0.1);
const MARGIN = mm(14);
const QR = mm(28);

async function drawCentred(page: PDFPage, text: string, y: number, size: number, color = INK): Promise<string[]> {
  const maxWidth = A4_LANDSCAPE.width - 2 * MARGIN - mm(20);
  const width = Math.min(await measureText(text, size), maxWidth);
  return (await drawTextRuns(page, text, { x: (A4_LANDSCAPE.width - width) / 2, y, size, color, maxWidth })).missing;
}

/** One certificate; `missing` lists characters no embedded font has (drawn as □), for the page to warn about. */
export async function renderCertificate(content: CertificateContent): Promise<{ pdf: Uint8Array; missing: string[] }> {
  const doc = await PDFDocument.create();
  doc.setTitle(content.documentTitle);
  doc.setLanguage("zh-CN");
  const { width, height } = A4_LANDSCAPE;
  const page = doc.addPage([width, height]);
  page.drawRectangle({ x: MARGIN / 2, y: MARGIN / 2, width: width - MARGIN, height: height - MARGIN, borderColor: GOLD, borderWidth: 4 });
  page.drawRectangle({ x: MARGIN / 2 + 8, y: MARGIN / 2 + 8, width: width - MARGIN - 16, height: height - MARGIN - 16, borderColor: GOLD, borderWidth: 1 });
  const missing: string[] = [];
  missing.push(...(await drawCentred(page, content.title, height - MARGIN - mm(28), 40, RED)));
  const left = MARGIN + mm(22);
  const boxWidth = width - 2 * left;
  const recipient = await drawTextBlock(page, content.recipient, { x: left, top: height - MARGIN - mm(48), maxWidth: boxWidth, size: 26, minSize: 14, maxLines: 1 });
  missing.push(...recipient.missing);
  const body = await drawTextBlock(page, content.body, { x: left + mm(12), top: recipient.bottom - mm(6), maxWidth: boxWidth - mm(12), size: 18, minSize: 11, maxLines: 4, leading: 1.6 });
  missing.push(...body.missing);
  const right = width - left;
  const footerTop = MARGIN + mm(52);
  for (const [i, line] of [content.school, content.issuer, content.date].entries()) {
    const size = 15;
    const w = Math.min(await measureText(line, size), boxWidth / 2);
    missing.push(...(await drawTextRuns(page, line, { x: right - w, y: footerTop - i * mm(9), size, maxWidth: boxWidth / 2 })).missing);
  }
  drawQrCode(page, content.verifyUrl, { x: left, y: MARGIN + mm(10), size: QR });
  const caption = 9;
  await drawTextRuns(page, content.scanCaption, { x: left, y: MARGIN + mm(6), size: caption, color: MUTED, maxWidth: QR });
  await drawTextRuns(page, content.serialLine, { x: left + QR + mm(4), y: MARGIN + mm(24), size: 11, color: MUTED, maxWidth: boxWidth / 2 });
  await drawTextRuns(page, content.codeLine, { x: left + QR + mm(4), y: MARGIN + mm(17), size: 11, color: MUTED, maxWidth: boxWidth / 2 });
  return { pdf: await doc.save(), missing: [...new Set(missing)] };
}
