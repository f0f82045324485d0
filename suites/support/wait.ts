// Long waits are said on the console as they start (ConsoleReporter prints a "wait" annotation),
// so a person or a CI log watching a run knows why nothing happens for a while.
import { currentTest } from '../../harness/run/current-test.ts';

/** Waits longer than this are announced. */
export const LONG_WAIT_MS = 5000;

/** Say on the console that a wait starts (e.g. "waiting 58 s for partner-a's quota window"). */
export async function announceWait(message: string): Promise<void> {
  await currentTest()?.context.annotate(message, 'wait');
}

/** Sleep for `ms`, announced when it is long. A wait for time itself, which no poll could shorten. */
export async function waitFor(ms: number, what: string): Promise<void> {
  if (ms > LONG_WAIT_MS) await announceWait(`waiting ${Math.ceil(ms / 1000)} s ${what}`);
  await new Promise((r) => setTimeout(r, ms));
}

/**
 * While `work` runs (a poll for a change, bounded by `boundMs`): if it is still running after
 * LONG_WAIT_MS, say so once. Healthy gateways answer long before: no line for them.
 */
export async function sayIfLong<T>(what: string, boundMs: number, work: () => Promise<T>): Promise<T> {
  const context = currentTest()?.context;
  const timer = boundMs > LONG_WAIT_MS ? setTimeout(() => void context?.annotate(`still waiting ${what} (up to ${Math.ceil(boundMs / 1000)} s)`, 'wait'), LONG_WAIT_MS) : undefined;
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}
