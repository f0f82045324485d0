// The suites' view of the target: the injected TargetInfo and helpers to pick identities.
// Suites speak only to this contract and the probe; they never import a target.
import { inject } from 'vitest';
import { ControlClient } from '../../harness/control/client.ts';
import type { Feature, Identity, PartnerInfo, TargetInfo } from '../../harness/targets/contract.ts';

export function target(): TargetInfo {
  return inject('target');
}

export function control(): ControlClient {
  return new ControlClient(target().control);
}

/** Partners every demo may use (not set aside for a demo that spends or revokes them). */
export function regularPartners(): PartnerInfo[] {
  return target().partners.filter((p) => !p.reservedFor);
}

/** Partners set aside for one demo, so shared state (quota, CRL) starts known. */
export function reservedPartners(demoId: string): PartnerInfo[] {
  return target().partners.filter((p) => p.reservedFor === demoId);
}

export function hasFeature(feature: Feature): boolean {
  return target().features.includes(feature);
}

export function describeIdentity(id: Identity | undefined): string {
  return id ? `${id.name} (${id.subject})` : 'none';
}
