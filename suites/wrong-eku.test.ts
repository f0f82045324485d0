// wrong-eku: a cert from the trusted CA whose extended key usage lacks clientAuth is refused.
import { describe, it } from 'vitest';
import { expectRefused, labelCase, notSupported } from './support/steps.ts';
import { target } from './support/target.ts';

describe('wrong-eku', () => {
  it('a certificate from the trusted CA with EKU serverAuth only is refused', async (ctx) => {
    await labelCase('wrong-eku', 'a certificate not meant for client authentication is refused');
    const identity = target().probes.wrongEku;
    if (!identity) return notSupported(ctx, 'no serverAuth-only certificate was provided, and no issuer CA key to mint one (an external target file can add issuer: {cert, key})');
    await expectRefused('cert-rejected', { identity });
  });
});
