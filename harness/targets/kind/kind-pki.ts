// The kind target's PKI as cert-manager issued it: read from the Secrets, written to the run's
// key store (keys 0600). The CA key signs what cert-manager cannot: CRLs and back-dated certs.
import { createPrivateKey } from 'node:crypto';
import type { Policy } from '../../config/policy.ts';
import { signCrl, type Authority, type RevokedEntry } from '../../pki/authority.ts';
import { importAuthority } from '../../pki/import-authority.ts';
import { ProbeMint } from '../../identities/probe-mint.ts';
import { mintRogueIdentities } from '../../identities/rogue.ts';
import type { KeyStore } from '../../pki/store.ts';
import { subjectOf } from '../../pki/subject.ts';
import { workhorseOf } from '../../config/roles.ts';
import { x509 } from '../../pki/x509.ts';
import type { PartnerInfo, TargetInfo } from '../../core/target.ts';
import type { KubeApi } from './kube.ts';
import { NAMES, partnerSecretName } from './manifests.ts';

export interface KindPki {
  ca: Authority;
  serverCaPem: string;
  partners: PartnerInfo[];
  serials: Map<string, string>;
  probes: TargetInfo['probes'];
  /** Expired, not-yet-valid and serverAuth-only probes, signed with cert-manager's CA key when a case asks. */
  mint: ProbeMint;
  /** cert-manager's CA has no pre-revoked probe: the CRL starts empty. */
  preRevoked: RevokedEntry[];
  crlPem: string;
  crl(entries: readonly RevokedEntry[]): Promise<string>;
}

function need(data: Record<string, string>, key: string, secret: string): string {
  const v = data[key];
  if (!v) throw new Error(`Secret ${secret} has no ${key}`);
  return v;
}

/** One partner's cert and key from its cert-manager Secret. */
export async function readPartner(kube: KubeApi, store: KeyStore, name: string): Promise<{ files: { certFile: string; keyFile: string }; serial: string; subject: string }> {
  const secret = partnerSecretName(name);
  const data = await kube.readSecret(secret);
  const certPem = need(data, 'tls.crt', secret);
  const files = store.writePem(`partner-${name}`, certPem, need(data, 'tls.key', secret));
  return { files, serial: new x509.X509Certificate(certPem).serialNumber, subject: subjectOf(files.certFile) };
}

export async function loadKindPki(kube: KubeApi, store: KeyStore, policy: Policy): Promise<KindPki> {
  const caData = await kube.readSecret(NAMES.caCert);
  const ca = await importAuthority(need(caData, 'tls.crt', NAMES.caCert), createPrivateKey(need(caData, 'tls.key', NAMES.caCert)));
  const serverCaPem = need(await kube.readSecret(NAMES.serverCert), 'ca.crt', NAMES.serverCert);
  const serials = new Map<string, string>();
  const partners: PartnerInfo[] = [];
  for (const p of policy.partners) {
    const { files, serial, subject } = await readPartner(kube, store, p.name);
    serials.set(p.name, serial);
    partners.push({ name: p.name, subject, ...files, ...(p.rateLimit ? { rateLimit: p.rateLimit } : {}), ...(p.reservedFor ? { reservedFor: p.reservedFor } : {}) });
  }
  const victim = workhorseOf(partners)!;
  // cert-manager's CA Secret holds the root partners chain to (its tls.crt), which nginx trusts.
  const trust = { anchors: ca.cert.toString('pem') };
  const probes = await mintRogueIdentities(store, victim.certFile, trust);
  return { ca, serverCaPem, partners, serials, probes, mint: new ProbeMint(store, ca, victim.certFile, trust), preRevoked: [], crlPem: await signCrl(ca, []), crl: (entries) => signCrl(ca, [...entries]) };
}
