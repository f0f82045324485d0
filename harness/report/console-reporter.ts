// The run's own voice on the console: one line per demo as it finishes (`[7/15] PASS expired-cert
// 0.4 s`), what went wrong under it, and a line when a long wait starts. It reads the cases the
// ResultCollector kept (given each file first), so the console, the summary and the reports count
// the same things. --verbose adds a line per case.
import type { File, Test, TestAnnotation } from '@vitest/runner';
import { demoOf, fileDemo, testsOf, type ResultCollector } from './collector.ts';
import { paint, type Painter } from './paint.ts';
import { rollUpDemo, type CaseResult, type CaseState } from './rollup.ts';

export const MARK: Record<CaseState, string> = { passed: 'PASS', failed: 'FAIL', broken: 'BROKEN', skipped: 'SKIP', 'not-supported': 'N/S' };
const COLOR: Record<CaseState, keyof Painter> = { passed: 'green', failed: 'red', broken: 'yellow', skipped: 'dim', 'not-supported': 'dim' };

/** How many of a demo's cases were not what the mark says, e.g. "(1 of 3 cases not supported)". */
export function caseNote(cases: readonly Pick<CaseResult, 'result'>[]): string {
  const ns = cases.filter((c) => c.result === 'not-supported').length;
  return ns > 0 && ns < cases.length ? ` (${ns} of ${cases.length} case${cases.length === 1 ? '' : 's'} not supported)` : '';
}

/** The lines under a demo: each case that did not pass, or passed with a warning, and its fix. */
export function caseLines(cases: readonly Omit<CaseResult, 'demo'>[]): string[] {
  const out: string[] = [];
  for (const c of cases.filter((x) => x.result !== 'passed' || x.reason)) {
    out.push(`         ${c.result}: ${c.name}${c.reason ? `: ${c.reason}` : ''}`);
    if (c.fix) out.push(`           fix: ${c.fix}`);
  }
  return out;
}

export class ConsoleReporter {
  private done = 0;
  private readonly p: Painter;

  constructor(
    private readonly collector: ResultCollector,
    private readonly total: number,
    private readonly verbose = false,
    private readonly write: (text: string) => void = (t) => void process.stdout.write(t),
    colors = paint(process.stdout),
  ) {
    this.p = colors;
  }

  onAnnotate(test: Test, annotation: TestAnnotation): void {
    if (annotation.type === 'wait') this.write(`       ${this.p.dim(`${demoOf(test)}: ${annotation.message}`)}\n`);
  }

  onFileEnd(file: File): void {
    const ids = new Set<string>();
    for (const test of testsOf(file)) ids.add(demoOf(test));
    if (ids.size === 0) ids.add(fileDemo(file.filepath));
    const seconds = ((file.result?.duration ?? 0) / 1000).toFixed(1);
    for (const id of ids) {
      const cases = this.collector.cases.filter((c) => c.demo === id);
      const state = cases.length === 0 ? 'skipped' : rollUpDemo(cases.map((c) => c.result));
      this.done++;
      const mark = this.p[COLOR[state]](MARK[state]);
      this.write(`[${this.done}/${this.total}] ${mark} ${id} ${seconds} s${caseNote(cases)}\n${caseLines(cases).map((l) => `${l}\n`).join('')}`);
      if (this.verbose) for (const c of cases) this.write(`         ${this.p.dim(`${c.result}: ${c.name}`)}\n`);
    }
  }
}
