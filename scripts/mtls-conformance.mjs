#!/usr/bin/env node
// The `mtls-conformance` bin: the compiled CLI in dist/, which `npm run build` writes (npm ci and
// npm pack run it; the published package ships it).
import { existsSync, readFileSync } from 'node:fs';

// Before anything else loads: on an older Node the first sign would be a stack trace from deep inside.
const needs = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node.replace(/^>=/, '');
const compare = (a, b) => { const [x, y] = [a, b].map((v) => v.split('.').map(Number)); return x[0] - y[0] || x[1] - y[1] || (x[2] ?? 0) - (y[2] ?? 0); };
if (compare(process.versions.node, needs) < 0) {
  process.stderr.write(`mtls-conformance: needs Node.js ${needs} or newer, and this is v${process.versions.node}: install a newer Node.js (nodejs.org, or your system's packages)\n`);
  process.exit(3);
}

const main = new URL('../dist/scripts/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('mtls-conformance: the CLI is not built (no dist/): run `npm run build` in this folder (npm ci does it)\n');
  process.exit(2);
}
process.exitCode = await (await import(main.href)).main(process.argv.slice(2));
