// The run's own voice on the console: one line per demo as it finishes (`[7/15] PASS expired-cert
// 0.4 s`), what went wrong under it with the likely cause, a line when a long wait starts; at the
// end each reason a case could not run here said once (with the demos it covers), the command
// that runs again what failed, where the reports are, the counts the JSON, JUnit and Allure agree
// with, and the verdict with how many demos were tested. --verbose adds a line per case.
import type { File, Test, TestAnnotation } from '@vitest/runner';
import { demoOf, fileDemo, testsOf } from './collector.ts';
import { paint, type Painter } from './paint.ts';
import type { Reporter, RunRecord } from './reporter.ts';
import { whoseLines, type Whose } from './whose.ts';
import { rollUpDemo, testedOf, type CaseResult, type CaseState, type DemoResult } from './rollup.ts';

export const MARK: Record<CaseState, string> = { passed: 'PASS', failed: 'FAIL', broken: 'BROKEN', 'known-failure': 'KNOWN', skipped: 'SKIP', 'not-supported': 'N/S' };
const COLOR: Record<CaseState, keyof Painter> = { passed: 'green', failed: 'red', broken: 'yellow', 'known-failure': 'yellow', skipped: 'dim', 'not-supported': 'dim' };
const STATES: CaseState[] = ['passed', 'failed', 'broken', 'skipped', 'not-supported'];

/** How many of a demo's cases were not what the mark says, e.g. "(1 of 3 cases not supported)". */
export function caseNote(cases: readonly Pick<CaseResult, 'result'>[]): string {
  const ns = cases.filter((c) => c.result === 'not-supported').length;
  return ns > 0 && ns < cases.length ? ` (${ns} of ${cases.length} case${cases.length === 1 ? '' : 's'} not supported)` : '';
}

/**
 * The lines under a demo: each case that failed, broke, was skipped or passed with a warning, and
 * its cause or fix, each cause or fix once in a run (`said`: those already printed).
 */
export function caseLines(cases: readonly Omit<CaseResult, 'demo'>[], said = new Set<string>()): string[] {
  const out: string[] = [];
  for (const c of cases.filter((x) => x.result !== 'not-supported' && (x.result !== 'passed' || x.reason))) {
    out.push(`         ${c.result}: ${c.name}${c.reason ? `: ${c.reason}` : ''}`);
    if (c.fix && !said.has(c.fix)) out.push(`           ${c.result === 'failed' || c.result === 'known-failure' ? 'likely cause' : 'fix'}: ${c.fix}`);
    if (c.fix) said.add(c.fix);
  }
  return out;
}

/** "N passed, N failed, N broken, N skipped, N not-supported", and the known failures when there are any. */
export function counts(states: CaseState[]): string {
  const known = states.filter((x) => x === 'known-failure').length;
  return [...STATES.map((s) => `${states.filter((x) => x === s).length} ${s}`), ...(known > 0 ? [`${known} known-failure`] : [])].join(', ');
}

/** Each distinct reason cases could not run here, with the demos it covers ("id (2 of 3 cases)" where not all). */
export function notSupportedReasons(demos: readonly DemoResult[]): { reason: string; demos: string[] }[] {
  const byReason = new Map<string, string[]>();
  for (const d of demos) {
    const ns = d.cases.filter((c) => c.result === 'not-supported');
    const reasons = new Map<string, number>();
    for (const c of ns) reasons.set(c.reason ?? 'no reason given', (reasons.get(c.reason ?? 'no reason given') ?? 0) + 1);
    for (const [reason, n] of reasons) {
      const list = byReason.get(reason) ?? [];
      list.push(n === d.cases.length ? d.id : `${d.id} (${n} of ${d.cases.length} cases)`);
      byReason.set(reason, list);
    }
  }
  return [...byReason].map(([reason, ids]) => ({ reason, demos: ids }));
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
  private readonly said = new Set<string>();

  /** `total`: the demos this run expects to test (those the target lacks nothing for). */
  constructor(
    private readonly total: number,
    private readonly where: ReportsShown,
    private readonly verbose = false,
    private readonly write: (text: string) => void = (t) => void process.stdout.write(t),
    colors = paint(process.stdout),
  ) {
    this.p = colors;
  }

  /** verify: whose result this is, said before any demo. */
  whose(w: Whose): void {
    this.write(`${Object.entries(whoseLines(w)).map(([k, v]) => `${k}: ${v}`).join('\n')}\n`);
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
      // A demo this target cannot run at all is said once at the end, with its reason.
      if (state === 'not-supported' && !this.verbose) continue;
      this.done++;
      const mark = this.p[COLOR[state]](MARK[state]);
      this.write(`[${this.done}/${Math.max(this.total, this.done)}] ${mark} ${id} ${seconds} s${caseNote(cases)}\n${caseLines(cases, this.said).map((l) => `${l}\n`).join('')}`);
      if (this.verbose) for (const c of cases) this.write(`         ${this.p.dim(`${c.result}: ${c.name}${c.result === 'not-supported' && c.reason ? `: ${c.reason}` : ''}`)}\n`);
    }
  }

  onRunEnd(run: RunRecord): void {
    const p = this.p;
    const where = run.mode === 'verify' ? 'in a self-check' : `on ${run.target.name}`;
    const out: string[] = [];
    for (const r of notSupportedReasons(run.demos)) out.push(p.dim(`N/S ${where}: ${r.reason}: ${r.demos.join(', ')}`));
    for (const e of run.errors) out.push(`error outside any demo: ${e}`);
    const bad = run.demos.filter((d) => d.result === 'failed' || d.result === 'broken').map((d) => d.id);
    if (bad.length > 0) out.push(`Run again what failed or broke: ${run.rerun(bad)}`);
    const states = run.demos.map((d) => d.result);
    const tested = testedOf(states);
    const ns = states.filter((s) => s === 'not-supported').length;
    const skipped = states.filter((s) => s === 'skipped').length;
    const color = run.result === 'success' ? p.green : run.result === 'failure' ? p.red : p.yellow;
    const seconds = (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
    const see = run.mode === 'verify' ? '' : `: see list --target ${run.target.name}`;
    out.push(
      `Tested ${run.target.url} (${run.target.name}, oracle ${run.target.oracle}); reports: ${this.where.html}, ${this.where.junit}, ${this.where.conformance}`,
      `demos: ${counts(states)}; cases: ${counts(run.demos.flatMap((d) => d.cases.map((c) => c.result)))}`,
      `Result: ${color(run.result)}: ${tested} of ${states.length} demos tested${ns > 0 ? ` (${ns} not supported ${where}${see})` : ''}${skipped > 0 ? `, ${skipped} skipped` : ''}; ${seconds.toFixed(1)} s`,
    );
    this.write(`${out.join('\n')}\n`);
  }
}
