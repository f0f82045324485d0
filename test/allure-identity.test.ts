// A case keeps one Allure identity wherever the CLI was started: from the package root, from a
// partner's project (where the package sits in node_modules), or from a folder with no package.json.
import type { TestResult } from 'allure-js-commons';
import { getTestResultHistoryId, getTestResultTestCaseId, md5 } from 'allure-js-commons/sdk/reporter';
import { describe, expect, it } from 'vitest';
import { canonicalIdentity } from '../harness/report/allure-identity.ts';

const TITLES = '#missing-cert a request without a client certificate is refused';

/** A result as allure-vitest makes it when the suite file's path, seen from the start directory, is `path`. */
function asNamed(path: string, project?: string): TestResult {
  const fullName = `${project ? `${project}:` : ''}${path}${TITLES}`;
  const r = { uuid: 'u', name: 'a request without a client certificate is refused', fullName, parameters: [{ name: 'target', value: 'local' }], labels: [{ name: 'feature', value: 'missing-cert' }, { name: 'package', value: [project ?? '', ...path.split('/')].filter(Boolean).join('.') }, { name: '_fallbackTestCaseId', value: md5(`${path}${TITLES}`) }] } as unknown as TestResult;
  r.testCaseId = getTestResultTestCaseId(r);
  r.historyId = getTestResultHistoryId(r);
  return r;
}

describe('canonicalIdentity', () => {
  const fromRoot = asNamed('suites/missing-cert.test.ts', 'mtls-conformance');

  it('leaves a result named from the package root as it is', () => {
    expect(canonicalIdentity(fromRoot)).toBe(fromRoot);
  });

  it.each([
    ['a folder with no package.json (/tmp)', asNamed('../work/main/suites/missing-cert.test.ts')],
    ["a partner's project", asNamed('node_modules/mtls-conformance/suites/missing-cert.test.ts', 'partner-app')],
  ])('names a run started from %s as the package root does', (_from, r) => {
    const named = canonicalIdentity(r);
    expect(r.historyId).not.toBe(fromRoot.historyId);
    for (const k of ['fullName', 'testCaseId', 'historyId', 'labels'] as const) expect(named[k]).toEqual(fromRoot[k]);
    expect(named.name).toBe(r.name);
  });

  it('keeps the parameters in the history id: another target is another history', () => {
    const other = asNamed('../x/suites/missing-cert.test.ts');
    other.parameters = [{ name: 'target', value: 'kind' }];
    other.historyId = undefined;
    other.historyId = getTestResultHistoryId(other);
    const named = canonicalIdentity(other);
    expect(named.testCaseId).toBe(fromRoot.testCaseId);
    expect(named.historyId).not.toBe(fromRoot.historyId);
  });
});
