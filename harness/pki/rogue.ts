// Impostor identities that every target must refuse: a self-signed cert and a cert from a CA the
// gateway does not trust, both carrying a real partner's subject (so only the chain is wrong).
import { readFileSync } from 'node:fs';
import { createAuthority, issueLeaf, selfSignedClient, type Authority, type Issued, type SubjectLike } from './authority.ts';
import { subjectOf } from './subject.ts';
import { x509 } from './x509.ts';
import type { KeyStore } from './store.ts';
import type { Identity } from '../targets/contract.ts';

/** `subject` is how the gateway will report the victim's subject (RFC 2253). */
export async function mintRogueIdentities(store: KeyStore, victim: SubjectLike, subject: string): Promise<{ selfSigned: Identity; foreignCa: Identity }> {
  const foreign = await createAuthority({ O: 'Foreign Party', CN: 'Foreign Root CA' });
  const [self, fromForeign] = await Promise.all([selfSignedClient(victim), issueLeaf(foreign, { subject: victim, profile: 'client' })]);
  return {
    selfSigned: { name: 'self-signed', subject, ...(await store.writeIdentity('self-signed', self)) },
    foreignCa: { name: 'foreign-ca', subject, ...(await store.writeIdentity('foreign-ca', fromForeign)) },
  };
}

const DAY = 24 * 3600 * 1000;

/**
 * With the trusted CA's key (ours, cert-manager's CA Secret, or an external file's issuer): certs
 * that carry a real partner's subject but must be refused: expired, not yet valid, serverAuth only.
 */
export async function mintInvalidProbes(store: KeyStore, ca: Authority, victimCertFile: string): Promise<{ expired: Identity; notYetValid: Identity; wrongEku: Identity }> {
  const victim = new x509.X509Certificate(readFileSync(victimCertFile, 'utf8')).subjectName;
  const subject = subjectOf(victimCertFile);
  const now = Date.now();
  const make = async (name: string, issued: Issued): Promise<Identity> => ({ name, subject, ...(await store.writeIdentity(name, issued)) });
  return {
    expired: await make('expired', await issueLeaf(ca, { subject: victim, profile: 'client', notBefore: new Date(now - 30 * DAY), notAfter: new Date(now - DAY) })),
    notYetValid: await make('not-yet-valid', await issueLeaf(ca, { subject: victim, profile: 'client', notBefore: new Date(now + DAY), notAfter: new Date(now + 30 * DAY) })),
    wrongEku: await make('server-auth-only', await issueLeaf(ca, { subject: victim, profile: 'server' })),
  };
}
