// Reading the catalogue from the suite files' own declarations. Each suites/*.test.ts is imported
// with the catalogue flag set, so defineDemo returns its declaration without registering a test.
// A suite file that declares no demo is an error the run reports, never something it skips.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CATALOGUE_ONLY, type DemoDeclaration } from '../core/demo.ts';
export const SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));

export interface Catalogue {
  demos: DemoDeclaration[];
  ids: string[];
  /** The suite file (relative to the package) that declares each demo. */
  files: Record<string, string>;
  /** Suite files that declare no demo, or a demo another file declares: each fails the run. */
  problems: string[];
}

let cached: Promise<Catalogue> | undefined;

async function load(dir: string): Promise<Catalogue> {
  // Compiled (dist/suites) the files end in .js; either way each is named by its source, which vitest runs.
  const names = readdirSync(dir).filter((f) => /\.test\.(ts|js)$/.test(f)).sort();
  const flags = globalThis as { [CATALOGUE_ONLY]?: boolean };
  flags[CATALOGUE_ONLY] = true;
  try {
    const demos: DemoDeclaration[] = [];
    const files: Record<string, string> = {};
    const problems: string[] = [];
    for (const file of names) {
      // A file that registers tests at its top level (no defineDemo) cannot even be imported here.
      const mod = (await import(pathToFileURL(join(dir, file)).href).catch(() => ({}))) as { demo?: DemoDeclaration };
      const here = `suites/${file.replace(/\.js$/, '.ts')}`;
      if (!mod.demo || typeof mod.demo.id !== 'string') {
        problems.push(`${here} declares no demo (export const demo = defineDemo({...})), so its results belong to no demo of the catalogue`);
      } else if (files[mod.demo.id]) {
        problems.push(`${here} declares the demo "${mod.demo.id}", which ${files[mod.demo.id]} declares too`);
      } else {
        demos.push(mod.demo);
        files[mod.demo.id] = here;
      }
    }
    demos.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
    return { demos, ids: demos.map((d) => d.id), files, problems };
  } finally {
    delete flags[CATALOGUE_ONLY];
  }
}

/** The catalogue of the suites in `dir` (default: this package's suites/), read once per process. */
export function loadCatalogue(dir = SUITES_DIR): Promise<Catalogue> {
  if (dir !== SUITES_DIR) return load(dir);
  cached ??= load(dir);
  return cached;
}
