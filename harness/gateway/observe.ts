// After a control action: poll with fresh connections as one identity until the gateway answers as
// the change says it should, within the convergence window. Shared by every target with control.
// Observing runs outside the targets' one-at-a-time queue: only applying a change must wait its
// turn, so a change that never shows (a broken gateway) costs its own window, not everyone's.
import { describeOutcome } from '../probe/outcome.ts';
import { loadIdentity, probe } from '../probe/probe.ts';
import { pollUntil } from '../util/poll.ts';
import type { ActionResult } from '../core/target.ts';

export interface Observation {
  baseUrl: string;
  caPem: string;
  path: string;
  identity: { certFile: string; keyFile: string };
  /** When the change shows: the HTTP status it must see (undefined: no HTTP answer). */
  done: (status: number | undefined) => boolean;
  convergenceMs: number;
  /** What was changed, and how long applying it took before observing began. */
  what: string;
  appliedMs: number;
}

export async function observe(o: Observation): Promise<ActionResult> {
  const identity = loadIdentity(o.identity);
  const t0 = Date.now();
  let last = '';
  const seen = await pollUntil(async () => {
    const { outcome } = await probe({ baseUrl: o.baseUrl, path: o.path, caPem: o.caPem, identity });
    last = describeOutcome(outcome);
    return o.done(outcome.kind === 'response' ? outcome.status : undefined) ? last : undefined;
  }, o.convergenceMs, 50, 500);
  const waitedMs = o.appliedMs + (Date.now() - t0);
  return seen
    ? { converged: true, waitedMs, detail: `${o.what}; applied in ${o.appliedMs} ms; then: ${seen}` }
    : { converged: false, waitedMs, detail: `${o.what}; applied in ${o.appliedMs} ms; not observed within ${o.convergenceMs} ms, last answer: ${last}` };
}

/** Answers that mean the identity was refused (not an over-quota 429). */
export const refused = (s: number | undefined): boolean => s !== undefined && s >= 400 && s !== 429;
