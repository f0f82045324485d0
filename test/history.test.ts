// The nightly trend builds only if each case keeps its history id from run to run: two runs into
// one report dir give two history points that know the same cases, onboarding (whose partner is
// named afresh each run) included.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, runCli } from './support/cli.ts';
import { bound } from './support/bounds.ts';
import { scratchDir } from './support/scratch.ts';

const dir = scratchDir('mtls-conformance-history-');
// A directory with no package.json above it, to start the second run from.
const elsewhere = scratchDir('mtls-conformance-cwd-');

it('two runs into the same report dir share every case\'s history id, also when started from another directory', async () => {
  const reports = join(dir, 'nightly');
  // The second run starts elsewhere (no package.json above it): Allure's names must not follow the directory.
  for (const cwd of [ROOT, elsewhere]) {
    const r = await runCli(['run', '--only', 'onboarding,valid-cert,tls-versions', '--report-dir', reports], {}, cwd);
    expect(r.code, r.stdout.slice(-1500)).toBe(0);
  }
  const points = readFileSync(join(reports, 'history', 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { timestamp: number; testResults: Record<string, { name: string }> });
  expect(points).toHaveLength(2);
  const [first, second] = points.map((p) => Object.keys(p.testResults).sort());
  expect(second).toEqual(first);
  expect(Object.values(points[1]!.testResults).map((t) => t.name)).toContain('a partner onboarded mid-run gets in without a restart');
  expect(points[1]!.timestamp).toBeGreaterThan(points[0]!.timestamp);
}, bound(120_000));
