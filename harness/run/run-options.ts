// What a run was asked to do. The CLI reads and checks everything once (flags, policy or target
// file) and hands the target one plan of parsed data, never a path to re-read.
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../util/package-root.ts';
import { ConfigError } from '../config/errors.ts';
import type { ExternalConfig } from '../config/external.ts';
import type { Policy } from '../config/policy.ts';
import type { TargetPlan } from '../contract/plan.ts';
import { FAULTS, isFaultName, type FaultName } from '../targets/local/faults.ts';

export interface RunOptions {
  target: string;
  /** As the user named it (for `reproduce`); its content is `policy`. */
  policyFile: string;
  /** Read once, for targets built from a policy (not external). */
  policy?: Policy;
  faults: FaultName[];
  /** A refusal counts when this many fresh connections in a row are refused (docs/verdicts.md: 3). */
  rejections: number;
  /** How long a change (revoke, offboard, onboard) may take to show, polled (docs/verdicts.md: 30 s). */
  convergenceMs: number;
  /** A certificate valid for longer than this many days fails cert-lifecycle (the guide: 90). */
  maxValidityDays: number;
  /** For --target external: the validated target file's content (paths only, never key material). */
  external?: ExternalConfig;
  /** kind: reuse this cluster instead of creating one. */
  cluster?: string;
  /** kind, docker: keep the cluster or container this run created. */
  keep?: boolean;
}

export const DEFAULTS = { rejections: 3, convergenceMs: 30_000, maxValidityDays: 90 } as const;

export const DEFAULT_POLICY = join(PACKAGE_ROOT, 'fixtures', 'policy.yaml');

export function parseFaults(values: string[]): FaultName[] {
  const out: FaultName[] = [];
  for (const v of values.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean)) {
    if (!isFaultName(v)) throw new ConfigError(`unknown fault "${v}": choose from ${Object.keys(FAULTS).join(', ')}`);
    out.push(v);
  }
  return out;
}

/** A positive integer from a flag; `what` names it in the error. */
export function parseCount(value: string, what: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1 || n > max) throw new ConfigError(`${what} must be a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

export function targetPlan(o: RunOptions): TargetPlan {
  return {
    target: o.target,
    ...(o.policy ? { policy: o.policy } : {}),
    ...(o.external ? { external: o.external } : {}),
    faults: o.faults,
    consistency: { rejections: o.rejections, convergenceMs: o.convergenceMs },
    lifecycle: { maxValidityDays: o.maxValidityDays },
    ...(o.cluster ? { cluster: o.cluster } : {}),
    ...(o.keep ? { keep: true } : {}),
  };
}
