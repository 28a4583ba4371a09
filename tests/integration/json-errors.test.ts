// JSON endpoints answer JSON, also when the database is away: the entry
// page's status poll gets a 503 with a reason it can show (and backs off),
// never Remix's HTML error page or a stack trace.
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { loader as entryStatus } from "~/routes/entries.$entryId.status.ts";
import { createDb, disconnectDb, isDatabaseUnavailable } from "~/server/db/db.server.ts";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import { createContest, createEntry, createOrgTree, createUser } from "../factories/index.ts";
import { getRequest, signedInBrowser } from "../factories/requests.ts";

/** A local port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const realUrl = process.env.DATABASE_URL!;
afterAll(async () => {
  await disconnectDb();
  process.env.DATABASE_URL = realUrl;
  resetEnvForTests();
});

describe("isDatabaseUnavailable", () => {
  it("recognises a database that does not answer, and not a bad query", async () => {
    const dead = createDb(`postgres://postgres@127.0.0.1:${await closedPort()}/x`, 1);
    const unreachable = await dead.user.findFirst().catch((e: unknown) => e);
    const raw = await dead.$queryRaw`SELECT 1`.catch((e: unknown) => e);
    await dead.$disconnect();
    expect(isDatabaseUnavailable(unreachable)).toBe(true);
    expect(isDatabaseUnavailable(raw)).toBe(true);
    const live = createDb(realUrl, 1);
    const badQuery = await live.$queryRawUnsafe("SELECT * FROM no_such_table").catch((e: unknown) => e);
    await live.$disconnect();
    expect(isDatabaseUnavailable(badQuery)).toBe(false);
    expect(isDatabaseUnavailable(new Error("x"))).toBe(false);
  });
});

describe("the entry status poll", () => {
  it("answers 503 JSON with a reason when the database is away, and the normal JSON when it is back", async () => {
    const tree = await createOrgTree();
    const student = await createUser({ role: "STUDENT", orgUnitId: tree.classA.id });
    const contest = await createContest({ orgUnitId: tree.county.id });
    const entry = await createEntry({ contestId: contest.id, categoryId: contest.categories[0]!.id, studentId: student.id, classUnit: tree.classA, status: "DRAFT" });
    const browser = await signedInBrowser(student.id);
    const call = () => entryStatus({ request: getRequest(`/entries/${entry.id}/status`, browser), params: { entryId: entry.id }, context: {} });

    const ok = await call();
    expect(ok.status).toBe(200);

    await disconnectDb();
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${await closedPort()}/gone`;
    resetEnvForTests();
    const down = await call();
    expect(down.status).toBe(503);
    expect(down.headers.get("content-type")).toMatch(/application\/json/);
    expect(down.headers.get("retry-after")).toBe("5");
    const body = (await down.json()) as { error: string; message: string };
    expect(body.error).toBe("database_unavailable");
    expect(body.message).toMatch(/数据库/);

    await disconnectDb();
    process.env.DATABASE_URL = realUrl;
    resetEnvForTests();
    expect((await call()).status).toBe(200);
  });
});
