// expired-cert (seed Demo 4): a cert from the trusted CA whose notAfter has passed is refused;
// so is one whose notBefore is still ahead.
import { describe, it } from 'vitest';
import { expectRefused, labelCase, notSupported } from './support/steps.ts';
import { target } from './support/target.ts';

describe('expired-cert', () => {
  const cases = [
    { story: 'an expired certificate from the trusted CA is refused', probe: 'expired' },
    { story: 'a not-yet-valid certificate from the trusted CA is refused', probe: 'notYetValid' },
  ] as const;
  for (const c of cases) {
    it(c.story, async (ctx) => {
      await labelCase('expired-cert', c.story);
      const identity = target().probes[c.probe];
      if (!identity) return notSupported(ctx, `no ${c.probe} certificate was provided, and no issuer CA key to mint one (an external target file can add issuer: {cert, key})`);
      await expectRefused('cert-rejected', { identity });
    });
  }
});
