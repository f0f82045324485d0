// cert-lifecycle (the guide's security checklist: 90-day certificates, renewed 30 days before they
// expire): the gateway's server certificate and every partner's certificate are valid for at most
// --max-validity-days (default 90), and one inside its renewal window is said as a warning. Read
// with Node's own X.509 parser and the TLS handshake, never with the code that minted them. On
// cert-manager targets, every leaf Certificate also renews at least 30 days before it expires, as
// cert-manager itself says (status.renewalTime) or computes it from the spec.
import * as allure from 'allure-js-commons';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { broken, ofFailure } from '../harness/oracle/no-verdict.ts';
import { firstCertificateIn } from '../harness/pki/pem.ts';
import { defineDemo } from './support/demo.ts';
import { holds } from './support/holds.ts';
import { labelCase, needs, notSupported } from './support/steps.ts';
import { renewalLead } from '../harness/identities/renewal.ts';
import { serverCertStep } from './support/server-cert.ts';
import { target } from './support/target.ts';
import { judgePresentedCas } from './support/chain.ts';

const DAY_MS = 86_400_000;
const RENEW_DAYS = 30; // the guide: renew 30 days before expiry
/** Clock skew a CA may give notBefore (cert-manager backdates nothing; others do by minutes). */
const SKEW_DAYS = 1 / 24;

const maxDays = (): number => target().lifecycle?.maxValidityDays ?? 90;

/** One certificate's validity against the rule; a warning inside its renewal window. */
async function judgeLifetime(what: string, notBefore: string, notAfter: string, fix: string, warn: (text: string) => Promise<unknown>): Promise<void> {
  const days = (Date.parse(notAfter) - Date.parse(notBefore)) / DAY_MS;
  const left = Math.floor((Date.parse(notAfter) - Date.now()) / DAY_MS);
  await allure.step(`judge: ${what} is valid for ${days.toFixed(1)} day(s) (at most ${maxDays()}), ${left} left`, () => {
    holds(days <= maxDays() + SKEW_DAYS, `${what} is valid for ${days.toFixed(1)} days (${notBefore} to ${notAfter}), more than ${maxDays()}`, `it is issued for longer than ${maxDays()} days: ${fix}`);
  });
  if (left < RENEW_DAYS) await warn(`warning: ${what} is inside its renewal window: ${left} day(s) left (${notAfter}): renew it now`);
}

export const demo = defineDemo(
  {
    id: 'cert-lifecycle',
    order: 16,
    guide: 'security checklist',
    checks: 'the server certificate and every partner certificate are valid for at most 90 days (--max-validity-days); one inside its last 30 days is a warning',
    needs: [],
    requests: () => ({}), // TLS handshakes and files only: no request reaches a quota
  },
  (d) => {
    d.case('every cert-manager Certificate renews at least 30 days before it expires', async (ctx) => {
      await labelCase(demo, 'certificates are short-lived and renewed in time');
      await needs(ctx, ['cert-manager']);
      const certs = target().certificates ?? [];
      if (certs.length === 0) return notSupported(ctx, 'the target read no Certificate from its cluster');
      for (const c of certs) {
        const lead = renewalLead(c);
        await allure.step(`judge: Certificate ${c.name} renews ${lead ? `${(lead.hours / 24).toFixed(1)} day(s)` : 'at an unknown time'} before it expires (at least ${RENEW_DAYS})`, async () => {
          await allure.attachment(`Certificate ${c.name}`, JSON.stringify(c, null, 2), 'application/json');
          holds(lead !== undefined, `Certificate ${c.name}: spec.duration ${JSON.stringify(c.duration)} is not a duration cert-manager reads (e.g. 2160h)`);
          holds(lead.durationHours <= maxDays() * 24, `Certificate ${c.name} asks for ${lead.durationHours} h (spec.duration), more than ${maxDays()} days: set spec.duration: ${maxDays() * 24}h or less`);
          const said = lead.from === 'status' ? `cert-manager renews it at ${c.renewalTime}, ${(lead.hours / 24).toFixed(1)} days before ${c.notAfter}` : `its spec renews it ${(lead.hours / 24).toFixed(1)} days before expiry`;
          holds(lead.hours >= RENEW_DAYS * 24, `Certificate ${c.name}: ${said}, less than ${RENEW_DAYS}: set spec.renewBefore: ${RENEW_DAYS * 24}h (or more)`);
        });
      }
    });

    d.case(`the gateway's server certificate is valid for at most the allowed days`, async (ctx) => {
      await labelCase(demo, 'certificates are short-lived and renewed in time');
      const view = await serverCertStep();
      // A certificate we refused (credentials reports why) has no lifetime to read here.
      if (!view.notBefore || !view.notAfter) throw broken(ofFailure(view.code ?? 'ERROR', view.error ?? 'no server certificate seen'));
      await judgeLifetime("the gateway's server certificate", view.notBefore, view.notAfter, `issue it for at most ${maxDays()} days (cert-manager: spec.duration ${maxDays() * 24}h or less)`, (text) => ctx.annotate(text, 'warning'));
    });

    for (const partner of target().partners) {
      d.case(`${partner.name}'s certificate is valid for at most the allowed days`, async (ctx) => {
        await labelCase(demo, 'certificates are short-lived and renewed in time', { partner: partner.name });
        const cert = new X509Certificate(firstCertificateIn(readFileSync(partner.certFile, 'utf8')));
        await judgeLifetime(`${partner.name}'s certificate`, new Date(cert.validFrom).toISOString(), new Date(cert.validTo).toISOString(), `re-issue it for at most ${maxDays()} days (cert-manager: spec.duration ${maxDays() * 24}h or less, renewBefore ${RENEW_DAYS * 24}h or more)`, (text) => ctx.annotate(text, 'warning'));
        // The CAs it presents live longer by design; they must not expire under it.
        await judgePresentedCas(partner.name, partner.certFile, (text) => ctx.annotate(text, 'warning'));
      });
    }
  },
);
