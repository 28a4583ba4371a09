// The one file that imports pg-boss. Jobs live in the same PostgreSQL (or
// embedded PGlite) as everything else, in pg-boss's own schema ("pgboss").
//
// - send: the payload is checked against its zod schema before it is stored;
//   a bad payload throws here and nothing is queued.
// - sendInTransaction: the job row is written through the caller's Prisma
//   transaction (pg-boss 12's `db` option + its `fromPrisma` adapter), so it
//   commits or rolls back with the status change that asked for it.
// - work: payloads are parsed again (jobs outlive code versions). A handler
//   that throws PermanentJobError fails the job for good; anything else it
//   throws is retried with exponential backoff (the lane's policy in
//   app/domain/jobs.ts). Settlement uses pg-boss's `perJobResults`, whose
//   "deadletter" status fails a job terminally without using up retries.
import { fromPrisma, PgBoss, type JobWithMetadata } from "pg-boss";
import {
  isJobName,
  JobEnvelopeSchema,
  JobPayloadError,
  JOBS,
  parseJobPayload,
  QUEUE_NAMES,
  QUEUE_POLICIES,
  type JobInput,
  type JobName,
  type JobPayload,
  type JobsOnQueue,
  type QueueName,
} from "~/domain/jobs.ts";
import type { Tx } from "~/server/db/db.server.ts";
import { getEnv, requireDatabaseUrl } from "~/server/platform/env.server.ts";
import { createLogger, describeError as describe, errorFields, type Logger } from "~/server/platform/log.server.ts";

/** Thrown by a handler when trying again cannot help (the asset is gone, the file is not a video). */
export class PermanentJobError extends Error {
  constructor(
    message: string,
    readonly code = "permanent",
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

export interface JobContext<N extends JobName = JobName> {
  jobId: string;
  job: N;
  queue: QueueName;
  /** 0 on the first attempt, 1 on the first retry … */
  attempt: number;
  /** Retries this job may have in all (the lane's policy when it was sent). */
  retryLimit: number;
  /** Aborted when the job expires or the worker gives up on it during shutdown. */
  signal: AbortSignal;
  log: Logger;
}

/** Resolves with the job's output (stored on the completed job), or nothing. */
export type JobHandler<N extends JobName> = (
  payload: JobPayload<N>,
  ctx: JobContext<N>,
) => Promise<Record<string, unknown> | void>;

export type QueueHandlers<Q extends QueueName> = { [N in JobsOnQueue<Q>]?: JobHandler<N> };

export interface SendJobOptions {
  /** Run no earlier than this (a Date, or seconds from now). */
  startAfter?: Date | number;
  /** At most one queued job per key (e.g. "asset:<id>"), so a double click queues one job. */
  singletonKey?: string;
  /** With singletonKey: at most one job per key in each window of this many seconds (a schedule across replicas). */
  singletonSeconds?: number;
  priority?: number;
}

export interface WorkQueueOptions {
  /** Jobs of this lane this process runs at the same time. */
  concurrency?: number;
  /** Jobs fetched per poll, handled one after another. */
  batchSize?: number;
}

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

export interface JobSnapshot {
  id: string;
  state: JobState;
  retryCount: number;
  data: unknown;
  output: unknown;
}

/** Jobs per state in one lane, as pg-boss last counted them (its monitor runs every minute or so). */
export interface QueueStat {
  queue: QueueName;
  queued: number;
  active: number;
  deferred: number;
  failed: number;
  total: number;
}

export interface JobQueue {
  send<N extends JobName>(name: N, payload: JobInput<N>, options?: SendJobOptions): Promise<string | null>;
  sendInTransaction<N extends JobName>(
    tx: Tx,
    name: N,
    payload: JobInput<N>,
    options?: SendJobOptions,
  ): Promise<string | null>;
  work<Q extends QueueName>(queue: Q, options: WorkQueueOptions, handlers: QueueHandlers<Q>): Promise<string>;
  /**
   * Stops fetching new jobs of a lane in this process; running ones go on (a lane whose tools broke).
   * `wait: true` resolves only when this process's running jobs of the lane have finished (a worker
   * handing its lanes over before it restarts).
   */
  offWork(queue: QueueName, options?: { wait?: boolean }): Promise<void>;
  getJob(queue: QueueName, id: string): Promise<JobSnapshot | null>;
  /** Every job of one lane whose singletonKey is `key` (e.g. "asset:<id>"), oldest first. */
  findJobsByKey(queue: QueueName, key: string): Promise<JobSnapshot[]>;
  stats(): Promise<QueueStat[]>;
  /** Stops polling, waits up to `timeoutMs` for running jobs (then fails them for retry), closes the pool. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

export interface CreateJobQueueOptions {
  url: string;
  /** Run pg-boss maintenance (expiry, retention) in this process; workers do, the web app need not. */
  supervise?: boolean;
  poolMax?: number;
  name?: string;
}

export async function createJobQueue(options: CreateJobQueueOptions): Promise<JobQueue> {
  const log = createLogger("queue");
  const boss = new PgBoss({
    connectionString: options.url,
    max: options.poolMax ?? 4,
    application_name: options.name ?? "sanshai",
    supervise: options.supervise ?? true,
    superviseIntervalSeconds: getEnv().JOB_SUPERVISE_INTERVAL_SECONDS,
    schedule: false,
  });
  // pg-boss emits plain objects as well as Errors (e.g. { message, stack, queue }): log their words, not [object Object].
  boss.on("error", (err: unknown) => log.error("pg-boss error", errorFields(err)));
  boss.on("warning", (w) => log.warn(`pg-boss warning: ${w.message}`, { data: w.data }));
  await boss.start();
  await ensureQueues(boss);
  return new PgBossJobQueue(boss, log);
}

async function ensureQueues(boss: PgBoss): Promise<void> {
  for (const queue of QUEUE_NAMES) {
    const { retryLimit, retryDelay, retryDelayMax, expireInSeconds, heartbeat } = effectivePolicy(queue);
    // A lane with heartbeats: a job whose worker went silent (killed mid-transcode) is retried
    // after JOB_HEARTBEAT_SECONDS instead of after its full expiry.
    const policy = {
      retryLimit,
      retryDelay,
      retryDelayMax,
      expireInSeconds,
      retryBackoff: true,
      ...(heartbeat ? { heartbeatSeconds: getEnv().JOB_HEARTBEAT_SECONDS } : {}),
    };
    // createQueue does nothing when the queue exists; updateQueue then applies policy changes.
    await boss.createQueue(queue, policy);
    await boss.updateQueue(queue, policy);
  }
}

/**
 * The lane's policy, with the media lanes' retry timing overridable by
 * JOB_RETRY_DELAY_SECONDS / JOB_RETRY_DELAY_MAX_SECONDS (tests shrink hours
 * of backoff to seconds; an operator may lengthen it).
 */
export function effectivePolicy(queue: QueueName): (typeof QUEUE_POLICIES)[QueueName] {
  const policy = QUEUE_POLICIES[queue];
  if (!queue.startsWith("media-")) return policy;
  const env = getEnv();
  return {
    ...policy,
    retryDelay: env.JOB_RETRY_DELAY_SECONDS ?? policy.retryDelay,
    retryDelayMax: env.JOB_RETRY_DELAY_MAX_SECONDS ?? policy.retryDelayMax,
  };
}

class PgBossJobQueue implements JobQueue {
  constructor(
    private readonly boss: PgBoss,
    private readonly log: Logger,
  ) {}

  async send<N extends JobName>(name: N, payload: JobInput<N>, options: SendJobOptions = {}) {
    return this.boss.send(JOBS[name].queue, envelope(name, payload), options);
  }

  async sendInTransaction<N extends JobName>(tx: Tx, name: N, payload: JobInput<N>, options: SendJobOptions = {}) {
    return this.boss.send(JOBS[name].queue, envelope(name, payload), { ...options, db: fromPrisma(tx) });
  }

  async work<Q extends QueueName>(queue: Q, options: WorkQueueOptions, handlers: QueueHandlers<Q>) {
    const { pollingIntervalSeconds } = QUEUE_POLICIES[queue];
    return this.boss.work<unknown>(
      queue,
      {
        perJobResults: true,
        includeMetadata: true,
        batchSize: options.batchSize ?? 1,
        localConcurrency: options.concurrency ?? 1,
        pollingIntervalSeconds,
      },
      async (jobs) => {
        const results = [];
        // includeMetadata above: the rows carry retryLimit and the rest (pg-boss types this only for literal options).
        for (const job of jobs as JobWithMetadata<unknown>[]) results.push(await this.runJob(queue, job, handlers as Record<string, unknown>));
        return results;
      },
    );
  }

  async offWork(queue: QueueName, options: { wait?: boolean } = {}) {
    // wait: false by default: the lane is usually switched off from inside one of its own jobs.
    await this.boss.offWork(queue, { wait: options.wait ?? false });
  }

  private async runJob(queue: QueueName, job: JobWithMetadata<unknown>, handlers: Record<string, unknown>) {
    const settle = (status: "completed" | "failed" | "deadletter", output?: object) => ({ id: job.id, status, output });
    const envelope = JobEnvelopeSchema.safeParse(job.data);
    if (!envelope.success) {
      this.log.error("job data is not a job envelope; failing it for good", { queue, jobId: job.id });
      return settle("deadletter", { error: "invalid_envelope", permanent: true });
    }
    const name = envelope.data.job;
    const handler = isJobName(name) ? handlers[name] : undefined;
    if (!isJobName(name) || typeof handler !== "function") {
      // Perhaps sent by a newer app version: leave it to retry, a newer worker may know it.
      this.log.warn("no handler for job in this worker", { queue, job: name, jobId: job.id });
      return settle("failed", { error: "no_handler", job: name });
    }
    const ctx: JobContext = { jobId: job.id, job: name, queue, attempt: job.retryCount, retryLimit: job.retryLimit, signal: job.signal, log: this.log };
    try {
      const payload = parseJobPayload(name, envelope.data.payload);
      const output = await (handler as JobHandler<JobName>)(payload, ctx);
      return settle("completed", output ?? undefined);
    } catch (err) {
      return this.settleError(err, ctx, settle);
    }
  }

  private settleError(
    err: unknown,
    ctx: JobContext,
    settle: (status: "failed" | "deadletter", output?: object) => { id: string; status: string; output?: object },
  ) {
    const where = { queue: ctx.queue, job: ctx.job, jobId: ctx.jobId, attempt: ctx.attempt, retryLimit: ctx.retryLimit };
    const info = { ...where, ...errorFields(err) };
    if (err instanceof PermanentJobError || err instanceof JobPayloadError) {
      // A verdict, not a crash (a file that is not a video): its words are enough, the stack says nothing.
      const { stack: _stack, ...verdict } = info;
      this.log.warn("job failed permanently (not retried)", verdict);
      const code = err instanceof PermanentJobError ? err.code : "invalid_payload";
      return settle("deadletter", { error: code, message: err.message, permanent: true });
    }
    if (ctx.attempt >= ctx.retryLimit) {
      this.log.error(`job failed on its last attempt (${ctx.attempt + 1} of ${ctx.retryLimit + 1}); not retried`, info);
    } else {
      this.log.warn(`job failed; retry ${ctx.attempt + 1} of ${ctx.retryLimit} follows after a backoff`, info);
    }
    return settle("failed", { error: "transient", message: describe(err) });
  }

  async getJob(queue: QueueName, id: string): Promise<JobSnapshot | null> {
    const [job] = await this.boss.findJobs<unknown>(queue, { id });
    if (!job) return null;
    return { id: job.id, state: job.state, retryCount: job.retryCount, data: job.data, output: job.output };
  }

  async findJobsByKey(queue: QueueName, key: string): Promise<JobSnapshot[]> {
    const jobs = await this.boss.findJobs<unknown>(queue, { key });
    return jobs
      .sort((a, b) => a.createdOn.getTime() - b.createdOn.getTime())
      .map((job) => ({ id: job.id, state: job.state, retryCount: job.retryCount, data: job.data, output: job.output }));
  }

  async stats(): Promise<QueueStat[]> {
    const rows = await this.boss.getQueues([...QUEUE_NAMES]);
    return QUEUE_NAMES.map((queue) => {
      const row = rows.find((r) => r.name === queue);
      return {
        queue,
        queued: Number(row?.queuedCount ?? 0),
        active: Number(row?.activeCount ?? 0),
        deferred: Number(row?.deferredCount ?? 0),
        failed: Number(row?.failedCount ?? 0),
        total: Number(row?.totalCount ?? 0),
      };
    });
  }

  async stop(options: { timeoutMs?: number } = {}) {
    await this.boss.stop({ graceful: true, close: true, timeout: options.timeoutMs ?? 30_000 });
  }
}

function envelope<N extends JobName>(name: N, payload: JobInput<N>) {
  return { job: name, payload: parseJobPayload(name, payload) };
}

// ---------------------------------------------------------------------------
// The process-wide queue (the app sends through it; the worker also works it).
// ---------------------------------------------------------------------------

// One queue per process, on globalThis: the app process holds two copies of this module (scripts/start.ts
// through tsx, and the Remix server build's bundled copy). Each used to start its own pg-boss, the build's
// with the default options (maintenance on) and never stopped at shutdown; now the first getQueue() (the
// boot script's, with its options) makes the one both use, and stopQueue() stops it.
const SHARED = Symbol.for("sanshai.jobs.queue");
type Holder = { [SHARED]?: Promise<JobQueue> };
const holder = globalThis as Holder;

/** Starts pg-boss on first use (installing or migrating its schema) and creates the lanes. */
export function getQueue(options: Omit<CreateJobQueueOptions, "url"> = {}): Promise<JobQueue> {
  holder[SHARED] ??= createJobQueue({ url: requireDatabaseUrl(), ...options }).catch((err: unknown) => {
    delete holder[SHARED];
    throw err;
  });
  return holder[SHARED];
}

export async function sendJob<N extends JobName>(name: N, payload: JobInput<N>, options?: SendJobOptions) {
  return (await getQueue()).send(name, payload, options);
}

/** Queues a job that commits or rolls back with `tx`. */
export async function sendJobInTransaction<N extends JobName>(
  tx: Tx,
  name: N,
  payload: JobInput<N>,
  options?: SendJobOptions,
) {
  return (await getQueue()).sendInTransaction(tx, name, payload, options);
}

export async function workQueue<Q extends QueueName>(queue: Q, options: WorkQueueOptions, handlers: QueueHandlers<Q>) {
  return (await getQueue()).work(queue, options, handlers);
}

export async function stopQueue(options?: { timeoutMs?: number }): Promise<void> {
  const queue = holder[SHARED];
  delete holder[SHARED];
  if (queue) await (await queue.catch(() => undefined))?.stop(options);
}
