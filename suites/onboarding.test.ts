// onboarding: a partner onboarded while the gateway runs (a new cert from the CA, added to the
// allowlist, config reloaded) gets in without a restart, within the bounded convergence window,
// found by polling with fresh connections.
import * as allure from 'allure-js-commons';
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { formOf } from '../harness/oracle/forms.ts';
import { broken } from '../harness/oracle/no-verdict.ts';
import { judgeAcceptance } from '../harness/oracle/verdicts.ts';
import type { ProbeResult } from '../harness/probe/probe.ts';
import { pollUntil } from '../harness/util/poll.ts';
import { act } from './support/actions.ts';
import { echoBody } from './support/backend.ts';
import { defineDemo } from './support/demo.ts';
import { changesConfig } from './support/claims.ts';
import { judgeStep, labelCase, needs, probeStep } from './support/steps.ts';
import { control, target } from './support/target.ts';
import { sayIfLong } from './support/wait.ts';
import { holds } from './support/holds.ts';

export const demo = defineDemo(
  {
    id: 'onboarding',
    order: 13,
    seed: 'more demos',
    checks: 'a partner onboarded mid-run gets in without a gateway restart, within the convergence window',
    needs: ['onboard'],
    claims: changesConfig,
    schedule: 'last',
    requests: () => ({}), // only the new partner's, which no quota of the others counts
  },
  (d) => {
    d.case('a partner onboarded mid-run gets in without a restart', async (ctx) => {
      await labelCase(demo, 'a new partner gets in without a gateway restart');
      await needs(ctx, ['onboard'], 'the harness cannot add a partner to this gateway');
      const name = `onboarded-${randomBytes(3).toString('hex')}`;
      // Its name is new each run: shown, but not part of the case's history id, so its trend builds.
      await allure.parameter('partner', name, { excluded: true });
      const onboarded = await act(`onboard ${name}`, () => control().onboard(name));
      expect(onboarded.restarted, 'the gateway was restarted to onboard a partner').toBe(false);

      const windowMs = target().consistency.convergenceMs;
      const started = Date.now();
      let attempts = 0;
      let last: ProbeResult | undefined;
      const accepted = await allure.step(`probe: until ${name} gets in (at most ${windowMs} ms)`, () =>
        sayIfLong(`for the onboarded partner to get in`, windowMs, () =>
          pollUntil(async () => {
            attempts++;
            last = await probeStep({ identity: onboarded.partner, label: `${name} (attempt ${attempts})` });
            return formOf(last.outcome) === 'accepted' ? last : undefined;
          }, windowMs, 200),
        ),
      );
      const waited = Date.now() - started;
      await allure.attachment('convergence', `${accepted ? 'let in' : 'NOT let in'} after ${attempts} attempt(s), ${waited} ms (window ${windowMs} ms)`, 'text/plain');
      const judged = await judgeStep('expect accepted', () => judgeAcceptance(target().oracle, 'accepted', last!.outcome));
      if (judged.state === 'no-verdict') throw broken(judged.noVerdict, `${name}, after ${attempts} attempts`);
      holds(judged.state === 'as-expected', `not let in within ${windowMs} ms (${attempts} attempts): ${judged.verdict.reason}`);
      expect(echoBody(last!)?.consumer, 'the backend was not told the new partner\'s name').toBe(name);
    }, { windows: 2 });
  },
);
