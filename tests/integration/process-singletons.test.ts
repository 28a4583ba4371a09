// The app process holds two copies of the server modules: scripts/start.ts
// imports them through tsx, and the Remix server build bundles its own. The
// process-wide things (the Prisma client with its pool, pg-boss with its pool
// and maintenance, the view counter) must exist once per process, whichever
// copy asks first (README "Memory"). A second copy of each module is made here
// with vi.resetModules(), as the build's is.
import { afterAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/server/db/db.server.ts";
import { getQueue, stopQueue } from "~/server/jobs/queue.server.ts";

afterAll(async () => {
  await stopQueue({ timeoutMs: 2000 });
});

describe("one per process, whichever copy of the module asks", () => {
  it("shares the Prisma client", async () => {
    const first = getDb();
    vi.resetModules();
    const copy = await import("~/server/db/db.server.ts");
    expect(copy.getDb).not.toBe(getDb); // really another copy of the module
    expect(copy.getDb()).toBe(first);
  });

  it("shares the job queue, started with the first caller's options, and stops it once", async () => {
    const first = await getQueue({ supervise: false, name: "singleton-test" });
    vi.resetModules();
    const copy = await import("~/server/jobs/queue.server.ts");
    expect(copy.getQueue).not.toBe(getQueue);
    expect(await copy.getQueue()).toBe(first);
    await copy.stopQueue({ timeoutMs: 2000 });
    // Stopped for both: the next call starts a new one.
    const next = await getQueue({ supervise: false, name: "singleton-test" });
    expect(next).not.toBe(first);
  });
});
