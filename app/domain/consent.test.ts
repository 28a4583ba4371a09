import { describe, expect, it } from "vitest";
import { zhCN } from "~/i18n/zh-CN.ts";
import {
  CONSENT_TEXT_VERSION,
  consentHistoryFrom,
  currentConsentFrom,
  decideConsentChange,
  type ConsentActionName,
  type ConsentRecordLike,
  type ConsentScopeName,
} from "./consent.ts";

let n = 0;
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, minute));
const record = (scope: ConsentScopeName, action: ConsentActionName, minute: number): ConsentRecordLike => ({ id: `r${++n}`, scope, action, createdAt: at(minute) });

describe("currentConsentFrom", () => {
  it("makes nothing public when nobody ever chose", () => {
    const current = currentConsentFrom([]);
    expect(current.scopes.PUBLIC_WORK).toEqual({ state: "none", since: null, recordId: null });
    expect(current.effective).toEqual({ work: false, name: false, feedback: false });
  });

  it("takes the latest record of each scope, whatever order they come in", () => {
    const given = record("PUBLIC_WORK", "GIVEN", 1);
    const withdrawn = record("PUBLIC_WORK", "WITHDRAWN", 5);
    const givenAgain = record("PUBLIC_WORK", "GIVEN", 9);
    const current = currentConsentFrom([givenAgain, given, withdrawn]);
    expect(current.scopes.PUBLIC_WORK).toEqual({ state: "given", since: at(9), recordId: givenAgain.id });
    expect(currentConsentFrom([given, withdrawn]).scopes.PUBLIC_WORK.state).toBe("withdrawn");
  });

  it("keeps the given order between records of the same instant", () => {
    const a = record("PUBLIC_NAME", "GIVEN", 3);
    const b = record("PUBLIC_NAME", "WITHDRAWN", 3);
    expect(currentConsentFrom([a, b]).scopes.PUBLIC_NAME.state).toBe("withdrawn");
    expect(currentConsentFrom([b, a]).scopes.PUBLIC_NAME.state).toBe("given");
  });

  it("shows a name or comments only together with the work", () => {
    const name = record("PUBLIC_NAME", "GIVEN", 1);
    const feedback = record("PUBLIC_FEEDBACK", "GIVEN", 2);
    expect(currentConsentFrom([name, feedback]).effective).toEqual({ work: false, name: false, feedback: false });
    const work = record("PUBLIC_WORK", "GIVEN", 3);
    expect(currentConsentFrom([name, feedback, work]).effective).toEqual({ work: true, name: true, feedback: true });
    // Withdrawing the work hides all three; giving it back restores what was given before.
    const off = record("PUBLIC_WORK", "WITHDRAWN", 4);
    expect(currentConsentFrom([name, feedback, work, off]).effective).toEqual({ work: false, name: false, feedback: false });
    const on = record("PUBLIC_WORK", "GIVEN", 5);
    expect(currentConsentFrom([name, feedback, work, off, on]).effective).toEqual({ work: true, name: true, feedback: true });
  });

  it("keeps the scopes apart", () => {
    const current = currentConsentFrom([record("PUBLIC_WORK", "GIVEN", 1), record("PUBLIC_FEEDBACK", "WITHDRAWN", 2)]);
    expect([current.scopes.PUBLIC_WORK.state, current.scopes.PUBLIC_NAME.state, current.scopes.PUBLIC_FEEDBACK.state]).toEqual(["given", "none", "withdrawn"]);
    expect(current.effective).toEqual({ work: true, name: false, feedback: false });
  });
});

describe("decideConsentChange", () => {
  const given = currentConsentFrom([record("PUBLIC_WORK", "GIVEN", 1)]);
  const none = currentConsentFrom([]);
  it("writes a real change only", () => {
    expect(decideConsentChange(none, "PUBLIC_WORK", "GIVEN")).toEqual({ write: true });
    expect(decideConsentChange(given, "PUBLIC_WORK", "WITHDRAWN")).toEqual({ write: true });
    expect(decideConsentChange(given, "PUBLIC_WORK", "GIVEN")).toEqual({ write: false, reason: "unchanged" });
    // Withdrawing what was never given changes nothing: nothing was public.
    expect(decideConsentChange(none, "PUBLIC_NAME", "WITHDRAWN")).toEqual({ write: false, reason: "unchanged" });
  });
});

it("lists the history newest first", () => {
  const records = [record("PUBLIC_WORK", "GIVEN", 1), record("PUBLIC_NAME", "GIVEN", 7), record("PUBLIC_WORK", "WITHDRAWN", 4)];
  expect(consentHistoryFrom(records).map((r) => r.createdAt.getUTCMinutes())).toEqual([7, 4, 1]);
});

/**
 * Every record stores CONSENT_TEXT_VERSION as the version of the words the
 * guardian read. Changing the words without a new version would make old
 * records claim words nobody saw: when this fails, bump CONSENT_TEXT_VERSION
 * and put the new digest here.
 */
it("pins the consent words to their version", async () => {
  const keys = Object.keys(zhCN)
    .filter((k) => k.startsWith("consent.explain.") || k.startsWith("consent.scope."))
    .sort();
  const text = keys.map((k) => `${k}=${(zhCN as Record<string, string>)[k]}`).join("\n");
  // WebCrypto, global in Node and browsers: app/domain imports no Node module, its tests neither.
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  const digest = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  expect({ version: CONSENT_TEXT_VERSION, digest }).toEqual({
    version: "consent-2026-12-v1",
    digest: "bf3534e3e53198053f20235c1698186432a0a95a3042b0ba7bb5fb121b43cf55",
  });
});
