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
