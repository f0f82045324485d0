// A demo declares itself once, in its own suite file: id, guide reference, what it checks, what it needs and
// what it costs in requests. Under vitest the declaration wraps its cases in a describe named by
// the id (the collector reads the id from there); while the catalogue is read, it only declares.
// Each case gets a time-out derived from what it may wait for, so a broken gateway gives a
// verdict and never vitest's "Test timed out".
import type { TestContext } from '@vitest/runner';
import { afterAll, beforeAll, describe, it } from '@vitest/runner';
import { catalogueOnly, type DemoDeclaration } from '../../harness/core/demo.ts';
import { QUOTA_WAIT_MAX_MS } from './accept.ts';
import { scheduler, target } from './target.ts';
import { defaultClaim, GATEWAY_CONFIG } from './claims.ts';
import type { Claim } from '../../harness/run/scheduler.ts';
import { broken, type CaseBroken } from '../../harness/oracle/no-verdict.ts';

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

/** What a demo holds of the gateway while it runs (harness/run/scheduler.ts). */
export interface DemoHold {
  /** The demo's lease: its nested claims name it as theirs. Only inside a case. */
  id(): number;
  /** Keep only `claim` of what the demo holds: the demos waiting for the rest may start. */
  narrow(claim: Claim): void;
}

export interface DemoCases {
  case(name: string, fn: (ctx: TestContext) => Promise<void>, timing?: CaseTiming): void;
  readonly hold: DemoHold;
}

/**
 * How long a demo may wait to start: while a demo that runs alone runs, or (that one) while the
 * demos before it end. Their own case time-outs bound both; this only keeps a scheduling mistake
 * from holding the run forever.
 */
const LEASE_WAIT_MS = 20 * 60_000;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
// A demo that never got its turn: the run failed to schedule it, not the gateway.
const COORDINATION_FIX = 'the run could not schedule its demos: run again; if it repeats, report it with this line';

/**
 * When not every demo can run at once, which start first: one declared first (backend-outage,
 * the longest: it waits on its gateway's breaker twice), then those that change the gateway's
 * config, then the rest. A config change made while backend-outage waits for its breaker between
 * its cases costs that wait nothing; made after, it waits for that demo's recovery to end.
 */
export function startRank(declaration: Pick<DemoDeclaration, 'schedule'>, claim: Claim): number {
  if (declaration.schedule === 'first') return 0;
  return claim.shared.includes(GATEWAY_CONFIG) ? 1 : 2;
}

/** The lease, or why the demo cannot start: past `waitMs` the wait ends as a verdict-less case, never as a hook time-out. */
async function lease(declaration: DemoDeclaration, waitMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no lease after ${waitMs / 1000} s: the demos before it never ended`)), waitMs);
  });
  const claim = (declaration.claims ?? defaultClaim)(target());
  const asked = scheduler().begin(claim, { rank: startRank(declaration, claim) });
  try {
    return await Promise.race([asked, gaveUp]);
  } catch (err) {
    // A lease granted after we gave up would hold the others back: hand it back.
    void asked.then((id) => scheduler().end(id));
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** `leaseWaitMs`: only tests shorten it (test/demo-start.test.ts). */
export function defineDemo(declaration: DemoDeclaration, cases: (d: DemoCases) => void, leaseWaitMs = LEASE_WAIT_MS): DemoDeclaration {
  if (catalogueOnly()) return declaration;
  describe(declaration.id, () => {
    let held: number | undefined;
    // A demo that cannot start gives each of its cases `broken` with the reason (docs/verdicts.md):
    // a failed beforeAll would leave them skipped, and the run's verdict would not say why.
    let cannotStart: CaseBroken | undefined;
    beforeAll(async () => {
      try {
        held = await lease(declaration, leaseWaitMs);
      } catch (err) {
        cannotStart = broken({ reason: `the demo could not start: ${messageOf(err)}`, fix: COORDINATION_FIX });
      }
    }, leaseWaitMs + 10_000);
    afterAll(() => {
      if (held !== undefined) scheduler().end(held);
    });
    const hold: DemoHold = {
      id: () => {
        if (held === undefined) throw new Error(`${declaration.id} holds no lease`);
        return held;
      },
      narrow: (claim) => scheduler().narrow(hold.id(), claim),
    };
    cases({
      hold,
      case: (name, fn, timing = {}) =>
        it(name, async (ctx) => {
          if (cannotStart) throw cannotStart;
          await fn(ctx);
        }, caseTimeout(timing)),
    });
  });
  return declaration;
}
