// session-resumption: after a partner is revoked, a TLS session it saved before the revocation
// cannot be resumed to get in. The reference gateway's answer: it keeps no session across a
// config change (no shared session cache; ticket keys made afresh at every reload), so the client
// is sent through a full handshake and the new CRL. A gateway that resumes must still refuse.
import * as allure from 'allure-js-commons';
import { CaseBroken } from '../harness/oracle/no-verdict.ts';
import { judgeRefusal } from '../harness/oracle/verdicts.ts';
import { act } from './support/actions.ts';
import { expectOutcome, positiveControl } from './support/accept.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { changesConfig } from './support/claims.ts';
import { judgeStep, labelCase, needs, notSupported, probeStep } from './support/steps.ts';
import { control, reservedPartners, target } from './support/target.ts';
import { REVOCATION_FIX } from '../harness/oracle/likely-cause.ts';
import { holds } from './support/holds.ts';

const VERSIONS = ['TLSv1.2', 'TLSv1.3'] as const;

/**
 * What the Home Party can do when this fails, said in the failure. Kong 3.9.3 (OpenResty 1.25.3.2,
 * so nginx 1.25.3) keeps TLS sessions in `ssl_session_cache shared:SSL` with tickets on by default,
 * and since nginx 1.23.2 the ticket keys live in that shared zone too: both survive `kong reload`,
 * and a resumed session keeps its pre-revocation verify result.
 */
const RESUMED_FIX = 'the gateway resumes sessions verified before the CRL changed, which it must not. On Kong (nginx >= 1.23.2 keeps the session cache and its ticket keys in a shared zone that survives `kong reload`): '
  + 'put a new CRL in force with a restart (`kong restart`, or a rolling restart of the pods), not `kong reload`; '
  + '`ssl_session_tickets = off` and a short `ssl_session_timeout` only narrow the window, since the shared session cache stays.';

export const demo = defineDemo(
  {
    id: 'session-resumption',
    order: 14,
    checks: 'after revocation, a TLS session saved before it cannot be resumed to get in',
    needs: ['revoke'],
    claims: changesConfig,
    // Two sessions saved, at least one poll while the revocation converges, two resumptions; a control each.
    requests: (p) => (p.has('revoke') ? budget([p.reserved('session-resumption')[0], 5], [p.workhorse, 2]) : {}),
  },
  (d) => {
    d.case('a session saved before revocation cannot be resumed to get in', async (ctx) => {
      await labelCase(demo, 'revocation also holds for resumed TLS sessions');
      await needs(ctx, ['revoke']);
      const partner = reservedPartners('session-resumption')[0];
      if (!partner) return notSupported(ctx, 'the policy reserves no partner for session-resumption');
      await allure.parameter('partner', partner.name);

      const sessions = new Map<string, Buffer | undefined>();
      for (const version of VERSIONS) {
        const r = await expectOutcome('accepted', { identity: partner, tls: { minVersion: version, maxVersion: version }, label: `${partner.name} over ${version}, saving its session` });
        sessions.set(version, r.session);
      }
      const revoked = await act(`revoke ${partner.name}'s certificate`, () => control().revoke(partner.name));
      holds(revoked.converged, `the revocation itself never took effect: ${revoked.detail}`, REVOCATION_FIX);

      const problems: string[] = [];
      let noVerdict: CaseBroken | undefined;
      for (const version of VERSIONS) {
        const session = sessions.get(version);
        if (!session) {
          await allure.step(`judge: ${version}: the gateway handed out no session, so there is nothing to resume`, () => undefined);
          continue;
        }
        const tls = { minVersion: version, maxVersion: version };
        await positiveControl({ tls });
        const r = await probeStep({ identity: partner, tls: { ...tls, session }, label: `${partner.name} resuming its ${version} session` });
        const resumed = r.outcome.kind === 'response' && r.outcome.tls.resumed;
        await allure.attachment(`${version} resumption`, resumed ? 'the server resumed the saved session' : 'the server refused to resume: full handshake', 'text/plain');
        const j = await judgeStep('expect cert-rejected', () => judgeRefusal(target().oracle, 'cert-rejected', r.outcome));
        if (j.state === 'let-in') problems.push(`${version}: the pre-revocation session was ${resumed ? 'resumed' : 'used'} and let in`);
        else if (j.state === 'wrong-answer') problems.push(`${version}: ${j.verdict.reason}`);
        else if (j.state === 'no-verdict') noVerdict ??= new CaseBroken(`${version}: ${j.noVerdict.reason}`, j.noVerdict.fix);
      }
      holds(problems.length === 0, problems.join('; '), RESUMED_FIX);
      if (noVerdict) throw noVerdict;
    }, { windows: 1 });
  },
);
