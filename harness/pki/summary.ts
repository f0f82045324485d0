// A certificate summary for evidence: what a reader needs to tell certs apart, never key material.
import { X509Certificate } from 'node:crypto';
import { firstCertificateIn } from './pem.ts';

export interface CertSummary {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
  extKeyUsage: string[];
}

// A run attaches the same few certs to most of its probes (each partner's, each probe's): parsed
// once each, not at every probe (about 80 ms of a full run's one thread). Keyed by the PEM itself,
// so a cert re-issued at the same path is a new entry; shared, so frozen.
const summaries = new Map<string, Readonly<CertSummary>>();
const MAX_SUMMARIES = 256;

export function summarizeCert(pem: string): Readonly<CertSummary> {
  const known = summaries.get(pem);
  if (known) return known;
  if (summaries.size >= MAX_SUMMARIES) summaries.clear();
  const summary = summarize(pem);
  Object.freeze(summary.extKeyUsage);
  summaries.set(pem, Object.freeze(summary));
  return summary;
}

function summarize(pem: string): CertSummary {
  const cert = new X509Certificate(firstCertificateIn(pem));
  return {
    subject: cert.subject.split('\n').join(', '),
    issuer: cert.issuer.split('\n').join(', '),
    serial: cert.serialNumber.toUpperCase(),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    sha256: cert.fingerprint256,
    extKeyUsage: cert.keyUsage ?? [],
  };
}
