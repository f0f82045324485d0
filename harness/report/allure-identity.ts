// Allure keys a case's history on its full name, so a case is named here from this package's root,
// whatever directory the CLI was started in: the same case run from a partner's project, /tmp or a
// CI workspace stays one test, and a report dir shared by such runs keeps its trend. The names are
// the ones earlier versions gave a run from the package root, so histories written before go on.
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Label } from 'allure-js-commons';
import { md5 } from 'allure-js-commons/sdk/reporter';
import type { Test } from '@vitest/runner';
import { PACKAGE_ROOT } from '../util/package-root.ts';

const PROJECT = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string }).name;

/** The describe blocks around a case, outermost first. */
export function suitePath(test: Test): string[] {
  const path: string[] = [];
  for (let s = test.suite; s && s !== test.file && s.name; s = s.suite) path.unshift(s.name);
  return path;
}

export interface Identity {
  fullName: string;
  titlePath: string[];
  /** The package and fallback test-case-id labels made from the name. */
  labels: Label[];
}

/** A case of a suite file named from the package root: "<project>:suites/<file>#<describe ...> <case>". */
export function identityOf(filepath: string, suites: readonly string[], name: string): Identity {
  const file = relative(PACKAGE_ROOT, filepath).split(sep).join('/');
  const titles = `#${[...suites, name].join(' ')}`;
  return {
    fullName: `${PROJECT}:${file}${titles}`,
    titlePath: [...file.split('/'), ...suites],
    labels: [
      { name: '_fallbackTestCaseId', value: md5(`${file}${titles}`) },
      { name: 'package', value: [PROJECT, ...file.split('/')].join('.') },
    ],
  };
}
