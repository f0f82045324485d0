// The suites' view of the target: the injected TargetInfo and helpers to pick identities.
// Suites speak only to this contract and the probe; they never import a target.
import { ControlClient } from '../../harness/control/client.ts';
import { CaseBroken } from '../../harness/oracle/no-verdict.ts';
import type { Feature, Identity, PartnerInfo, TargetInfo } from '../../harness/contract/target.ts';
import { regularOf, reservedOf, workhorseOf } from '../../harness/config/roles.ts';
import { isLimited } from './limited.ts';

// Kept on globalThis: the setup file and the suites may load this module in different graphs.
const KEY = Symbol.for('mtls-conformance.target');
const held = globalThis as { [KEY]?: TargetInfo };

export function setTarget(info: TargetInfo): void {
  held[KEY] = info;
}

export function hasTarget(): boolean {
  return held[KEY] !== undefined;
}

/** The run's target, set by the setup file (target-setup.ts) before any suite file is collected. */
export function target(): TargetInfo {
  const info = held[KEY];
  if (!info) throw new Error('no target yet: suites/support/target-setup.ts must be among the setupFiles');
  return info;
}

// A control call that failed on the run's side is no verdict on the gateway (docs/verdicts.md).
const CONTROL_FIX = "the run could not carry out the control action (its own control endpoint failed): run again; if it repeats, report it with this line";

export function control(): ControlClient {
  return new ControlClient(target().control, (err) => new CaseBroken(err.message, CONTROL_FIX));
}

/** Partners every demo may use (not set aside for a demo that spends or revokes them). */
export function regularPartners(): PartnerInfo[] {
  return regularOf(target().partners);
}

/**
 * The partner to use when any will do: the regular one with the most quota (no declared limit
 * first), so demos that send several requests never eat into a small quota another demo judges;
 * one the gateway has just said is over a quota comes last.
 */
export function workhorse(): PartnerInfo {
  return workhorseOf(target().partners, isLimited)!;
}

/** Regular partners, the one with the most quota first. */
export function partnersByQuota(): PartnerInfo[] {
  const w = workhorse();
  return [w, ...regularPartners().filter((p) => p !== w)];
}

/** Partners set aside for one demo, so shared state (quota, CRL) starts known. */
export function reservedPartners(demoId: string): PartnerInfo[] {
  return reservedOf(target().partners, demoId);
}

export function hasFeature(feature: Feature): boolean {
  return target().features.includes(feature);
}

export function describeIdentity(id: Identity | undefined): string {
  return id ? `${id.name} (${id.subject})` : 'none';
}
