// Polling a change the gateway must show by letting a partner in (an onboarded partner, a backend
// back from an outage): fresh connections, each its own probe step, within the convergence window.
// What the last answer means is the caller's to judge.
import * as allure from 'allure-js-commons';
import type { Identity } from '../../harness/core/target.ts';
import { formOf } from '../../harness/oracle/forms.ts';
import type { ProbeResult } from '../../harness/probe/probe.ts';
import { pollUntil } from '../../harness/util/poll.ts';
import { probeStep } from './steps.ts';
import { target } from './target.ts';
import { sayIfLong } from './wait.ts';

export interface Polled {
  letIn: boolean;
  /** The last answer (the acceptance, or the last refusal when none came). */
  last: ProbeResult;
  attempts: number;
  windowMs: number;
}

/** `title` names the step ("gets in on /v2/consumer again"); `attachment` names what the summary is of. */
export async function untilLetIn(identity: Identity, o: { path?: string; title: string; waiting: string; attachment: string; intervalMs: number }): Promise<Polled> {
  const windowMs = target().consistency.convergenceMs;
  const started = Date.now();
  let attempts = 0;
  let last: ProbeResult | undefined;
  const accepted = await allure.step(`probe: until ${identity.name} ${o.title} (at most ${windowMs} ms)`, () =>
    sayIfLong(o.waiting, windowMs, () =>
      pollUntil(async () => {
        attempts++;
        last = await probeStep({ identity, ...(o.path ? { path: o.path } : {}), label: `${identity.name} (attempt ${attempts})` });
        return formOf(last.outcome) === 'accepted' ? last : undefined;
      }, windowMs, o.intervalMs),
    ),
  );
  await allure.attachment(o.attachment, `${accepted ? 'let in' : 'NOT let in'} after ${attempts} attempt(s), ${Date.now() - started} ms (window ${windowMs} ms)`, 'text/plain');
  // pollUntil checks at least once, so there is always a last answer.
  return { letIn: accepted !== undefined, last: last!, attempts, windowMs };
}
