// allure-vitest names a result after its file's path relative to the nearest package.json above
// the current directory, and Allure keys a case's history on that name: the same case run from
// another directory (a partner's checkout, /tmp, a CI workspace) was a new test, and a report dir
// shared by such runs lost its trend. Every result is named here as a run from this package's own
// root names it, whatever directory the CLI was started in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestResult } from 'allure-js-commons';
import { getTestResultHistoryId, getTestResultTestCaseId, md5 } from 'allure-js-commons/sdk/reporter';
import { PACKAGE_ROOT } from '../util/package-root.ts';

const PROJECT = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string }).name;
/** The suite file at the end of the path part of a full name ("<project>:<path>#<titles>" or "<path>#<titles>"). */
const SUITE_FILE = /(?:^|[/:])(suites\/[^/:]+\.test\.[jt]s)$/;

/** The result named from the package root: full name, test case id, history id and the labels made from them. */
export function canonicalIdentity(r: TestResult): TestResult {
  const hash = r.fullName?.indexOf('#') ?? -1;
  if (!r.fullName || hash < 0) return r;
  const file = SUITE_FILE.exec(r.fullName.slice(0, hash))?.[1];
  if (!file) return r;
  const titles = r.fullName.slice(hash);
  const fullName = `${PROJECT}:${file}${titles}`;
  if (fullName === r.fullName) return r;
  const named: TestResult = { ...r, fullName, testCaseId: undefined, historyId: undefined };
  named.testCaseId = getTestResultTestCaseId(named);
  named.historyId = getTestResultHistoryId(named);
  named.labels = r.labels.map((l) => {
    if (l.name === 'package') return { ...l, value: [PROJECT, ...file.split('/')].join('.') };
    if (l.name === '_fallbackTestCaseId') return { ...l, value: md5(`${file}${titles}`) };
    return l;
  });
  return named;
}
