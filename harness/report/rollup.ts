// Result states and their roll-up (docs/verdicts.md): a demo is failed if any case failed, else broken if
// any could not be judged, else a known failure if any failed as --expect-failures listed, else
// passed if any passed, else skipped if any was skipped, else not-supported. Overall: failure (any
// failed), inconclusive (none failed, some broken), partial (only skips besides passes, known
// failures and not-supported), success.

export type CaseState = 'passed' | 'failed' | 'broken' | 'known-failure' | 'skipped' | 'not-supported';
export type Overall = 'success' | 'partial' | 'failure' | 'inconclusive';

export interface CaseResult {
  demo: string;
  name: string;
  result: CaseState;
  reason?: string;
  /** For a broken case: what would let it be judged. */
  fix?: string;
  /** The forms of answer the oracle saw (e.g. nginx-cert-error-page). */
  observed?: string[];
}

export interface DemoResult {
  id: string;
  result: CaseState;
  cases: Omit<CaseResult, 'demo'>[];
}

export function rollUpDemo(states: CaseState[]): CaseState {
  if (states.includes('failed')) return 'failed';
  if (states.includes('broken')) return 'broken';
  if (states.includes('known-failure')) return 'known-failure';
  if (states.includes('passed')) return 'passed';
  if (states.includes('skipped')) return 'skipped';
  return 'not-supported';
}

export function overall(demos: DemoResult[]): Overall {
  if (demos.some((d) => d.result === 'failed')) return 'failure';
  if (demos.some((d) => d.result === 'broken')) return 'inconclusive';
  if (demos.some((d) => d.result === 'skipped')) return 'partial';
  return 'success';
}

/** Group case results by demo, in catalogue order; demos asked for but never run count as skipped. */
export function groupByDemo(cases: CaseResult[], demoIds: readonly string[]): DemoResult[] {
  return demoIds.map((id) => {
    const mine = cases.filter((c) => c.demo === id);
    const list = mine.map(({ demo: _demo, ...rest }) => rest);
    return { id, result: mine.length === 0 ? 'skipped' : rollUpDemo(mine.map((c) => c.result)), cases: list };
  });
}

/** Results of demos the catalogue does not know, each as a failed demo: nothing falls out of the verdict. */
export function outsideCatalogue(cases: CaseResult[], known: readonly string[]): DemoResult[] {
  const unknown = [...new Set(cases.map((c) => c.demo).filter((d) => !known.includes(d)))];
  return unknown.map((id) => ({
    id,
    result: 'failed',
    cases: cases
      .filter((c) => c.demo === id)
      .map(({ demo: _demo, ...rest }) => ({ ...rest, result: 'failed', reason: `not in the catalogue: no suite file declares the demo "${id}" (defineDemo); it ended ${rest.result}${rest.reason ? `: ${rest.reason}` : ''}` })),
  }));
}

/** How many of these results were tested: judged passed, failed, a known failure or broken (not skipped, not not-supported). */
export function testedOf(results: readonly CaseState[]): number {
  return results.filter((s) => s === 'passed' || s === 'failed' || s === 'broken' || s === 'known-failure').length;
}
