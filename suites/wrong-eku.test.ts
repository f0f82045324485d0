// wrong-eku: a cert from the trusted CA whose extended key usage lacks clientAuth is refused, and
// for that reason where the gateway's log tells (OpenSSL verify error 26).
import { VERIFY_ERROR } from '../harness/pki/probe-check.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { expectRefused } from './support/refuse.ts';
import { withTrustedCaProbe } from './support/minted.ts';
import { labelCase, notSupported } from './support/steps.ts';
import { LACKING } from '../harness/core/features.ts';

export const demo = defineDemo(
  {
    id: 'wrong-eku',
    order: 10,
    checks: 'a cert from the trusted CA whose EKU lacks clientAuth is refused',
    needs: ['mint-invalid-validity'],
    requests: (p) => budget([p.workhorse, p.probes.wrongEku ? 1 : 0]),
  },
  (d) => {
    d.case('a certificate from the trusted CA with EKU serverAuth only is refused', async (ctx) => {
      await labelCase(demo, 'a certificate not meant for client authentication is refused');
      const done = await withTrustedCaProbe('wrong-eku', (identity) => expectRefused('cert-rejected', { identity, fault: 'wrong-eku', verifyError: VERIFY_ERROR['wrong-eku']! }));
      if (!done) return notSupported(ctx, LACKING['mint-invalid-validity']);
    });
  },
);
