// cert-lifecycle's rule comes from the command line: --max-validity-days reaches the demo, its
// verdict says what to change, and the re-run line carries the flag; a bad value is exit 2.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliWithoutHtml } from './support/cli.ts';
import { readReport } from './support/report-schema.ts';
import { bound } from './support/bounds.ts';
import { scratchDir } from './support/scratch.ts';

const dir = scratchDir('mtls-conformance-lifecycle-');

describe('--max-validity-days', () => {
  it('holds the 90-day certificates of the local gateway to 30 days: they fail, saying what to change', async () => {
    const reportDir = join(dir, 'thirty');
    const r = await runCliWithoutHtml(['run', '--only', 'cert-lifecycle', '--max-validity-days', '30', '--report-dir', reportDir]);
    expect(r.code, r.stdout.slice(-2000)).toBe(1);
    const report = readReport(join(reportDir, 'conformance-report.json'));
    const cases = report.demos[0]!.cases;
    const failed = cases.filter((c) => c.result === 'failed');
    // Every certificate's case fails; the cert-manager Certificates' case has nothing to read on local.
    expect(cases.filter((c) => c.result !== 'failed').map((c) => c.result)).toEqual(['not-supported']);
    expect(failed.length).toBe(cases.length - 1);
    for (const c of failed) expect(`${c.reason} / ${c.fix}`).toMatch(/is valid for 90\.\d days .*more than 30 \/ it is issued for longer than 30 days: (re-)?issue it for at most 30 days \(cert-manager: spec\.duration 720h or less/);
    expect(report.reproduce).toContain('--max-validity-days 30');
  }, bound(60_000));

  it('refuses a value that is not a whole number of days, with one line', async () => {
    const r = await runCliWithoutHtml(['run', '--only', 'cert-lifecycle', '--max-validity-days', 'ninety', '--report-dir', join(dir, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--max-validity-days/);
  }, bound(30_000));
});
