// What a run needs of the catalogue, as plain data: the ids and their files, the problems, what is
// scheduled first, and every demo's request budget for this run's plan.
import { loadCatalogue, type Catalogue } from './load-catalogue.ts';
import { planRun, runBudget, type RunBudget } from './plan.ts';
import type { RunOptions } from '../core/options.ts';
import type { Feature } from '../core/target.ts';

export interface RunCatalogue {
  ids: string[];
  files: Record<string, string>;
  problems: string[];
  /** The demos a parallel run starts before the others. */
  first: string[];
  /** Every demo's requests for this run's plan. */
  budget: RunBudget;
  /** What each demo needs of a target as a whole (without it, every case of it is not-supported). */
  needs: Record<string, readonly Feature[]>;
}

export function runCatalogueOf(c: Catalogue, o: RunOptions): RunCatalogue {
  const plan = planRun(o).plan;
  return {
    ids: c.ids,
    files: c.files,
    problems: c.problems,
    first: c.demos.filter((d) => d.schedule === 'first').map((d) => d.id),
    budget: runBudget(c.demos, plan),
    needs: Object.fromEntries(c.demos.map((d) => [d.id, d.needs])),
  };
}

/** The run's catalogue, read from the suite files' declarations. */
export async function readRunCatalogue(o: RunOptions): Promise<RunCatalogue> {
  return runCatalogueOf(await loadCatalogue(), o);
}
