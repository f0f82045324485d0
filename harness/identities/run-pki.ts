// The run's own PKI, playing cert-manager's part (local and docker targets): a private root CA,
// optionally an issuing CA under it that signs the partners (as an offline root and an issuing CA
// do), the gateway's server cert, one client cert per partner (its file: the leaf and the issuing
// CA, as a partner presents them), a pre-revoked probe and the CRLs. The CA keys stay in memory:
// they sign CRLs on revoke and are never written to disk.
import { createAuthority, createIssuingAuthority, issueLeaf, signCrl, type Authority, type RevokedEntry } from '../pki/authority.ts';
import { ProbeMint } from './probe-mint.ts';
import { checked, mintRevokedProbe, mintRogueIdentities, victimOf, type TrustContext } from './rogue.ts';
import { rfc2253 } from '../pki/subject.ts';
import { workhorseOf } from '../config/roles.ts';
import type { KeyStore } from '../pki/store.ts';
import { checkedCsr, signCsr } from '../pki/sign-csr.ts';
import type { Subject } from '../pki/subject.ts';
import type { PartnerPolicy, Policy } from '../config/policy.ts';
import type { Identity, PartnerInfo } from '../core/target.ts';

export interface RunPki {
  /** The CA that issues partners and whose CRL lists their revocations: the root, or the issuing CA under it. */
  ca: Authority;
  /** The root: the one trust anchor, for partners and for the gateway's server cert. */
  caFile: string;
  /** Every CA's CRL in one file, as nginx's ssl_crl wants them (it checks every CA in a chain). */
  crlFile: string;
  /** That file's content for a list of revocations (the issuing CA's entries; the root's CRL stays empty). */
  crl(entries: readonly RevokedEntry[]): Promise<string>;
  serverCertFile: string;
  serverKeyFile: string;
  partners: PartnerInfo[];
  /** serial (hex) of each partner's cert, for the CRL */
  serials: Map<string, string>;
  probes: { selfSigned: Identity; foreignCa: Identity; revoked: Identity };
  /** Expired, not-yet-valid and serverAuth-only probes, minted when a case asks. */
  mint: ProbeMint;
  /** On the CRL from the start: the `revoked` probe (a second cert for a partner's subject). */
  preRevoked: RevokedEntry[];
}

/** How long partner certs are valid: cert-manager's default, 90 days (a fault may make them longer); and whether an issuing CA signs them. */
export interface PkiOptions {
  partnerDays?: number;
  issuingCa?: boolean;
}

const HOME = { O: 'Home Party', OU: 'mtls-conformance' };

export async function mintRunPki(store: KeyStore, policy: Policy, options: PkiOptions = {}): Promise<RunPki> {
  const root = await createAuthority({ ...HOME, CN: 'Home Party Partner Root CA' }, 365, { pathLength: options.issuingCa ? 1 : 0 });
  const ca = options.issuingCa ? await createIssuingAuthority(root, { ...HOME, CN: 'Home Party Partner Issuing CA' }, 180) : root;
  const caFile = store.writePublic('ca.crt', root.cert.toString('pem'));
  const crl = async (entries: readonly RevokedEntry[]): Promise<string> => `${(ca === root ? [await signCrl(ca, [...entries])] : [await signCrl(ca, [...entries]), await signCrl(root, [])]).join('\n')}\n`;
  const serials = new Map<string, string>();
  const pki = { ca, serials };
  // Keys are made and certs signed in libuv's thread pool: the server's and the partners' side by
  // side (in a run's start-up, before the gateway can start).
  const [serverFiles, partners] = await Promise.all([
    issueLeaf(root, { subject: { O: 'Home Party', CN: 'localhost' }, profile: 'server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] }, 90).then((server) => store.writeIdentity('gateway-server', server)),
    Promise.all(policy.partners.map((p) => issuePartner(store, pki, p, options.partnerDays))),
  ]);

  // Invalid certs carry the workhorse's subject: a gateway that skipped a check would let them in
  // as that partner, which is what the demos must catch, and a refusal is judged next to it.
  const victim = victimOf(workhorseOf(partners)!.certFile);
  const anchors: TrustContext = { anchors: root.cert.toString('pem') };
  const [revoked, rogue] = await Promise.all([mintRevokedProbe(ca, victim), mintRogueIdentities(store, victim.file, anchors)]);
  const preRevoked = [{ serialNumber: revoked.cert.serialNumber, revocationDate: new Date(Date.now() - 1000) }];
  const crlPem = await crl(preRevoked);
  const crlFile = store.writePublic('ca.crl.pem', crlPem);
  const probes = { ...rogue, revoked: await checked(store, 'revoked', 'revoked', revoked, victim, { ...anchors, crl: crlPem }, { chain: victim.chain }) };
  const mint = new ProbeMint(store, ca, victim.file, anchors);
  return { ca, caFile, crlFile, crl, serverCertFile: serverFiles.certFile, serverKeyFile: serverFiles.keyFile, partners, serials, probes, preRevoked, mint };
}

/** Issue a partner its client cert from the CA (at start, and when onboarding one mid-run). */
export async function issuePartner(store: KeyStore, pki: Pick<RunPki, 'ca' | 'serials'>, p: PartnerPolicy, days = 90): Promise<PartnerInfo> {
  // 90 days, cert-manager's default duration.
  const issued = await issueLeaf(pki.ca, { subject: p.subject, profile: 'client' }, days);
  pki.serials.set(p.name, issued.cert.serialNumber);
  return {
    name: p.name,
    subject: rfc2253(p.subject),
    // What a partner presents: its leaf, then the CAs between its issuer and the root.
    ...(await store.writeIdentity(`partner-${p.name}`, issued, presentedAfter(pki.ca))),
    ...(p.rateLimit ? { rateLimit: p.rateLimit } : {}),
    ...(p.reservedFor ? { reservedFor: p.reservedFor } : {}),
    ...(p.sourceAddresses ? { sourceAddresses: p.sourceAddresses } : {}),
  };
}

/** Sign a partner's CSR with the run's CA and keep the cert (public) in the run's store: what our CA does for local and docker. */
export async function issueFromCsr(store: KeyStore, pki: Pick<RunPki, 'ca'>, name: string, subject: Subject, csrPem: string): Promise<{ certPem: string; serial: string; by: string; wrote: string[] }> {
  const cert = await signCsr(pki.ca, await checkedCsr(csrPem, subject), subject);
  const certPem = [cert.toString('pem'), ...presentedAfter(pki.ca)].join('\n');
  return { certPem, serial: cert.serialNumber, by: "the run's CA", wrote: [store.writePublic(`partner-${name}.crt`, certPem)] };
}

/** The CAs a leaf of `ca` presents after itself (PEM each). */
export function presentedAfter(ca: Authority): string[] {
  return (ca.presented ?? []).map((c) => c.toString('pem'));
}
