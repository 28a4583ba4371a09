// The embedded database's wire server (app/server/db/pglite-wire.server.ts) with
// many connections at once, as the app's pool, pg-boss and the worker use it:
// one connection's extended-protocol batch or transaction is never mixed with
// another's, and a connection that fails or vanishes mid-way leaves the
// session clean for the rest. Runs on its own in-memory PGlite whatever
// DATABASE_URL says: this is the embedded path's own test.
import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "~/server/db/embedded-db.server.ts";
import { waitFor } from "../setup/wait.ts";

let embedded: EmbeddedDatabase;
const clients: pg.Client[] = [];

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: embedded.url });
  // A client whose socket is destroyed on purpose reports it here; the test checks the others.
  client.on("error", () => {});
  await client.connect();
  clients.push(client);
  return client;
}

function destroySocket(client: pg.Client): void {
  (client as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();
}

/** A bare protocol client, to send a batch in pieces as a slow or large client's arrives. */
class RawClient {
  private received = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private constructor(readonly socket: net.Socket) {
    socket.on("data", (d: Buffer) => {
      this.received = Buffer.concat([this.received, d]);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async connect(): Promise<RawClient> {
    const socket = net.connect(embedded.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const client = new RawClient(socket);
    const params = Buffer.from("user\0postgres\0database\0postgres\0\0");
    const startup = Buffer.alloc(8 + params.length);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196608, 4);
    params.copy(startup, 8);
    socket.write(startup);
    await client.untilReady();
    return client;
  }

  /** Waits for ReadyForQuery and returns the messages before it as [type, body] pairs. */
  async untilReady(): Promise<[string, Buffer][]> {
    for (;;) {
      const messages: [string, Buffer][] = [];
      let offset = 0;
      while (offset + 5 <= this.received.length) {
        const length = this.received.readInt32BE(offset + 1);
        if (offset + 1 + length > this.received.length) break;
        const type = String.fromCharCode(this.received[offset]!);
        messages.push([type, this.received.subarray(offset + 5, offset + 1 + length)]);
        offset += 1 + length;
        if (type === "Z") {
          this.received = this.received.subarray(offset);
          return messages;
        }
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  send(type: string, body: Buffer): void {
    const header = Buffer.alloc(5);
    header.write(type, 0);
    header.writeInt32BE(4 + body.length, 1);
    this.socket.write(Buffer.concat([header, body]));
  }

  /** Parse and Bind of an unnamed statement without parameters. */
  parseAndBind(sql: string): void {
    this.send("P", Buffer.concat([Buffer.from("\0" + sql + "\0"), Buffer.from([0, 0])]));
    this.send("B", Buffer.from([0, 0, 0, 0, 0, 0, 0, 0])); // portal "", statement "", no formats, no params, no result formats
  }
}

/** Until a connection has the session (a transaction or a batch is open on it) and `waiting` others queue behind it. */
const untilHeldWith = (waiting: number) =>
  waitFor(() => {
    const turns = embedded.sessionTurns();
    return turns.held && turns.waiting === waiting;
  }, { message: `one connection has the session and ${waiting} wait` });

beforeAll(async () => {
  embedded = await startEmbeddedDatabase();
  const setup = await connect();
  await setup.query("CREATE TABLE wire_items (id serial PRIMARY KEY, owner text NOT NULL, n int NOT NULL)");
});

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.end()));
  await embedded?.stop();
});

describe("embedded database wire server", () => {
  it("keeps concurrent parameterised queries of different shapes apart (no crossed statements, no wrong rows)", async () => {
    // Like the app's pool under load: many queries in flight over several connections at once.
    const pool = new pg.Pool({ connectionString: embedded.url, max: 8 });
    try {
      const one = async (i: number) => {
        const shape = i % 4;
        if (shape === 0) {
          const r = await pool.query("SELECT $1::int + 1 AS v", [i]);
          expect(r.rows).toEqual([{ v: i + 1 }]);
        } else if (shape === 1) {
          const r = await pool.query("SELECT $1::text || '-' || $2::text AS s, $3::int AS k", [`x${i}`, "y", i]);
          expect(r.rows).toEqual([{ s: `x${i}-y`, k: i }]);
        } else if (shape === 2) {
          const r = await pool.query("SELECT g AS n FROM generate_series(1, $1::int) AS g", [(i % 7) + 1]);
          expect(r.rows.map((row) => row.n)).toEqual(Array.from({ length: (i % 7) + 1 }, (_, j) => j + 1));
        } else {
          const r = await pool.query("INSERT INTO wire_items (owner, n) VALUES ($1, $2) RETURNING owner, n", ["pool", i]);
          expect(r.rows).toEqual([{ owner: "pool", n: i }]);
        }
      };
      const total = 400;
      const results = await Promise.allSettled(Array.from({ length: total }, (_, i) => one(i)));
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => String(r.reason));
      expect(failures).toEqual([]);
      const count = await pool.query("SELECT count(*)::int AS n FROM wire_items WHERE owner = 'pool'");
      expect(count.rows[0].n).toBe(total / 4);
    } finally {
      await pool.end();
    }
  });

  it("runs another connection's query after an open transaction ends, never inside it", async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    await a!.query("BEGIN");
    await a!.query("INSERT INTO wire_items (owner, n) VALUES ('tx', 1)");
    let answered = false;
    const seen = b!.query("SELECT count(*)::int AS n FROM wire_items WHERE owner = 'tx'").then((r) => {
      answered = true;
      return r.rows[0].n as number;
    });
    await untilHeldWith(1); // b's query has arrived and waits
    expect(answered).toBe(false);
    await a!.query("ROLLBACK");
    expect(await seen).toBe(0);
  });

  it("rolls back the transaction of a connection that vanishes and serves the others", async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    await a!.query("BEGIN");
    await a!.query("INSERT INTO wire_items (owner, n) VALUES ('gone', 1)");
    const waiting = b!.query("SELECT count(*)::int AS n FROM wire_items WHERE owner = 'gone'");
    destroySocket(a!);
    expect((await waiting).rows[0].n).toBe(0);
    const again = await b!.query("SELECT count(*)::int AS n FROM wire_items WHERE owner = 'gone'");
    expect(again.rows[0].n).toBe(0);
  });

  it("lets a batch sent in pieces finish before another connection's statement replaces its unnamed one", async () => {
    const slow = await RawClient.connect();
    const other = await connect();
    slow.parseAndBind("SELECT 'mine' AS s");
    await untilHeldWith(0); // the half batch has the session
    const theirs = other.query("SELECT $1::text AS s", ["theirs"]);
    await untilHeldWith(1); // and the other's statement waits behind it
    slow.send("E", Buffer.from([0, 0, 0, 0, 0])); // Execute portal "", all rows
    slow.send("S", Buffer.alloc(0));
    const messages = await slow.untilReady();
    expect(messages.filter(([t]) => t === "E")).toEqual([]);
    const rows = messages.filter(([t]) => t === "D").map(([, body]) => body.subarray(6).toString());
    expect(rows).toEqual(["mine"]);
    expect((await theirs).rows).toEqual([{ s: "theirs" }]);
    slow.socket.destroy();
  });

  it("ends a batch left half-sent by a vanished connection before the next one runs", async () => {
    const other = await connect();
    const gone = await RawClient.connect();
    gone.parseAndBind("SELECT 'stale' AS s");
    await untilHeldWith(0);
    const waiting = other.query("SELECT $1::text AS s", ["fresh"]);
    gone.socket.destroy();
    expect((await waiting).rows).toEqual([{ s: "fresh" }]);
    expect((await other.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("answers a failed statement with its error and goes on serving everyone", async () => {
    const [a, b] = await Promise.all([connect(), connect()]);
    const results = await Promise.allSettled([
      a!.query("SELECT * FROM no_such_table WHERE id = $1", [1]),
      b!.query("SELECT $1::int AS v", [7]),
      a!.query("SELECT $1::int AS v", [8]),
    ]);
    expect(results[0].status).toBe("rejected");
    expect((results[0] as PromiseRejectedResult).reason.code).toBe("42P01");
    expect(results[1]).toMatchObject({ status: "fulfilled", value: { rows: [{ v: 7 }] } });
    expect(results[2]).toMatchObject({ status: "fulfilled", value: { rows: [{ v: 8 }] } });
  });

  it("answers the SSL question with no, so clients that ask first still connect", async () => {
    const socket = net.connect(embedded.port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const ssl = Buffer.alloc(8);
    ssl.writeInt32BE(8, 0);
    ssl.writeInt32BE(80877103, 4);
    socket.write(ssl);
    const answer = await new Promise<Buffer>((resolve) => socket.once("data", resolve));
    socket.destroy();
    expect(answer.toString()).toBe("N");
  });
});
