// Run at the end of `npm run build` (from dist/): writes dist/catalogue-index.json, the run
// catalogue (run-catalogue.ts) of each policy-based target with the default policy and options,
// so that a compiled run with those options does not import every suite file to learn it.
import { writeFileSync } from 'node:fs';
import { loadPolicy } from '../config/policy.ts';
import { loadCatalogue } from './load-catalogue.ts';
import { INDEX_FILE, planKey, runCatalogueOf } from './run-catalogue.ts';
import { DEFAULT_POLICY, DEFAULTS, type RunOptions } from './run-options.ts';

export const INDEXED_TARGETS = ['local', 'docker', 'kind'] as const;

export function defaultOptions(target: string): RunOptions {
  return { target, policyFile: DEFAULT_POLICY, policy: loadPolicy(DEFAULT_POLICY), faults: [], ...DEFAULTS };
}

export async function writeCatalogueIndex(file: URL | string = INDEX_FILE): Promise<void> {
  const catalogue = await loadCatalogue();
  const index = Object.fromEntries(INDEXED_TARGETS.map((t) => defaultOptions(t)).map((o) => [planKey(o), runCatalogueOf(catalogue, o)]));
  writeFileSync(file, `${JSON.stringify(index)}\n`);
}
