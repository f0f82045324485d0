// The external target: a gateway someone else runs, described by a YAML file. Nothing is started;
// the harness only mints what it can (impostor certs always; expired and wrong-EKU certs when the
// file gives the issuing CA's key) and offers no control actions.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ExternalConfig } from '../../config/external.ts';
import { issueLeaf } from '../../pki/authority.ts';
import { importAuthority } from '../../pki/import-authority.ts';
import { mintRogueIdentities } from '../../pki/rogue.ts';
import { KeyStore } from '../../pki/store.ts';
import { x509 } from '../../pki/x509.ts';
import type { Feature, Identity, ProvisionedTarget, TargetControl, TargetInfo } from '../contract.ts';

/** How a gateway reports a certificate's subject: RFC 2253, most specific first. */
export function subjectOf(certFile: string): string {
  return new X509Certificate(readFileSync(certFile)).subject.split('\n').reverse().join(',');
}

/** No control over someone else's gateway: suites see no control feature and never call these. */
export const NO_CONTROL: TargetControl = {
  revoke: () => Promise.reject(new Error('the external target offers no control actions')),
  offboard: () => Promise.reject(new Error('the external target offers no control actions')),
  onboard: () => Promise.reject(new Error('the external target offers no control actions')),
  gatewayLog: async () => [],
  auditLog: async () => [],
};

const DAY = 24 * 3600 * 1000;

async function mintWithIssuer(store: KeyStore, issuer: NonNullable<ExternalConfig['issuer']>, victimCert: string): Promise<Pick<TargetInfo['probes'], 'expired' | 'notYetValid' | 'wrongEku'>> {
  const ca = await importAuthority(readFileSync(issuer.cert, 'utf8'), createPrivateKey(readFileSync(issuer.key)));
  const victim = new x509.X509Certificate(readFileSync(victimCert, 'utf8')).subjectName;
  const subject = subjectOf(victimCert);
  const now = Date.now();
  const make = async (name: string, issued: Awaited<ReturnType<typeof issueLeaf>>): Promise<Identity> => ({ name, subject, ...(await store.writeIdentity(name, issued)) });
  return {
    expired: await make('expired', await issueLeaf(ca, { subject: victim, profile: 'client', notBefore: new Date(now - 30 * DAY), notAfter: new Date(now - DAY) })),
    notYetValid: await make('not-yet-valid', await issueLeaf(ca, { subject: victim, profile: 'client', notBefore: new Date(now + DAY), notAfter: new Date(now + 30 * DAY) })),
    wrongEku: await make('server-auth-only', await issueLeaf(ca, { subject: victim, profile: 'server' })),
  };
}

export interface ExternalOptions {
  rejections: number;
  convergenceMs: number;
}

export async function provisionExternal(config: ExternalConfig, options: ExternalOptions): Promise<ProvisionedTarget> {
  const store = new KeyStore();
  try {
    const partners = config.partners.map((p) => ({
      name: p.name,
      certFile: p.cert,
      keyFile: p.key,
      subject: subjectOf(p.cert),
      ...(p.rateLimit ? { rateLimit: p.rateLimit } : {}),
      ...(p.reservedFor ? { reservedFor: p.reservedFor } : {}),
    }));
    // Impostors carry the subject of the partner with the most quota: a gateway that wrongly lets
    // them in must not also spend a small quota that another demo judges.
    const quota = (p: (typeof partners)[number]): number => p.rateLimit?.perMinute ?? Number.POSITIVE_INFINITY;
    const victim = [...partners].sort((a, b) => Number(!!a.reservedFor) - Number(!!b.reservedFor) || quota(b) - quota(a))[0]!;
    const victimName = new x509.X509Certificate(readFileSync(victim.certFile, 'utf8')).subjectName;
    const minted = config.issuer ? await mintWithIssuer(store, config.issuer, victim.certFile) : {};
    const fromFile = (name: string, files: { cert: string; key: string } | undefined): Identity | undefined =>
      files ? { name, certFile: files.cert, keyFile: files.key, subject: subjectOf(files.cert) } : undefined;
    const expired = fromFile('expired (from the target file)', config.probes.expired) ?? minted.expired;
    const revoked = fromFile('revoked (from the target file)', config.probes.revoked);
    const features: Feature[] = [];
    if (partners.some((p) => p.rateLimit)) features.push('rate-limit');
    if (Object.keys(config.routes.versions).length >= 2) features.push('versioning');
    if (config.issuer) features.push('mint-invalid-validity');
    const info: ProvisionedTarget['info'] = {
      target: 'external',
      baseUrl: config.gateway.url,
      serverCaPem: readFileSync(config.gateway.ca, 'utf8'),
      oracle: config.gateway.oracle,
      features,
      partners,
      probes: {
        ...(await mintRogueIdentities(store, victimName, victim.subject)),
        ...(expired ? { expired } : {}),
        ...(minted.notYetValid ? { notYetValid: minted.notYetValid } : {}),
        ...(minted.wrongEku ? { wrongEku: minted.wrongEku } : {}),
        ...(revoked ? { revoked } : {}),
      },
      routes: config.routes,
      consistency: { rejections: options.rejections, convergenceMs: options.convergenceMs },
    };
    return { info, control: NO_CONTROL, teardown: async () => store.remove(), teardownSync: () => store.remove() };
  } catch (err) {
    store.remove();
    throw err;
  }
}
