#!/usr/bin/env node
// The `mtls-conformance` bin: the compiled CLI in dist/, which `npm run build` writes (npm ci and
// npm pack run it; the published package ships it).
import { existsSync } from 'node:fs';

const main = new URL('../dist/scripts/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('mtls-conformance: the CLI is not built (no dist/): run `npm run build` in this folder (npm ci does it)\n');
  process.exit(2);
}
process.exitCode = await (await import(main.href)).main(process.argv.slice(2));
