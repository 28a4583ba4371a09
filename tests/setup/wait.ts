// The suite's one way to wait: for a state, never for a length of time.
// `fn` is asked again every `intervalMs` until it gives something truthy,
// which is what waitFor resolves with; a timeout is an error that says what
// was awaited. An error thrown by `fn` ends the wait at once: that is how `fn`
// says the state can no longer come (the process exited, the job failed), so a
// probe that may fail while things start up catches its own errors.
import { setTimeout as sleep } from "node:timers/promises";

export interface WaitOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Pause between two calls of `fn`; default 100 ms. */
  intervalMs?: number;
  /** What was awaited, for the timeout error; a function is called at that moment (to add output so far, the last value seen…). */
  message?: string | (() => string);
}

export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
}

type Truthy<T> = Exclude<T, false | 0 | "" | null | undefined>;

export async function waitFor<T>(fn: () => T | Promise<T>, options: WaitOptions = {}): Promise<Truthy<T>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value as Truthy<T>;
    if (Date.now() >= deadline) {
      const what = typeof options.message === "function" ? options.message() : (options.message ?? "the condition held");
      throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting until ${what}`);
    }
    await sleep(Math.min(options.intervalMs ?? 100, Math.max(0, deadline - Date.now())));
  }
}
