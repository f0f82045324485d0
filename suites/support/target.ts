// The suites' view of the run: its target (TargetInfo), the target's control actions and the demo
// scheduler, all in this process (the runner sets them before any suite file is collected), and
// helpers to pick identities. Suites speak only to this contract and the probe; they never import a target.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CaseBroken } from '../../harness/oracle/no-verdict.ts';
import type { Feature, Identity, PartnerInfo, TargetControl, TargetInfo } from '../../harness/core/target.ts';
import { regularOf, reservedOf, workhorseOf } from '../../harness/config/roles.ts';
import { CsrRefused } from '../../harness/pki/sign-csr.ts';
import type { DemoLease } from '../../harness/run/scheduler.ts';
import { isLimited } from './limited.ts';
import { CaseFailed } from './holds.ts';

export interface SuiteRun {
  info: TargetInfo;
  control: TargetControl;
  scheduler: DemoLease;
}

let current: SuiteRun | undefined;

export function setRun(run: SuiteRun): void {
  current = run;
}

function run(): SuiteRun {
  if (!current) throw new Error('no run yet: the runner sets it (setRun) before any suite file is collected');
  return current;
}

export function target(): TargetInfo {
  return run().info;
}

export function scheduler(): DemoLease {
  return run().scheduler;
}

// A control action that failed on the run's side (a reload that did not complete, a cluster call
// that failed) is no verdict on the gateway (docs/verdicts.md).
const CONTROL_FIX = 'the run could not carry out the control action on its own side: run again; if it repeats, report it with this line';

/**
 * The target's control actions, as a case calls them: one that throws becomes a case without a
 * verdict (CaseBroken), but for the CA's refusal of a CSR, which is an answer the case judges.
 */
export function control(): Required<TargetControl> {
  const actions = run().control;
  const call =
    <A extends unknown[], R>(name: keyof TargetControl) =>
    async (...args: A): Promise<R> => {
      const action = actions[name] as ((...a: A) => Promise<R>) | undefined;
      if (!action) throw new CaseBroken(`${name}: target ${target().target} has no such control action`, CONTROL_FIX);
      try {
        return await action.apply(actions, args);
      } catch (err) {
        if (err instanceof CsrRefused) throw new CaseFailed(`the CA refused the CSR: ${err.message}`);
        throw new CaseBroken(`${name} failed: ${err instanceof Error ? err.message : String(err)}`, CONTROL_FIX);
      }
    };
  return {
    revoke: call('revoke'),
    offboard: call('offboard'),
    onboard: call('onboard'),
    gatewayLog: call('gatewayLog'),
    auditLog: call('auditLog'),
    diagnostics: call('diagnostics'),
    revokeByDeletion: call('revokeByDeletion'),
    mintProbe: call('mintProbe'),
    discardProbe: call('discardProbe'),
    setBackend: call('setBackend'),
    onboardCsr: call('onboardCsr'),
  };
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

/** A certificate as a reader finds it: its subject and serial. */
export function certName(id: Identity): string {
  try {
    return `${id.subject} (serial ${new X509Certificate(readFileSync(id.certFile)).serialNumber})`;
  } catch {
    // the file went with its case: the subject still says which one it was
    return id.subject;
  }
}

/** What a probe sent, for a verdict's reader: which certificate (where it came from, its subject and serial), or none. */
export function describeProbe(id: Identity | undefined): string {
  if (!id) return 'no client certificate';
  return `${id.origin ?? id.name}: ${certName(id)}`;
}
