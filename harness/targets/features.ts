// What each target can do, and what follows from what its policy or target file declares: one
// place, read by provisioning (TargetInfo.features) and by planning a run's requests before it.
import type { Routes } from '../config/routes.ts';
import type { Feature } from './contract.ts';

export type TargetKind = 'local' | 'external' | 'kind' | 'docker';

const CAN: Record<TargetKind, readonly Feature[]> = {
  local: ['identity-headers', 'mint-invalid-validity', 'revoke', 'offboard', 'onboard', 'gateway-log', 'audit-log'],
  // Kong's log, with our JSON access format (kong-env.ts), gives each probe's verify error.
  kind: ['identity-headers', 'mint-invalid-validity', 'revoke', 'offboard', 'onboard', 'gateway-log', 'cert-manager'],
  docker: ['identity-headers', 'mint-invalid-validity', 'revoke', 'offboard', 'onboard', 'gateway-log'],
  // Someone else's gateway: only what its target file gives us.
  external: [],
};

export interface Declared {
  partners: readonly { rateLimit?: { perMinute: number } }[];
  routes: Routes;
  /** external: the file gives the issuing CA's key. */
  issuer?: boolean;
}

export function targetFeatures(target: TargetKind, d: Declared): Feature[] {
  const features = [...CAN[target]];
  if (d.partners.some((p) => p.rateLimit)) features.push('rate-limit');
  if (Object.keys(d.routes.versions).length >= 2) features.push('versioning');
  if (target === 'external' && d.issuer) features.push('mint-invalid-validity');
  return features;
}
