// Which suite files a run imports, in the order it starts them: the sources' paths name them in
// the reports; the CLI from dist/ imports their compiled files (the sources through tsx otherwise).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunCatalogue } from '../run-catalogue.ts';
import { SUITES_DIR } from '../load-catalogue.ts';
import { PACKAGE_ROOT } from '../../util/package-root.ts';
import type { SuiteFile } from './runner.ts';

const COMPILED = import.meta.url.endsWith('.js');

/** Suite files that declare no demo: a whole run runs them too, and their results fail it (rollup.ts). */
function undeclared(catalogue: RunCatalogue): string[] {
  const declared = new Set(Object.values(catalogue.files));
  // Where the catalogue was read from (compiled: dist/suites), named by their sources.
  return readdirSync(SUITES_DIR)
    .filter((f) => /\.test\.(ts|js)$/.test(f))
    .map((f) => `suites/${f.replace(/\.js$/, '.ts')}`)
    .filter((f) => !declared.has(f))
    .sort();
}

/**
 * One after another (someone else's gateway): catalogue order, rate-limit last, so that valid partners
 * are let in before any refusal needs a positive control and no other demo spends a quota while
 * rate-limit judges it. Side by side: the demos declared to start first, then catalogue order, the
 * order in which they ask for their lease (which starts them by rank, then that order).
 */
export function suiteFiles(catalogue: RunCatalogue, ids: readonly string[], o: { oneAtATime: boolean; all: boolean }): SuiteFile[] {
  const rank = (id: string): number => (o.oneAtATime ? (id === 'rate-limit' ? 1 : 0) : catalogue.first.includes(id) ? 0 : 1);
  const ordered = ids.map((id, i) => ({ id, i })).sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i);
  const files = [...ordered.map(({ id }) => catalogue.files[id]!), ...(o.all ? undeclared(catalogue) : [])];
  return files.map((file) => ({ path: join(PACKAGE_ROOT, file), module: join(PACKAGE_ROOT, ...(COMPILED ? ['dist', file.replace(/\.ts$/, '.js')] : [file])) }));
}
