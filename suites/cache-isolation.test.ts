// cache-isolation (the guide's Scenario 5, proxy-cache): with caching on, an answer cached for one
// partner is served again to that partner and marked so (X-Cache-Status, as Kong's proxy-cache
// says Hit or Miss), and never to another. Where the backend echoes the request id it received (our
// echo does), that shows too which request an answer was made for: a cached one carries the id of
// the request that filled the cache.
import * as allure from 'allure-js-commons';
import { randomBytes } from 'node:crypto';
import type { ProbeResult } from '../harness/probe/probe.ts';
import type { Identity } from '../harness/core/target.ts';
import { expectOutcome } from './support/accept.ts';
import { homeBackend } from './support/claims.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { holds } from './support/holds.ts';
import { broken } from '../harness/oracle/no-verdict.ts';
import { labelCase, needs, notSupported } from './support/steps.ts';
import { regularPartners, target, workhorse } from './support/target.ts';
import { LACKING } from '../harness/core/features.ts';

/** The request id the backend received with the request this answer was made for. */
function madeFor(result: ProbeResult): string | undefined {
  if (result.outcome.kind !== 'response') return undefined;
  try {
    return (JSON.parse(result.outcome.body) as { headers?: Record<string, string[]> }).headers?.['x-request-id']?.[0];
  } catch {
    return undefined;
  }
}

function cacheStatus(result: ProbeResult): string {
  return result.outcome.kind === 'response' ? (result.outcome.headers['x-cache-status'] ?? '(none)') : '(no answer)';
}

const isHit = (r: ProbeResult): boolean => /^hit$/i.test(cacheStatus(r));
const isMiss = (r: ProbeResult): boolean => /^miss$/i.test(cacheStatus(r));

/** A path no earlier request filled: the cached route with a query of its own (Kong keys on the query too). */
function freshPath(): string {
  return `${target().cache!.path}?n=${randomBytes(6).toString('hex')}`;
}

async function fetchAs(identity: Identity, path: string, what: string): Promise<ProbeResult> {
  const result = await expectOutcome('accepted', { identity, path, label: `${identity.name}, ${what}` });
  await allure.attachment('cache', `X-Cache-Status: ${cacheStatus(result)}\nanswer made for request ${madeFor(result) ?? '(not echoed)'}\nthis request: ${result.requestId}`, 'text/plain');
  return result;
}

export const demo = defineDemo(
  {
    id: 'cache-isolation',
    order: 19,
    guide: 'Scenario 5',
    checks: 'an answer cached for one partner is marked and served to that partner again, never to another',
    needs: ['cache'],
    claims: (t) => ({ shared: [t.cache?.version ?? homeBackend(t)], exclusive: [] }),
    requests: (p) => (p.has('cache') ? budget([p.workhorse, 4], [p.regular.find((n) => n !== p.workhorse), 1]) : {}),
  },
  (d) => {
    d.case('a cached answer is marked and served again to the same partner', async (ctx) => {
      await labelCase(demo, 'a cached answer is marked');
      await needs(ctx, ['cache']);
      if (!target().cache) return notSupported(ctx, LACKING.cache);
      const partner = workhorse();
      const path = freshPath();
      const first = await fetchAs(partner, path, 'first request');
      const second = await fetchAs(partner, path, 'same request again');
      await allure.step('judge: the second answer came from the cache, and says so', () => {
        holds(isMiss(first), `the first request for a new path was not marked a cache miss (X-Cache-Status: ${cacheStatus(first)}): the gateway does not say what it caches (Kong's proxy-cache sets X-Cache-Status)`);
        holds(isHit(second), `the same request again was not marked a cache hit (X-Cache-Status: ${cacheStatus(second)}): the route is not cached`);
        const echoed = madeFor(second);
        holds(echoed === undefined || echoed === first.requestId, `the answer marked a hit was made for request ${echoed}, not for the one that filled the cache (${first.requestId})`);
      });
    });

    d.case("a partner is never served another partner's cached answer", async (ctx) => {
      await labelCase(demo, "no partner gets another's cached answer");
      await needs(ctx, ['cache']);
      if (!target().cache) return notSupported(ctx, LACKING.cache);
      const owner = workhorse();
      const other = regularPartners().find((p) => p.name !== owner.name);
      if (!other) return notSupported(ctx, 'only one regular partner: a second is needed to ask for the first one\'s cached answer');
      const path = freshPath();
      const filled = await fetchAs(owner, path, 'fills the cache');
      const cached = await fetchAs(owner, path, 'is served from the cache');
      // Without a hit for the owner, nothing was cached that could leak: no verdict on isolation.
      if (!isHit(cached)) throw broken({ reason: `${owner.name}'s answer was not served from the cache (X-Cache-Status: ${cacheStatus(cached)}), so there is nothing another partner could be served`, fix: 'cache the route for each partner (Kong: proxy-cache on it); the case before this one says what the gateway did' });
      const asked = await fetchAs(other, path, 'asks for the same path');
      await allure.step(`judge: ${other.name} got an answer made for its own request`, () => {
        const leaked = `${other.name} was served ${owner.name}'s cached answer (X-Cache-Status: ${cacheStatus(asked)})`;
        const fix = "the cache key leaves out the partner: key the cache on the consumer too (Kong's proxy-cache does; nginx: the partner in proxy_cache_key)";
        holds(!isHit(asked), leaked, fix);
        const echoed = madeFor(asked);
        holds(echoed !== filled.requestId, leaked, fix);
        holds(echoed === undefined || echoed === asked.requestId, `${other.name}'s answer was made for request ${echoed}, not its own ${asked.requestId}`);
      });
    });
  },
);
