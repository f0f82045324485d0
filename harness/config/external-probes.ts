// The target file's probe certs (and its issuer) judged before any run: a probe that differs from
// a valid partner's cert in more than the one property it names would make its case prove nothing
// (an "expired" cert that also does not chain is refused for the chain), so it is a config error.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { firstCertificateIn } from '../pki/pem.ts';
import { partnerCa, probeProblems, type ProbeKind } from '../pki/probe-check.ts';
import type { Problems } from './shape.ts';
import type { CertKey, ExternalPartner } from './external-types.ts';

const FIX: Record<'expired' | 'revoked', string> = {
  expired: "give a cert from the partners' CA, with a partner's subject and EKU clientAuth, whose notAfter has passed",
  revoked: "give a cert from the partners' CA, with a partner's subject and EKU clientAuth, valid now, that the gateway's CRL lists",
};
const KIND: Record<'expired' | 'revoked', ProbeKind> = { expired: 'expired', revoked: 'revoked' };

const read = (file: string): X509Certificate => new X509Certificate(firstCertificateIn(readFileSync(file, 'utf8')));

export interface ProbeFiles {
  partners: ExternalPartner[];
  gatewayCa: string;
  issuer?: CertKey;
  probes: { expired?: CertKey; revoked?: CertKey };
  /** How the user wrote each path, for the message. */
  shown: (abs: string) => string;
}

/** The CA that issued every partner's cert, among those the file names (issuer first, then gateway.ca). */
export function trustedPartnerCa(partners: ExternalPartner[], issuer: CertKey | undefined, gatewayCa: string): X509Certificate | undefined {
  return partnerCa(partners.map((p) => read(p.cert)), [...(issuer ? [read(issuer.cert)] : []), read(gatewayCa)]);
}

export function checkProbeFiles(f: ProbeFiles, problems: Problems): void {
  const partners = f.partners.map((p) => read(p.cert));
  if (f.issuer && !partnerCa(partners, [read(f.issuer.cert)])) {
    problems.add('issuer.cert', `${f.shown(f.issuer.cert)} did not issue the partners' certificates, so what the harness mints with it would be refused as untrusted, whatever else is wrong with it: give the CA that issues the partner certs`);
  }
  const trusted = trustedPartnerCa(f.partners, f.issuer, f.gatewayCa);
  for (const name of ['expired', 'revoked'] as const) {
    const files = f.probes[name];
    if (!files) continue;
    for (const p of probeProblems(KIND[name], read(files.cert), { partners, ...(trusted ? { trusted } : {}) })) {
      problems.add(`probes.${name}`, `${f.shown(files.cert)} is not only ${name}: ${p}: ${FIX[name]}`);
    }
  }
}
