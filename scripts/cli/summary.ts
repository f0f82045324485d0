// The short human summary at the end of a run: each demo, where the reports are, how long it took.
import type { ConformanceReport } from '../../harness/report/conformance-report.ts';

const MARK: Record<string, string> = { passed: 'PASS', failed: 'FAIL', broken: 'BROKEN', skipped: 'SKIP', 'not-supported': 'N/S ' };

export function printSummary(
  report: ConformanceReport,
  errors: string[],
  where: { html: string; junit: string; conformance: string; seconds: number },
): void {
  const out: string[] = ['', `mtls-conformance: ${report.target.name} gateway ${report.target.url ?? ''} (oracle ${report.target.oracle ?? '?'})`];
  for (const demo of report.demos) {
    out.push(`  ${MARK[demo.result]} ${demo.id}`);
    for (const c of demo.cases.filter((x) => x.result !== 'passed' || x.reason)) {
      out.push(`         ${c.result}: ${c.name}${c.reason ? `: ${c.reason}` : ''}`);
      if (c.fix) out.push(`           fix: ${c.fix}`);
    }
  }
  for (const e of errors) out.push(`  error outside any demo: ${e}`);
  const count = (s: string): number => report.demos.filter((d) => d.result === s).length;
  out.push(
    '',
    `Allure report:        ${where.html}`,
    `JUnit XML:            ${where.junit}`,
    `Conformance report:   ${where.conformance}`,
    `Result: ${report.result}; the run took ${where.seconds.toFixed(1)} s`,
    `demos: ${count('passed')} passed, ${count('failed')} failed, ${count('broken')} broken, ${count('skipped')} skipped, ${count('not-supported')} not-supported`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}
