// Where the package lives and what it is called: for the bin, the runner's root and the reports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../harness/util/package-root.ts';

export const ROOT = PACKAGE_ROOT;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
export const PKG = { name: pkg.name, version: pkg.version };
