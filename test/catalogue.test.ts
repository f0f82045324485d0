// No result can fall out of the verdict: the catalogue is read from the suite files' own
// declarations, so a new declared demo joins it by existing (and its failure fails the run), and a
// suite file that declares nothing still fails the run. Checked in a temp copy of the project with
// one extra suite file each time (and only missing-cert besides, to stay quick).
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../harness/run/load-catalogue.ts';
import { ROOT } from './support/cli.ts';
import { bound } from './support/bounds.ts';
import { rm } from 'node:fs/promises';
import { REMOVAL_MS } from './support/scratch.ts';

const copies: string[] = [];
afterAll(() => Promise.all(copies.map((d) => rm(d, { recursive: true, force: true }))), REMOVAL_MS);

function projectWith(extra: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-conformance-copy-'));
  copies.push(dir);
  for (const f of ['harness', 'scripts', 'fixtures', 'schemas', 'suites/support']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  for (const f of ['package.json', 'vitest.config.ts', 'tsconfig.json', 'suites/missing-cert.test.ts']) cpSync(join(ROOT, f), join(dir, f));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, 'suites', name), text);
  return dir;
}

function run(dir: string, args: string[] = []): { code: number | null; stdout: string; report: { result: string; demos: { id: string; result: string; cases: { reason?: string }[] }[] } } {
  const r = spawnSync(process.execPath, [join(dir, 'scripts/mtls-conformance.mjs'), 'run', '--report-dir', join(dir, 'reports'), ...args], { cwd: dir, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, report: JSON.parse(readFileSync(join(dir, 'reports/conformance-report.json'), 'utf8')) };
}

const DECLARED = `import { expect } from 'vitest';
import { defineDemo } from './support/demo.ts';
export const demo = defineDemo({ id: 'extra-demo', order: 99, seed: 'test', checks: 'fails on purpose', needs: [], requests: () => ({}) }, (d) => {
  d.case('fails', async () => { expect(1, 'the extra demo fails').toBe(2); });
});
`;
const UNDECLARED = `import { describe, expect, it } from 'vitest';
describe('stray', () => { it('fails', () => { expect(1, 'the stray suite fails').toBe(2); }); });
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
    const dir = projectWith({ 'extra-demo.test.ts': DECLARED });
    const { code, stdout, report } = run(dir, ['--only', 'extra-demo']);
    expect(report.demos.map((d) => [d.id, d.result])).toEqual([['extra-demo', 'failed']]);
    expect(code, stdout).toBe(1);
  }, bound(90_000));

  it('a suite file that declares no demo fails the run, even when everything else passes', () => {
    const dir = projectWith({ 'stray.test.ts': UNDECLARED });
    const { code, stdout, report } = run(dir);
    const stray = report.demos.find((d) => d.id === 'stray');
    expect(stray?.result, stdout).toBe('failed');
    expect(stray?.cases[0]?.reason).toMatch(/not in the catalogue/);
    expect(report.demos.find((d) => d.id === 'missing-cert')?.result).toBe('passed');
    expect(report.result).toBe('failure');
    expect(stdout).toMatch(/suites\/stray\.test\.ts declares no demo/);
    expect(code).toBe(1);
  }, bound(90_000));
});
