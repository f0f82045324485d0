// untrusted-ca-cert (seed Demo 3): a cert from another CA carrying a real partner's subject is refused.
import { describe, it } from 'vitest';
import { expectRefused, labelCase } from './support/steps.ts';
import { target } from './support/target.ts';

describe('untrusted-ca-cert', () => {
  const impostor = target().probes.foreignCa;
  it(`a certificate from a foreign CA with the subject ${impostor.subject} is refused`, async () => {
    await labelCase('untrusted-ca-cert', 'a certificate from an untrusted CA is refused', { impersonates: impostor.subject });
    await expectRefused('cert-rejected', { identity: impostor });
  });
});
