// revoked-cert (seed Demo 5): (a) a cert put on the CA's CRL is refused; (b) an offboarded partner
// is refused with 401 while the other partners still get in. Each case uses an identity reserved
// for this demo, and first proves that identity got in, so the refusal is the revocation's doing.
import * as allure from 'allure-js-commons';
import { describe, expect, it, type TestContext } from 'vitest';
import type { PartnerInfo } from '../harness/targets/contract.ts';
import { act } from './support/actions.ts';
import { arrange, expectOutcome, expectRefused, labelCase, needs, notSupported } from './support/steps.ts';
import { control, hasFeature, regularPartners, reservedPartners, target, workhorse } from './support/target.ts';

async function reservedIdentity(ctx: TestContext, index: number): Promise<PartnerInfo> {
  const reserved = reservedPartners('revoked-cert');
  const partner = reserved[index];
  if (!partner) return notSupported(ctx, `the policy reserves ${reserved.length} partner(s) for revoked-cert; this case needs its own (#${index + 1})`);
  return partner;
}

describe('revoked-cert', () => {
  // The seed documents revocation as "delete the partner's Certificate and its Secret". cert-manager
  // does not revoke anything (no CRL, no OCSP): the cert stays valid until notAfter. This case runs
  // that procedure and fails, honestly, if the partner still gets in.
  it('the seed\'s revocation procedure (delete the Certificate and its Secret) keeps the partner out', async (ctx) => {
    await labelCase('revoked-cert', 'the documented revocation procedure keeps a partner out');
    await needs(ctx, ['cert-manager'], 'partner certs are not cert-manager Certificates here');
    const partner = await reservedIdentity(ctx, 2);
    await allure.parameter('partner', partner.name);
    await arrange('the partner gets in before the procedure', () => expectOutcome('accepted', { identity: partner }));
    const result = await act(`delete Certificate partner-${partner.name} and its Secret`, () => control().seedRevocation(partner.name));
    expect(result.converged, `the partner is still let in after its Certificate and Secret were deleted (cert-manager does not revoke; put the cert on the CRL): ${result.detail}`).toBe(true);
    await expectRefused('cert-rejected', { identity: partner });
  });


  it('a certificate on the CRL is refused', async (ctx) => {
    await labelCase('revoked-cert', 'a revoked certificate is refused');
    const preRevoked = target().probes.revoked;
    if (!hasFeature('revoke')) {
      // A gateway we cannot change: the Home Party hands us a cert it has already revoked.
      if (!preRevoked) return notSupported(ctx, 'no probes.revoked certificate was provided and the harness cannot revoke on this gateway');
      await allure.parameter('certificate', preRevoked.name);
      await expectRefused('cert-rejected', { identity: preRevoked });
      return;
    }
    const partner = await reservedIdentity(ctx, 0);
    await allure.parameter('partner', partner.name);
    await arrange('the partner gets in before revocation', () => expectOutcome('accepted', { identity: partner }));
    await act(`revoke ${partner.name}'s certificate (CRL + reload)`, () => control().revoke(partner.name));
    await expectRefused('cert-rejected', { identity: partner });
    const other = workhorse();
    await expectOutcome('accepted', { identity: other, label: `${other.name} (another partner, still let in)` });
  });

  it('an offboarded partner is refused with 401 while others still get in', async (ctx) => {
    await labelCase('revoked-cert', 'an offboarded partner is refused');
    await needs(ctx, ['offboard'], 'the harness cannot change the gateway\'s partner list');
    const partner = await reservedIdentity(ctx, 1);
    await allure.parameter('partner', partner.name);
    await arrange('the partner gets in before offboarding', () => expectOutcome('accepted', { identity: partner }));
    await act(`offboard ${partner.name}`, () => control().offboard(partner.name));
    await expectRefused('unknown-partner', { identity: partner });
    for (const other of regularPartners()) {
      await expectOutcome('accepted', { identity: other, label: `${other.name} (another partner, still let in)` });
    }
  });
});
