// valid-cert (seed Demo 1): every partner's cert gets 2xx on the default route, and the backend
// receives that partner's identity from the gateway.
import * as allure from 'allure-js-commons';
import { describe, expect, it } from 'vitest';
import { echoBody } from './support/backend.ts';
import { expectOutcome, labelCase, needs } from './support/steps.ts';
import { regularPartners } from './support/target.ts';

describe('valid-cert', () => {
  for (const partner of regularPartners()) {
    it(`${partner.name} is let in and the backend is told who it is`, async (ctx) => {
      await labelCase('valid-cert', 'a partner with a valid certificate gets in', { partner: partner.name });
      const result = await expectOutcome('accepted', { identity: partner });
      await needs(ctx, ['identity-headers'], 'the backend does not echo the identity it received');
      await allure.step('judge: the backend received this partner\'s identity from the gateway', async () => {
        const body = echoBody(result);
        expect(body?.consumer, 'X-Consumer-Username at the backend').toBe(partner.name);
        expect(body?.identityHeaders?.['x-client-dn'], 'X-Client-DN at the backend').toBe(partner.subject);
      });
    });
  }
});
