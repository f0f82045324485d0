// Is a negative probe what it names, and only that? Checked with OpenSSL through node:crypto
// (X509_check_issued: issuer name, AKI against the CA's SKI, the CA's keyCertSign; the signature;
// the dates; the EKU), never with @peculiar/x509, which mints the probes: a bug there must not be
// able to vouch for itself. A probe that is off in a second way proves nothing: an "expired" cert
// the gateway cannot chain is refused as "unable to get issuer", whatever it does with expiry.
import { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, id_ce_keyUsage, KeyUsage, KeyUsageFlags } from '@peculiar/asn1-x509';

export type ProbeKind = 'expired' | 'not-yet-valid' | 'wrong-eku' | 'revoked' | 'self-signed' | 'foreign-ca';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EKU = '2.5.29.37.0';

export interface ProbeContext {
  /** The CA the gateway trusts for partner certs; undefined when nobody gave it to us. */
  trusted?: X509Certificate;
  /** The partners' own certs: a probe carries one of their subjects (and, without `trusted`, their issuer). */
  partners: X509Certificate[];
  now?: number;
}

/** What a verifier would say about issuing: undefined if `ca` issued `cert`, else why not. */
function notIssuedBy(cert: X509Certificate, ca: X509Certificate): string | undefined {
  if (!cert.checkIssued(ca)) return `its issuer name or Authority Key Identifier does not match ${oneLine(ca.subject)} (or that CA may not sign certificates)`;
  if (!cert.verify(ca.publicKey)) return `its signature does not verify with the key of ${oneLine(ca.subject)}`;
  return undefined;
}

export function oneLine(name: string): string {
  return name.split('\n').join(', ');
}

/** The leaf's keyUsage bits, if it has the extension (node:crypto does not expose them). */
function keyUsage(cert: X509Certificate): number | undefined {
  const parsed = AsnConvert.parse(cert.raw, Certificate);
  const ext = parsed.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_keyUsage);
  return ext ? AsnConvert.parse(ext.extnValue, KeyUsage).toNumber() : undefined;
}

function dateProblem(kind: ProbeKind, cert: X509Certificate, now: number): string | undefined {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (from > to) return `its validity is empty (notBefore ${cert.validFrom} is after notAfter ${cert.validTo})`;
  if (kind === 'expired') return to < now ? undefined : `it is not expired: valid until ${cert.validTo}`;
  if (kind === 'not-yet-valid') return from > now ? undefined : `it is already valid (since ${cert.validFrom})`;
  if (from > now) return `it is not valid yet (from ${cert.validFrom}), so it would be refused for that`;
  if (to < now) return `it expired on ${cert.validTo}, so it would be refused for that`;
  return undefined;
}

function usageProblem(kind: ProbeKind, cert: X509Certificate): string | undefined {
  const eku = cert.keyUsage;
  const forClients = eku === undefined || eku.length === 0 || eku.includes(CLIENT_AUTH) || eku.includes(ANY_EKU);
  if (kind === 'wrong-eku') return forClients ? `its extended key usage allows client auth (${(eku ?? ['none']).join(', ')})` : undefined;
  if (!forClients) return `its extended key usage lacks clientAuth (${eku!.join(', ')}), so it would be refused for that`;
  const ku = keyUsage(cert);
  if (ku !== undefined && !(ku & KeyUsageFlags.digitalSignature)) return 'its key usage lacks digitalSignature, so it cannot sign a TLS handshake';
  return undefined;
}

/** Self-issued and self-signed (X509_check_issued would also want keyCertSign, which a leaf lacks). */
function selfSigned(cert: X509Certificate): boolean {
  return cert.issuer === cert.subject && cert.verify(cert.publicKey);
}

function chainProblem(kind: ProbeKind, cert: X509Certificate, ctx: ProbeContext): string | undefined {
  const fromTrusted = ctx.trusted ? notIssuedBy(cert, ctx.trusted) === undefined : undefined;
  if (kind === 'self-signed') {
    if (!selfSigned(cert)) return 'it is not self-signed';
    return fromTrusted ? 'it also chains to the trusted CA' : undefined;
  }
  if (kind === 'foreign-ca') {
    if (fromTrusted) return 'it chains to the trusted CA';
    if (selfSigned(cert)) return 'it is self-signed, not issued by another CA';
    return undefined;
  }
  if (ctx.trusted) return notIssuedBy(cert, ctx.trusted);
  // Without the CA itself, the next best: the partners' certs name the issuer it must name.
  return ctx.partners.some((p) => p.issuer === cert.issuer) ? undefined : `its issuer ${oneLine(cert.issuer)} is not the partners' issuer`;
}

/** Of the CAs we were given, the one that issued every partner's cert (the one the gateway trusts for them). */
export function partnerCa(partners: X509Certificate[], candidates: X509Certificate[]): X509Certificate | undefined {
  return candidates.find((ca) => ca.ca && partners.length > 0 && partners.every((p) => notIssuedBy(p, ca) === undefined));
}

/** Every way `cert` differs from a valid partner's cert other than the one `kind` names. */
export function probeProblems(kind: ProbeKind, cert: X509Certificate, ctx: ProbeContext): string[] {
  const now = ctx.now ?? Date.now();
  const problems = [
    cert.ca ? 'it is a CA certificate' : undefined,
    chainProblem(kind, cert, ctx),
    dateProblem(kind, cert, now),
    usageProblem(kind, cert),
    ctx.partners.some((p) => p.subject === cert.subject)
      ? undefined
      : `its subject ${oneLine(cert.subject)} is none of the partners' subjects, so a gateway that skipped the check would still not let it in as a partner`,
  ];
  return problems.filter((p): p is string => p !== undefined);
}

/** What each probe kind must be refused for, as a verifier names it (OpenSSL verify result codes). */
export const VERIFY_ERROR: Partial<Record<ProbeKind, { code: number; text: string }>> = {
  expired: { code: 10, text: 'certificate has expired' },
  'not-yet-valid': { code: 9, text: 'certificate is not yet valid' },
  'wrong-eku': { code: 26, text: 'unsuitable certificate purpose' },
  revoked: { code: 23, text: 'certificate revoked' },
};
