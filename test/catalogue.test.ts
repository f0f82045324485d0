// No result can fall out of the verdict: the catalogue is read from the suite files' own
// declarations, so a new declared demo joins it by existing (and its failure fails the run), and a
// suite file that declares nothing still fails the run. Checked in a built temp copy of the project
// with one extra suite file of each kind (and only missing-cert besides, to stay quick).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../harness/run/load-catalogue.ts';
import { ROOT } from './support/cli.ts';
import { builtCopy } from './support/project-copy.ts';
import { bound } from './support/bounds.ts';
import { rm } from 'node:fs/promises';
import { REMOVAL_MS } from './support/scratch.ts';

const copies: string[] = [];
afterAll(() => Promise.all(copies.map((d) => rm(d, { recursive: true, force: true }))), REMOVAL_MS);

/** One copy of the project, built, with a declared extra demo and a stray suite file (and only missing-cert besides, to stay quick). */
let copy: string | undefined;
function project(): string {
  if (copy) return copy;
  const suites = readdirSync(join(ROOT, 'suites')).filter((f) => f.endsWith('.test.ts') && f !== 'missing-cert.test.ts');
  copy = builtCopy({ 'suites/extra-demo.test.ts': DECLARED, 'suites/stray.test.ts': UNDECLARED });
  for (const f of suites) rmSync(join(copy, 'dist', 'suites', f.replace(/\.ts$/, '.js')));
  copies.push(copy);
  return copy;
}

function run(dir: string, args: string[] = []): { code: number | null; stdout: string; report: { result: string; demos: { id: string; result: string; cases: { reason?: string }[] }[] } } {
  const reports = args.includes('--report-dir') ? args[args.indexOf('--report-dir') + 1]! : join(dir, 'reports');
  const r = spawnSync(process.execPath, [join(dir, 'scripts/mtls-conformance.mjs'), 'run', '--no-html-report', '--report-dir', reports, ...args.filter((a, i) => a !== '--report-dir' && args[i - 1] !== '--report-dir')], { cwd: dir, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, report: JSON.parse(readFileSync(join(reports, 'conformance-report.json'), 'utf8')) };
}

const DECLARED = `import { holdsEqual } from './support/holds.ts';
import { defineDemo } from './support/demo.ts';
export const demo = defineDemo({ id: 'extra-demo', order: 99, checks: 'fails on purpose', needs: [], requests: () => ({}) }, (d) => {
  d.case('fails', async () => { holdsEqual(1, 2, 'the extra demo'); });
});
`;
const UNDECLARED = `import { describe, it } from '@vitest/runner';
import { holdsEqual } from './support/holds.ts';
describe('stray', () => { it('fails', () => { holdsEqual(1, 2, 'the stray suite'); }); });
`;

describe('the catalogue comes from the suites', () => {
  it('lists every suite file of this project, each declared once, ids unique', async () => {
    const c = await loadCatalogue();
    expect(c.problems).toEqual([]);
    expect(new Set(c.ids).size).toBe(c.ids.length);
    expect(Object.keys(c.files).sort()).toEqual([...c.ids].sort());
    expect(c.ids).toContain('missing-cert');
    for (const d of c.demos) expect(d.checks.length, d.id).toBeGreaterThan(10);
  });

  it('a new declared demo joins the catalogue, runs, and its failure fails the run', () => {
    const { code, stdout, report } = run(project(), ['--only', 'extra-demo']);
    expect(report.demos.map((d) => [d.id, d.result])).toEqual([['extra-demo', 'failed']]);
    expect(code, stdout).toBe(1);
  }, bound(90_000));

  it('a suite file that declares no demo fails the run, even when everything else passes', () => {
    const { code, stdout, report } = run(project(), ['--report-dir', join(project(), 'reports-all')]);
    const stray = report.demos.find((d) => d.id === 'stray');
    expect(stray?.result, stdout).toBe('failed');
    expect(stray?.cases[0]?.reason).toMatch(/not in the catalogue/);
    expect(report.demos.find((d) => d.id === 'missing-cert')?.result).toBe('passed');
    expect(report.result).toBe('failure');
    expect(stdout).toMatch(/suites\/stray\.test\.ts declares no demo/);
    expect(code).toBe(1);
  }, bound(90_000));
});
