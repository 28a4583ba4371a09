// Contest windows are entered and shown in China Standard Time (Asia/Shanghai)
// whatever the time zone of the server or of the organiser's browser, and
// stored in UTC. An <input type="datetime-local"> sends a wall-clock time with
// no zone ("2026-01-20T08:00"); these helpers read it as +08:00 and write it
// back. China has kept UTC+8 all year since 1991 (no daylight saving), so the
// conversion is a fixed offset: plain arithmetic on UTC fields, never the
// process's local time (Date#getHours, new Date(y, m, d)), which would shift
// by the server's zone and its DST.

export const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000;

/** Years an organiser may plausibly type; anything else is a slip of the keyboard (20266, 0026). */
export const LOCAL_YEAR_MIN = 2000;
export const LOCAL_YEAR_MAX = 2099;

/** "2026-01-20T08:00", with optional seconds (some browsers send ":00") and milliseconds. */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/**
 * A datetime-local value read as Asia/Shanghai wall-clock time, as a UTC
 * instant; null when it is not a real date and time (2026-02-30, 24:00,
 * a year outside 2000–2099, or any other text).
 */
export function parseShanghaiLocal(value: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => (part === undefined ? 0 : Number(part))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < LOCAL_YEAR_MIN || year > LOCAL_YEAR_MAX) return null;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 02-30 over into March: the day must survive the round trip.
  const check = new Date(wallClock);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  return new Date(wallClock - OFFSET_MS);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The wall-clock fields of an instant in Asia/Shanghai. */
export function shanghaiParts(date: Date): { year: number; month: number; day: number; hour: number; minute: number } {
  const shifted = new Date(date.getTime() + OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

/** The value for a datetime-local input: "2026-01-20T08:00" (minutes; seconds are dropped). */
export function toShanghaiLocal(date: Date): string {
  const p = shanghaiParts(date);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** "08:00" in Asia/Shanghai. */
export function shanghaiClock(date: Date): string {
  const p = shanghaiParts(date);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** The instant of a wall-clock time on a given Shanghai day, `days` after `date`'s day. */
export function shanghaiDayAt(date: Date, options: { days?: number; hour: number; minute?: number }): Date {
  const p = shanghaiParts(date);
  return new Date(Date.UTC(p.year, p.month - 1, p.day + (options.days ?? 0), options.hour, options.minute ?? 0) - OFFSET_MS);
}
