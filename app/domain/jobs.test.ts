import { describe, expect, it } from "vitest";
import { JOBS, MEDIA_QUEUE_NAMES, QUEUE_NAMES, QUEUE_POLICIES, queueOf, retryWindowSeconds } from "./jobs.ts";

describe("queue policies", () => {
  it("keep a media file retrying through an ordinary outage: at least 12 hours, never minutes", () => {
    for (const lane of MEDIA_QUEUE_NAMES) {
      const hours = retryWindowSeconds(QUEUE_POLICIES[lane]) / 3600;
      expect(hours, lane).toBeGreaterThanOrEqual(12);
      expect(hours, lane).toBeLessThan(48);
    }
  });

  it("sums the backoff: doubling from the first delay up to the cap", () => {
    expect(retryWindowSeconds({ retryLimit: 4, retryDelay: 10, retryDelayMax: 25 })).toBe(10 + 20 + 25 + 25);
    expect(retryWindowSeconds({ retryLimit: 0, retryDelay: 10, retryDelayMax: 25 })).toBe(0);
  });

  it("put every job on a lane that exists, media jobs on the media lanes", () => {
    for (const name of Object.keys(JOBS) as (keyof typeof JOBS)[]) expect(QUEUE_NAMES).toContain(queueOf(name));
    expect(queueOf("media.process-video")).toBe("media-video");
    expect(MEDIA_QUEUE_NAMES.every((q) => QUEUE_NAMES.includes(q))).toBe(true);
  });
});
