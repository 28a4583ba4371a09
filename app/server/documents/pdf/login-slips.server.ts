// Printable login slips for a class: A4 portrait, 2 × 4 slips per page with
// dashed lines to cut along. A teacher hands each child their slip; a parent
// or grandparent scans the QR code (the username is filled in, the password
// is typed from the slip, never put in a URL) and keeps the slip for the
// link code. Every sentence comes from the caller (the message catalog).
import { PDFDocument, type PDFPage } from "pdf-lib";
import {
  A4_PORTRAIT,
  drawCutMarks,
  drawQrCode,
  drawSpacedText,
  drawTextBlock,
  INK,
  measureTextBlock,
  MUTED,
  mm,
} from "./layout.server.ts";
import { drawTextRuns, measureText } from "./fonts.server.ts";

export interface LoginSlip {
  schoolName: string;
  className: string;
  childName: string;
  username: string;
  initialPassword: string;
  linkCode: string;
}

/** Already translated ("账号", "初始密码", "家长绑定码", "家长注册时填写此绑定码", "首次登录后请修改密码", "扫码登录"). */
export interface LoginSlipLabels {
  username: string;
  password: string;
  linkCode: string;
  linkCodeHint: string;
  changePassword: string;
  scanToLogin: string;
}

export interface LoginSlipsOptions {
  /** The login page; each QR code adds ?username=… */
  loginUrl: string;
  /** Printed at the top of each page and as the PDF's title ("实验小学 三年级(1)班 登录条"). */
  title: string;
  labels: LoginSlipLabels;
}

/** Characters no font has, drawn as □: the teacher should write them in by hand. */
export interface SlipMissingCharacters {
  /** Index in the slips given. */
  slip: number;
  /** "school": the school and class line. */
  field: "school" | "childName";
  characters: string[];
}

export interface RenderedLoginSlips {
  pdf: Uint8Array;
  pages: number;
  missing: SlipMissingCharacters[];
}

export const SLIPS_PER_PAGE = 8;
const COLUMNS = 2;
const ROWS = SLIPS_PER_PAGE / COLUMNS;
const MARGIN = mm(10);
const HEADER = mm(8);
const PADDING = mm(4);
/** The largest QR code; planSlip may make it smaller. */
const QR_SIZE = mm(30);
const LABEL_SIZE = 8.5;

/** The login page with the username filled in (and only that: a URL ends up in logs and histories). */
export function loginUrlWithUsername(loginUrl: string, username: string): string {
  const url = new URL(loginUrl);
  url.searchParams.set("username", username);
  return url.toString();
}

interface Slot {
  x: number;
  top: number;
  width: number;
  height: number;
}

function slotAt(index: number): Slot {
  const width = (A4_PORTRAIT.width - 2 * MARGIN) / COLUMNS;
  const height = (A4_PORTRAIT.height - 2 * MARGIN - HEADER) / ROWS;
  const column = index % COLUMNS;
  const row = Math.floor(index / COLUMNS) % ROWS;
  return { x: MARGIN + column * width, top: A4_PORTRAIT.height - MARGIN - HEADER - row * height, width, height };
}

/** One label column for all rows, as wide as the widest label (capped, so a long translation shrinks instead). */
async function labelColumnWidth(labels: LoginSlipLabels, slotWidth: number): Promise<number> {
  const widths = await Promise.all([labels.username, labels.password, labels.linkCode].map((l) => measureText(l, LABEL_SIZE)));
  return Math.min(Math.max(...widths) + mm(2), slotWidth * 0.3);
}

interface CodeRow {
  x: number;
  y: number;
  labelWidth: number;
  label: string;
  code: string;
  size: number;
  groupSize?: number;
  /** Label and code together. */
  maxWidth: number;
}

/** A label and a code set in cells, sharing one baseline. */
async function drawCodeRow(page: PDFPage, row: CodeRow) {
  await drawTextRuns(page, row.label, { x: row.x, y: row.y, size: LABEL_SIZE, color: MUTED, maxWidth: row.labelWidth - mm(1) });
  const code = { x: row.x + row.labelWidth, y: row.y, size: row.size, groupSize: row.groupSize };
  await drawSpacedText(page, row.code, { ...code, maxWidth: row.maxWidth - row.labelWidth });
}

// Text styles of a slip; sizes in points, `leading` × size per line.
const SCHOOL = { size: 9.5, minSize: 7, maxLines: 2, color: MUTED };
const NAME = { size: 24, minSize: 12, maxLines: 1 };
const HINT = { size: 8.5, minSize: 6.5, maxLines: 2, color: MUTED };
const FOOT = { size: 9, minSize: 6.5, maxLines: 1, color: INK };
const LEADING = 1.3;
/** From the QR code's bottom edge to the rule: its caption and some air. */
const BELOW_QR = mm(5);
/** From the rule to the hint: the link code row. */
const LINK_CODE_ROW = mm(8.5);

interface SlipPlan {
  x: number;
  width: number;
  qrTop: number;
  qrSize: number;
}

/**
 * The QR code takes what the text leaves: 30 mm normally, down to ~23 mm
 * when both the school name and the hint need two lines, so nothing ever
 * runs into the next slip.
 */
async function planSlip(slot: Slot, school: string, hint: string): Promise<SlipPlan> {
  const x = slot.x + PADDING;
  const width = slot.width - 2 * PADDING;
  const schoolHeight = await measureTextBlock(school, { ...SCHOOL, maxWidth: width, leading: LEADING });
  const hintHeight = await measureTextBlock(hint, { ...HINT, maxWidth: width, leading: LEADING });
  const qrTop = slot.top - PADDING - schoolHeight - mm(1);
  const below = BELOW_QR + LINK_CODE_ROW + hintHeight + mm(1) + FOOT.size * LEADING;
  const qrSize = Math.min(QR_SIZE, qrTop - (slot.top - slot.height + PADDING) - below);
  return { x, width, qrTop, qrSize };
}

async function drawSlip(page: PDFPage, slot: Slot, slip: LoginSlip, options: LoginSlipsOptions & { labelWidth: number }) {
  const { labels, labelWidth } = options;
  const schoolText = `${slip.schoolName} ${slip.className}`;
  const { x, width, qrTop, qrSize } = await planSlip(slot, schoolText, labels.linkCodeHint);
  drawCutMarks(page, { x: slot.x, y: slot.top - slot.height, width: slot.width, height: slot.height });
  const school = await drawTextBlock(page, schoolText, { ...SCHOOL, x, top: slot.top - PADDING, maxWidth: width, leading: LEADING });
  drawQrCode(page, loginUrlWithUsername(options.loginUrl, slip.username), { x: x + width - qrSize, y: qrTop - qrSize, size: qrSize });
  await drawCaption(page, labels.scanToLogin, { centre: x + width - qrSize / 2, top: qrTop - qrSize, maxWidth: qrSize });
  const name = await drawTextBlock(page, slip.childName, { ...NAME, x, top: qrTop, maxWidth: width - qrSize - mm(3), leading: LEADING });
  const besideQr = { x, labelWidth, maxWidth: width - qrSize - mm(2) };
  const username = { label: labels.username, code: slip.username, size: 13 };
  await drawCodeRow(page, { ...besideQr, ...username, y: name.bottom - mm(6) });
  const password = { label: labels.password, code: slip.initialPassword, size: 16, groupSize: 4 };
  await drawCodeRow(page, { ...besideQr, ...password, y: name.bottom - mm(14) });
  const rule = Math.min(qrTop - qrSize - BELOW_QR, name.bottom - mm(17));
  page.drawLine({ start: { x, y: rule }, end: { x: x + width, y: rule }, thickness: 0.4, color: MUTED });
  const linkCode = { label: labels.linkCode, code: slip.linkCode, size: 13, groupSize: 3 };
  await drawCodeRow(page, { x, labelWidth, maxWidth: width, ...linkCode, y: rule - mm(6) });
  const small = { x, maxWidth: width, leading: LEADING };
  const hint = await drawTextBlock(page, labels.linkCodeHint, { ...HINT, ...small, top: rule - LINK_CODE_ROW });
  await drawTextBlock(page, labels.changePassword, { ...FOOT, ...small, top: hint.bottom - mm(1) });
  return { school: school.missing, childName: name.missing };
}

/** A short line centred under something (the QR code), shrunk to its width. */
async function drawCaption(page: PDFPage, text: string, at: { centre: number; top: number; maxWidth: number }) {
  const size = 7.5;
  const width = Math.min(await measureText(text, size), at.maxWidth);
  await drawTextRuns(page, text, { x: at.centre - width / 2, y: at.top - size, size, color: MUTED, maxWidth: at.maxWidth });
}

async function drawPageHeader(page: PDFPage, title: string, pageNumber: number, pages: number) {
  const y = A4_PORTRAIT.height - MARGIN - 10;
  const counter = `${pageNumber} / ${pages}`;
  const counterWidth = await measureText(counter, 9);
  await drawTextRuns(page, title, { x: MARGIN, y, size: 10, color: MUTED, maxWidth: A4_PORTRAIT.width - 2 * MARGIN - counterWidth - mm(5) });
  await drawTextRuns(page, counter, { x: A4_PORTRAIT.width - MARGIN - counterWidth, y, size: 9, color: MUTED });
}

/**
 * One PDF for a class. Fonts are embedded as subsets of the characters
 * drawn (a class of 45 is ~100 KB). `missing` lists slips with characters
 * no font has, so the page can tell the teacher which slips to correct by
 * hand.
 */
export async function renderLoginSlips(slips: readonly LoginSlip[], options: LoginSlipsOptions): Promise<RenderedLoginSlips> {
  if (slips.length === 0) throw new RangeError("renderLoginSlips needs at least one slip");
  const doc = await PDFDocument.create();
  doc.setTitle(options.title);
  doc.setLanguage("zh-CN");
  const pages = Math.ceil(slips.length / SLIPS_PER_PAGE);
  const labelWidth = await labelColumnWidth(options.labels, slotAt(0).width - 2 * PADDING);
  const missing: SlipMissingCharacters[] = [];
  for (let pageIndex = 0; pageIndex < pages; pageIndex++) {
    const page = doc.addPage([A4_PORTRAIT.width, A4_PORTRAIT.height]);
    await drawPageHeader(page, options.title, pageIndex + 1, pages);
    for (let index = pageIndex * SLIPS_PER_PAGE; index < Math.min(slips.length, (pageIndex + 1) * SLIPS_PER_PAGE); index++) {
      const slip = slips[index];
      if (slip === undefined) continue;
      const drawn = await drawSlip(page, slotAt(index), slip, { ...options, labelWidth });
      if (drawn.school.length > 0) missing.push({ slip: index, field: "school", characters: drawn.school });
      if (drawn.childName.length > 0) missing.push({ slip: index, field: "childName", characters: drawn.childName });
    }
  }
  return { pdf: await doc.save(), pages, missing };
}
