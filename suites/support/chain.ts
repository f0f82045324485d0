// The CAs a partner presents after its leaf (an issuing CA, and any between it and the root), each
// judged as a leaf is for its dates: expired is a failure, inside its last 30 days a warning.
import * as allure from 'allure-js-commons';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { certificatesIn } from '../../harness/pki/pem.ts';
import { oneLine } from '../../harness/pki/subject.ts';
import { holds } from './holds.ts';

const DAY_MS = 86_400_000;
export const CHAIN_WARN_DAYS = 30;

/** The CA certificates in a partner's cert file after its leaf, in the order presented. */
export function presentedCas(certFile: string): X509Certificate[] {
  return (certificatesIn(readFileSync(certFile, 'utf8')).match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).slice(1).map((p) => new X509Certificate(p));
}

/** Each CA a partner presents: a step with its subject, not-after and days left; a failure if expired, a warning inside 30 days. */
export async function judgePresentedCas(partner: string, certFile: string, warn: (text: string) => Promise<unknown>): Promise<void> {
  for (const ca of presentedCas(certFile)) {
    const subject = oneLine(ca.subject);
    const left = Math.floor((Date.parse(ca.validTo) - Date.now()) / DAY_MS);
    await allure.step(`judge: ${partner} presents the CA ${subject}, valid until ${new Date(ca.validTo).toISOString()} (${left} day(s) left)`, () => {
      holds(Date.parse(ca.validTo) > Date.now(), `${partner} presents the CA ${subject}, which expired on ${new Date(ca.validTo).toISOString()}: every certificate it issued is refused; renew the issuing CA and re-issue ${partner}'s certificate`);
    });
    if (left < CHAIN_WARN_DAYS) await warn(`warning: the CA ${subject} that ${partner} presents expires in ${left} day(s) (${new Date(ca.validTo).toISOString()}): renew it before then`);
  }
}
