import { PDFDict, PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { generateInitialPassword, generateLinkCode, generateUsername } from "~/domain/intake/credentials.ts";
import { loginUrlWithUsername, renderLoginSlips, type LoginSlip, type RenderedLoginSlips } from "./login-slips.server.ts";
import { hasPopplerTool, pdfToText } from "./poppler.test-helpers.ts";

const labels = {
  username: "账号",
  password: "初始密码",
  linkCode: "家长绑定码",
  linkCodeHint: "家长注册时填写此绑定码",
  changePassword: "首次登录后请修改密码",
  scanToLogin: "扫码登录",
};

const SPECIAL_NAMES = ["王龑", "刘䶮", "𠮷田春", "司马相如", "欧阳娜娜娜娜娜", "阿依古丽·买买提", "Alice Wang"];
const SURNAMES = [..."李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"];
const GIVEN = ["子涵", "欣怡", "梓轩", "雨桐", "浩然", "思远", "一诺", "佳琪", "宇航", "可馨"];

function classOf45(): LoginSlip[] {
  return Array.from({ length: 45 }, (_, i) => ({
    schoolName: i % 2 === 0 ? "示范县城关镇第一中心小学附属实验学校（东校区）" : "实验小学",
    className: "三年级(1)班",
    childName: SPECIAL_NAMES[i] ?? `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`,
    username: generateUsername("xs"),
    initialPassword: generateInitialPassword(),
    linkCode: generateLinkCode(),
  }));
}

describe("renderLoginSlips for a class of 45", () => {
  const slips = classOf45();
  let rendered: RenderedLoginSlips;

  beforeAll(async () => {
    const options = { loginUrl: "https://sanshai.example.cn/login", title: "实验小学 三年级(1)班 登录条", labels };
    let started = performance.now();
    rendered = await renderLoginSlips(slips, options);
    const firstMs = performance.now() - started;
    started = performance.now();
    await renderLoginSlips(slips, options);
    const againMs = performance.now() - started;
    const kb = (rendered.pdf.byteLength / 1024).toFixed(1);
    console.info(`45 login slips: ${kb} KB; ${firstMs.toFixed(0)} ms with font loading, ${againMs.toFixed(0)} ms once loaded`);
  }, 60_000);

  it("fills 6 A4 pages, 8 slips each", async () => {
    expect(rendered.pages).toBe(6);
    const doc = await PDFDocument.load(rendered.pdf);
    expect(doc.getPageCount()).toBe(6);
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.28, height: 841.89 });
  });

  it("stays small: only subsets of the fonts it used are embedded", async () => {
    expect(rendered.pdf.byteLength).toBeLessThan(400 * 1024);
    const doc = await PDFDocument.load(rendered.pdf);
    const descriptors = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of("Type")) === PDFName.of("FontDescriptor"));
    expect(descriptors.length).toBeGreaterThan(0);
    expect(descriptors.length).toBeLessThanOrEqual(4);
    for (const descriptor of descriptors) {
      expect(descriptor.get(PDFName.of("FontName"))?.toString()).toMatch(/^\/[A-Z]{6}\+NotoSansSC-Regular$/);
      const file = doc.context.lookup(descriptor.get(PDFName.of("FontFile2")));
      expect(file).toBeInstanceOf(PDFRawStream);
      expect((file as PDFRawStream).contents.byteLength).toBeLessThan(150 * 1024);
    }
  });

  it("prints every name, username, password and link code as text", () => {
    if (!hasPopplerTool("pdftotext")) return;
    const text = pdfToText(rendered.pdf).replace(/\s+/g, "");
    for (const slip of slips) {
      expect(text).toContain(slip.childName.replace(/\s+/g, ""));
      expect(text).toContain(slip.username);
      expect(text).toContain(slip.initialPassword);
      expect(text).toContain(slip.linkCode);
    }
    expect(text).toContain("首次登录后请修改密码");
  });

  it("tells which slips carry characters no font has", () => {
    expect(rendered.missing).toEqual([
      { slip: 1, field: "childName", characters: ["䶮"] },
      { slip: 2, field: "childName", characters: ["𠮷"] },
    ]);
  });
});

describe("loginUrlWithUsername", () => {
  it("adds the username and nothing else, keeping the login URL's own query", () => {
    expect(loginUrlWithUsername("https://sanshai.example.cn/login?from=slip", "xs23456789")).toBe(
      "https://sanshai.example.cn/login?from=slip&username=xs23456789",
    );
  });
});

it("refuses to render no slips at all", async () => {
  await expect(renderLoginSlips([], { loginUrl: "https://x.cn/login", title: "t", labels })).rejects.toThrow(RangeError);
});
