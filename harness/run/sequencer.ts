// File order for runs whose files run one at a time (a shared quota, or a partner's self-check):
// catalogue order, so valid partners are let in before any refusal needs a positive control (one
// serves those that follow it), and rate-limit last, so no other demo spends its quota while it
// waits and bursts.
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { readRunCatalogueIfStarted, type RunCatalogue } from './run-catalogue.ts';

/** The run catalogue the CLI read before it started vitest (only the CLI sets these sequencers). */
function order(): Promise<RunCatalogue> {
  const read = readRunCatalogueIfStarted();
  if (!read) throw new Error('the run catalogue was not read before vitest started (scripts/cli/main.ts reads it)');
  return read;
}

export class CatalogueOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { files: byId, ids } = await order();
    const rank = (s: TestSpecification): number => {
      const id = ids.find((i) => s.moduleId.endsWith(`/${byId[i]}`));
      return id === undefined ? ids.length : id === 'rate-limit' ? ids.length + 1 : ids.indexOf(id);
    };
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

/** Parallel runs: vitest's own order (longest first, from earlier runs), demos declared `schedule: 'first'` before it. */
export class ScheduledSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const { first, files: byId } = await order();
    const rank = (s: TestSpecification): number => (first.some((id) => s.moduleId.endsWith(`/${byId[id]}`)) ? 0 : 1);
    return sorted.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map(({ s }) => s);
  }
}
