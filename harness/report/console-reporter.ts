// The run's own voice on the console: one line per demo as it finishes (`[7/15] PASS expired-cert
// 0.4 s`), what went wrong under it, a line when a long wait starts, and at the end a recap of what
// failed or broke (each with the command that runs just that demo again), where the reports are,
// and one set of counts that the JSON, JUnit and Allure agree with. --verbose adds a line per case.
import type { File, Test, TestAnnotation } from '@vitest/runner';
import { demoOf, fileDemo, testsOf } from './collector.ts';
import { paint, type Painter } from './paint.ts';
import type { Reporter, RunRecord } from './reporter.ts';
import { rollUpDemo, type CaseResult, type CaseState } from './rollup.ts';

export const MARK: Record<CaseState, string> = { passed: 'PASS', failed: 'FAIL', broken: 'BROKEN', skipped: 'SKIP', 'not-supported': 'N/S' };
const COLOR: Record<CaseState, keyof Painter> = { passed: 'green', failed: 'red', broken: 'yellow', skipped: 'dim', 'not-supported': 'dim' };
const STATES: CaseState[] = ['passed', 'failed', 'broken', 'skipped', 'not-supported'];

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

export function counts(states: CaseState[]): string {
  return STATES.map((s) => `${states.filter((x) => x === s).length} ${s}`).join(', ');
}

/** Where the reports are, as the user gave their paths. */
export interface ReportsShown {
  html: string;
  junit: string;
  conformance: string;
}

export class ConsoleReporter implements Reporter {
  private done = 0;
  private readonly p: Painter;

  constructor(
    private readonly total: number,
    private readonly where: ReportsShown,
    private readonly verbose = false,
    private readonly write: (text: string) => void = (t) => void process.stdout.write(t),
    colors = paint(process.stdout),
  ) {
    this.p = colors;
  }

  onAnnotate(test: Test, annotation: TestAnnotation): void {
    if (annotation.type === 'wait') this.write(`       ${this.p.dim(`${demoOf(test)}: ${annotation.message}`)}\n`);
  }

  onFileEnd(file: File, fileCases: readonly CaseResult[]): void {
    const ids = new Set<string>();
    for (const test of testsOf(file)) ids.add(demoOf(test));
    if (ids.size === 0) ids.add(fileDemo(file.filepath));
    const seconds = ((file.result?.duration ?? 0) / 1000).toFixed(1);
    for (const id of ids) {
      const cases = fileCases.filter((c) => c.demo === id);
      const state = cases.length === 0 ? 'skipped' : rollUpDemo(cases.map((c) => c.result));
      this.done++;
      const mark = this.p[COLOR[state]](MARK[state]);
      this.write(`[${this.done}/${this.total}] ${mark} ${id} ${seconds} s${caseNote(cases)}\n${caseLines(cases).map((l) => `${l}\n`).join('')}`);
      if (this.verbose) for (const c of cases) this.write(`         ${this.p.dim(`${c.result}: ${c.name}`)}\n`);
    }
  }

  onRunEnd(run: RunRecord): void {
    const p = this.p;
    const out: string[] = ['', `mtls-conformance: ${run.target.name} gateway ${run.target.url} (oracle ${run.target.oracle})`];
    const bad = run.demos.filter((d) => d.result === 'failed' || d.result === 'broken');
    if (bad.length > 0) {
      out.push('', p.bold('What failed or broke, and how to run just that again:'));
      for (const d of bad) {
        out.push(`  ${d.result === 'failed' ? p.red('FAIL') : p.yellow('BROKEN')} ${d.id}`);
        out.push(...caseLines(d.cases.filter((c) => c.result === 'failed' || c.result === 'broken')));
        out.push(`         re-run: ${run.rerun(d.id)}`);
      }
    }
    for (const e of run.errors) out.push(`  error outside any demo: ${e}`);
    const color = run.result === 'success' ? p.green : run.result === 'failure' ? p.red : p.yellow;
    const seconds = (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
    out.push(
      '',
      `Allure report:        ${this.where.html}`,
      `JUnit XML:            ${this.where.junit}`,
      `Conformance report:   ${this.where.conformance}`,
      `Result: ${color(run.result)}; the run took ${seconds.toFixed(1)} s`,
      `demos: ${counts(run.demos.map((d) => d.result))}`,
      `cases: ${counts(run.demos.flatMap((d) => d.cases.map((c) => c.result)))}`,
    );
    this.write(`${out.join('\n')}\n`);
  }
}
