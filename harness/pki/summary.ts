// A certificate summary for evidence: what a reader needs to tell certs apart, never key material.
import { X509Certificate } from 'node:crypto';
import { firstCertificateIn } from './pem.ts';
import { certLabel, oneLine } from './subject.ts';

export interface CertSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
  extKeyUsage: string[];
}

export function summarizeCert(pem: string): CertSummary {
  const cert = new X509Certificate(firstCertificateIn(pem));
  return {
    subject: certLabel(cert),
    issuer: oneLine(cert.issuer) || '(empty)',
    serial: cert.serialNumber.toUpperCase(),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    sha256: cert.fingerprint256,
    extKeyUsage: cert.keyUsage ?? [],
  };
}
