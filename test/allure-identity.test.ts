// A case keeps one Allure identity wherever the CLI was started (test/history.test.ts runs it from
// two directories), and the one the reports of earlier versions gave it: a nightly's history goes on.
import { join } from 'node:path';
import type { TestResult } from 'allure-js-commons';
import { getTestResultHistoryId, getTestResultTestCaseId } from 'allure-js-commons/sdk/reporter';
import { describe, expect, it } from 'vitest';
import { identityOf } from '../harness/report/allure-identity.ts';
import { PACKAGE_ROOT } from '../harness/util/package-root.ts';

const FILE = join(PACKAGE_ROOT, 'suites', 'rate-limit.test.ts');
const NAME = 'a partner gets exactly its quota, then 429, and another is unaffected';

describe('identityOf', () => {
  const id = identityOf(FILE, ['rate-limit'], NAME);

  it('names a case from the package root, as the reports of earlier versions did', () => {
    expect(id.fullName).toBe(`mtls-conformance:suites/rate-limit.test.ts#rate-limit ${NAME}`);
    expect(id.titlePath).toEqual(['suites', 'rate-limit.test.ts', 'rate-limit']);
    expect(id.labels).toEqual([
      { name: '_fallbackTestCaseId', value: 'ef3c4d73e5cefc39a94b3b92f5959d26' },
      { name: 'package', value: 'mtls-conformance.suites.rate-limit.test.ts' },
    ]);
    // The test case id and history id an earlier version's local run wrote for this case.
    const r = { fullName: id.fullName, parameters: [{ name: 'target', value: 'local' }, { name: 'oracle', value: 'kong-oss' }, { name: 'partners', value: 'quota-probe-a (5/min), quota-probe-b (8/min)' }] } as TestResult;
    expect(getTestResultTestCaseId(r)).toBe('c6081ab95ca7c1d1b5c129f037ba2d46');
    expect(getTestResultHistoryId(r)).toBe('c6081ab95ca7c1d1b5c129f037ba2d46:4a901ae122e7d1b42bcbdeb09598f250');
  });

  it('keeps the parameters in the history id: another target is another history', () => {
    const on = (target: string): string => getTestResultHistoryId({ fullName: id.fullName, parameters: [{ name: 'target', value: target }] } as TestResult);
    expect(on('kind')).not.toBe(on('local'));
    expect(on('kind').split(':')[0]).toBe(on('local').split(':')[0]);
  });
});
