// Whose result a partner's self-check is: the partner's certificate, the route it was let in on
// (or not), the gateway's server certificate as the handshake showed it, the tool and the time.
// Every report of `verify` names them, and an attestation is made of them.
import { readFileSync } from 'node:fs';
import { summarizeCert, type CertSummary as FullSummary } from '../pki/summary.ts';

/** What a self-check's result says of the partner's certificate (sha256: of the DER, hex with colons, as openssl x509 -fingerprint -sha256 prints it). */
export type CertSummary = Pick<FullSummary, 'subject' | 'issuer' | 'serial' | 'sha256' | 'notAfter'>;

export interface Whose {
  partner: CertSummary;
  /** The URL the partner checked (scheme, host, port and path). */
  url: string;
  /** The gateway's server certificate as the handshake showed it; absent when there was none to see. */
  gateway?: { subject: string; sha256: string };
}

/** The leaf of a cert file (which may hold its chain after it). */
export function leafSummary(certFile: string): CertSummary {
  const { subject, issuer, serial, sha256, notAfter } = summarizeCert(readFileSync(certFile, 'utf8'));
  return { subject, issuer, serial, sha256, notAfter };
}

/** The lines every report shows: who, where, against what. */
export function whoseLines(w: Whose): Record<string, string> {
  return {
    partner: `${w.partner.subject} (serial ${w.partner.serial}, SHA-256 ${w.partner.sha256}, issued by ${w.partner.issuer}, valid until ${w.partner.notAfter})`,
    url: w.url,
    'gateway certificate': w.gateway ? `${w.gateway.subject} (SHA-256 ${w.gateway.sha256})` : 'not seen (no TLS handshake completed)',
  };
}
