// Every report says of a case what the run judged (docs/verdicts.md), written so once, as the case's
// file ends (Allure) or the run does (JUnit), never patched afterwards: a not-supported case carries
// its reason as the status message (Allure, with a resultState label) and as
// <skipped message="not-supported: ..."/> (JUnit); a required demo that could not be tested
// (--require) is failed there too.
import type { ResultCollector } from './collector.ts';
import { requiredCase } from './required.ts';
import type { CaseResult } from './rollup.ts';

/** How the run judged a case (demo id, case name), once its file has ended. */
export type Judged = (demo: string, name: string) => CaseResult | undefined;

export function judgedBy(collector: ResultCollector, required: readonly string[]): Judged {
  return (demo, name) => {
    const c = collector.cases.find((x) => x.demo === demo && x.name === name);
    return c && requiredCase(c, required);
  };
}

interface AllureResult {
  name?: string;
  status?: string;
  labels?: { name: string; value: string }[];
  statusDetails?: { message?: string; trace?: string };
}

/** An Allure result as its case was judged. */
export function judgedAllure<T extends AllureResult>(r: T, judged: Judged | undefined): T {
  const demo = r.labels?.find((l) => l.name === 'feature')?.value ?? '';
  const c = r.name === undefined ? undefined : judged?.(demo, r.name);
  if (c?.result === 'not-supported') {
    return { ...r, statusDetails: { ...r.statusDetails, message: `not-supported: ${c.reason ?? ''}` }, labels: [...(r.labels ?? []).filter((l) => l.name !== 'resultState'), { name: 'resultState', value: 'not-supported' }] };
  }
  // A required demo that could not be tested (--require).
  if (c?.result === 'failed' && r.status === 'skipped') return { ...r, status: 'failed', statusDetails: { message: c.reason ?? 'failed' } };
  return r;
}
