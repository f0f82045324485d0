// Reading the catalogue from the suite files' own declarations. Each suites/*.test.ts is imported
// with the catalogue flag set, so defineDemo returns its declaration without registering a test.
// A suite file that declares no demo is an error the run reports, never something it skips.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CATALOGUE_ONLY, type DemoDeclaration } from '../report/catalogue.ts';
export const SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));

export interface Catalogue {
  demos: DemoDeclaration[];
  ids: string[];
  /** Suite files that declare no demo: their results could fall out of every verdict. */
  undeclared: string[];
}

let cached: Promise<Catalogue> | undefined;

async function load(dir: string): Promise<Catalogue> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort();
  const flags = globalThis as { [CATALOGUE_ONLY]?: boolean };
  flags[CATALOGUE_ONLY] = true;
  try {
    const demos: DemoDeclaration[] = [];
    const undeclared: string[] = [];
    for (const file of files) {
      const mod = (await import(pathToFileURL(join(dir, file)).href)) as { demo?: DemoDeclaration };
      if (mod.demo && typeof mod.demo.id === 'string') demos.push(mod.demo);
      else undeclared.push(`suites/${file}`);
    }
    demos.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
    return { demos, ids: demos.map((d) => d.id), undeclared };
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
