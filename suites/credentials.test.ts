// credentials: what anyone holding a partner's identity can check before a single request: the
// gateway's server certificate chains to the CA, matches the host and is not close to expiry;
// each partner's own cert is valid now, meant for client auth, matches its key, and has time left.
import * as allure from 'allure-js-commons';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { firstCertificateIn, privateKeyIn } from '../harness/pki/pem.ts';
import { certEvidence } from '../harness/report/evidence.ts';
import { defineDemo } from './support/demo.ts';
import { labelCase } from './support/steps.ts';
import { serverCertStep } from './support/server-cert.ts';
import { target } from './support/target.ts';
import { holds } from './support/holds.ts';
import { judgePresentedCas } from './support/chain.ts';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const SERVER_FAIL_DAYS = 7; //   the gateway's cert: fail inside a week, warn inside a month
const WARN_DAYS = 30; //         a partner's cert: warn below 30 days, fail when expired

export const demo = defineDemo(
  {
    id: 'credentials',
    order: 0,
    checks: "the gateway's server cert chains to the CA, matches the host, is not close to expiry; each partner's cert (and each CA it presents) is valid, has EKU clientAuth, matches its key, has > 30 days left",
    needs: [],
    requests: () => ({}), // TLS handshakes only: no request reaches a quota
  },
  (d) => {
    d.case('the gateway\'s server certificate chains to the CA, matches the host and is not close to expiry', async (ctx) => {
      await labelCase(demo, 'the gateway proves who it is');
      const view = await serverCertStep();
      holds(view.authorized, `the server certificate was refused: ${view.error}`);
      holds(view.daysLeft! >= SERVER_FAIL_DAYS, `the server certificate expires in ${view.daysLeft} day(s) (${view.notAfter}): renew it`);
      if (view.daysLeft! < WARN_DAYS) await ctx.annotate(`warning: the server certificate expires in ${view.daysLeft} days (${view.notAfter})`, 'warning');
    });

    for (const partner of target().partners) {
      d.case(`${partner.name}'s certificate is valid, meant for client auth, matches its key and has time left`, async (ctx) => {
        await labelCase(demo, 'a partner\'s own certificate is fit for use', { partner: partner.name });
        await allure.attachment('client certificate', certEvidence(partner.certFile), 'text/plain');
        const cert = new X509Certificate(firstCertificateIn(readFileSync(partner.certFile, 'utf8')));
        await allure.step('judge: the certificate matches its key (checked in memory; the key is never shown)', () => {
          holds(cert.checkPrivateKey(createPrivateKey(privateKeyIn(readFileSync(partner.keyFile, 'utf8')))), `${partner.name}: the key does not match the certificate`);
        });
        await allure.step('judge: EKU includes clientAuth', () => {
          // No extended key usage at all allows every use, clientAuth among them.
          holds((cert.keyUsage ?? [CLIENT_AUTH]).includes(CLIENT_AUTH), `${partner.name}: extended key usage lacks clientAuth (${(cert.keyUsage ?? []).join(', ')})`);
        });
        const daysLeft = Math.floor((Date.parse(cert.validTo) - Date.now()) / 86_400_000);
        await allure.step(`judge: valid now, ${daysLeft} day(s) left`, () => {
          holds(Date.parse(cert.validFrom) <= Date.now(), `${partner.name}: not valid before ${cert.validFrom}`);
          holds(Date.parse(cert.validTo) > Date.now(), `${partner.name}: expired on ${cert.validTo}: get a new certificate`);
        });
        if (daysLeft < WARN_DAYS) await ctx.annotate(`warning: ${partner.name}'s certificate expires in ${daysLeft} days (${cert.validTo}): renew it soon`, 'warning');
        await judgePresentedCas(partner.name, partner.certFile, (text) => ctx.annotate(text, 'warning'));
      });
    }
  },
);
