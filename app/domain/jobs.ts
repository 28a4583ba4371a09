// Background jobs: which queues exist, which jobs run on each, and the shape
// of every job's payload. Pure (zod only); app/server/jobs/queue.server.ts sends
// and works them, media-worker/handlers/ handles them.
//
// Queues are lanes with their own concurrency and retry policy, so that a
// 5-minute video never holds up a child's photo. Several job names may share
// a lane; the stored job data is an envelope { job, payload } and the payload
// stays `unknown` until it is parsed again by the worker (jobs outlive code
// versions: a job sent by yesterday's app is worked by today's worker).
import { z } from "zod";

export const QUEUE_NAMES = ["media-image", "media-video", "media-audio", "maintenance", "system"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
/** The lanes that process uploads, one per media kind; a worker claims each only while its self-test passes. */
export const MEDIA_QUEUE_NAMES = ["media-image", "media-video", "media-audio"] as const satisfies readonly QueueName[];
export type MediaQueueName = (typeof MEDIA_QUEUE_NAMES)[number];

export interface QueuePolicy {
  /** Attempts after the first. */
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) per attempt. */
  retryDelay: number;
  retryDelayMax: number;
  /** A job still active after this long is presumed dead (worker killed) and retried. */
  expireInSeconds: number;
  /** How often an idle worker looks for new jobs. */
  pollingIntervalSeconds: number;
  /** Workers send heartbeats; a silent job is retried after JOB_HEARTBEAT_SECONDS, not after expireInSeconds. */
  heartbeat: boolean;
}

/**
 * Media lanes retry system failures (the store or database away, a full disk,
 * a worker killed mid-job) for about 17 hours: 30 s doubling to a 30-minute
 * cap, 40 retries. A county's object store being down for an afternoon must
 * not fail a child's video; the file's own faults are never retried, and
 * lanes whose tools are broken stop claiming jobs instead (media-worker/lanes.ts).
 */
const MEDIA_RETRY = { retryLimit: 40, retryDelay: 30, retryDelayMax: 30 * 60 } as const;

/** A file that hits the lane's time limit this many times is failed: it is too heavy for this server. */
export const MAX_PROCESSING_TIMEOUTS = 3;

export const QUEUE_POLICIES: Record<QueueName, QueuePolicy> = {
  // Photos: quick, the child is waiting to see a thumbnail.
  "media-image": { ...MEDIA_RETRY, expireInSeconds: 10 * 60, pollingIntervalSeconds: 1, heartbeat: true },
  // Videos: a 5-minute 1080p transcode on 2 cores takes minutes; give it room.
  "media-video": { ...MEDIA_RETRY, expireInSeconds: 60 * 60, pollingIntervalSeconds: 2, heartbeat: true },
  "media-audio": { ...MEDIA_RETRY, expireInSeconds: 20 * 60, pollingIntervalSeconds: 2, heartbeat: true },
  maintenance: { retryLimit: 2, retryDelay: 60, retryDelayMax: 3600, expireInSeconds: 30 * 60, pollingIntervalSeconds: 5, heartbeat: false },
  system: { retryLimit: 2, retryDelay: 1, retryDelayMax: 10, expireInSeconds: 60, pollingIntervalSeconds: 1, heartbeat: false },
};

/** How long a job keeps being retried, in seconds: the sum of its backoff delays (jitter aside). */
export function retryWindowSeconds(policy: Pick<QueuePolicy, "retryLimit" | "retryDelay" | "retryDelayMax">): number {
  let total = 0;
  for (let n = 0; n < policy.retryLimit; n++) total += Math.min(policy.retryDelay * 2 ** n, policy.retryDelayMax);
  return total;
}

const id = z.string().min(1).max(64).regex(/^[a-z0-9]+$/, "expected an id");

/** Every job name, its lane and its payload schema. */
export const JOBS = {
  /**
   * Round trip through the queue: recorded in the audit log by the worker.
   * `failMode` lets operators (and the tests) check that a permanent error is
   * not retried and a transient one is.
   */
  "system.ping": {
    queue: "system",
    payload: z.object({
      nonce: z.string().min(1).max(100),
      failMode: z.enum(["none", "permanent", "transient-once"]).default("none"),
    }),
  },
  // Media jobs: one per uploaded original (media-worker/handlers/process-media.ts).
  "media.process-image": { queue: "media-image", payload: z.object({ assetId: id }) },
  "media.process-video": { queue: "media-video", payload: z.object({ assetId: id }) },
  "media.process-audio": { queue: "media-audio", payload: z.object({ assetId: id }) },
  /**
   * Storage hygiene: tus uploads abandoned for `abandonedAfterHours`, and
   * objects under entries/ that no row owns (a deleted file's renditions, a
   * crash between upload and commit) older than `orphanAfterHours`.
   */
  "maintenance.sweep-storage": {
    queue: "maintenance",
    payload: z.object({
      abandonedAfterHours: z.number().positive().max(24 * 30).default(24),
      orphanAfterHours: z.number().positive().max(24 * 30).default(6),
    }),
  },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType<object> }>;

export type JobName = keyof typeof JOBS;
/** What a caller passes (defaults not yet applied). */
export type JobInput<N extends JobName> = z.input<(typeof JOBS)[N]["payload"]>;
/** What a handler receives (parsed, defaults applied). */
export type JobPayload<N extends JobName> = z.output<(typeof JOBS)[N]["payload"]>;
export type JobsOnQueue<Q extends QueueName> = {
  [N in JobName]: (typeof JOBS)[N]["queue"] extends Q ? N : never;
}[JobName];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

export function queueOf(name: JobName): QueueName {
  return JOBS[name].queue;
}

/** The job data as stored in the queue. */
export const JobEnvelopeSchema = z.object({ job: z.string().min(1), payload: z.unknown() });
export type JobEnvelope = { job: JobName; payload: unknown };

export class JobPayloadError extends Error {
  constructor(
    readonly job: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(`Invalid payload for job ${job}: ${issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ")}`);
    this.name = "JobPayloadError";
  }
}

/** Parses a payload for `name`; throws JobPayloadError when it does not fit. */
export function parseJobPayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  const result = JOBS[name].payload.safeParse(payload);
  if (!result.success) throw new JobPayloadError(name, result.error.issues);
  return result.data as JobPayload<N>;
}
