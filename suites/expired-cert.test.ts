// expired-cert (the guide's Demo 4): a cert from the trusted CA whose notAfter has passed is refused; so
// is one whose notBefore is still ahead; where the gateway's log tells, for exactly that reason.
import { VERIFY_ERROR } from '../harness/pki/probe-check.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { withTrustedCaProbe } from './support/minted.ts';
import { expectRefused } from './support/refuse.ts';
import { labelCase, notSupported } from './support/steps.ts';
import { LACKING } from '../harness/core/features.ts';

export const demo = defineDemo(
  {
    id: 'expired-cert',
    order: 5,
    guide: 'Demo 4',
    checks: 'a cert from the trusted CA whose notAfter has passed is refused; also not-yet-valid',
    needs: [],
    requests: (p) => budget([p.workhorse, Number(p.probes.expired) + Number(p.probes.notYetValid)]),
  },
  (d) => {
    const cases = [
      { story: 'an expired certificate from the trusted CA is refused', kind: 'expired' },
      { story: 'a not-yet-valid certificate from the trusted CA is refused', kind: 'not-yet-valid' },
    ] as const;
    for (const c of cases) {
      d.case(c.story, async (ctx) => {
        await labelCase(demo, c.story);
        const done = await withTrustedCaProbe(c.kind, (identity) => expectRefused('cert-rejected', { identity, fault: c.kind, verifyError: VERIFY_ERROR[c.kind]! }));
        if (!done) return notSupported(ctx, LACKING['mint-invalid-validity']);
      });
    }
  },
);
