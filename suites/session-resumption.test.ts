// session-resumption: after a partner is revoked, a TLS session it saved before the revocation
// cannot be resumed to get in. The reference gateway's answer: it keeps no session across a
// config change (no shared session cache; ticket keys made afresh at every reload), so the client
// is sent through a full handshake and the new CRL. A gateway that resumes must still refuse.
import * as allure from 'allure-js-commons';
import { describe, expect, it } from 'vitest';
import { formOf } from '../harness/oracle/forms.ts';
import { act } from './support/actions.ts';
import { expectOutcome, judgeStep, labelCase, needs, notSupported, probeStep } from './support/steps.ts';
import { control, reservedPartners } from './support/target.ts';

const VERSIONS = ['TLSv1.2', 'TLSv1.3'] as const;

describe('session-resumption', () => {
  it('a session saved before revocation cannot be resumed to get in', async (ctx) => {
    await labelCase('session-resumption', 'revocation also holds for resumed TLS sessions');
    await needs(ctx, ['revoke'], 'the harness cannot revoke a certificate on this gateway');
    const partner = reservedPartners('session-resumption')[0];
    if (!partner) return notSupported(ctx, 'the policy reserves no partner for session-resumption');
    await allure.parameter('partner', partner.name);

    const sessions = new Map<string, Buffer | undefined>();
    for (const version of VERSIONS) {
      const r = await expectOutcome('accepted', { identity: partner, tls: { minVersion: version, maxVersion: version }, label: `${partner.name} over ${version}, saving its session` });
      sessions.set(version, r.session);
    }
    const revoked = await act(`revoke ${partner.name}'s certificate`, () => control().revoke(partner.name));
    expect(revoked.converged, `the revocation itself never took effect: ${revoked.detail}`).toBe(true);

    const problems: string[] = [];
    for (const version of VERSIONS) {
      const session = sessions.get(version);
      if (!session) {
        await allure.step(`judge: ${version}: the gateway handed out no session, so there is nothing to resume`, () => undefined);
        continue;
      }
      const r = await probeStep({ identity: partner, tls: { minVersion: version, maxVersion: version, session }, label: `${partner.name} resuming its ${version} session` });
      const resumed = r.outcome.kind === 'response' && r.outcome.tls.resumed;
      await allure.attachment(`${version} resumption`, resumed ? 'the server resumed the saved session' : 'the server refused to resume: full handshake', 'text/plain');
      const verdict = await judgeStep('cert-rejected', r);
      if (formOf(r.outcome) === 'accepted') problems.push(`${version}: the pre-revocation session was ${resumed ? 'resumed' : 'used'} and let in`);
      else if (!verdict.ok) problems.push(`${version}: ${verdict.reason}`);
    }
    expect(problems, problems.join('; ')).toEqual([]);
  });
});
