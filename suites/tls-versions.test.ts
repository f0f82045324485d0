// tls-versions: TLS 1.2 and 1.3 are accepted; TLS 1.0 and 1.1 are refused in the handshake, next to
// a positive control: the same partner let in over TLS 1.2 on the same route just before.
import * as allure from 'allure-js-commons';
import type { SecureVersion } from 'node:tls';
import { expectOutcome } from './support/accept.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { expectRefused } from './support/refuse.ts';
import { labelCase, notSupported, probeStep } from './support/steps.ts';
import { workhorse } from './support/target.ts';
import { holdsEqual } from './support/holds.ts';

// OpenSSL 3 offers TLS 1.0/1.1 only at security level 0; without it we could not even ask.
const LEGACY_CIPHERS = 'DEFAULT:@SECLEVEL=0';

export const demo = defineDemo(
  {
    id: 'tls-versions',
    order: 11,
    checks: 'TLS 1.2 and 1.3 are accepted; TLS 1.0 and 1.1 are refused',
    needs: [],
    requests: (p) => budget([p.workhorse, 4]), // 1.2, 1.3, and a TLS 1.2 control before each legacy refusal
  },
  (d) => {
    for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
      d.case(`${version} is accepted`, async () => {
        await labelCase(demo, 'current TLS versions are accepted', { 'TLS version': version });
        const result = await expectOutcome('accepted', { identity: workhorse(), tls: { minVersion: version, maxVersion: version }, spread: true });
        holdsEqual(result.outcome.kind === 'response' ? result.outcome.tls.protocol : undefined, version, 'the TLS version of the connection');
      });
    }

    for (const version of ['TLSv1', 'TLSv1.1'] as SecureVersion[]) {
      d.case(`${version} is refused`, async (ctx) => {
        await labelCase(demo, 'legacy TLS versions are refused', { 'TLS version': version });
        const partner = workhorse();
        const tls = { minVersion: version, maxVersion: version, ciphers: LEGACY_CIPHERS };
        const first = await allure.step('arrange: can this client offer it?', () => probeStep({ identity: partner, tls }));
        if (first.outcome.kind === 'network-error' && first.outcome.message.startsWith('this client cannot offer')) {
          return notSupported(ctx, `this Node/OpenSSL cannot offer ${version} (${first.outcome.code})`);
        }
        const control = { identity: partner, spread: true, tls: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' } as const };
        await expectRefused('protocol-refused', { identity: partner, tls, control });
      });
    }
  },
);
