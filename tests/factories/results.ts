// Route functions return plain data, `data(value, init)` or a Response, and
// throw Responses for redirects and errors: these helpers flatten all of them.

export type RouteResult<T = unknown> = { status: number; data: T | null; headers: Headers; response: Response | null };

export function unwrap<T = unknown>(result: unknown): RouteResult<T> {
  if (result instanceof Response) return { status: result.status, data: null, headers: result.headers, response: result };
  if (result && typeof result === "object" && (result as { type?: unknown }).type === "DataWithResponseInit") {
    const { data, init } = result as { data: T; init: ResponseInit | null };
    return { status: init?.status ?? 200, data, headers: new Headers(init?.headers), response: null };
  }
  return { status: 200, data: result as T, headers: new Headers(), response: null };
}

/** Runs a loader/action and returns what it returned or threw (a thrown non-Response fails the test). */
export async function run<T = unknown>(fn: () => Promise<unknown>): Promise<RouteResult<T>> {
  try {
    return unwrap<T>(await fn());
  } catch (thrown) {
    if (thrown instanceof Response) return unwrap<T>(thrown);
    throw thrown;
  }
}
