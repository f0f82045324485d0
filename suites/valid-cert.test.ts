// valid-cert (seed Demo 1): every partner's cert gets 2xx on the default route, and the backend
// receives that partner's identity from the gateway (where the backend shows what it received).
import * as allure from 'allure-js-commons';
import { describe, expect, it } from 'vitest';
import { echoBody } from './support/backend.ts';
import { expectOutcome, labelCase } from './support/steps.ts';
import { hasFeature, regularPartners } from './support/target.ts';

describe('valid-cert', () => {
  for (const partner of regularPartners()) {
    it(`${partner.name} is let in and the backend is told who it is`, async () => {
      await labelCase('valid-cert', 'a partner with a valid certificate gets in', { partner: partner.name });
      const result = await expectOutcome('accepted', { identity: partner });
      if (!hasFeature('identity-headers')) {
        await allure.step('judge: backend identity not checked: this target\'s backends do not echo what they received', () => undefined);
        return;
      }
      await allure.step('judge: the backend received this partner\'s identity from the gateway', () => {
        const body = echoBody(result);
        expect(body?.consumer, 'X-Consumer-Username at the backend').toBe(partner.name);
        expect(body?.identityHeaders?.['x-client-dn'], 'X-Client-DN at the backend').toBe(partner.subject);
      });
    });
  }
});
