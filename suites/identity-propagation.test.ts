// identity-propagation: the backend gets the partner's identity from the gateway, and identity
// headers a client sends itself cannot make it anyone else (Kong sets X-Consumer-* itself).
import * as allure from 'allure-js-commons';
import { expectOutcome } from './support/accept.ts';
import { holds, holdsEqual } from './support/holds.ts';
import { echoBody, IDENTITY_FIX, SPOOF_FIX } from './support/backend.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { labelCase, needs, notSupported } from './support/steps.ts';
import { partnersByQuota, regularPartners } from './support/target.ts';

export const demo = defineDemo(
  {
    id: 'identity-propagation',
    order: 9,
    checks: "the backend gets the partner's identity from the gateway; identity headers a client sends cannot impersonate anyone",
    needs: ['identity-headers'],
    requests: (p) => (p.has('identity-headers') ? budget(...p.regular.map((name): [string, number] => [name, 1]), [p.regular.length > 1 ? p.workhorse : undefined, 1]) : {}),
  },
  (d) => {
    d.case('the backend receives each partner\'s identity from the gateway', async (ctx) => {
      await labelCase(demo, 'the gateway tells the backend who is calling');
      await needs(ctx, ['identity-headers']);
      for (const partner of regularPartners()) {
        const result = await expectOutcome('accepted', { identity: partner });
        await allure.step(`judge: the backend was told ${partner.name}`, () => {
          const seen = echoBody(result)?.identityHeaders ?? {};
          holdsEqual(seen['x-consumer-username'], partner.name, 'X-Consumer-Username', IDENTITY_FIX);
          holdsEqual(seen['x-client-dn'], partner.subject, 'X-Client-DN', IDENTITY_FIX);
          holdsEqual(seen['x-client-verify'], 'SUCCESS', 'X-Client-Verify', IDENTITY_FIX);
        });
      }
    }, { quotaWaits: 2 });

    d.case('identity headers sent by a client cannot impersonate another partner', async (ctx) => {
      await labelCase(demo, 'a client cannot impersonate another partner by headers');
      await needs(ctx, ['identity-headers']);
      const [caller, victim] = partnersByQuota();
      if (!caller || !victim) return notSupported(ctx, 'two partners without reservedFor are needed: one calls, one is impersonated');
      await allure.parameter('caller', caller.name);
      await allure.parameter('impersonates', victim.name);
      const spoofed: Record<string, string> = {
        'x-consumer-username': victim.name,
        'x-consumer-id': `${victim.name}-id`,
        'x-consumer-custom-id': victim.name,
        'x-client-dn': victim.subject,
      };
      const result = await expectOutcome('accepted', { identity: caller, headers: spoofed, label: `${caller.name}, claiming to be ${victim.name} in its headers` });
      await allure.step('judge: no client-sent identity header reached the backend', async () => {
        const seen = echoBody(result)?.identityHeaders ?? {};
        const through = Object.entries(spoofed).filter(([name, value]) => seen[name] === value);
        const table = Object.entries(spoofed).map(([name, value]) => `${name}: sent "${value}", backend got ${seen[name] === undefined ? 'nothing' : `"${seen[name]}"`}`);
        await allure.attachment('identity headers at the backend', table.join('\n'), 'text/plain');
        holds(through.length === 0, `client-sent identity headers got through to the backend: ${through.map(([n, v]) => `${n}: ${v}`).join(', ')}`, SPOOF_FIX);
        holdsEqual(seen['x-consumer-username'], caller.name, 'X-Consumer-Username at the backend', IDENTITY_FIX);
      });
    });
  },
);
