// Impostor identities that every target must refuse: a self-signed cert and a cert from a CA the
// gateway does not trust, both carrying a real partner's subject (so only the chain is wrong).
import { createAuthority, issueLeaf, selfSignedClient } from './authority.ts';
import { rfc2253, type Subject } from './subject.ts';
import type { KeyStore } from './store.ts';
import type { Identity } from '../targets/contract.ts';

export async function mintRogueIdentities(store: KeyStore, victim: Subject): Promise<{ selfSigned: Identity; foreignCa: Identity }> {
  const foreign = await createAuthority({ O: 'Foreign Party', CN: 'Foreign Root CA' });
  const [self, fromForeign] = await Promise.all([selfSignedClient(victim), issueLeaf(foreign, { subject: victim, profile: 'client' })]);
  const subject = rfc2253(victim);
  return {
    selfSigned: { name: 'self-signed', subject, ...(await store.writeIdentity('self-signed', self)) },
    foreignCa: { name: 'foreign-ca', subject, ...(await store.writeIdentity('foreign-ca', fromForeign)) },
  };
}
