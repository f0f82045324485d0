// Readiness is a real HTTPS request through the gateway's mTLS listener (any HTTP answer proves
// TLS and the listener work), polled within a bound; never a sleep, never a bare TCP connect.
import { EnvironmentError } from '../util/errors.ts';
import { describeOutcome } from '../probe/outcome.ts';
import { loadIdentity, probe } from '../probe/probe.ts';
import { pollUntil } from '../util/poll.ts';

export interface ReadyCheck {
  what: string;
  baseUrl: string;
  caPem: string;
  identity: { certFile: string; keyFile: string };
  boundMs: number;
  /** Why waiting is pointless now (e.g. the process exited), if it is. */
  gone?: () => string | undefined;
}

export async function waitForHttps(c: ReadyCheck): Promise<void> {
  const identity = loadIdentity(c.identity);
  let last = 'no attempt yet';
  let goneWhy: string | undefined;
  const ok = await pollUntil(async () => {
    goneWhy = c.gone?.();
    if (goneWhy) return false;
    const { outcome } = await probe({ baseUrl: c.baseUrl, path: '/', caPem: c.caPem, identity, timeoutMs: 2000 });
    last = describeOutcome(outcome);
    return outcome.kind === 'response' ? true : undefined;
  }, c.boundMs, 25);
  if (ok !== true) throw new EnvironmentError(`${c.what} did not answer HTTPS on ${c.baseUrl} within ${Math.round(c.boundMs / 1000)} s (${goneWhy ?? last})`);
}
