// What a target's features are: what its gateway and driver can do (its registry line), plus what
// follows from what its policy or target file declares. Read by provisioning (TargetInfo.features)
// and by planning a run's requests before it starts.
import type { ExternalConfig } from '../config/external-types.ts';
import type { Routes } from '../config/routes.ts';
import type { Feature } from './target.ts';

export interface Declared {
  partners: readonly { rateLimit?: { perMinute: number } }[];
  routes: Routes;
  /** external: the file gives the issuing CA's key. */
  issuer?: boolean;
  /** external: the file names a partner's source addresses (the gateway is reached without NAT). */
  sourceAddresses?: boolean;
  /** external: the file names a route the gateway caches per partner. */
  cachesRoute?: boolean;
}

/** What an external target file declares beyond its partners and routes. */
export function fileDeclares(ext: ExternalConfig): Pick<Declared, 'issuer' | 'sourceAddresses' | 'cachesRoute'> {
  return { issuer: !!ext.issuer, sourceAddresses: ext.partners.some((p) => p.sourceAddresses), cachesRoute: !!ext.cache };
}

export function declaredFeatures(can: readonly Feature[], d: Declared): Feature[] {
  const features = [...can];
  if (d.partners.some((p) => p.rateLimit)) features.push('rate-limit');
  if (Object.keys(d.routes.versions).length >= 2) features.push('versioning');
  if (d.issuer && !features.includes('mint-invalid-validity')) features.push('mint-invalid-validity');
  if (d.sourceAddresses && !features.includes('ip-allowlist')) features.push('ip-allowlist');
  if (d.cachesRoute && !features.includes('cache')) features.push('cache');
  return features;
}

/** Said of everything only a gateway the harness runs itself can do. */
export const NOT_RUN_HERE = "the harness does not run this gateway, so it cannot revoke, offboard or onboard a partner, stop a backend, or read the gateway's logs or cert-manager objects";
const NO_ECHO = 'the backend does not echo the request it received';

/**
 * Why a case that needs a feature cannot run where it is missing. Every case missing the same
 * thing says it in the same words, so that a run says each reason once; a target's registry line
 * may say it in its own (TargetEntry.lacks).
 */
export const LACKING: Record<Feature, string> = {
  'identity-headers': NO_ECHO,
  'request-transform': NO_ECHO,
  'mint-invalid-validity': "no key of the partners' issuing CA to mint expired, not-yet-valid and serverAuth-only probes with (a target file can add issuer: {cert, key}, or give probes.expired)",
  revoke: NOT_RUN_HERE,
  offboard: NOT_RUN_HERE,
  onboard: NOT_RUN_HERE,
  'onboard-csr': NOT_RUN_HERE,
  'backend-outage': NOT_RUN_HERE,
  'gateway-log': NOT_RUN_HERE,
  'audit-log': NOT_RUN_HERE,
  'cert-manager': 'partner certificates are not cert-manager Certificates on this target',
  'rate-limit': 'no partner declares rateLimit.perMinute',
  versioning: 'fewer than two version routes are declared (routes.versions)',
  'ip-allowlist': 'no partner names sourceAddresses',
  cache: 'no route the gateway caches per partner is named (cache.path)',
};

/** Why a target cannot run what needs `missing`: each reason once; `own`, the target's own words. */
export function whyLacking(missing: readonly Feature[], own: Partial<Record<Feature, string>> = {}): string {
  return [...new Set(missing.map((f) => own[f] ?? LACKING[f]))].join('; ');
}
