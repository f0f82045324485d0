// A demo declares itself once, in its own suite file: id, seed, what it checks, what it needs and
// what it costs in requests. Under vitest the declaration wraps its cases in a describe named by
// the id (the collector reads the id from there); while the catalogue is read, it only declares.
// Each case gets a time-out derived from what it may wait for, so a broken gateway gives a
// verdict and never vitest's "Test timed out".
import { afterAll, beforeAll, describe, it, type TestContext } from 'vitest';
import { catalogueOnly, type DemoDeclaration } from '../../harness/report/catalogue.ts';
import { QUOTA_WAIT_MAX_MS } from './accept.ts';
import { control, target } from './target.ts';
import { defaultClaim } from './claims.ts';
import { mark } from '../../harness/util/trace.ts';

export interface CaseTiming {
  /** Convergence windows the case may wait out (a control action observed, a poll for a change). */
  windows?: number;
  /** Probes that may each wait once for a quota the gateway did not promise (default 1). */
  quotaWaits?: number;
  /** Waits of its own (the rate-limit demo waiting out a quota window). */
  extraMs?: number;
}

const BASE_MS = 30_000;
/** Applying one control action (reload, config push) and waiting for the ones queued before it. */
const CONTROL_QUEUE_MS = 30_000;

export function caseTimeout(t: CaseTiming, convergenceMs = target().consistency.convergenceMs): number {
  const windows = t.windows ?? 0;
  return BASE_MS + windows * convergenceMs + (windows > 0 ? CONTROL_QUEUE_MS : 0) + (t.quotaWaits ?? 1) * QUOTA_WAIT_MAX_MS + (t.extraMs ?? 0);
}

export interface DemoCases {
  case(name: string, fn: (ctx: TestContext) => Promise<void>, timing?: CaseTiming): void;
}

/**
 * How long a demo may wait to start: while a demo that runs alone runs, or (that one) while the
 * demos before it end. Their own case time-outs bound both; this only keeps a lost worker from
 * holding the run forever.
 */
const LEASE_WAIT_MS = 20 * 60_000;

export function defineDemo(declaration: DemoDeclaration, cases: (d: DemoCases) => void): DemoDeclaration {
  if (catalogueOnly()) return declaration;
  describe(declaration.id, () => {
    let lease: number | undefined;
    beforeAll(async () => {
      mark(`${declaration.id} starts`);
      lease = await control().beginDemo((declaration.claims ?? defaultClaim)(target()));
    }, LEASE_WAIT_MS);
    afterAll(async () => {
      if (lease !== undefined) await control().endDemo(lease);
      mark(`${declaration.id} ends`);
    });
    cases({ case: (name, fn, timing = {}) => it(name, fn, caseTimeout(timing)) });
  });
  return declaration;
}
