// The fault matrix: every fault of the local gateway is caught by exactly the demos the table
// names, and by no surprise others; a healthy gateway passes everything. Each row is a real CLI run
// against real nginx; every run's conformance-report.json must validate against the schema.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../harness/run/load-catalogue.ts';
import { FAULT_MATRIX, type MatrixRow } from '../harness/targets/local/fault-matrix.ts';
import { FAULTS } from '../harness/targets/local/faults.ts';
import { runCli } from './support/cli.ts';
import { readReport, schemaProblems } from './support/report-schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'mtls-conformance-matrix-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two runs at a time: each run is one nginx and one vitest; more would only queue on 2 cores.
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const HEALTHY: MatrixRow = { faults: [], mustFail: [] };
const printed: string[] = [];
afterAll(() => console.log(`fault matrix (fault -> demos that failed):\n${printed.sort().join('\n')}`));

describe('fault matrix', () => {
  it('names every fault in at least one row', () => {
    const covered = new Set(FAULT_MATRIX.flatMap((r) => r.faults));
    expect(Object.keys(FAULTS).filter((f) => !covered.has(f as keyof typeof FAULTS))).toEqual([]);
  });

  it.concurrent.each([HEALTHY, ...FAULT_MATRIX].map((r) => [r.faults.join(' + ') || '(healthy gateway)', r] as const))(
    '%s',
    async (label, row) => {
      const reportDir = join(dir, label.replace(/[^a-z0-9]+/gi, '-'));
      const args = ['run', '--report-dir', reportDir, '--convergence-window', '2', ...row.faults.flatMap((f) => ['--fault', f])];
      const r = await slot(() => runCli(args));
      const report = readReport(join(reportDir, 'conformance-report.json'));
      expect(schemaProblems(report)).toEqual([]);
      const failed = report.demos.filter((d) => d.result === 'failed').map((d) => d.id);
      printed.push(`${label.padEnd(28)} -> ${failed.join(', ') || '(none)'}`);
      expect(failed.sort(), `${label}: ${r.stdout.split('\n').filter((l) => /FAIL|failed:/.test(l)).join('\n')}`).toEqual([...row.mustFail].sort());
      expect(report.demos.map((d) => d.id)).toEqual((await loadCatalogue()).ids);
      expect(report.demos.filter((d) => d.result !== 'failed').every((d) => d.result === 'passed')).toBe(true);
      expect(r.code).toBe(row.mustFail.length > 0 ? 1 : 0);
      expect(report.result).toBe(row.mustFail.length > 0 ? 'failure' : 'success');
    },
    180_000,
  );
});
