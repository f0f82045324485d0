// The negative probes the harness mints: impostors every target must refuse (a self-signed cert and
// a cert from a CA the gateway does not trust) and, with the trusted CA's key, certs that are off
// in one named way (expired, not yet valid, serverAuth only). Each carries a real partner's subject,
// so a gateway that skipped the check would let it in as that partner; and each is checked by an
// independent verifier (probe-check.ts) before anyone uses it.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createAuthority, issueLeaf, selfSignedClient, type Authority, type Issued } from '../pki/authority.ts';
import { firstCertificateIn } from '../pki/pem.ts';
import { oneLine, probeProblems, type ProbeKind } from '../pki/probe-check.ts';
import { subjectOf } from '../pki/subject.ts';
import { x509 } from '../pki/x509.ts';
import type { KeyStore } from '../pki/store.ts';
import type { Identity } from '../core/target.ts';

/** A minted probe that is not what it names: the CA we were handed cannot make a fair one. */
export class ProbeUnfit extends Error {
  override name = 'ProbeUnfit';
}

interface Victim {
  file: string;
  name: x509.Name;
  /** As the gateway reports it (RFC 2253). */
  subject: string;
  cert: X509Certificate;
}

function victimOf(certFile: string): Victim {
  const pem = firstCertificateIn(readFileSync(certFile, 'utf8'));
  return { file: certFile, name: new x509.X509Certificate(pem).subjectName, subject: subjectOf(certFile), cert: new X509Certificate(pem) };
}

async function checked(store: KeyStore, kind: ProbeKind, name: string, issued: Issued, victim: Victim, trusted?: X509Certificate): Promise<Identity> {
  const problems = probeProblems(kind, new X509Certificate(Buffer.from(issued.cert.rawData)), { partners: [victim.cert], ...(trusted ? { trusted } : {}) });
  if (problems.length > 0) {
    const by = trusted ? ` with ${oneLine(trusted.subject)}` : '';
    throw new ProbeUnfit(`the ${name} probe minted${by} is not only ${kind}: ${problems.join('; ')}`);
  }
  return { name, subject: victim.subject, ...(await store.writeIdentity(name, issued)) };
}

/** Impostors carrying the subject of `victimCertFile`; `trusted` is the CA they must not chain to. */
export async function mintRogueIdentities(store: KeyStore, victimCertFile: string, trusted?: X509Certificate): Promise<{ selfSigned: Identity; foreignCa: Identity }> {
  const victim = victimOf(victimCertFile);
  const foreign = await createAuthority({ O: 'Foreign Party', CN: 'Foreign Root CA' });
  const [self, fromForeign] = await Promise.all([selfSignedClient(victim.name), issueLeaf(foreign, { subject: victim.name, profile: 'client' })]);
  return {
    selfSigned: await checked(store, 'self-signed', 'self-signed', self, victim, trusted),
    foreignCa: await checked(store, 'foreign-ca', 'foreign-ca', fromForeign, victim, trusted),
  };
}

/** The probes only the trusted CA's key can make (probe-mint.ts gives them their windows). */
export type InvalidKind = 'expired' | 'not-yet-valid' | 'wrong-eku';

/**
 * With the trusted CA's key: a cert that carries a real partner's subject but must be refused for
 * `kind` (expired, not yet valid, serverAuth only), in the validity window given, checked first.
 */
export async function mintWithWindow(store: KeyStore, ca: Authority, victimCertFile: string, kind: InvalidKind, name: string, window: { notBefore: Date; notAfter: Date }): Promise<Identity> {
  const victim = victimOf(victimCertFile);
  const issued = await issueLeaf(ca, { subject: victim.name, profile: kind === 'wrong-eku' ? 'server' : 'client', ...window });
  return checked(store, kind, name, issued, victim, new X509Certificate(Buffer.from(ca.cert.rawData)));
}

/** A second cert for the victim's subject, from the trusted CA, for the CRL from the start. */
export async function mintRevokedProbe(store: KeyStore, ca: Authority, victimCertFile: string): Promise<{ identity: Identity; serialNumber: string }> {
  const victim = victimOf(victimCertFile);
  const issued = await issueLeaf(ca, { subject: victim.name, profile: 'client' });
  const identity = await checked(store, 'revoked', 'revoked', issued, victim, new X509Certificate(Buffer.from(ca.cert.rawData)));
  return { identity, serialNumber: issued.cert.serialNumber };
}
