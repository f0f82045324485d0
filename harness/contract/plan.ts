// What a target is provisioned from: read and checked once by the CLI (policy or target file,
// flags), then handed to the vitest side as one serialised plan. Plain data only.
import type { ExternalConfig } from '../config/external.ts';
import type { Policy } from '../config/policy.ts';
import type { TargetInfo } from './target.ts';

export interface TargetPlan {
  /** A name from the target registry (harness/targets/registry.ts). */
  target: string;
  /** The partner policy the gateway is built from (targets that build one; not external). */
  policy?: Policy;
  /** The target file, validated (external): paths only, never key material. */
  external?: ExternalConfig;
  /** local: named ways to break the gateway (harness/targets/local/faults.ts). */
  faults: string[];
  consistency: TargetInfo['consistency'];
  /** What cert-lifecycle holds certificates to (--max-validity-days); absent: the default. */
  lifecycle?: TargetInfo['lifecycle'];
  /** kind: reuse this cluster instead of creating one. */
  cluster?: string;
  /** kind, docker: keep the cluster or container this run created. */
  keep?: boolean;
}

/** The policy of a target that builds its gateway from one. */
export function policyOf(plan: TargetPlan): Policy {
  if (!plan.policy) throw new Error(`--target ${plan.target} is built from a policy, and the plan has none`);
  return plan.policy;
}
