// The vendor facades (harness/vendor/) as npm run build leaves them in dist/: each one file that
// gives what its source gives, loading no package from node_modules. Read in a plain node, as the
// CLI loads them (vitest would load the sources).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { vendorFacades } from '../scripts/bundle-vendor.mjs';
import { ROOT } from './support/cli.ts';

const FACADES = vendorFacades(ROOT);
const BUILTIN = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

interface Loaded {
  /** The names each file exports, by file. */
  names: Record<string, string[]>;
  /** What the files required at load that is not a Node built-in (through CommonJS's resolver, which ESM bundles' require also uses). */
  packages: string[];
}

/** Load the files in a plain node, as the CLI does: `import()` for ESM, require for CommonJS. */
function loadInPlainNode(files: string[]): Loaded {
  const script = `const { createRequire, builtinModules } = await import('node:module'); const Module = createRequire(import.meta.url)('node:module');
const builtin = new Set(builtinModules.flatMap((m) => [m, 'node:' + m])); const packages = []; const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { if (!builtin.has(request)) packages.push(request); return resolve.call(this, request, ...rest); };
const req = createRequire(import.meta.url); const names = {};
for (const f of ${JSON.stringify(files)}) { const loaded = f.endsWith('.cjs') ? req(f) : await import(f); names[f] = Object.keys(loaded).sort(); }
console.log(JSON.stringify({ names, packages: packages.filter((p) => !${JSON.stringify(files)}.includes(p)) }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Loaded;
}

describe('vendor bundles', () => {
  it('names the facades the build bundles', () => {
    expect(FACADES.map((f) => basename(f.source)).sort()).toEqual(['allure-reporter.ts', 'asn1.cjs', 'undici.cjs', 'vitest-runner.ts', 'x509.ts', 'yaml.cjs']);
  });

  it('each bundle exports what its facade does, and requires no package', async () => {
    const bundled = loadInPlainNode(FACADES.map((f) => f.out));
    const load = createRequire(import.meta.url);
    for (const f of FACADES) {
      const source = f.format === 'cjs' ? (load(f.source) as object) : ((await import(pathToFileURL(f.source).href)) as object);
      expect(bundled.names[f.out], basename(f.source)).toEqual(Object.keys(source).sort());
    }
    expect(bundled.packages).toEqual([]);
  });

  // An ESM bundle's own imports and re-exports stand at the start of a line.
  it('each ESM bundle imports nothing but Node built-ins', () => {
    for (const f of FACADES.filter((x) => x.format === 'esm')) {
      const specifiers = [...readFileSync(f.out, 'utf8').matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm)].map((m) => m[1]!);
      expect(specifiers.filter((s) => !BUILTIN.has(s)), basename(f.out)).toEqual([]);
    }
  });
});
