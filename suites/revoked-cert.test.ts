// revoked-cert (the guide's Demo 5): (a) a cert put on the CA's CRL is refused; (b) an offboarded partner
// is refused with 401 while the other partners still get in. Each case uses an identity reserved
// for this demo, and first proves that identity got in, so the refusal is the revocation's doing.
import * as allure from 'allure-js-commons';
import type { TestContext } from '@vitest/runner';
import { VERIFY_ERROR } from '../harness/pki/probe-check.ts';
import type { PartnerInfo } from '../harness/core/target.ts';
import { expectOutcome } from './support/accept.ts';
import { act } from './support/actions.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { changesConfig } from './support/claims.ts';
import { expectRefused } from './support/refuse.ts';
import { arrange, labelCase, needs, notSupported } from './support/steps.ts';
import { control, hasFeature, regularPartners, reservedPartners, target, workhorse } from './support/target.ts';
import { holds } from './support/holds.ts';

/** This case's own reserved partner, first seen to get in: a refusal after `change` is then its doing. */
async function reservedLetIn(ctx: TestContext, index: number, change: string): Promise<PartnerInfo> {
  const reserved = reservedPartners('revoked-cert');
  const partner = reserved[index];
  if (!partner) return notSupported(ctx, `the policy reserves ${reserved.length} partner(s) for revoked-cert; this case needs its own (#${index + 1})`);
  await allure.parameter('partner', partner.name);
  await arrange(`the partner gets in before ${change}`, () => expectOutcome('accepted', { identity: partner }));
  return partner;
}

export const demo = defineDemo(
  {
    id: 'revoked-cert',
    order: 6,
    guide: 'Demo 5',
    checks: '(a) a cert listed in the CRL is refused; (b) an offboarded partner is refused with 401 while others still get in',
    needs: [],
    claims: changesConfig,
    requests: (p) => {
      const [crl, offboarded, deleted] = p.reserved('revoked-cert');
      const n = p.rejections;
      return budget(
        // (a) live: got in, at least one poll while the CRL converges, n refusals; else one control before the pre-revoked cert.
        ...(p.has('revoke') ? [[crl, 2 + n], [p.workhorse, 2]] as [string | undefined, number][] : [[p.workhorse, p.probes.revoked ? 1 : 0]] as [string, number][]),
        // (b) offboarded: got in, a poll, n refusals (401 after TLS); a control; every regular partner still gets in.
        ...(p.has('offboard') ? [[offboarded, 2 + n], [p.workhorse, 1], ...p.regular.map((r): [string, number] => [r, 1])] as [string | undefined, number][] : []),
        // the guide's procedure on cert-manager targets.
        ...(p.has('cert-manager') ? [[deleted, 2 + n], [p.workhorse, 1]] as [string | undefined, number][] : []),
      );
    },
  },
  (d) => {
    // The guide documents revocation as "delete the partner's Certificate and its Secret". cert-manager
    // does not revoke anything (no CRL, no OCSP): the cert stays valid until notAfter. This case runs
    // that procedure and fails, honestly, if the partner still gets in.
    d.case('the documented revocation (delete the partner\'s Certificate and its Secret) keeps the partner out', async (ctx) => {
      await labelCase(demo, 'the documented revocation procedure keeps a partner out');
      await needs(ctx, ['cert-manager']);
      const partner = await reservedLetIn(ctx, 2, 'the procedure');
      const result = await act(`delete Certificate partner-${partner.name} and its Secret`, () => control().revokeByDeletion(partner.name));
      holds(result.converged, `the partner is still let in after its Certificate and Secret were deleted: ${result.detail}`, 'cert-manager does not revoke: deleting the Certificate and its Secret leaves the issued certificate valid until it expires; put its serial on the CRL the gateway loads (ssl_crl), then reload');
      await expectRefused('cert-rejected', { identity: partner, fault: 'revoked' });
    }, { windows: 1 });

    d.case('a certificate on the CRL is refused', async (ctx) => {
      await labelCase(demo, 'a revoked certificate is refused');
      const preRevoked = target().probes.revoked;
      if (!hasFeature('revoke')) {
        // A gateway we cannot change: the Home Party hands us a cert it has already revoked.
        if (!preRevoked) return notSupported(ctx, 'no probes.revoked certificate was provided and the harness cannot revoke on this gateway');
        await allure.parameter('certificate', preRevoked.name);
        await expectRefused('cert-rejected', { identity: preRevoked, fault: 'revoked', verifyError: VERIFY_ERROR.revoked! });
        return;
      }
      const partner = await reservedLetIn(ctx, 0, 'revocation');
      await act(`revoke ${partner.name}'s certificate (CRL + reload)`, () => control().revoke(partner.name));
      await expectRefused('cert-rejected', { identity: partner, fault: 'revoked', verifyError: VERIFY_ERROR.revoked! });
      const other = workhorse();
      await expectOutcome('accepted', { identity: other, label: `${other.name} (another partner, still let in)`, spread: true });
    }, { windows: 1 });

    d.case('an offboarded partner is refused with 401 while others still get in', async (ctx) => {
      await labelCase(demo, 'an offboarded partner is refused');
      await needs(ctx, ['offboard']);
      const partner = await reservedLetIn(ctx, 1, 'offboarding');
      await act(`offboard ${partner.name}`, () => control().offboard(partner.name));
      await expectRefused('unknown-partner', { identity: partner });
      for (const other of regularPartners()) {
        await expectOutcome('accepted', { identity: other, label: `${other.name} (another partner, still let in)` });
      }
    }, { windows: 1, quotaWaits: 3 });
  },
);
