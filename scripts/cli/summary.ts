// The end of a run on the console: the gateway, a recap of what failed or broke (each with the
// command that runs just that demo again), where the reports are, and one set of counts. Each demo
// was already listed as it finished (ConsoleReporter).
import type { ConformanceReport } from '../../harness/report/conformance-report.ts';
import { caseLines } from '../../harness/report/console-reporter.ts';
import { paint } from '../../harness/report/paint.ts';
import type { CaseState } from '../../harness/report/rollup.ts';

const STATES: CaseState[] = ['passed', 'failed', 'broken', 'skipped', 'not-supported'];

export function counts(states: CaseState[]): string {
  return STATES.map((s) => `${states.filter((x) => x === s).length} ${s}`).join(', ');
}

export function printSummary(
  report: ConformanceReport,
  errors: string[],
  where: { html: string; junit: string; conformance: string; seconds: number; rerun: (id: string) => string },
): void {
  const p = paint(process.stdout);
  const out: string[] = ['', `mtls-conformance: ${report.target.name} gateway ${report.target.url ?? ''} (oracle ${report.target.oracle ?? '?'})`];
  const bad = report.demos.filter((d) => d.result === 'failed' || d.result === 'broken');
  if (bad.length > 0) {
    out.push('', p.bold('What failed or broke, and how to run just that again:'));
    for (const d of bad) {
      out.push(`  ${d.result === 'failed' ? p.red('FAIL') : p.yellow('BROKEN')} ${d.id}`);
      out.push(...caseLines(d.cases.filter((c) => c.result === 'failed' || c.result === 'broken')));
      out.push(`         re-run: ${where.rerun(d.id)}`);
    }
  }
  for (const e of errors) out.push(`  error outside any demo: ${e}`);
  const color = report.result === 'success' ? p.green : report.result === 'failure' ? p.red : p.yellow;
  out.push(
    '',
    `Allure report:        ${where.html}`,
    `JUnit XML:            ${where.junit}`,
    `Conformance report:   ${where.conformance}`,
    `Result: ${color(report.result)}; the run took ${where.seconds.toFixed(1)} s`,
    `demos: ${counts(report.demos.map((d) => d.result))}`,
    `cases: ${counts(report.demos.flatMap((d) => d.cases.map((c) => c.result)))}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
