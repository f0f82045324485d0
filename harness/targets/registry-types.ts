// One registry line: everything the CLI and the runner need to know of a target, and nothing
// more. Heavy code (cluster clients, testcontainers) is loaded by provision, only when it runs.
import type { Feature, ProvisionedTarget } from '../core/target.ts';
import type { RunOptions, TargetFlags } from '../core/options.ts';
import type { Policy } from '../config/policy.ts';
import type { Scope } from '../util/scope.ts';
import type { Rendered } from './render-types.ts';

/** A flag of `run` that this target takes: the CLI parses it, --help shows it, the target reads it. */
export interface TargetFlag {
  name: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** How its value reads in --help ("<name>"). */
  value?: string;
  help: string;
}

export interface TargetEntry {
  name: string;
  /** For --help: what it is and what it needs. */
  summary: string;
  /** What it is built from: a partner policy (--policy, a default) or a target file (--config, required). */
  source: 'policy' | 'config';
  /**
   * Whether this run starts, changes and stops the gateway. Only then may demos run side by side:
   * someone else's gateway has quotas the run may not know of, so its demos run one at a time.
   */
  ownsGateway: boolean;
  flags: readonly TargetFlag[];
  /** Its flags' values, checked: a mistake is a ConfigError (exit 2) before anything starts. */
  checkFlags?(flags: TargetFlags): void;
  /** What its gateway can do before the policy or file adds to it (planning a run's requests). */
  can: readonly Feature[];
  /** Why it lacks a feature, where its own words say more than the common ones (core/features.ts LACKING). */
  lacks?: Partial<Record<Feature, string>>;
  /** It mints a probe that is on the CRL from the start. */
  preRevokedProbe: boolean;
  /** What it needs from the machine, said in one line before anything slow starts (exit 3). */
  preflight(o: RunOptions): Promise<void>;
  /** What it would apply or start the gateway with, for review (`mtls-conformance render`); absent for a gateway we do not build. */
  render?(policy: Policy): Promise<Rendered>;
  /** Bring the gateway up; record in `scope` what undoes each step. */
  provision(o: RunOptions, scope: Scope): Promise<ProvisionedTarget>;
}
