import { describe, expect, it } from "vitest";
import { EntryStatus as PrismaEntryStatus } from "~/generated/prisma/enums.ts";
import {
  ENTRY_EVENT_RULES,
  ENTRY_EVENTS,
  ENTRY_STATUSES,
  canTransitionEntry,
  checkEntryEvent,
  isEditableByFamily,
  type EntryStatus,
} from "./entry-status.ts";

// Every (from, to) pair the product allows, written out by hand: the table is
// derived from the events, so this list is what a change to an event must also change.
const ALLOWED: ReadonlyArray<[EntryStatus, EntryStatus]> = [
  ["DRAFT", "SUBMITTED"],
  ["DRAFT", "WITHDRAWN"],
  ["DRAFT", "DISQUALIFIED"],
  ["SUBMITTED", "DRAFT"],
  ["SUBMITTED", "WITHDRAWN"],
  ["SUBMITTED", "NOMINATED"],
  ["SUBMITTED", "DISQUALIFIED"],
  ["NOMINATED", "SUBMITTED"],
  ["NOMINATED", "DISQUALIFIED"],
  ["WITHDRAWN", "DRAFT"],
  ["DISQUALIFIED", "SUBMITTED"],
];

describe("entry status transitions", () => {
  it("allows exactly the listed pairs, for every pair of statuses", () => {
    const allowed = new Set(ALLOWED.map(([a, b]) => `${a}>${b}`));
    for (const from of ENTRY_STATUSES) {
      for (const to of ENTRY_STATUSES) {
        expect({ from, to, allowed: canTransitionEntry(from, to) }).toEqual({ from, to, allowed: allowed.has(`${from}>${to}`) });
      }
    }
  });

  it("names the same statuses as the database enum, no more and no fewer", () => {
    expect([...ENTRY_STATUSES].sort()).toEqual(Object.values(PrismaEntryStatus).sort());
  });

  it("has no event that leads nowhere or starts from its own target", () => {
    for (const event of ENTRY_EVENTS) {
      const rule = ENTRY_EVENT_RULES[event];
      expect(rule.from.length, event).toBeGreaterThan(0);
      expect(rule.from.includes(rule.to), event).toBe(false);
    }
  });

  it("says whether an event applies, has happened already, or does not fit", () => {
    expect(checkEntryEvent("submit", "DRAFT")).toEqual({ ok: true });
    expect(checkEntryEvent("submit", "SUBMITTED")).toEqual({ ok: false, reason: "already" });
    expect(checkEntryEvent("submit", "NOMINATED")).toEqual({ ok: false, reason: "wrong_status" });
    expect(checkEntryEvent("withdraw", "NOMINATED")).toEqual({ ok: false, reason: "wrong_status" });
    expect(checkEntryEvent("disqualify", "DISQUALIFIED")).toEqual({ ok: false, reason: "already" });
    expect(checkEntryEvent("reopen", "NOMINATED")).toEqual({ ok: false, reason: "wrong_status" });
  });

  it("lets the family change only a draft, and needs a reason wherever a school or the county decides against the family", () => {
    expect(ENTRY_STATUSES.filter(isEditableByFamily)).toEqual(["DRAFT"]);
    expect(ENTRY_EVENTS.filter((e) => ENTRY_EVENT_RULES[e].needsReason).sort()).toEqual(["disqualify", "nominate", "reinstate"]);
    expect(ENTRY_EVENTS.filter((e) => ENTRY_EVENT_RULES[e].by === "family").sort()).toEqual(["reopen", "restore", "submit", "withdraw"]);
  });
});
