// The demo catalogue (README "What the suite checks"). Each suite file declares its demo once (suites/support/demo.ts:
// id, guide reference, what it checks, what it needs, what it costs in requests); the catalogue is read from
// those declarations, so a new suite file joins it by existing, and a result whose demo is not in
// it fails the run. Ids are stable: they name the Allure features, the report entries, --only.
import type { Feature, TargetInfo } from './target.ts';

/** What a demo holds of the gateway while it runs (harness/run/scheduler.ts): backends by version name, shared or alone. */
export interface Claim {
  shared: string[];
  exclusive: string[];
}

/** What a demo's requests are planned against: who is who in this run's target. */
export interface BudgetPlan {
  rejections: number;
  /** The regular partner used when any will do (most quota first). */
  workhorse: string;
  /** Partners no demo has reserved, in the order given. */
  regular: string[];
  reserved(demo: string): string[];
  versions: number;
  /** The declared per-minute quota of a partner, if any. */
  quota(name: string): number | undefined;
  has(feature: Feature): boolean;
  /** Probes the target has beyond the impostors it always mints. */
  probes: { expired: boolean; notYetValid: boolean; wrongEku: boolean; revoked: boolean };
}

/** HTTP requests per identity name that can reach its quota (a handshake refused at TLS cannot). */
export type Budget = Record<string, number>;

export interface DemoDeclaration {
  id: string;
  /** Where it stands in reports and listings. */
  order: number;
  /** Where the Home Party's mTLS implementation guide makes this promise (its Demo/Scenario numbering, or its security checklist), for reference. */
  guide?: string;
  checks: string;
  /** Features without which none of its cases can run (cases gate finer themselves). */
  needs: Feature[];
  /**
   * The backends (version names) it reaches, shared, and those it breaks, alone (run/scheduler.ts);
   * absent: it shares the default route's. Any demo that probes another route must say so here.
   */
  claims?: (target: Pick<TargetInfo, 'routes' | 'cache'>) => Claim;
  /**
   * `first`: a parallel run starts it before the others (the lease's rank, suites/support/demo.ts
   * startRank): a long demo that claims something alone, so that the demos that need none of it
   * fill the time it waits.
   */
  schedule?: 'first';
  /** True for the demo whose point is to spend a quota (its requests are not a budget to warn about). */
  spendsQuota?: boolean;
  /**
   * HTTP requests per identity in one run, at most: each refusal counts its own positive control,
   * which a recent acceptance often spares; polls while a change converges are not counted.
   */
  requests(plan: BudgetPlan): Budget;
}

/** Set while the catalogue is read: defineDemo then declares and registers no test. */
export const CATALOGUE_ONLY = Symbol.for('mtls-conformance.catalogue-only');

export function catalogueOnly(): boolean {
  return (globalThis as { [CATALOGUE_ONLY]?: boolean })[CATALOGUE_ONLY] === true;
}
