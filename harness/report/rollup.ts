// Result states and their roll-up (DESIGN.md): a demo is failed if any case failed, else passed if
// any passed, else skipped if any was skipped, else not-supported. Overall: success (no failure,
// no skip), partial (no failure, some skipped), failure.

export type CaseState = 'passed' | 'failed' | 'skipped' | 'not-supported';
export type Overall = 'success' | 'partial' | 'failure';

export interface CaseResult {
  demo: string;
  name: string;
  result: CaseState;
  reason?: string;
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
  if (states.includes('passed')) return 'passed';
  if (states.includes('skipped')) return 'skipped';
  return 'not-supported';
}

export function overall(demos: DemoResult[]): Overall {
  if (demos.some((d) => d.result === 'failed')) return 'failure';
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
