// Keeps each demo case's result as the run finishes its suite files (harness/run/in-process/), for
// the summary, the exit code and conformance-report.json. A skip whose note starts with
// "not-supported:" is not-supported; a case fails only on a broken promise (an AssertionError: the
// suites' holds(), an expect); any other error (CaseBroken: the case could not be judged, a failed
// system call of the run's own, a fault of this tool) is no verdict on the gateway: broken.
import { basename } from 'node:path';
import type { File, Suite, Task, Test } from '@vitest/runner';
import { applyRequired, requiredCase } from './required.ts';
import type { CaseResult } from './rollup.ts';
import type { ExpectedFailures } from './expected.ts';

/** The first line of an assertion message, without vitest's generic "expected false to be true" tail. */
export function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '')
    .replace(/: expected (true|false) to be (true|false) \/\/ Object\.is equality$/, '')
    .replace(/: expected \[.*\] to deeply equal \[\]$/, '');
}

/** The demo a suite file is named for (its results without a demo of their own count there). */
export function fileDemo(path: string): string {
  return basename(path).replace(/\.test\.ts$/, '');
}

/** The demo a case belongs to: the top-level describe defineDemo names by its id, else the file's name. */
export function demoOf(test: Test): string {
  let top: Task | undefined;
  for (let s: Task | undefined = test.suite; s && s !== test.file; s = s.suite) top = s;
  return top?.name ?? fileDemo(test.file.filepath);
}

/** Every case of a suite file, in the order declared. */
export function testsOf(task: Task): Test[] {
  return task.type === 'test' ? [task] : task.type === 'suite' ? task.tasks.flatMap(testsOf) : [];
}

/** Errors of a file (or describe block) itself and of the describe blocks in it: a load failure, a hook that threw. */
export function fileErrors(file: File | Suite): { name?: string; message: string }[] {
  const suites = (t: Task): Task[] => (t.type === 'suite' ? [t, ...t.tasks.flatMap(suites)] : []);
  return suites(file).flatMap((s) => s.result?.errors ?? []);
}

type CaseError = { name?: string; message: string; fix?: unknown; syscall?: unknown; code?: unknown };

/** A system call of the run's own that failed (a file of the run gone, a socket it could not open): never the gateway's answer. */
const ownSystemError = (e: CaseError): boolean => typeof e.syscall === 'string';
const promiseBroken = (e: CaseError): boolean => e.name === 'AssertionError';

function fixOf(e: CaseError): unknown {
  if (ownSystemError(e)) return `the run's own ${String(e.syscall)} failed (${String(e.code)}), not the gateway: run again; if it repeats, report it with this line`;
  if (e.name === 'CaseBroken' || promiseBroken(e)) return e.fix;
  return `a fault of this tool (${e.name ?? 'Error'}), not an answer of the gateway: report it with this line`;
}

/** What errors make of a case: failed when one is a broken promise (with the likely cause, where the case knew it), else broken (with its fix). */
function judged(errors: readonly CaseError[]): Pick<CaseResult, 'result' | 'reason' | 'fix'> {
  const reason = errors.map((e) => firstLine(e.message)).join('; ');
  const brokenOnly = errors.length > 0 && !errors.some(promiseBroken);
  const fixes = errors.map(fixOf).filter((f): f is string => typeof f === 'string');
  return { result: brokenOnly ? 'broken' : 'failed', ...(reason ? { reason } : {}), ...(fixes.length > 0 ? { fix: [...new Set(fixes)].join('; ') } : {}) };
}

/** The one result of a suite file that did not load (an import that fails, code that throws as it loads). */
function notLoaded(file: File, errors: readonly { message: string }[]): CaseResult {
  return {
    demo: fileDemo(file.filepath),
    name: '(suite file)',
    result: 'broken',
    reason: `the suite file did not load, so none of its cases ran: ${errors.map((e) => firstLine(e.message)).join('; ')}`,
    fix: `${file.filepath} is part of this tool, not of the gateway: reinstall the tool; if it repeats, report this line`,
  };
}

export class ResultCollector {
  /** Every case so far, as the run judges it (--require applied). */
  readonly cases: CaseResult[] = [];
  readonly errors: string[] = [];

  /** `required`: the deploy gate's --require (required.ts); `expected`: a nightly's known failures (expected.ts). */
  constructor(
    private readonly required: readonly string[] = [],
    private readonly expected?: ExpectedFailures,
  ) {}

  private push(c: CaseResult): void {
    const judged = requiredCase(c, this.required);
    this.cases.push(this.expected ? this.expected.judge(judged) : judged);
  }

  /** Every case, and one failed entry for each required demo that never ran. */
  all(): CaseResult[] {
    return applyRequired(this.cases, this.required);
  }

  private addCase(test: Test): void {
    const r = test.result;
    const demo = demoOf(test);
    const seen = (test.meta as { observed?: string[] }).observed;
    const observed = seen && seen.length > 0 ? { observed: seen } : {};
    const warnings = test.annotations.filter((a) => a.type === 'warning').map((a) => a.message);
    const warned = warnings.length > 0 ? { reason: warnings.join('; ') } : {};
    if (r?.state === 'pass') this.push({ demo, name: test.name, result: 'passed', ...warned, ...observed });
    else if (r?.state === 'fail') this.push({ demo, name: test.name, ...judged(r.errors ?? []), ...observed });
    else {
      // Skipped: by its own ctx.skip (with a note), or not run because its file's hooks threw.
      // @vitest/runner keeps ctx.skip's note on the result (vitest's TestCase reads it there); untyped.
      const note = (r as { note?: string } | undefined)?.note ?? '';
      const notSupported = note.startsWith('not-supported:');
      this.push({
        demo,
        name: test.name,
        result: notSupported ? 'not-supported' : 'skipped',
        reason: notSupported ? note.slice('not-supported:'.length).trim() : note || 'skipped',
      });
    }
  }

  /**
   * A suite file's cases, and one more per demo whose hooks threw: broken when every error says the
   * run, not the gateway, failed (CaseBroken), else failed. A file that did not load ran no case and
   * asked the gateway nothing: broken, with its error and how to see it whole.
   */
  addFile(file: File): CaseResult[] {
    const from = this.cases.length;
    const tests = testsOf(file);
    for (const test of tests) this.addCase(test);
    const own = file.result?.errors ?? [];
    if (own.length > 0 && tests.length === 0) this.push(notLoaded(file, own));
    else if (own.length > 0) this.push({ demo: fileDemo(file.filepath), name: '(suite file)', ...judged(own) });
    for (const top of file.tasks) {
      const errors = top.type === 'suite' ? fileErrors(top) : [];
      if (errors.length > 0) this.push({ demo: top.name, name: '(suite file)', ...judged(errors) });
    }
    return this.cases.slice(from);
  }

  addUnhandled(errors: readonly Error[]): void {
    for (const e of errors) this.errors.push(e.message);
  }
}
