#!/usr/bin/env node
// The `mtls-conformance` bin: runs the compiled CLI (dist/, built at npm ci/install) when it is as
// new as its sources; otherwise the TypeScript sources through tsx, so an edit is never run stale.
// Compiled, a run starts about a second sooner (tsx's loader hooks slow every import, vitest's too).
import { fileURLToPath } from 'node:url';
import { freshBuild } from './fresh-build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
let main;
if (freshBuild(root)) {
  ({ main } = await import('../dist/scripts/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
