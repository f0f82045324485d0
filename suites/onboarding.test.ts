// onboarding: a partner onboarded while the gateway runs (a cert from the CA, added to the allowlist,
// config reloaded) gets in without a restart, within the bounded convergence window, found by
// polling with fresh connections. Also by the guide's Option A: the partner makes its own key and
// sends only a CSR; the Home Party's CA signs it, and the key never leaves the partner's folder.
import * as allure from 'allure-js-commons';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { broken } from '../harness/oracle/no-verdict.ts';
import { judgeAcceptance } from '../harness/oracle/verdicts.ts';
import type { ProbeResult } from '../harness/probe/probe.ts';
import type { Identity } from '../harness/core/target.ts';
import { act } from './support/actions.ts';
import { echoBody, IDENTITY_FIX } from './support/backend.ts';
import { causeOf } from './support/known-causes.ts';
import { defineDemo } from './support/demo.ts';
import { changesConfig } from './support/claims.ts';
import { judgeStep, labelCase, needs } from './support/steps.ts';
import { control, hasFeature, target } from './support/target.ts';
import { untilLetIn } from './support/until-let-in.ts';
import { holds, holdsEqual } from './support/holds.ts';
import { modeOf, partnerMakesKeyAndCsr, publicKeys } from './support/partner-side.ts';

/** A name new each run: shown, but not part of the case's history id, so its trend builds. */
async function newPartnerName(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await allure.parameter('partner', name, { excluded: true });
  return name;
}

/** Poll with fresh connections until `identity` gets in, within the convergence window; judged as any acceptance. */
async function getsIn(identity: Identity): Promise<ProbeResult> {
  const { last, attempts, windowMs } = await untilLetIn(identity, { title: 'gets in', waiting: 'for the onboarded partner to get in', attachment: 'convergence', intervalMs: 200 });
  const judged = await judgeStep('expect accepted', () => judgeAcceptance(target().oracle, 'accepted', last.outcome));
  if (judged.state === 'no-verdict') throw broken(judged.noVerdict, `${identity.name}, after ${attempts} attempts`);
  holds(judged.state === 'as-expected', `not let in within ${windowMs} ms (${attempts} attempts): ${judged.verdict.reason}`, causeOf(target().routes.default, identity, last.outcome, judged.verdict));
  if (hasFeature('identity-headers')) holdsEqual(echoBody(last)?.consumer, identity.name, 'the backend was not told the new partner\'s name', IDENTITY_FIX);
  return last;
}

export const demo = defineDemo(
  {
    id: 'onboarding',
    order: 13,
    checks: "a partner onboarded mid-run gets in without a gateway restart, within the convergence window; also from its own CSR, its key never leaving its folder",
    needs: ['onboard'],
    claims: changesConfig,
    requests: () => ({}), // only the new partners', which no quota of the others counts
  },
  (d) => {
    d.case('a partner onboarded mid-run gets in without a restart', async (ctx) => {
      await labelCase(demo, 'a new partner gets in without a gateway restart');
      await needs(ctx, ['onboard']);
      const name = await newPartnerName('onboarded');
      const onboarded = await act(`onboard ${name}`, () => control().onboard(name));
      holds(!onboarded.restarted, 'the gateway was restarted to onboard a partner');
      await getsIn(onboarded.partner);
    }, { windows: 2 });

    d.case('a partner onboarded from its own CSR gets in, and its key never leaves its folder', async (ctx) => {
      await labelCase(demo, 'a partner onboarded from its own CSR (Option A)');
      await needs(ctx, ['onboard-csr']);
      const name = await newPartnerName('csr');
      const partner = await allure.step(`arrange: ${name} makes its own key and a CSR in its own folder`, () => partnerMakesKeyAndCsr({ O: 'Onboarded Organization', OU: 'Integration Team', CN: name }));
      try {
        await allure.attachment('what travels to the Home Party: the CSR', partner.csrPem, 'text/plain');
        const onboarded = await act(`send ${name}'s CSR to the Home Party's CA, and onboard it`, () => control().onboardCsr(name, partner.csrPem));
        holds(!onboarded.restarted, 'the gateway was restarted to onboard a partner');
        const certFile = partner.keep(onboarded.certPem);
        await allure.step('judge: the certificate is over the partner\'s own key, and that key stayed in its folder', async () => {
          const keys = publicKeys(onboarded.certPem, partner.csrPem, partner.keyFile);
          holds(keys.cert.equals(keys.csr), 'the certificate\'s public key is not the one in the CSR: the CA certified another key', "sign the partner's CSR as it is, its own key (cert-manager: a CertificateRequest holding the CSR, not a Certificate, which makes a key of its own)");
          holds(keys.csr.equals(keys.key), 'the CSR\'s public key is not the partner\'s own');
          holds(modeOf(partner.keyFile) === 0o600, `the partner's key is ${modeOf(partner.keyFile).toString(8)}, not 0600`);
          const keyed = onboarded.wrote.filter((f) => /\.key$/.test(f) || /PRIVATE KEY-----/.test(readFileSync(f, 'utf8')));
          holds(keyed.length === 0, `the Home Party's side wrote a key for ${name}: ${keyed.join(', ')}`);
          await allure.attachment('key custody', `the partner's key: ${partner.keyFile} (0600), never sent\nsent: the CSR (${partner.csrPem.length} bytes, no private key)\nwritten on the Home Party's side: ${onboarded.wrote.join(', ') || 'nothing'}`, 'text/plain');
        });
        await getsIn({ name, certFile, keyFile: partner.keyFile, subject: onboarded.subject });
      } finally {
        partner.remove();
      }
    }, { windows: 2 });
  },
);
