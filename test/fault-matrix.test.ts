// The fault matrix: every fault of the local gateway is caught by exactly the demos the table
// names, and by no surprise others; a healthy gateway passes everything (on a two-level PKI). Each row is a real CLI run
// against real nginx; every run's conformance-report.json must validate against the schema.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../harness/run/load-catalogue.ts';
import { FAULT_MATRIX, type MatrixRow } from '../harness/targets/local/fault-matrix.ts';
import { FAULTS } from '../harness/targets/local/faults.ts';
import { bound } from './support/bounds.ts';
import { permits } from '../harness/util/permits.ts';
import { runCliWithoutHtml } from './support/cli.ts';
import { readReport, schemaProblems } from './support/report-schema.ts';
import { scratchDir } from './support/scratch.ts';

const dir = scratchDir('mtls-conformance-matrix-');

// Three busy runs at a time on 2 cores. Rows whose change never shows spend most of their time
// waiting out the convergence window (polling lightly): they start first, beside the busy rows and
// taking no slot, or the three of them would hold every slot while the cores idle.
const slots = permits(3);
async function slot<T>(work: () => Promise<T>): Promise<T> {
  const release = await slots.take();
  try {
    return await work();
  } finally {
    release();
  }
}

const HEALTHY: MatrixRow = { faults: [], mustFail: [] };
/** Faults under which a control action never converges: those runs wait out the whole window. */
const WAITS: readonly string[] = ['no-crl', 'offboard-ignored', 'onboard-ignored'];
const DEFAULT_WINDOW_ROW = 'offboard-ignored';
const waitsFirst = (a: MatrixRow, b: MatrixRow): number => Number(b.faults.some((f) => WAITS.includes(f))) - Number(a.faults.some((f) => WAITS.includes(f)));
const printed: string[] = [];
afterAll(() => console.log(`fault matrix (fault -> demos that failed):\n${printed.sort().join('\n')}`));

describe('fault matrix', () => {
  it('names every fault in at least one row', () => {
    const covered = new Set(FAULT_MATRIX.flatMap((r) => r.faults));
    expect(Object.keys(FAULTS).filter((f) => !covered.has(f as keyof typeof FAULTS))).toEqual([]);
  });

  it.concurrent.each([HEALTHY, ...FAULT_MATRIX].sort(waitsFirst).map((r) => [r.faults.join(' + ') || '(healthy gateway)', r] as const))(
    '%s',
    async (label, row) => {
      const reportDir = join(dir, label.replace(/[^a-z0-9]+/gi, '-'));
      // A broken gateway must give verdicts, never time-outs. A change that never shows waits out
      // the whole convergence window: one such row keeps the default (30 s), proving the cases'
      // time-outs derive from it; the others wait 10 s (a healthy change shows in ~0.2 s).
      const waits = row.faults.some((f) => WAITS.includes(f));
      const window = waits && label !== DEFAULT_WINDOW_ROW ? ['--convergence-window', '10'] : [];
      // The healthy gateway runs on a two-level PKI (root -> issuing CA -> partners, who present
      // it): every demo passes there too; the broken ones on one level.
      const pki = row === HEALTHY ? ['--issuing-ca'] : [];
      const args = ['run', '--report-dir', reportDir, ...pki, ...window, ...row.faults.flatMap((f) => ['--fault', f])];
      const r = await (waits ? runCliWithoutHtml(args) : slot(() => runCliWithoutHtml(args)));
      const report = readReport(join(reportDir, 'conformance-report.json'));
      expect(schemaProblems(report)).toEqual([]);
      const failed = report.demos.filter((d) => d.result === 'failed').map((d) => d.id);
      printed.push(`${label.padEnd(28)} -> ${failed.join(', ') || '(none)'}`);
      expect(failed.sort(), `${label}: ${r.stdout.split('\n').filter((l) => /FAIL|failed:/.test(l)).join('\n')}`).toEqual([...row.mustFail].sort());
      expect(report.demos.map((d) => d.id)).toEqual((await loadCatalogue()).ids);
      const notPassed = report.demos.filter((d) => d.result !== 'failed' && d.result !== 'passed');
      expect(notPassed.map((d) => `${d.id}: ${d.result}: ${d.cases.filter((c) => c.result !== 'passed').map((c) => c.reason).join('; ')}`), label).toEqual([]);
      expect(r.code).toBe(row.mustFail.length > 0 ? 1 : 0);
      expect(report.result).toBe(row.mustFail.length > 0 ? 'failure' : 'success');
      const reasons = report.demos.flatMap((d) => d.cases).map((c) => c.reason ?? '');
      expect(reasons.filter((x) => /timed out/i.test(x)), 'a case timed out instead of giving a verdict').toEqual([]);
      for (const d of report.demos.filter((x) => x.result === 'failed')) expect(d.cases.some((c) => c.result === 'failed' && c.reason), `${d.id} failed without a reason`).toBe(true);
      // A gate's reader is told what to fix: every failed case names its likely cause.
      const unexplained = report.demos.flatMap((d) => d.cases.filter((c) => c.result === 'failed' && !c.fix).map((c) => `${d.id}: ${c.name}`));
      expect(unexplained, `${label}: failed cases without a likely cause`).toEqual([]);
      // A gateway that resumes pre-revocation sessions (as Kong does across `kong reload`) is told what fixes it.
      // An audit log that names a partner for a refused impostor says so, with what fixes it.
      if (row.faults.includes('verify-optional')) {
        const failed = report.demos.find((d) => d.id === 'audit-log')!.cases.find((c) => c.result === 'failed');
        expect(`${failed?.reason} / ${failed?.fix}`).toMatch(/credits a request the gateway refused to a partner \/ .*only from a verified certificate/);
      }
      if (row.faults.includes('session-cache-shared')) {
        const why = report.demos.find((d) => d.id === 'session-resumption')!.cases.map((c) => `${c.reason} / ${c.fix}`).join(' ');
        expect(why).toMatch(/resumed and let in.*put a new CRL in force with a restart .*not `kong reload`/);
      }
    },
    // Rows queue for a slot, and a row whose change never shows waits out the 30 s window.
    bound(600_000),
  );
});
