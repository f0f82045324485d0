// One registry line: everything the CLI and the runner need to know of a target, and nothing
// more. Heavy code (cluster clients, testcontainers) is loaded by provision, only when it runs.
import type { TargetPlan } from '../contract/plan.ts';
import type { Feature, ProvisionedTarget } from '../contract/target.ts';
import type { Policy } from '../config/policy.ts';
import type { Scope } from '../util/scope.ts';
import type { Rendered } from './render-types.ts';

/** Flags of `run` that only some targets take. */
export type TargetFlag = 'policy' | 'config' | 'fault' | 'cluster' | 'keep';

export interface TargetEntry {
  name: string;
  /** For --help: what it is and what it needs. */
  summary: string;
  flags: readonly TargetFlag[];
  /** What its gateway can do before the policy or file adds to it (planning a run's requests). */
  can: readonly Feature[];
  /** It mints a probe that is on the CRL from the start. */
  preRevokedProbe: boolean;
  /** What it needs from the machine, said in one line before anything slow starts (exit 3). */
  preflight(plan: TargetPlan): Promise<void>;
  /** What it would apply or start the gateway with, for review (`mtls-conformance render`); absent for a gateway we do not build. */
  render?(policy: Policy): Promise<Rendered>;
  /** Bring the gateway up; record in `scope` what undoes each step. */
  provision(plan: TargetPlan, scope: Scope): Promise<ProvisionedTarget>;
}
