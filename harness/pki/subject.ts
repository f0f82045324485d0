// Distinguished names, in the two spellings we need: the one we issue with, and the RFC 2253
// (reversed) form in which nginx ($ssl_client_s_dn) and Kong report a verified client subject.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { firstCertificateIn } from './pem.ts';

export interface Subject {
  C?: string;
  O?: string;
  OU?: string;
  CN: string;
}

const ORDER = ['C', 'O', 'OU', 'CN'] as const;

function escapeValue(value: string): string {
  // RFC 4514 special characters; leading/trailing spaces and '#' are escaped too.
  let out = value.replace(/([,+"\\<>;=])/g, '\\$1');
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  if (out.endsWith(' ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}

function parts(subject: Subject): string[] {
  return ORDER.filter((k) => subject[k] !== undefined && subject[k] !== '').map(
    (k) => `${k}=${escapeValue(subject[k] as string)}`,
  );
}

/** The name string @peculiar/x509 encodes in the given order (C, O, OU, CN). */
export function issuingName(subject: Subject): string {
  return parts(subject).join(', ');
}

/** How nginx and Kong print the verified subject: RFC 2253, most specific RDN first. */
export function rfc2253(subject: Subject): string {
  return parts(subject).reverse().join(',');
}

/** How a gateway reports an existing certificate's subject: RFC 2253, most specific first (one without a subject: named as certLabel names it). */
export function subjectOf(certFile: string): string {
  const cert = new X509Certificate(firstCertificateIn(readFileSync(certFile, 'utf8')));
  return cert.subject ? cert.subject.split('\n').reverse().join(',') : certLabel(cert);
}

/**
 * A certificate's subject on one line ("O=..., CN=..."). Node gives none for an empty subject (a
 * SPIFFE ID's certificate has one): such a certificate is named by its alternative names.
 */
export function certLabel(cert: X509Certificate): string {
  return cert.subject ? oneLine(cert.subject) : `no subject (${cert.subjectAltName ?? 'and no alternative names'})`;
}

/** A name as Node gives it (one RDN a line; none for an empty one) on one line: "O=..., CN=...". */
export function oneLine(name = ''): string {
  return name.split('\n').filter(Boolean).join(', ');
}
