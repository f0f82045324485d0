// The run's own PKI, playing cert-manager's part (local and docker targets): a private CA, the
// gateway's server cert, one client cert per partner, a pre-revoked probe, an (initially empty) CRL.
// The CA key stays in memory: it signs CRLs on revoke and is never written to disk.
import { createAuthority, issueLeaf, signCrl, type Authority, type RevokedEntry } from '../pki/authority.ts';
import { X509Certificate } from 'node:crypto';
import { ProbeMint } from './probe-mint.ts';
import { mintRevokedProbe, mintRogueIdentities } from './rogue.ts';
import { rfc2253 } from '../pki/subject.ts';
import type { KeyStore } from '../pki/store.ts';
import { checkedCsr, signCsr } from '../pki/sign-csr.ts';
import type { Subject } from '../pki/subject.ts';
import type { PartnerPolicy, Policy } from '../config/policy.ts';
import type { Identity, PartnerInfo } from '../core/target.ts';

export interface RunPki {
  ca: Authority;
  caFile: string;
  crlFile: string;
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

/** How long partner certs are valid: cert-manager's default, 90 days (a fault may make them longer). */
export interface PkiOptions {
  partnerDays?: number;
}

export async function mintRunPki(store: KeyStore, policy: Policy, options: PkiOptions = {}): Promise<RunPki> {
  const ca = await createAuthority({ O: 'Home Party', OU: 'mtls-conformance', CN: 'Home Party Partner Root CA' }, 365);
  const caFile = store.writePublic('ca.crt', ca.cert.toString('pem'));
  const serials = new Map<string, string>();
  const pki = { ca, caFile, serials };
  // Keys are made and certs signed in libuv's thread pool: the server's and the partners' side by
  // side (in a run's start-up, before the gateway can start).
  const [serverFiles, partners] = await Promise.all([
    issueLeaf(ca, { subject: { O: 'Home Party', CN: 'localhost' }, profile: 'server', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] }, 90).then((server) => store.writeIdentity('gateway-server', server)),
    Promise.all(policy.partners.map((p) => issuePartner(store, pki, p, options.partnerDays))),
  ]);

  // Invalid certs carry the first regular partner's subject: a gateway that skipped a check would
  // let them in as that partner, which is what the demos must catch.
  const victim = partners.find((p) => !p.reservedFor)!;
  const [revoked, rogue] = await Promise.all([mintRevokedProbe(store, ca, victim.certFile), mintRogueIdentities(store, victim.certFile, new X509Certificate(Buffer.from(ca.cert.rawData)))]);
  const probes = { ...rogue, revoked: revoked.identity };
  const preRevoked = [{ serialNumber: revoked.serialNumber, revocationDate: new Date(Date.now() - 1000) }];
  const crlFile = store.writePublic('ca.crl.pem', await signCrl(ca, preRevoked));
  const mint = new ProbeMint(store, ca, victim.certFile);
  return { ca, caFile, crlFile, serverCertFile: serverFiles.certFile, serverKeyFile: serverFiles.keyFile, partners, serials, probes, preRevoked, mint };
}

/** Issue a partner its client cert from the CA (at start, and when onboarding one mid-run). */
export async function issuePartner(store: KeyStore, pki: Pick<RunPki, 'ca' | 'serials'>, p: PartnerPolicy, days = 90): Promise<PartnerInfo> {
  // 90 days, cert-manager's default duration.
  const issued = await issueLeaf(pki.ca, { subject: p.subject, profile: 'client' }, days);
  pki.serials.set(p.name, issued.cert.serialNumber);
  return {
    name: p.name,
    subject: rfc2253(p.subject),
    ...(await store.writeIdentity(`partner-${p.name}`, issued)),
    ...(p.rateLimit ? { rateLimit: p.rateLimit } : {}),
    ...(p.reservedFor ? { reservedFor: p.reservedFor } : {}),
    ...(p.sourceAddresses ? { sourceAddresses: p.sourceAddresses } : {}),
  };
}

/** Sign a partner's CSR with the run's CA and keep the cert (public) in the run's store: what our CA does for local and docker. */
export async function issueFromCsr(store: KeyStore, pki: Pick<RunPki, 'ca'>, name: string, subject: Subject, csrPem: string): Promise<{ certPem: string; serial: string; by: string; wrote: string[] }> {
  const cert = await signCsr(pki.ca, await checkedCsr(csrPem, subject), subject);
  const certPem = cert.toString('pem');
  return { certPem, serial: cert.serialNumber, by: "the run's CA", wrote: [store.writePublic(`partner-${name}.crt`, certPem)] };
}
