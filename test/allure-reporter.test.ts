// The Allure results of a suite file, as the run judged its cases: what a case's steps recorded,
// the run's verdict over @vitest/runner's (a known failure is skipped, with its own resultState),
// and a demo whose hooks threw as a result of its own, with the reason and the fix.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestResult } from 'allure-js-commons';
import type { File } from '@vitest/runner';
import { describe, expect, it } from 'vitest';
import { AllureReporter } from '../harness/report/allure-reporter.ts';
import { PACKAGE_ROOT } from '../harness/util/package-root.ts';
import { scratchDir } from './support/scratch.ts';

const feature = { type: 'metadata', data: { labels: [{ name: 'feature', value: 'revoked-cert' }] } };
const demo = {
  type: 'suite',
  name: 'revoked-cert',
  tasks: [
    { type: 'test', mode: 'run', name: 'a revoked partner is refused', result: { state: 'pass', startTime: 1, duration: 5 }, meta: { allureRuntimeMessages: [feature] } },
    { type: 'test', mode: 'run', name: 'a revoked partner stays refused', result: { state: 'fail', errors: [{ name: 'AssertionError', message: 'let in' }] }, meta: { allureRuntimeMessages: [feature] } },
  ],
};
const file = { type: 'suite', filepath: join(PACKAGE_ROOT, 'suites', 'revoked-cert.test.ts'), tasks: [demo] } as unknown as File;
for (const t of demo.tasks) Object.assign(t, { suite: demo, file });
Object.assign(demo, { file, suite: file });

describe('the Allure results of a suite file', () => {
  const dir = scratchDir('mtls-conformance-allure-');
  const known = scratchDir('mtls-conformance-allure-known-');
  new AllureReporter({ resultsDir: dir }).onFileEnd(file, [
    { demo: 'revoked-cert', name: 'a revoked partner is refused', result: 'passed' },
    { demo: 'revoked-cert', name: 'a revoked partner stays refused', result: 'known-failure', reason: 'listed until 2099-01-01' },
    { demo: 'revoked-cert', name: '(suite file)', result: 'broken', reason: 'the CRL could not be published', fix: 'check the CA' },
  ]);
  const results = readdirSync(dir).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as TestResult);
  const named = (name: string): TestResult => results.find((r) => r.name === name)!;
  const label = (r: TestResult, name: string): string | undefined => r.labels.find((l) => l.name === name)?.value;

  it('writes each case with what it recorded, as the run judged it', () => {
    expect(results).toHaveLength(3);
    const passed = named('a revoked partner is refused');
    expect([passed.status, label(passed, 'feature'), passed.fullName]).toEqual(['passed', 'revoked-cert', 'mtls-conformance:suites/revoked-cert.test.ts#revoked-cert a revoked partner is refused']);
    const known = named('a revoked partner stays refused');
    expect([known.status, known.statusDetails.message, label(known, 'resultState')]).toEqual(['skipped', 'listed until 2099-01-01', 'known-failure']);
  });

  it('writes a demo whose hooks threw as a broken result with its reason and fix', () => {
    const hooks = named('(suite file)');
    expect([hooks.status, hooks.statusDetails.message, label(hooks, 'feature'), hooks.fullName]).toEqual(['broken', 'the CRL could not be published\nfix: check the CA', 'revoked-cert', 'mtls-conformance:suites/revoked-cert.test.ts#revoked-cert (suite file)']);
  });

  it('writes such a result that --expect-failures lists as the known failure the run judged it', () => {
    new AllureReporter({ resultsDir: known }).onFileEnd({ ...file, tasks: [] } as File, [{ demo: 'revoked-cert', name: '(suite file)', result: 'known-failure', reason: 'known failure until 2099-01-01 (no CRL yet): hooks threw' }]);
    const [r] = readdirSync(known).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(known, f), 'utf8')) as TestResult);
    expect([r!.status, label(r!, 'resultState'), r!.statusDetails.message]).toEqual(['skipped', 'known-failure', 'known failure until 2099-01-01 (no CRL yet): hooks threw']);
  });
});
