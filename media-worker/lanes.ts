// Which media lanes this worker claims jobs on, decided by evidence: a lane
// is worked only while its self-test (the engine on a known-good sample, with
// this machine's tools and scratch disk) passes. A lane that fails does not
// claim jobs: its files wait, nothing fails, and the organiser's media queue
// page says what is missing (rows in MediaLaneStatus). Unavailable lanes are
// re-tested every LANE_RECHECK_SECONDS, with the tools looked up again (an
// operator who installs ffmpeg or frees the disk needs no restart).
//
// Jobs ask `confirm(lane)` after a failure: a tool's verdict on a file stands
// only if the sample still goes through; if it does not, the lane is switched
// off here and the job is retried later.
import type { Db } from "~/server/db/db.server.ts";
import { errorFields, type Logger } from "~/server/platform/log.server.ts";
import type { JobQueue, QueueHandlers } from "~/server/jobs/queue.server.ts";
import { removeLaneStatus, reportLaneStatus, touchLaneStatus } from "~/server/media/media-lanes.server.ts";
import { selfTestLane, type LaneProblem, type MediaLane, type SelfTestResult } from "./media/index.ts";

/** How the job handlers reach the lane controller (and what tests may replace). */
export interface LaneHealth {
  /** Runs (or joins) a self-test of `lane`; false, with the lane switched off, when it fails. */
  confirm(lane: MediaLane): Promise<boolean>;
}

export type LaneSpec<Q extends MediaLane = MediaLane> = { lane: Q; concurrency: number; handlers: QueueHandlers<Q> };

export interface LaneControllerOptions {
  queue: JobQueue;
  db: Db;
  workerId: string;
  lanes: LaneSpec[];
  recheckMs: number;
  /** Looks the tools up again (before re-testing an unavailable lane); resolves with a one-line description. */
  refreshEngine: () => Promise<string>;
  /** The description of the tools at start, shown with each status row. */
  tools: string;
  log: Logger;
  selfTest?: (lane: MediaLane) => Promise<SelfTestResult>;
}

type LaneState = { spec: LaneSpec; working: boolean; problem: LaneProblem | null; checking: Promise<boolean> | null };

const HEARTBEAT_MS = 30_000;

export class LaneController implements LaneHealth {
  private readonly states = new Map<MediaLane, LaneState>();
  private tools: string;
  private recheckTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: LaneControllerOptions) {
    this.tools = options.tools;
  }

  /** Tests every lane and works those that pass; starts the re-check and heartbeat timers. */
  async start(): Promise<void> {
    // Read here, not in the constructor: handlers that hold this controller are made between the two.
    for (const spec of this.options.lanes) this.states.set(spec.lane, { spec, working: false, problem: null, checking: null });
    await Promise.all([...this.states.keys()].map((lane) => this.check(lane)));
    this.recheckTimer = setInterval(() => void this.recheckUnavailable(), this.options.recheckMs);
    this.recheckTimer.unref();
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  confirm(lane: MediaLane): Promise<boolean> {
    return this.check(lane);
  }

  /** Lanes and whether this worker claims their jobs (for the boot log and tests). */
  snapshot(): { lane: MediaLane; working: boolean; problem: LaneProblem | null }[] {
    return [...this.states.values()].map((s) => ({ lane: s.spec.lane, working: s.working, problem: s.problem }));
  }

  /**
   * Stops claiming on every lane and resolves when this process's running jobs
   * have finished (completed or failed by their handlers, as pg-boss records
   * them): nothing is lost and nothing runs twice when the process then exits.
   */
  async drain(): Promise<void> {
    this.stopped = true;
    clearInterval(this.recheckTimer);
    const working = [...this.states.values()].filter((s) => s.working);
    for (const s of working) s.working = false;
    await Promise.all(working.map((s) => this.options.queue.offWork(s.spec.lane, { wait: true })));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.recheckTimer);
    clearInterval(this.heartbeatTimer);
    await removeLaneStatus(this.options.db, this.options.workerId).catch(() => undefined);
  }

  /** One self-test per lane at a time; callers arriving meanwhile share its answer. */
  private check(lane: MediaLane): Promise<boolean> {
    const state = this.states.get(lane);
    if (!state) return Promise.resolve(true);
    state.checking ??= this.runCheck(state).finally(() => {
      state.checking = null;
    });
    return state.checking;
  }

  private async runCheck(state: LaneState): Promise<boolean> {
    const { lane } = state.spec;
    const result = await (this.options.selfTest ?? selfTestLane)(lane);
    if (this.stopped) return result.ok;
    if (result.ok) {
      state.problem = null;
      if (!state.working) await this.startWorking(state);
    } else {
      state.problem = result.problem;
      if (state.working) {
        state.working = false;
        await this.options.queue.offWork(lane);
      }
      this.options.log.error(`${lane}: not claiming jobs (${result.problem.code}); they wait until a re-test passes`, {
        lane,
        problem: result.problem.code,
        detail: result.problem.detail,
        tools: this.tools,
      });
    }
    await this.report(state);
    return result.ok;
  }

  private async startWorking(state: LaneState): Promise<void> {
    const { lane, concurrency, handlers } = state.spec;
    await this.options.queue.work(lane, { concurrency }, handlers as QueueHandlers<typeof lane>);
    state.working = true;
    this.options.log.info(`${lane}: claiming jobs`, { lane, concurrency, tools: this.tools });
  }

  private async recheckUnavailable(): Promise<void> {
    const waiting = [...this.states.values()].filter((s) => !s.working && !s.checking);
    if (waiting.length === 0 || this.stopped) return;
    try {
      this.tools = await this.options.refreshEngine();
      await Promise.all(waiting.map((s) => this.check(s.spec.lane)));
    } catch (error) {
      this.options.log.warn("lane re-check failed", errorFields(error));
    }
  }

  private async report(state: LaneState): Promise<void> {
    await reportLaneStatus(this.options.db, this.options.workerId, {
      lane: state.spec.lane,
      available: state.working,
      problem: state.problem?.code ?? null,
      detail: state.problem?.detail.slice(0, 2000) ?? null,
      tools: this.tools,
      checkedAt: new Date(),
    }).catch((error: unknown) => this.options.log.warn("could not record the lane's status", { lane: state.spec.lane, ...errorFields(error) }));
  }

  private async heartbeat(): Promise<void> {
    await touchLaneStatus(this.options.db, this.options.workerId).catch((error: unknown) =>
      this.options.log.warn("could not refresh the lanes' status", errorFields(error)),
    );
  }
}
