// tls-versions: TLS 1.2 and 1.3 are accepted; TLS 1.0 and 1.1 are refused in the handshake.
import * as allure from 'allure-js-commons';
import type { SecureVersion } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { expectOutcome, expectRefused, labelCase, notSupported, probeStep } from './support/steps.ts';
import { workhorse } from './support/target.ts';

// OpenSSL 3 offers TLS 1.0/1.1 only at security level 0; without it we could not even ask.
const LEGACY_CIPHERS = 'DEFAULT:@SECLEVEL=0';

describe('tls-versions', () => {
  for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`${version} is accepted`, async () => {
      await labelCase('tls-versions', 'current TLS versions are accepted', { 'TLS version': version });
      const partner = workhorse();
      const result = await expectOutcome('accepted', { identity: partner, tls: { minVersion: version, maxVersion: version } });
      expect(result.outcome.kind === 'response' && result.outcome.tls.protocol).toBe(version);
    });
  }

  for (const version of ['TLSv1', 'TLSv1.1'] as SecureVersion[]) {
    it(`${version} is refused`, async (ctx) => {
      await labelCase('tls-versions', 'legacy TLS versions are refused', { 'TLS version': version });
      const partner = workhorse();
      const tls = { minVersion: version, maxVersion: version, ciphers: LEGACY_CIPHERS };
      const first = await allure.step('arrange: can this client offer it?', () => probeStep({ identity: partner, tls }));
      if (first.outcome.kind === 'network-error' && first.outcome.message.startsWith('this client cannot offer')) {
        return notSupported(ctx, `this Node/OpenSSL cannot offer ${version} (${first.outcome.code})`);
      }
      await expectRefused('protocol-refused', { identity: partner, tls });
    });
  }
});
