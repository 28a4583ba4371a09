// Windows are typed and shown in Beijing time whatever the server's zone.
// These tests run once in the process's zone and once with TZ set to a zone
// that observes daylight saving (America/New_York), across its switch dates,
// where code that used local-time Date methods would shift by an hour.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseShanghaiLocal, shanghaiClock, shanghaiDayAt, shanghaiParts, toShanghaiLocal } from "./shanghai-time.ts";

function suite(zone: string | null) {
  describe(`Asia/Shanghai conversion (server TZ ${zone ?? "as started"})`, () => {
    const original = process.env.TZ;
    beforeAll(() => {
      if (zone) process.env.TZ = zone;
    });
    afterAll(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it("reads a datetime-local value as +08:00", () => {
      expect(parseShanghaiLocal("2026-01-20T08:00")?.toISOString()).toBe("2026-01-20T00:00:00.000Z");
      expect(parseShanghaiLocal("2026-01-20T07:59:30")?.toISOString()).toBe("2026-01-19T23:59:30.000Z");
      expect(parseShanghaiLocal("2026-01-01T00:00")?.toISOString()).toBe("2025-12-31T16:00:00.000Z");
    });

    it("is unmoved by the server's daylight-saving switches (New York: 8 March and 1 November 2026)", () => {
      // 02:30 on 8 March does not exist in New York; it does in Beijing.
      expect(parseShanghaiLocal("2026-03-08T02:30")?.toISOString()).toBe("2026-03-07T18:30:00.000Z");
      expect(parseShanghaiLocal("2026-03-08T15:30")?.toISOString()).toBe("2026-03-08T07:30:00.000Z");
      // 01:30 on 1 November happens twice in New York; once in Beijing.
      expect(parseShanghaiLocal("2026-11-01T13:30")?.toISOString()).toBe("2026-11-01T05:30:00.000Z");
      expect(toShanghaiLocal(new Date("2026-03-08T07:30:00Z"))).toBe("2026-03-08T15:30");
      expect(toShanghaiLocal(new Date("2026-11-01T06:30:00Z"))).toBe("2026-11-01T14:30");
      expect(shanghaiClock(new Date("2026-07-01T00:00:00Z"))).toBe("08:00");
    });

    it("writes back what it read, for any minute of 2000–2099", () => {
      const minutes = fc.integer({ min: Date.UTC(2000, 0, 1, 0, 0) / 60_000, max: Date.UTC(2099, 11, 31, 15, 59) / 60_000 });
      fc.assert(
        fc.property(minutes, (m) => {
          const date = new Date(m * 60_000);
          return parseShanghaiLocal(toShanghaiLocal(date))?.getTime() === date.getTime();
        }),
      );
    });

    it("refuses what is not a real date and time", () => {
      for (const bad of ["", "2026-02-30T08:00", "2026-13-01T08:00", "2026-01-20T24:00", "2026-01-20", "20266-01-20T08:00", "1999-12-31T23:59", "明天", "2026-01-20T08:00+08:00"]) {
        expect([bad, parseShanghaiLocal(bad)]).toEqual([bad, null]);
      }
      expect(parseShanghaiLocal("2028-02-29T08:00")).not.toBeNull();
      expect(parseShanghaiLocal("2026-02-29T08:00")).toBeNull();
    });

    it("finds a Shanghai day's wall-clock time from any instant", () => {
      // 23:30 UTC on 19 January is 07:30 on the 20th in Beijing: "tomorrow 08:00" is the 21st.
      expect(shanghaiDayAt(new Date("2026-01-19T23:30:00Z"), { days: 1, hour: 8 }).toISOString()).toBe("2026-01-21T00:00:00.000Z");
      expect(shanghaiParts(new Date("2026-01-19T23:30:00Z"))).toEqual({ year: 2026, month: 1, day: 20, hour: 7, minute: 30 });
    });
  });
}

suite(null);
suite("America/New_York");

describe("the daylight-saving zone is really in effect for the second run", () => {
  it("New York's offset differs between January and July when TZ is set", () => {
    const original = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      expect(new Date("2026-01-15T12:00:00Z").getTimezoneOffset()).toBe(300);
      expect(new Date("2026-07-15T12:00:00Z").getTimezoneOffset()).toBe(240);
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});
