// Tests wait for a state, never for a length of time: waitFor polls `check`
// until it returns something truthy (and resolves with it), rethrows what
// `check` throws, and fails with `message` after `timeoutMs`.
export async function waitFor<T>(
  check: () => T | Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<NonNullable<T>> {
  const { timeoutMs = 30_000, intervalMs = 100, message = "condition" } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
