// Polling instead of sleeping: check until a condition holds or a bounded window ends.

/**
 * Call `check` every `intervalMs` until it returns a value or `ms` passed (then undefined). With
 * `maxIntervalMs`, the pause grows by half each time up to it: quick when a change shows at once,
 * light on the CPU when it never does (a broken gateway waited out for the whole window).
 */
export async function pollUntil<T>(
  check: () => T | undefined | Promise<T | undefined>,
  ms: number,
  intervalMs = 20,
  maxIntervalMs = intervalMs,
): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  let pause = intervalMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, Math.min(pause, Math.max(0, deadline - Date.now()))));
    pause = Math.min(maxIntervalMs, Math.ceil(pause * 1.5));
  }
}

/**
 * pollUntil, where `check` throwing counts as "not yet" (an API server briefly unavailable, a
 * connection reset): only the window decides. `lastError` is what the last failed check said.
 */
export async function pollPastErrors<T>(
  check: () => T | undefined | Promise<T | undefined>,
  ms: number,
  intervalMs = 20,
  maxIntervalMs = intervalMs,
): Promise<{ value: T | undefined; lastError: string | undefined }> {
  let lastError: string | undefined;
  const value = await pollUntil(async () => {
    try {
      const v = await check();
      lastError = undefined;
      return v;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      return undefined;
    }
  }, ms, intervalMs, maxIntervalMs);
  return { value, lastError };
}
