// Impostor identities that every target must refuse: a self-signed cert and a cert from a CA the
// gateway does not trust, both carrying a real partner's subject (so only the chain is wrong).
import { createAuthority, issueLeaf, selfSignedClient, type SubjectLike } from './authority.ts';
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
