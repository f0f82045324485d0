// onboarding: a partner onboarded while the gateway runs (a new cert from the CA, added to the
// allowlist, config reloaded) gets in without a restart, within the bounded convergence window,
// found by polling with fresh connections.
import * as allure from 'allure-js-commons';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formOf } from '../harness/oracle/forms.ts';
import type { ProbeResult } from '../harness/probe/probe.ts';
import { pollUntil } from '../harness/util/poll.ts';
import { act } from './support/actions.ts';
import { echoBody } from './support/backend.ts';
import { judgeStep, labelCase, needs, probeStep } from './support/steps.ts';
import { control, target } from './support/target.ts';

describe('onboarding', () => {
  it('a partner onboarded mid-run gets in without a restart', async (ctx) => {
    await labelCase('onboarding', 'a new partner gets in without a gateway restart');
    await needs(ctx, ['onboard'], 'the harness cannot add a partner to this gateway');
    const name = `onboarded-${randomBytes(3).toString('hex')}`;
    await allure.parameter('partner', name);
    const onboarded = await act(`onboard ${name}`, () => control().onboard(name));
    expect(onboarded.restarted, 'the gateway was restarted to onboard a partner').toBe(false);

    const windowMs = target().consistency.convergenceMs;
    const started = Date.now();
    let attempts = 0;
    let last: ProbeResult | undefined;
    const accepted = await allure.step(`probe: until ${name} gets in (at most ${windowMs} ms)`, () =>
      pollUntil(async () => {
        attempts++;
        last = await probeStep({ identity: onboarded.partner, label: `${name} (attempt ${attempts})` });
        return formOf(last.outcome) === 'accepted' ? last : undefined;
      }, windowMs, 200),
    );
    const waited = Date.now() - started;
    await allure.attachment('convergence', `${accepted ? 'let in' : 'NOT let in'} after ${attempts} attempt(s), ${waited} ms (window ${windowMs} ms)`, 'text/plain');
    const verdict = await judgeStep('accepted', last!);
    expect(verdict.ok, `not let in within ${windowMs} ms (${attempts} attempts): ${verdict.reason}`).toBe(true);
    expect(echoBody(last!)?.consumer, 'the backend was not told the new partner\'s name').toBe(name);
  });
});
