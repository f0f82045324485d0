// The backend-outage demo's moves: put a version's backend out of service for the length of a body
// and bring it back whatever happens, time the gateway's own answer against its promised bound, and
// poll until traffic recovers within the convergence window.
import * as allure from 'allure-js-commons';
import type { BackendState, Identity } from '../../harness/core/target.ts';
import { formOf } from '../../harness/oracle/forms.ts';
import { broken } from '../../harness/oracle/no-verdict.ts';
import { judge } from '../../harness/oracle/oracle.ts';
import { judgeAcceptance } from '../../harness/oracle/verdicts.ts';
import { describeOutcome } from '../../harness/probe/outcome.ts';
import type { ProbeResult } from '../../harness/probe/probe.ts';
import { act } from './actions.ts';
import { holds } from './holds.ts';
import { ROUTE_FIX } from './backend.ts';
import { judgeStep, probeStep } from './steps.ts';
import { control, scheduler, target } from './target.ts';
import { untilLetIn } from './until-let-in.ts';
import { GATEWAY_CONFIG, homeBackend } from './claims.ts';
import type { Claim } from '../../harness/run/scheduler.ts';

/** How long a gateway that promised no upstream time-out may take to answer for a backend that refuses connections. */
const DEFAULT_BOUND_MS = 5000;
/** On top of the gateway's own bound: the handshake and the way there and back. */
const SLACK_MS = 1000;

/** The bound the gateway promised (policy upstream.timeoutMs), or the default one. */
export function boundMs(): number {
  return target().upstream?.timeoutMs ?? DEFAULT_BOUND_MS;
}

/**
 * While a backend is out of service, nothing else may reach the gateway: a gateway whose outage
 * leaks would break the demos running beside this one. Until it has recovered, nothing may change
 * the gateway's config either: a reload starts workers with a fresh breaker beside old ones with
 * an open one, so a recovery seen through one is no recovery of the other. The demo's own claim
 * (its file's) holds only the sick backend; these hold the rest, so other demos run while the
 * gateway recovers, as long as they do not change its config.
 */
function theOtherBackends(version: string): Claim {
  const t = target();
  const others = Object.keys(t.routes.versions).filter((v) => v !== version);
  return { shared: [], exclusive: [...new Set([...others, homeBackend(t)])].filter((r) => r !== version) };
}
const THE_CONFIG: Claim = { shared: [], exclusive: [GATEWAY_CONFIG] };

export interface OutageSteps {
  /** The demo's lease (DemoHold.id): what this holds besides is its own. */
  owner: number;
  /** While the backend is out of service: what the case judges. */
  during: () => Promise<void>;
  /**
   * Judge that traffic recovers, holding the config meanwhile. Without it (a case followed by one
   * that waits for the route first), the other demos may change the config while it recovers.
   */
  judgeRecovery: boolean;
}

/**
 * Put `version`'s backend in `state` for the length of `steps.during`, with nothing else reaching
 * the gateway, then back up, always. When `during` failed, recovery is still polled (holding the
 * gateway), so the demos waiting for this one find the route well, and `during`'s failure is the
 * case's verdict.
 */
export async function withBackend(version: string, state: Exclude<BackendState, 'up'>, identity: Identity, path: string, steps: OutageSteps): Promise<void> {
  // Both asked at once: asked one after the other, the demos that only reach a backend would start
  // while the first waits for the config, and the second would wait for them as well.
  const [config, backends] = await allure.step('arrange: wait until no other demo reaches the gateway', () => Promise.all([scheduler().begin(THE_CONFIG, { owner: steps.owner }), scheduler().begin(theOtherBackends(version), { owner: steps.owner })]));
  const held = new Set([config, backends]);
  const release = (lease: number): void => {
    if (held.delete(lease)) scheduler().end(lease);
  };
  let failure: unknown;
  try {
    await act(`${state === 'down' ? 'stop' : 'hang'} the ${version} backend`, () => control().setBackend(version, state));
    await steps.during();
  } catch (err) {
    failure = err;
  }
  try {
    await act(`bring the ${version} backend back`, () => control().setBackend(version, 'up'));
    if (failure === undefined) {
      // The other versions were seen unaffected while this one failed: they are while it recovers too.
      release(backends);
      if (!steps.judgeRecovery) return;
      return await recovers(identity, path);
    }
    // A gateway whose outage leaked may go on leaking until its breaker closes: others wait for that too.
    await recovers(identity, path).catch(() => undefined);
    throw failure;
  } finally {
    release(backends);
    release(config);
  }
}

/**
 * A probe of a route whose backend is out of service: JSON asked for (Kong answers its errors in
 * the type the client accepts), given up on well after the bound, so a gateway that waits on the
 * backend is seen to wait and not only called slow.
 */
export function outageProbe(identity: Identity, path: string, label: string): Promise<ProbeResult> {
  return probeStep({ identity, path, headers: { accept: 'application/json' }, timeoutMs: boundMs() + SLACK_MS + 2000, label });
}

/**
 * The gateway answered for the failed backend itself, in its own words, in under `limitMs`
 * (default: its bound plus slack). `late`: what answering later than that means.
 */
export async function judgeUnavailable(result: ProbeResult, what: string, limitMs = boundMs() + SLACK_MS, late = `past its bound of ${boundMs()} ms (+${SLACK_MS} ms): it waits on a failed backend longer than it promised`): Promise<void> {
  const o = result.outcome;
  const verdict = judge(target().oracle, 'upstream-unavailable', o);
  await judgeStep(`expect the gateway's own 502/503/504 in under ${limitMs} ms`, () => ({ verdict, state: verdict.ok ? 'as-expected' : 'not-as-expected' }));
  if (o.kind !== 'response') {
    holds(!/TIMEOUT/.test(o.code), `${what}: no answer after ${o.elapsedMs} ms: the gateway kept the partner waiting on a backend that does not answer, far past its bound of ${boundMs()} ms`, `the gateway has no upstream time-out at its bound of ${boundMs()} ms (Kong: the service's connect_timeout, read_timeout and write_timeout; nginx: proxy_connect_timeout and proxy_read_timeout)`);
    throw broken({ reason: `${what}: no HTTP answer: ${describeOutcome(o)}`, fix: 'check that the gateway is up: it must answer for a failed backend itself' });
  }
  await allure.attachment('time to answer', `${o.elapsedMs} ms (limit ${limitMs} ms)`, 'text/plain');
  holds(formOf(o) !== 'accepted', `${what}: a backend answered (${describeOutcome(o)}): the route does not lead to the backend that is out of service`, ROUTE_FIX);
  holds(verdict.ok, `${what}: ${verdict.reason}`);
  holds(o.elapsedMs < limitMs, `${what}: the gateway answered after ${o.elapsedMs} ms, ${late}`);
}

/** Every partner given gets in on `path`, judged as any acceptance (a 5xx there is the outage leaking: a failure). */
export async function unaffected(partners: readonly Identity[], path: string, what: string): Promise<void> {
  for (const p of partners) {
    const result = await probeStep({ identity: p, path, headers: { accept: 'application/json' }, label: `${p.name} on ${path}, ${what}` });
    const o = result.outcome;
    const judged = await judgeStep('expect accepted', () => judgeAcceptance(target().oracle, 'accepted', o));
    holds(!(o.kind === 'response' && o.status >= 500), `${p.name} on ${path} got ${describeOutcome(o)} ${what}: the outage leaks into a route whose backend is up`, "one backend's failure must not reach another version's route: give each version its own upstream, time-outs and breaker (Kong: a service per version; nginx: an upstream per version)");
    if (judged.state === 'no-verdict') throw broken(judged.noVerdict, p.name);
    holds(judged.state === 'as-expected', `${p.name} on ${path} ${what}: ${judged.verdict.reason}`);
  }
}

/**
 * Poll with fresh connections until `identity` gets in on `path`, within the convergence window:
 * after the backend is back (the promise), or before an outage (a positive control that lets an
 * earlier case's outage, whose recovery it did not see, finish).
 */
export async function recovers(identity: Identity, path: string, when = 'again'): Promise<void> {
  const { letIn, last, attempts, windowMs } = await untilLetIn(identity, { path, title: `gets in on ${path} ${when}`, waiting: `for traffic to ${path} to recover`, attachment: 'recovery', intervalMs: 100 });
  holds(letIn, `traffic to ${path} did not recover within ${windowMs} ms of the backend's return (${attempts} attempts, last: ${describeOutcome(last.outcome)})`);
}
