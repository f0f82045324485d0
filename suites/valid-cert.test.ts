// valid-cert (the guide's Demo 1): every partner's cert gets 2xx on the default route, and the backend
// receives that partner's identity from the gateway (where the backend shows what it received).
import * as allure from 'allure-js-commons';
import { expectOutcome } from './support/accept.ts';
import { echoBody, IDENTITY_FIX } from './support/backend.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { labelCase } from './support/steps.ts';
import { hasFeature, regularPartners } from './support/target.ts';
import { holdsEqual } from './support/holds.ts';

export const demo = defineDemo(
  {
    id: 'valid-cert',
    order: 1,
    guide: 'Demo 1',
    checks: "every partner's cert gets 2xx on the default route; the backend receives that partner's identity from the gateway",
    needs: [],
    requests: (p) => budget(...p.regular.map((name): [string, number] => [name, 1])),
  },
  (d) => {
    for (const partner of regularPartners()) {
      // Only a backend that shows what it received can tell whether it was told who called.
      d.case(`${partner.name} is let in${hasFeature('identity-headers') ? ' and the backend is told who it is' : ''}`, async () => {
        await labelCase(demo, 'a partner with a valid certificate gets in', { partner: partner.name });
        const result = await expectOutcome('accepted', { identity: partner });
        if (!hasFeature('identity-headers')) {
          await allure.step('judge: backend identity not checked: this target\'s backends do not echo what they received', () => undefined);
          return;
        }
        await allure.step('judge: the backend received this partner\'s identity from the gateway', () => {
          const body = echoBody(result);
          holdsEqual(body?.consumer, partner.name, 'X-Consumer-Username at the backend', IDENTITY_FIX);
          holdsEqual(body?.identityHeaders?.['x-client-dn'], partner.subject, 'X-Client-DN at the backend', IDENTITY_FIX);
        });
      });
    }
  },
);
