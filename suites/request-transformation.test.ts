// request-transformation (the guide's Scenario 3): the gateway sets the headers the policy names on
// every partner request it proxies (Kong's request-transformer), the backend receives exactly them,
// and a client cannot pre-set one of them. A body transformation (the guide's xml_to_json) is no
// Kong OSS feature: checked only where a target declares one.
import * as allure from 'allure-js-commons';
import type { ProbeResult } from '../harness/probe/probe.ts';
import { expectOutcome } from './support/accept.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { holds } from './support/holds.ts';
import { labelCase, needs, notSupported } from './support/steps.ts';
import { target, workhorse } from './support/target.ts';

/** Every header the backend received, as the list of values sent under each (lowercase) name. */
function received(result: ProbeResult): Record<string, string[]> | undefined {
  if (result.outcome.kind !== 'response') return undefined;
  try {
    return (JSON.parse(result.outcome.body) as { headers?: Record<string, string[]> }).headers;
  } catch {
    return undefined;
  }
}

/** Each promised header arrived once, with the gateway's value. */
async function judgeHeaders(result: ProbeResult, promised: Record<string, string>, sent?: Record<string, string>): Promise<void> {
  const got = received(result);
  await allure.attachment('headers at the backend', JSON.stringify(got ?? null, null, 2), 'application/json');
  holds(got !== undefined, 'the backend did not echo the headers it received (no headers in its answer)');
  for (const [name, value] of Object.entries(promised)) {
    await allure.step(`judge: the backend received ${name}: ${value}, once`, () => {
      const values = got![name.toLowerCase()] ?? [];
      const spoofed = sent?.[name] !== undefined ? ` (the client sent ${name}: ${sent[name]})` : '';
      holds(values.length === 1 && values[0] === value, `${name} at the backend is ${values.length === 0 ? 'missing' : values.map((v) => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(value)}${spoofed}`, `the gateway does not set ${name} itself on every partner request (Kong: request-transformer with ${name} in both replace and add)`);
    });
  }
}

function promised(): Record<string, string> | undefined {
  const h = target().requestHeaders;
  return h && Object.keys(h).length > 0 ? h : undefined;
}

export const demo = defineDemo(
  {
    id: 'request-transformation',
    order: 17,
    guide: 'Scenario 3',
    checks: 'the gateway sets the headers the policy names on partner requests, and a client cannot pre-set them',
    needs: ['request-transform'],
    requests: (p) => budget([p.workhorse, p.has('request-transform') ? 2 : 0]),
  },
  (d) => {
    d.case('the backend receives the headers the gateway sets', async (ctx) => {
      await labelCase(demo, 'the gateway adds the headers the policy names');
      await needs(ctx, ['request-transform']);
      const want = promised();
      if (!want) return notSupported(ctx, 'the policy names no requestHeaders for the gateway to set');
      const result = await expectOutcome('accepted', { identity: workhorse() });
      await judgeHeaders(result, want);
    });

    d.case('a client cannot pre-set a header the gateway sets', async (ctx) => {
      await labelCase(demo, 'a client cannot pre-set a header the gateway sets');
      await needs(ctx, ['request-transform']);
      const want = promised();
      if (!want) return notSupported(ctx, 'the policy names no requestHeaders for the gateway to set');
      const forged = Object.fromEntries(Object.keys(want).map((name) => [name, `forged-by-client-${name.toLowerCase()}`]));
      const result = await expectOutcome('accepted', { identity: workhorse(), headers: forged, label: `${workhorse().name}, pre-setting ${Object.keys(forged).join(', ')}` });
      await judgeHeaders(result, want, forged);
    });

    d.case('the body is transformed as the target declares', async (ctx) => {
      await labelCase(demo, 'a body transformation, where one is declared');
      return notSupported(ctx, 'no target declares a body transformation: the guide\'s xml_to_json template is not a Kong OSS feature (request-transformer changes headers, query and form fields only)');
    });
  },
);
