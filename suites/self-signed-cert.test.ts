// self-signed-cert (seed Demo 3): a self-signed cert carrying a real partner's subject is refused.
import { describe, it } from 'vitest';
import { expectRefused, labelCase } from './support/steps.ts';
import { target } from './support/target.ts';

describe('self-signed-cert', () => {
  const impostor = target().probes.selfSigned;
  it(`a self-signed certificate with the subject ${impostor.subject} is refused`, async () => {
    await labelCase('self-signed-cert', 'a self-signed certificate is refused', { impersonates: impostor.subject });
    await expectRefused('cert-rejected', { identity: impostor });
  });
});
