// The PostgreSQL wire protocol in front of one PGlite instance, for many
// client connections (the app's pool, pg-boss, the media worker).
//
// PGlite is a single backend session, so connections take turns. The turn is
// the unit PostgreSQL itself keeps apart between sessions: a connection owns
// the session from its first message until PGlite answers ReadyForQuery with
// status "idle" (I). That covers a simple query, a whole extended-protocol
// batch (Parse/Bind/Describe/Execute … Sync: the unnamed statement and portal
// live until ReadyForQuery) and a whole transaction (status T or E keeps the
// turn). @electric-sql/pglite-socket 0.2.x kept connections apart only while a
// transaction was open, so two pool connections' Parse/Bind messages could
// interleave (wrong statement bound, or silently wrong rows), and one failed
// message stopped its queue for good (electric-sql/pglite#1046). This file
// replaces it; it is small because PGlite does the protocol, we only frame
// messages and decide whose turn it is.
//
// A connection that goes away during its turn is cleaned up before the next
// one starts: a Sync ends any half-sent batch, a ROLLBACK ends its
// transaction. A failure inside PGlite closes that connection only.
import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
/** Frontend Sync: 'S' and length 4. Ends an extended-protocol batch (and clears its error state). */
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4);
/** Frontend Terminate: the client is leaving; nothing for PGlite to do. */
const TERMINATE = 0x58;
/** Backend ReadyForQuery. */
const READY_FOR_QUERY = 0x5a;
/** Largest message accepted from a client (PostgreSQL's own limit is 1 GB; Prisma's queries are far smaller). */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export interface WireServerOptions {
  db: PGlite;
  host: string;
  /** 0 asks the OS for a free port. */
  port: number;
  maxConnections: number;
  /** Told about a connection closed because PGlite failed on its message (the others go on). */
  onError?: (error: unknown) => void;
}

/** Whether a connection has the session now, and how many wait for it. */
export type SessionTurns = { held: boolean; waiting: number };

export interface WireServer {
  port: number;
  /** Who has the one session (for diagnostics, and for tests that wait for a connection to be held up). */
  turns(): SessionTurns;
  /** Stops accepting, closes every connection, and waits until each has handed the session back clean. */
  stop(): Promise<void>;
}

/** Whose turn it is on the one session, and who waits (first come, first served). */
class Turns {
  private owner: Connection | null = null;
  private waiting: { conn: Connection; resolve: () => void }[] = [];

  isOwner(conn: Connection): boolean {
    return this.owner === conn;
  }

  acquire(conn: Connection): Promise<void> {
    if (this.owner === conn) return Promise.resolve();
    if (this.owner === null) {
      this.owner = conn;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ conn, resolve }));
  }

  release(conn: Connection): void {
    if (this.owner !== conn) return;
    const next = this.waiting.shift();
    this.owner = next?.conn ?? null;
    next?.resolve();
  }

  snapshot(): SessionTurns {
    return { held: this.owner !== null, waiting: this.waiting.length };
  }

  /** A closed connection that was still waiting gives up its place. */
  forget(conn: Connection): void {
    const i = this.waiting.findIndex((w) => w.conn === conn);
    if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve();
  }
}

/**
 * Follows the backend's typed messages across chunks, remembering the status
 * byte of the last ReadyForQuery that ended a chunk sequence.
 */
class ReadyTracker {
  private header = Buffer.alloc(5);
  private headerFill = 0;
  private remaining = 0;
  private type = 0;
  /** Status of the ReadyForQuery that was the last complete message, or null. */
  lastReady: number | null = null;

  reset(): void {
    this.headerFill = 0;
    this.remaining = 0;
    this.lastReady = null;
  }

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        if (this.type === READY_FOR_QUERY && take > 0) this.lastReady = chunk[i + take - 1]!;
        this.remaining -= take;
        i += take;
        continue;
      }
      this.header[this.headerFill++] = chunk[i++]!;
      if (this.headerFill === 5) {
        this.type = this.header[0]!;
        this.remaining = this.header.readInt32BE(1) - 4;
        this.headerFill = 0;
        // Any message after a ReadyForQuery means the turn is not over.
        this.lastReady = null;
      }
    }
  }

  /** The output so far ended exactly with ReadyForQuery "idle". */
  get endedIdle(): boolean {
    return this.remaining === 0 && this.headerFill === 0 && this.lastReady === 0x49; // 'I'
  }
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private started = false;
  private queue: Uint8Array[] = [];
  private pumping = false;
  private closed = false;
  /** Resolves when this connection has let go of everything (turn, queue, socket). */
  readonly finished: Promise<void>;
  private finish!: () => void;
  private readonly tracker = new ReadyTracker();

  constructor(
    private readonly socket: Socket,
    private readonly db: PGlite,
    private readonly turns: Turns,
    private readonly onError: (error: unknown) => void,
  ) {
    this.finished = new Promise((resolve) => (this.finish = resolve));
    socket.setNoDelay(true);
    socket.on("data", (data: Buffer) => this.receive(data));
    socket.on("error", () => this.close());
    socket.on("close", () => this.close());
  }

  private receive(data: Buffer): void {
    if (this.closed) return;
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    for (;;) {
      const message = this.nextMessage();
      if (message === "incomplete") break;
      if (message === "invalid") return this.close();
      if (message !== null) this.queue.push(message);
    }
    void this.pump();
  }

  /** One complete message off the buffer; null for one answered here (SSL, GSS); "incomplete" to wait for more. */
  private nextMessage(): Uint8Array | null | "incomplete" | "invalid" {
    const b = this.buffer;
    if (!this.started) {
      if (b.length < 8) return "incomplete";
      const length = b.readInt32BE(0);
      const code = b.readInt32BE(4);
      if (length === 8 && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
        this.buffer = b.subarray(8);
        this.socket.write("N"); // no encryption on a loopback socket
        return null;
      }
      // PGlite has no backend process to signal; a cancel request is its own connection.
      if (length === 16 && code === CANCEL_REQUEST) return "invalid";
      if (code !== PROTOCOL_3 || length < 8 || length > 10_000) return "invalid";
      if (b.length < length) return "incomplete";
      this.started = true;
      return this.take(length);
    }
    if (b.length < 5) return "incomplete";
    const length = b.readInt32BE(1);
    if (length < 4 || length > MAX_MESSAGE_BYTES) return "invalid";
    if (b.length < 1 + length) return "incomplete";
    if (b[0] === TERMINATE) {
      this.buffer = b.subarray(1 + length);
      return "invalid"; // the client says goodbye: close, cleaning up like any other close
    }
    return this.take(1 + length);
  }

  private take(n: number): Uint8Array {
    // A copy: the socket's buffer may be reused, and PGlite reads it later.
    const message = new Uint8Array(this.buffer.subarray(0, n));
    this.buffer = this.buffer.subarray(n);
    return message;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        await this.turns.acquire(this);
        if (this.closed) break;
        const message = this.queue.shift()!;
        await this.execute(message);
        if (this.tracker.endedIdle) this.turns.release(this);
      }
    } catch (error) {
      this.onError(error);
      this.close();
    } finally {
      this.pumping = false;
      if (this.closed) await this.cleanUp();
    }
  }

  private async execute(message: Uint8Array): Promise<void> {
    this.tracker.reset();
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(message, {
        onRawData: (data: Uint8Array) => {
          this.tracker.feed(data);
          if (!this.closed && this.socket.writable) this.socket.write(Buffer.from(data));
        },
      }),
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.socket.destroy();
    // A pump waiting for its turn stops waiting; one running a message cleans up when it is done.
    this.turns.forget(this);
    if (!this.pumping) void this.cleanUp();
  }

  private cleaning = false;

  /** Hands the session back as it found it: no half-sent batch, no open transaction. */
  private async cleanUp(): Promise<void> {
    if (this.cleaning) return;
    this.cleaning = true;
    try {
      if (this.turns.isOwner(this)) {
        await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC, { onRawData: () => {} }));
        if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.turns.forget(this);
      this.turns.release(this);
      this.finish();
    }
  }
}

export async function startWireServer(options: WireServerOptions): Promise<WireServer> {
  const turns = new Turns();
  const connections = new Set<Connection>();
  const onError = options.onError ?? (() => {});
  const server: Server = createServer((socket) => {
    if (connections.size >= options.maxConnections) {
      socket.destroy();
      return;
    }
    const conn = new Connection(socket, options.db, turns, onError);
    connections.add(conn);
    void conn.finished.then(() => connections.delete(conn));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("embedded database: the server has no TCP port");
  let stopping: Promise<void> | undefined;
  return {
    port: address.port,
    turns: () => turns.snapshot(),
    stop: () =>
      (stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        const open = [...connections];
        for (const conn of open) conn.close();
        await Promise.all(open.map((c) => c.finished));
        await closed;
      })()),
  };
}
