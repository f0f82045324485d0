// The deploy gate's --require: a demo it names must be tested. A case of it that was not-supported
// or skipped becomes a failure (exit 1), saying so, in every report.
import type { CaseResult } from './rollup.ts';

/** One case as the gate judges it. */
export function requiredCase(c: CaseResult, required: readonly string[]): CaseResult {
  return required.includes(c.demo) && (c.result === 'not-supported' || c.result === 'skipped')
    ? { ...c, result: 'failed', reason: `required (--require ${c.demo}) but not tested: ${c.result}${c.reason ? `: ${c.reason}` : ''}` }
    : c;
}

export function applyRequired(cases: readonly CaseResult[], required: readonly string[]): CaseResult[] {
  if (required.length === 0) return [...cases];
  const out = cases.map((c) => requiredCase(c, required));
  // A required demo of which no case ran at all.
  for (const id of required.filter((d) => !cases.some((c) => c.demo === d))) {
    out.push({ demo: id, name: '(demo)', result: 'failed', reason: `required (--require ${id}) but not run` });
  }
  return out;
}
