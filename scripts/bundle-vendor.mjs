// Part of `npm run build`: each vendor facade (harness/vendor/) compiled to dist/ becomes one file
// holding the packages it re-exports and all their dependencies. Node's module loader spends most
// of a short run's start on the ~400 files those packages are made of (resolving, reading and
// compiling each); as one file each they load in a third of the time. A facade imports packages
// only: a module of ours inside a bundle would be a second copy of it, with its own state.
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';

// An ESM bundle that holds CommonJS code may require Node's built-ins, which ESM has no require for.
const ESM_BANNER = "import { createRequire as __vendorRequire } from 'node:module'; const require = __vendorRequire(import.meta.url);";

/** The facades: .ts ones become ESM (dist/.../x.js, over tsc's copy), .cjs ones CommonJS (loaded with require). */
export function vendorFacades(root) {
  const dir = join(root, 'harness', 'vendor');
  return readdirSync(dir)
    .filter((f) => /\.(ts|cjs)$/.test(f))
    .map((f) => ({ source: join(dir, f), format: f.endsWith('.cjs') ? 'cjs' : 'esm', out: join(root, 'dist', 'harness', 'vendor', f.replace(/\.ts$/, '.js')) }));
}

export async function bundleVendor(root) {
  for (const f of vendorFacades(root)) {
    const result = await build({
      entryPoints: [f.source],
      outfile: f.out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: f.format,
      // The packages' ESM builds where they have one: an ESM bundle re-exports their names statically.
      mainFields: f.format === 'esm' ? ['module', 'main'] : ['main', 'module'],
      banner: f.format === 'esm' ? { js: ESM_BANNER } : {},
      metafile: true,
      logLevel: 'error',
      // Facades are small and their packages' code is theirs: nothing to gain from a source map.
      sourcemap: false,
    });
    const ours = Object.keys(result.metafile.inputs).filter((i) => !i.includes('node_modules/') && join(root, i) !== f.source);
    if (ours.length > 0) throw new Error(`${relative(root, f.source)} bundles modules of this project (${ours.join(', ')}): a vendor facade imports packages only`);
    // tsc's source map of the facade it compiled: the bundle replaced that file.
    rmSync(`${f.out}.map`, { force: true });
    if (result.warnings.length > 0) throw new Error(`${relative(root, f.source)}: esbuild warned: ${result.warnings.map((w) => w.text).join('; ')}`);
  }
}
