// A vitest reporter that keeps each demo case's result, for the summary, the exit code and
// conformance-report.json. A skip whose note starts with "not-supported:" is not-supported; a
// failure whose only errors are CaseBroken (the case could not be judged) is broken.
import { basename } from 'node:path';
import type { Reporter, TestCase, TestModule, TestSuite } from 'vitest/node';
import type { SerializedError } from 'vitest';
import type { CaseResult } from './rollup.ts';

/** The first line of an assertion message, without vitest's generic "expected false to be true" tail. */
export function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '')
    .replace(/: expected (true|false) to be (true|false) \/\/ Object\.is equality$/, '')
    .replace(/: expected \[.*\] to deeply equal \[\]$/, '');
}

/** The demo a suite file is named for (its results without a demo of their own count there). */
export function fileDemo(moduleId: string): string {
  return basename(moduleId).replace(/\.test\.ts$/, '');
}

/** The demo a case belongs to: the top-level describe defineDemo names by its id, else the file's name. */
export function demoOf(test: TestCase): string {
  let suite: TestSuite | undefined;
  for (let p = test.parent; p.type === 'suite'; p = p.parent) suite = p;
  return suite?.name ?? fileDemo(test.module.moduleId);
}

export class ResultCollector implements Reporter {
  readonly cases: CaseResult[] = [];
  readonly errors: string[] = [];

  onTestCaseResult(test: TestCase): void {
    const r = test.result();
    const demo = demoOf(test);
    const seen = (test.meta() as { observed?: string[] }).observed;
    const observed = seen && seen.length > 0 ? { observed: seen } : {};
    const warnings = test.annotations().filter((a) => a.type === 'warning').map((a) => a.message);
    const warned = warnings.length > 0 ? { reason: warnings.join('; ') } : {};
    if (r.state === 'passed') this.cases.push({ demo, name: test.name, result: 'passed', ...warned, ...observed });
    else if (r.state === 'failed') {
      const reason = r.errors.map((e) => firstLine(e.message)).join('; ');
      const brokenOnly = r.errors.length > 0 && r.errors.every((e) => e.name === 'CaseBroken');
      const fixes = r.errors.map((e) => (e as { fix?: unknown }).fix).filter((f): f is string => typeof f === 'string');
      const fix = brokenOnly && fixes.length > 0 ? { fix: [...new Set(fixes)].join('; ') } : {};
      this.cases.push({ demo, name: test.name, result: brokenOnly ? 'broken' : 'failed', ...(reason ? { reason } : {}), ...fix, ...observed });
    } else if (r.state === 'skipped') {
      const note = r.note ?? '';
      const notSupported = note.startsWith('not-supported:');
      this.cases.push({
        demo,
        name: test.name,
        result: notSupported ? 'not-supported' : 'skipped',
        reason: notSupported ? note.slice('not-supported:'.length).trim() : note || 'skipped',
      });
    }
  }

  /** A suite file that failed to load or whose hooks failed has no case results: count it as failed. */
  onTestModuleEnd(module: TestModule): void {
    const errors = module.errors();
    if (errors.length === 0) return;
    const demo = fileDemo(module.moduleId);
    this.cases.push({ demo, name: '(suite file)', result: 'failed', reason: errors.map((e) => firstLine(e.message)).join('; ') });
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    for (const e of unhandled) this.errors.push(e.message);
  }
}
