// A compiled CLI (dist/) runs the demos' own files as they are (suites/*.test.ts: their names are
// what reports and history know them by), but what they import from the harness and
// suites/support comes from dist/ as plain JavaScript that Node loads itself. Through vite's
// transform, one module at a time over the worker's RPC, those imports were most of a short run's
// vitest time (a single demo: 0.9 s of vitest, 0.5 s with this).
import { dirname, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

/** Set by the CLI when it runs from dist/ (a fresh build); vitest.config.ts reads it. */
export const COMPILED_RUN_ENV = 'MTLS_COMPILED_RUN';

export function compiledRun(): boolean {
  return process.env[COMPILED_RUN_ENV] === '1';
}

/** The dist/ file a relative `.ts` import of a suite file stands for, if it is harness or support code. */
export function distTarget(root: string, source: string, importer: string): string | undefined {
  if (!source.startsWith('.') || !source.endsWith('.ts')) return undefined;
  const from = relative(root, importer).split(sep);
  if (from.length !== 2 || from[0] !== 'suites') return undefined;
  const to = relative(root, resolve(dirname(importer), source)).split(sep);
  if (to[0] !== 'harness' && !(to[0] === 'suites' && to[1] === 'support')) return undefined;
  return resolve(root, 'dist', ...to).replace(/\.ts$/, '.js');
}

export function suitesImportDist(root: string): Plugin {
  return {
    name: 'mtls-conformance:suites-import-dist',
    enforce: 'pre',
    resolveId: (source, importer) => (importer ? distTarget(root, source, importer) : undefined),
  };
}

/** dist/ modules are Node's to load, not vite's to transform. */
export const DIST_EXTERNAL = /\/dist\/(harness|suites)\//;
