// The negative probes the harness mints: impostors every target must refuse (a self-signed cert and
// a cert from a CA the gateway does not trust) and, with the trusted CA's key, certs that are off
// in one named way (expired, not yet valid, serverAuth only, revoked). Each carries a real
// partner's subject, extensions (its alternative names, policies, usages, all but the key
// identifiers) and a key of the same kind as that partner's, presents what that partner presents
// after its leaf (the impostors: their leaf alone), and is checked by OpenSSL before anyone uses it
// (pki/probe-check.ts). A gateway that lets partners in by alternative name would otherwise refuse
// a probe for lacking it, whatever it does with the property the probe names.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createAuthority, issueLeaf, selfSignedClient, type Authority, type Issued } from '../pki/authority.ts';
import { certificateBlocks, certificatesIn } from '../pki/pem.ts';
import { probeProblems, type Presented, type ProbeKind } from '../pki/probe-check.ts';
import { certLabel, subjectOf } from '../pki/subject.ts';
import { algorithmOf, KEY_KINDS, x509, type SigningAlgorithm } from '../pki/x509.ts';
import type { KeyStore } from '../pki/store.ts';
import type { Identity } from '../core/target.ts';

/** A minted probe that is not what it names: the CA we were handed cannot make a fair one. */
export class ProbeUnfit extends Error {
  override name = 'ProbeUnfit';
}

/** No fair probe can be made for this partner at all: its key is of a kind the harness does not make. */
export class UnfitKeyKind extends ProbeUnfit {
  override name = 'UnfitKeyKind';
}

/** The partner a probe imitates, as it presents itself. */
export interface Victim extends Presented {
  file: string;
  name: x509.Name;
  /** As the gateway reports it (RFC 2253). */
  subject: string;
  /** The kind of its key, for the probe's. */
  keyAs: SigningAlgorithm;
  /** Its extensions, which every probe carries too, but those bound to a key (its identifiers, CT timestamps). */
  carried: x509.Extension[];
}

/**
 * The usage of a probe not meant for clients: serverAuth only, a server cert that names no host; but
 * where its partner has alternative names (hosts, a SPIFFE ID), a server cert carrying them would
 * pass for that partner's server for its ten minutes, so it gets a usage no verifier knows (an OID
 * under X.660's example arc, 2.999) and is fit for nothing.
 */
const NO_USAGE = '2.999.1';
function notForClients(victim: Victim): string {
  return victim.carried.some((e) => e.type === SAN) ? NO_USAGE : x509.ExtendedKeyUsage.serverAuth;
}

/** Subject and authority key identifiers, and CT's signed timestamps: each belongs to one key and one signature. */
const KEY_BOUND = new Set(['2.5.29.14', '2.5.29.35', '1.3.6.1.4.1.11129.2.4.2']);
const EKU = '2.5.29.37';
const SAN = '2.5.29.17';

/** What probes are checked against: the gateway's trust anchors for partners (PEM), and its CRLs. */
export interface TrustContext {
  anchors: string;
  crl?: string;
}

export function victimOf(certFile: string): Victim {
  const [leaf, ...chain] = certificateBlocks(certificatesIn(readFileSync(certFile, 'utf8'))).map((p) => `${p}\n`);
  const key = new X509Certificate(leaf!).publicKey;
  const keyAs = algorithmOf(key);
  // No probe of another kind of key would differ from this partner in only the one way it names.
  if (!keyAs) throw new UnfitKeyKind(`${certFile}: its key is ${key.asymmetricKeyType}, a kind this tool cannot make probes of (it makes ${KEY_KINDS}), so it cannot check this certificate's refusals`);
  const cert = new x509.X509Certificate(leaf!);
  return { file: certFile, leaf: leaf!, chain, name: cert.subjectName, subject: subjectOf(certFile), keyAs, carried: cert.extensions.filter((e) => !KEY_BOUND.has(e.type)) };
}

const ARTICLE: Record<ProbeKind, string> = { expired: 'an expired', 'not-yet-valid': 'a not-yet-valid', 'wrong-eku': 'an EKU-without-clientAuth', revoked: 'a revoked', 'self-signed': 'a self-signed', 'foreign-ca': 'a foreign-CA' };

/** The probe checked, then written (its cert file holds what it presents); a ProbeUnfit when it is not only what it names. */
export async function checked(store: KeyStore, kind: ProbeKind, name: string, issued: Issued, victim: Victim, trust: TrustContext, extra: { chain?: readonly string[]; foreignCa?: string } = {}): Promise<Identity> {
  const chain = extra.chain ?? [];
  const problems = await probeProblems({ kind, probe: { leaf: issued.cert.toString('pem'), chain }, victim, anchors: trust.anchors, ...(trust.crl ? { crl: trust.crl } : {}), ...(extra.foreignCa ? { foreignCa: extra.foreignCa } : {}) });
  if (problems.length > 0) throw new ProbeUnfit(`the ${name} probe for ${certLabel(new X509Certificate(victim.leaf))} is not only ${kind}: ${problems.join('; ')}`);
  const origin = kind === 'self-signed' ? 'a self-signed certificate minted by this run' : kind === 'foreign-ca' ? 'a certificate minted by this run from a CA the gateway does not trust' : `${ARTICLE[kind]} certificate minted by this run with the partners' CA key`;
  return { name, subject: victim.subject, origin, ...(await store.writeIdentity(name, issued, chain)) };
}

/** Impostors carrying the subject of `victimCertFile`, with a key of its kind, presenting their leaf alone. */
export async function mintRogueIdentities(store: KeyStore, victimCertFile: string, trust: TrustContext): Promise<{ selfSigned: Identity; foreignCa: Identity }> {
  const victim = victimOf(victimCertFile);
  const foreign = await createAuthority({ O: 'Foreign Party', CN: 'Foreign Root CA' }, 30, { keyAs: victim.keyAs });
  const [self, fromForeign] = await Promise.all([selfSignedClient(victim.name, victim.keyAs, victim.carried), issueLeaf(foreign, { subject: victim.name, profile: 'client', keyAs: victim.keyAs, carried: victim.carried })]);
  return {
    selfSigned: await checked(store, 'self-signed', 'self-signed', self, victim, trust),
    foreignCa: await checked(store, 'foreign-ca', 'foreign-ca', fromForeign, victim, trust, { foreignCa: foreign.cert.toString('pem') }),
  };
}

/** The probes only the trusted CA's key can make (probe-mint.ts gives them their windows). */
export type InvalidKind = 'expired' | 'not-yet-valid' | 'wrong-eku';

/**
 * With the trusted CA's key: a cert that carries a real partner's subject, a key of its kind and
 * what it presents, but must be refused for `kind` (expired, not yet valid, serverAuth only), in
 * the validity window given, checked first.
 */
export async function mintWithWindow(store: KeyStore, ca: Authority, victim: Victim, trust: TrustContext, kind: InvalidKind, name: string, window: { notBefore: Date; notAfter: Date }): Promise<Identity> {
  const carried = kind === 'wrong-eku' ? [...victim.carried.filter((e) => e.type !== EKU), new x509.ExtendedKeyUsageExtension([notForClients(victim)])] : victim.carried;
  const issued = await issueLeaf(ca, { subject: victim.name, profile: 'client', keyAs: victim.keyAs, carried, ...window });
  return checked(store, kind, name, issued, victim, trust, { chain: victim.chain });
}

/** A second cert for the victim's subject, from the trusted CA, to put on the CRL from the start; checked once that CRL is signed. */
export async function mintRevokedProbe(ca: Authority, victim: Victim): Promise<Issued> {
  return issueLeaf(ca, { subject: victim.name, profile: 'client', keyAs: victim.keyAs, carried: victim.carried });
}
