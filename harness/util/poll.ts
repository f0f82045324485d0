// Polling instead of sleeping: check until a condition holds or a bounded window ends.

/** Call `check` every `intervalMs` until it returns a value or `ms` passed (then undefined). */
export async function pollUntil<T>(
  check: () => T | undefined | Promise<T | undefined>,
  ms: number,
  intervalMs = 20,
): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
