// What a run needs of the catalogue, as plain data: the ids and their files, the problems, what is
// scheduled first, and every demo's request budget for this run's plan. Reading it means importing
// every suite file (half a second of the CPU a short run's start-up needs for the gateway and
// vitest), so the build also writes it for the policy-based targets with the default policy
// (catalogue-index.ts), and a compiled run whose plan is one of those reads that instead.
import { existsSync, readFileSync } from 'node:fs';
import { loadCatalogue, type Catalogue } from './load-catalogue.ts';
import { planRun, runBudget, type RunBudget } from './plan.ts';
import type { RunOptions } from './run-options.ts';

export interface RunCatalogue {
  ids: string[];
  files: Record<string, string>;
  problems: string[];
  /** The demos a parallel run starts before the others. */
  first: string[];
  /** Every demo's requests for this run's plan. */
  budget: RunBudget;
}

export function runCatalogueOf(c: Catalogue, o: RunOptions): RunCatalogue {
  const plan = planRun(o).plan;
  return {
    ids: c.ids,
    files: c.files,
    problems: c.problems,
    first: c.demos.filter((d) => d.schedule === 'first').map((d) => d.id),
    budget: runBudget(c.demos, plan),
  };
}

/** Everything a run catalogue depends on besides the code: what planRun reads. */
export function planKey(o: RunOptions): string {
  return JSON.stringify({ target: o.target, policy: o.policy ?? null, external: o.external ?? null, rejections: o.rejections });
}

/** Written by the build next to the compiled code (dist/catalogue-index.json): run catalogues by plan key. */
export const INDEX_FILE = new URL('../../catalogue-index.json', import.meta.url);

/** The run catalogue an index file holds for this plan, if it holds one. */
export function fromIndex(file: URL | string, o: RunOptions): RunCatalogue | undefined {
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as Record<string, RunCatalogue>)[planKey(o)];
}

// Only the compiled code has an index built from the same sources (dist/BUILT vouches for both).
const fromBuild = (o: RunOptions): RunCatalogue | undefined => (import.meta.url.endsWith('.js') ? fromIndex(INDEX_FILE, o) : undefined);

let read: Promise<RunCatalogue> | undefined;

/** The run's catalogue, read once per process: from the build's index when it has this plan. */
export function readRunCatalogue(o: RunOptions): Promise<RunCatalogue> {
  read ??= (async () => fromBuild(o) ?? runCatalogueOf(await loadCatalogue(), o))();
  return read;
}
