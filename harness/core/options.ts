// What a run was asked to do, as the CLI read and checked it (flags, the policy or the target
// file), in one shape for everything that needs it: the target's preflight and provisioning, the
// run's plan of requests, the catalogue. Parsed data only, never a path to read again.
import { join } from 'node:path';
import type { ExternalConfig } from '../config/external-types.ts';
import type { Policy } from '../config/policy.ts';
import { PACKAGE_ROOT } from '../util/package-root.ts';

/** The values of a target's own flags (its registry line declares them), as the command line gave them. */
export type TargetFlags = Readonly<Record<string, string | boolean | string[] | undefined>>;

export interface RunOptions {
  /** A name from the target registry (harness/targets/registry.ts). */
  target: string;
  /** As the user named it (for the line that reproduces the run); its content is `policy`. */
  policyFile: string;
  /** Targets built from a policy (local, kind, docker): read and checked once. */
  policy?: Policy;
  /** Targets described by a target file (external): its content, validated; paths only, never key material. */
  external?: ExternalConfig;
  /** The target file as the user named it. */
  configFile?: string;
  /** A refusal counts when this many fresh connections in a row are refused (docs/verdicts.md: 3). */
  rejections: number;
  /** How long a change (revoke, offboard, onboard) may take to show, polled (docs/verdicts.md: 30 s). */
  convergenceMs: number;
  /** A certificate valid for longer than this many days fails cert-lifecycle (the guide: 90). */
  maxValidityDays: number;
  /** The target's own flags (local: --fault; kind: --cluster, --keep). */
  flags: TargetFlags;
}

export const DEFAULTS = { rejections: 3, convergenceMs: 30_000, maxValidityDays: 90 } as const;

export const DEFAULT_POLICY = join(PACKAGE_ROOT, 'fixtures', 'policy.yaml');

/** The policy of a target that builds its gateway from one. */
export function policyOf(o: RunOptions): Policy {
  if (!o.policy) throw new Error(`--target ${o.target} is built from a policy, and the run has none`);
  return o.policy;
}

/** A run of `target` with the default policy and options: for tests, list and the bench. */
export function defaultOptions(target: string, policy: Policy, flags: TargetFlags = {}): RunOptions {
  return { target, policyFile: DEFAULT_POLICY, policy, ...DEFAULTS, flags };
}
