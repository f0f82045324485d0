#!/usr/bin/env node
// The `mtls-conformance` bin: runs the compiled CLI (dist/, built at npm ci/install) when it is as
// new as its sources; otherwise the TypeScript sources through tsx, so an edit is never run stale.
// Compiled, a run starts about a second sooner (tsx's loader hooks slow every import).
import { fileURLToPath } from 'node:url';
import { freshBuild } from './fresh-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const compiled = freshBuild(root);
if (!compiled) {
  const { register } = await import('tsx/esm/api');
  register();
}
const [from, ext] = compiled ? ['../dist/', 'js'] : ['../', 'ts'];
// A run's Allure report is written by a worker that takes most of a second to load: it starts
// before the CLI itself loads (main.ts stops it when the run does not begin or writes no report).
const reports = ['run', 'verify'].includes(argv[0] ?? '') && !argv.includes('--no-html-report');
const allure = reports ? (await import(`${from}harness/report/allure-generator.${ext}`)).startAllureGenerator() : undefined;
const { main } = await import(`${from}scripts/cli/main.${ext}`);
process.exitCode = await main(argv, { allure });
